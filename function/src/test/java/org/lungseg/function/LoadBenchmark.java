package org.lungseg.function;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.inference.TestModels;

/**
 * Load benchmark of the function in JVM mode: starts {@code quarkus-run.jar} as a new process,
 * measures its cold start (process start to readiness, and to the first answered segmentation),
 * then sends binary CloudEvents carrying a scan from N concurrent clients and reports
 * throughput and latency percentiles per N. Requests go to 127.0.0.1 only.
 *
 * <pre>
 * function/bench.sh [--clients 1,2,4] [--requests 10] [--max-concurrent 1] [--scan samples/cip-ct64.nii.gz]
 *                   [--model model.onnx | --model unet-128] [--threads n] [--heap 2g]
 * </pre>
 * Without {@code --model} the function serves its bundled model, as it does when deployed;
 * {@code --model unet-128} times a random-weight 4-level U-Net (base width 8, 128^3), the cost of
 * a larger model. {@code --requests} is per client, sent one after the other, so the latency
 * percentiles of N clients rest on N times that many answers.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path jar = Path.of(o.getOrDefault("jar", "function/target/quarkus-app/quarkus-run.jar"));
        Path scanFile = Path.of(o.getOrDefault("scan", "samples/cip-ct64.nii.gz"));
        int[] clients = Arrays.stream(o.getOrDefault("clients", "1,2,4").split(",")).mapToInt(Integer::parseInt).toArray();
        int perClient = Integer.parseInt(o.getOrDefault("requests", "10"));
        if (perClient < 1) {
            throw new IllegalArgumentException("--requests must be at least 1, got " + perClient);
        }
        String maxConcurrent = o.getOrDefault("max-concurrent", "1");
        byte[] scan = Files.readAllBytes(scanFile);
        Path model = !o.containsKey("model") ? null
                : o.get("model").equals("unet-128") ? unetModel() : Path.of(o.get("model"));
        int port = freePort();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + o.getOrDefault("heap", "2g"), "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dlungseg.max-concurrent=" + maxConcurrent,
                // Let every client wait: the benchmark measures queueing, not refusals.
                "-Dlungseg.queue.max-waiting=" + Arrays.stream(clients).max().orElse(1), "-Dlungseg.queue.max-wait=600s"));
        if (model != null) {
            command.add("-Dlungseg.model.path=" + model.toAbsolutePath());
        }
        if (o.containsKey("threads")) {
            command.add("-Dlungseg.model.threads=" + o.get("threads"));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Path log = Files.createTempFile("lungseg-function-bench-", ".log");
        System.out.printf(Locale.ROOT, "function: %s (log %s)%nscan: %s (%,d bytes)%nmodel: %s%nload average: %s%n", jar,
                log, scanFile, scan.length, model == null ? "the bundled model" : model, loadAverage());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI root = URI.create("http://127.0.0.1:" + port + "/");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            double readyMs = awaitReady(http, root, t0, process);
            HttpResponse<String> first = send(http, root, scan, "cold-start");
            double firstMs = (System.nanoTime() - t0) / 1e6;
            if (first.statusCode() != 200) {
                throw new IllegalStateException("first request answered " + first.statusCode() + ": " + first.body());
            }
            System.out.printf(Locale.ROOT, "%ncold start: ready after %.0f ms, first segmentation answered after %.0f ms%n",
                    readyMs, firstMs);
            System.out.printf(Locale.ROOT, "%n| clients | requests | ok | 503 | throughput (scans/s) | p50 ms | p90 ms | p99 ms"
                    + " | max ms |%n|---|---|---|---|---|---|---|---|---|%n");
            for (int n : clients) {
                run(http, root, scan, n, perClient);
            }
            System.out.printf(Locale.ROOT, "%nload average: %s (the figures are only as quiet as the machine)%n",
                    loadAverage());
        } finally {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void run(HttpClient http, URI root, byte[] scan, int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger busy = new AtomicInteger();
        List<Future<List<Double>>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                List<Double> latencies = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = send(http, root, scan, "bench-" + clients + "-" + client + "-" + i);
                    if (r.statusCode() == 200) {
                        latencies.add((System.nanoTime() - t) / 1e6);
                    } else if (r.statusCode() == 503) {
                        busy.incrementAndGet();
                    } else {
                        throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
                    }
                }
                return latencies;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            all.addAll(f.get());
        }
        double wallS = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.0f | %.0f | %.0f | %.0f |%n", clients,
                clients * perClient, sorted.length, busy.get(), sorted.length / wallS, percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static HttpResponse<String> send(HttpClient http, URI root, byte[] scan, String id)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(root).timeout(Duration.ofMinutes(10))
                .header("ce-id", id).header("ce-specversion", "1.0").header("ce-type", SegmentFunction.UPLOADED_TYPE)
                .header("ce-source", "lungseg-bench").header("ce-" + SegmentFunction.OUTPUTS_EXTENSION, "inline")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(scan)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static double awaitReady(HttpClient http, URI root, long t0, Process process) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(root.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = t0 + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the function exited with " + process.exitValue());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException notListeningYet) {
                // The port opens a moment after the JVM starts.
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the function was not ready within 5 minutes");
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Path unetModel() throws IOException {
        Path p = Files.createTempFile("lungseg-bench-unet8-", ".onnx");
        p.toFile().deleteOnExit();
        return Files.write(p, TestModels.unet(TestModels.card(new GridSize(128, 128, 128)), 8, 0.05f, 7));
    }

    /** The 1, 5 and 15 minute load averages, where the system tells them. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
