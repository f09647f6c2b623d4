package org.lungseg.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read into its build stages and instructions, with what the manifests are checked
 * against: the final stage's base image, ENV, LABELs, COPYs, EXPOSE, USER and exec-form ENTRYPOINT.
 * Handles line continuations, comments and quoted ENV/LABEL values; nothing else of the syntax.
 */
record Dockerfile(Path file, List<Dockerfile.Stage> stages) {

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }
    }

    /** One COPY: {@code from} is a stage or named build context, or null for the build context. */
    record Copy(String from, List<String> sources, String destination) {
    }

    static Dockerfile parse(Path file) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                    continue;
                }
                if (t.startsWith("#")) {
                    continue;
                }
                if (t.endsWith("\\")) {
                    current.append(t, 0, t.length() - 1).append(' ');
                } else {
                    logical.add(current.append(t).toString());
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        for (String l : logical) {
            String[] kv = l.split("\\s+", 2);
            Instruction ins = new Instruction(kv[0].toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1].strip() : "");
            if (ins.keyword().equals("FROM")) {
                String[] f = ins.arguments().split("\\s+");
                stages.add(new Stage(f[0], f.length >= 3 && f[1].equalsIgnoreCase("AS") ? f[2] : null, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(ins);
            }
        }
        return new Dockerfile(file, List.copyOf(stages));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    /** ENV of the final stage, later lines overriding earlier ones. */
    Map<String, String> env() {
        return pairs(last().arguments("ENV"));
    }

    Map<String, String> labels() {
        return pairs(last().arguments("LABEL"));
    }

    String title() {
        String t = labels().get("org.opencontainers.image.title");
        if (t == null) {
            throw new AssertionError(file + " has no org.opencontainers.image.title label");
        }
        return t;
    }

    List<String> entrypoint() {
        List<String> e = last().arguments("ENTRYPOINT");
        if (e.size() != 1) {
            throw new AssertionError(file + " has " + e.size() + " ENTRYPOINT lines in its final stage");
        }
        try {
            return new ObjectMapper().readValue(e.get(0), new TypeReference<List<String>>() { });
        } catch (IOException ex) {
            throw new AssertionError(file + ": ENTRYPOINT is not in exec (JSON) form: " + e.get(0));
        }
    }

    List<Copy> copies(Stage stage) {
        List<Copy> copies = new ArrayList<>();
        for (String args : stage.arguments("COPY")) {
            List<String> words = new ArrayList<>(List.of(args.split("\\s+")));
            String from = null;
            while (words.get(0).startsWith("--")) {
                String option = words.remove(0);
                if (option.startsWith("--from=")) {
                    from = option.substring("--from=".length());
                }
            }
            String dest = words.remove(words.size() - 1);
            copies.add(new Copy(from, List.copyOf(words), dest));
        }
        return copies;
    }

    /** All RUN commands of every stage, joined: for checking build flags. */
    String runs() {
        return String.join("\n", stages.stream().flatMap(s -> s.arguments("RUN").stream()).toList());
    }

    /** KEY=VALUE words, values optionally in double quotes (which may hold spaces). */
    private static Map<String, String> pairs(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines) {
            int i = 0;
            while (i < line.length()) {
                while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    break;
                }
                String key = line.substring(i, eq);
                int j = eq + 1;
                String value;
                if (j < line.length() && line.charAt(j) == '"') {
                    int close = line.indexOf('"', j + 1);
                    value = line.substring(j + 1, close);
                    j = close + 1;
                } else {
                    int end = j;
                    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                        end++;
                    }
                    value = line.substring(j, end);
                    j = end;
                }
                m.put(key, value);
                i = j;
            }
        }
        return m;
    }
}
