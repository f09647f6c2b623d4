package org.lungseg.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Dockerfiles under infra/images, found by the image names the manifests use. */
final class Images {

    private Images() {
    }

    static List<Dockerfile> all() {
        try (Stream<Path> files = Files.list(Repo.infra("images"))) {
            return files.filter(f -> f.getFileName().toString().matches("Dockerfile\\.[a-z]+")).sorted()
                    .map(Dockerfile::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's repository name: {@code registry.example.com/lungseg/lungseg-function-gpu:0.1.0} gives {@code lungseg-function-gpu}. */
    static String name(String reference) {
        String last = reference.substring(reference.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon < 0 ? last : last.substring(0, colon);
    }

    static String tag(String reference) {
        String last = reference.substring(reference.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon < 0 ? "latest" : last.substring(colon + 1);
    }

    /** The Dockerfile that builds {@code reference}. */
    static Dockerfile forImage(String reference) {
        String name = name(reference);
        return all().stream().filter(d -> d.title().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Dockerfile under infra/images builds " + name + " (" + reference + ")"));
    }

    /** Whether the image is one of lungseg's own (built from infra/images). */
    static boolean isOurs(String reference) {
        return name(reference).startsWith("lungseg-");
    }
}
