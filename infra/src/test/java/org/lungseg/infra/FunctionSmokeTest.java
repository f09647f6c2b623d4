package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.inference.TestModels;

/**
 * The packaged function started the way the CPU deployment starts it: the image's entrypoint
 * flags and the manifest's environment (image paths mapped to local folders, Secrets replaced
 * by dummies, a small test model in place of the baked one, a free port). Then the events the
 * Broker delivers: an object store notification (routed to `segment` by the catch-all mapping in
 * the function's application.properties), an upload, and the health and metrics paths the
 * manifest names.
 */
class FunctionSmokeTest {

    private static final Path APP = Repo.path("function", "target", "quarkus-app", "quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cpuDeploymentSettingsRunThePackagedFunction(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(APP), "the function is not packaged (" + APP
                + "): build it with ./mvnw -B -pl function -am package -DskipTests to run this check");
        FunctionContainer f = FunctionContainer.of(Variant.CPU);
        Path model = dir.resolve("model.onnx");
        Files.write(model, TestModels.darkInsideBody(TestModels.card(new GridSize(64, 64, 64))));
        Map<String, Path> imagePaths = Map.of("/opt/lungseg/native", OrtNatives.unpack(dir.resolve("native")),
                "/tmp", Files.createDirectories(dir.resolve("tmp")), "/opt/lungseg/app/quarkus-run.jar", APP);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> entrypoint = f.image().entrypoint();
        assertThat(entrypoint.get(0)).isEqualTo("java");
        for (String arg : entrypoint.subList(1, entrypoint.size())) {
            cmd.add(local(arg, imagePaths));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("function.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LUNGSEG_") || k.startsWith("QUARKUS_") || k.equals("JAVA_TOOL_OPTIONS"));
        f.env().forEach((k, v) -> pb.environment().put(k, v.equals(FunctionContainer.FROM_REFERENCE) ? "smoke-test" : v));
        pb.environment().put("LUNGSEG_MODEL_PATH", model.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process p = pb.start();
        try {
            Smoke s = new Smoke(port);
            s.awaitReady(f.container().getReadinessProbe().getHttpGet().getPath(), p, dir.resolve("function.log"));
            checks(f, s);
        } finally {
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void checks(FunctionContainer f, Smoke s) throws Exception {
        // An object store notification for a key under the output prefix: routed to `segment`, which
        // reads the S3 record and refuses the key before any call to the store.
        String bucket = f.env().get("LUNGSEG_S3_BUCKETS").split(",")[0];
        String key = f.env().get("LUNGSEG_OUTPUT_PREFIX") + "scans/ct.nii.gz";
        String record = """
                {"Records":[{"eventVersion":"2.2","eventSource":"ceph:s3","awsRegion":"default",
                 "eventName":"ObjectCreated:CompleteMultipartUpload",
                 "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":1000}}}]}""".formatted(bucket, key);
        HttpResponse<String> refused = s.event("com.amazonaws.ObjectCreated:CompleteMultipartUpload", "application/json",
                record.getBytes());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("output prefix");

        byte[] scan = Files.readAllBytes(Repo.path("samples", "cip-ct64.nii.gz"));
        HttpResponse<String> uploaded = s.event(FunctionFacts.UPLOADED, "application/octet-stream", scan,
                "ce-lungsegoutputs", "none");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.headers().firstValue("ce-type")).contains(FunctionFacts.SEGMENTED);
        assertThat(uploaded.headers().firstValue("ce-source")).contains(FunctionFacts.SOURCE);
        assertThat(JSON.readTree(uploaded.body()).path("lungs").path("left").path("ml").asDouble()).isPositive();

        // A notification-typed event the function answers: its reply carries the mapped response type.
        String inline = JSON.writeValueAsString(Map.of("data", Base64.getEncoder().encodeToString(scan),
                "name", "cip-ct64.nii.gz", "outputs", "none"));
        HttpResponse<String> answered = s.event("com.amazonaws.ObjectCreated:Put", "application/json", inline.getBytes());
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.headers().firstValue("ce-type")).contains(FunctionFacts.SEGMENTED);
        assertThat(answered.headers().firstValue("ce-source")).contains(FunctionFacts.SOURCE);

        assertThat(s.get(f.container().getLivenessProbe().getHttpGet().getPath()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = s.get(f.annotation("prometheus.io/path"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("lungseg_");
    }

    /** An entrypoint word with the image's paths replaced by local ones. */
    private static String local(String arg, Map<String, Path> paths) {
        for (Map.Entry<String, Path> e : paths.entrySet()) {
            if (arg.equals(e.getKey())) {
                return e.getValue().toString();
            }
            if (arg.endsWith("=" + e.getKey())) {
                return arg.substring(0, arg.length() - e.getKey().length()) + e.getValue();
            }
        }
        return arg;
    }

    /** HTTP to the function on loopback. */
    private record Smoke(int port, HttpClient http) {

        Smoke(int port) {
            this(port, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        }

        void awaitReady(String path, Process p, Path log) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new AssertionError("the function exited: " + Files.readString(log));
                }
                try {
                    if (get(path).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError("the function was not ready within 120 s: " + Files.readString(log));
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** A binary-mode CloudEvent, as the Broker delivers it. */
        HttpResponse<String> event(String type, String contentType, byte[] body, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/")).timeout(Duration.ofSeconds(60))
                    .header("ce-specversion", "1.0").header("ce-id", "smoke-" + System.nanoTime())
                    .header("ce-source", "lungseg/smoke-test").header("ce-type", type).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }
}
