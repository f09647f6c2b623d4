package org.lungseg.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Runs {@code lungseg info} on each file named, one after another in this JVM (started by a test
 * with a capped heap), and prints one tab-separated line per file: exit code, milliseconds, lines
 * on stderr, file name, and the first stderr line.
 */
final class InfoRefusals {

    private InfoRefusals() {
    }

    public static void main(String[] files) {
        for (String file : files) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            long start = System.nanoTime();
            int code = Main.run(new String[] {"info", file}, new PrintWriter(out, true), new PrintWriter(err, true));
            long millis = (System.nanoTime() - start) / 1_000_000;
            String[] lines = err.toString().split("\n");
            System.out.println(code + "\t" + millis + "\t" + err.toString().lines().count() + "\t"
                    + Path.of(file).getFileName() + "\t" + lines[0]);
        }
    }
}
