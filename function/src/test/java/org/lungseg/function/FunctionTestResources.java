package org.lungseg.function;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real parts the function's tests run against, started before Quarkus: an S3 API server
 * (S3Proxy on a temporary folder) with a readable bucket {@value #BUCKET} and a bucket
 * {@value #OTHER_BUCKET} that the function is not configured for, a temporary file root, and a
 * small lungseg ONNX model (the fixed-weight lung finder of the shared test models, on a 32^3 grid).
 */
public class FunctionTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "scans";
    public static final String OTHER_BUCKET = "elsewhere";
    public static final String ACCESS_KEY = "lungseg-test";
    public static final String SECRET_KEY = "lungseg-test-secret";

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("lungseg-function-test-");
            Path model = dir.resolve("model.onnx");
            OutsideQuarkus.call(TestModelFile.class, "darkInsideBody", model.toString(), 32);
            Path files = Files.createDirectories(dir.resolve("files"));
            Path store = Files.createDirectories(dir.resolve("s3"));
            int port = (Integer) OutsideQuarkus.call(S3ProxyServer.class, "start", store.toString(), ACCESS_KEY,
                    SECRET_KEY, new String[] {BUCKET, OTHER_BUCKET});
            return Map.ofEntries(
                    Map.entry("lungseg.model.path", model.toString()),
                    Map.entry("lungseg.s3.endpoint", "http://127.0.0.1:" + port),
                    Map.entry("lungseg.s3.buckets", BUCKET),
                    Map.entry("lungseg.s3.path-style", "true"),
                    Map.entry("lungseg.s3.access-key-id", ACCESS_KEY),
                    Map.entry("lungseg.s3.secret-access-key", SECRET_KEY),
                    Map.entry("lungseg.file.roots", files.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the function's test resources", e);
        }
    }

    @Override
    public void stop() {
        OutsideQuarkus.call(S3ProxyServer.class, "stop");
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
