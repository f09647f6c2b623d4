package org.lungseg.infra;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Command-line programs some checks run (kubectl, jq), which a machine may lack. */
final class Programs {

    private Programs() {
    }

    static boolean installed(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
