package org.lungseg.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, whose root surefire passes as {@code lungseg.repo.root}. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("lungseg.repo.root");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(p.resolve("infra"))) {
            throw new IllegalStateException(p + " is not the lungseg repository root (no infra/)");
        }
        return p.toAbsolutePath().normalize();
    }

    static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    static Path infra(String first, String... more) {
        return root().resolve("infra").resolve(Path.of(first, more));
    }
}
