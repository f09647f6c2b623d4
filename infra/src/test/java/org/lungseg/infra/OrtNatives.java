package org.lungseg.infra;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX Runtime's native libraries as its jar ships them: what the images unpack to
 * /opt/lungseg/native and the native build includes as resources.
 */
final class OrtNatives {

    static final String RESOURCE_DIR = "ai/onnxruntime/native/linux-x64/";
    static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private OrtNatives() {
    }

    static byte[] read(String library) {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream("/" + RESOURCE_DIR + library)) {
            if (in == null) {
                throw new AssertionError("the ONNX Runtime jar on the classpath has no " + RESOURCE_DIR + library);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks the libraries into {@code dir}, as the Dockerfiles' {@code jar xf} does. */
    static Path unpack(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String lib : LIBRARIES) {
            Files.write(dir.resolve(lib), read(lib));
        }
        return dir;
    }
}
