package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.function.SegmentFunction;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The function's native-image configuration for ONNX Runtime (its resources'
 * META-INF/native-image) against ONNX Runtime itself: every class and constructor its JNI library
 * calls back is registered and exists, the native libraries are included as resources, ONNX
 * Runtime initialises at run time. The function's {@code native} profile and the native image's
 * build that uses it. And the images' way of loading the libraries from an unpacked folder, which
 * keeps them out of /tmp. No native build runs here (no GraalVM or Mandrel on these machines).
 */
class NativeImageTest {

    /** native-image reads {@code META-INF/native-image/<group>/<artifact>/} from the classpath. */
    private static final String CONFIG_RESOURCE = "META-INF/native-image/org.lungseg/lungseg-function/";
    private static final Path CONFIG = Repo.path("function", "src", "main", "resources").resolve(CONFIG_RESOURCE);
    /** A JNI class name or constructor descriptor, as the JNI library holds them in its strings. */
    private static final Pattern CLASS = Pattern.compile("(?:ai/onnxruntime|java/lang)/[A-Za-z$]+");
    private static final Pattern CONSTRUCTOR = Pattern.compile("\\((?:\\[*(?:[ZBCSIJFD]|L[A-Za-z0-9_/$]+;))*\\)V");

    @Test
    void everyClassTheJniLibraryNamesIsRegistered() throws IOException {
        Set<String> named = strings(CLASS);
        assertThat(named).contains("ai/onnxruntime/OnnxTensor", "ai/onnxruntime/OrtException");
        Set<String> registered = new TreeSet<>();
        for (JsonNode e : jniConfig()) {
            registered.add(e.path("name").asText().replace('.', '/'));
        }
        assertThat(registered).containsExactlyInAnyOrderElementsOf(named);
    }

    @Test
    void everyConstructorTheJniLibraryCallsIsRegisteredAndExists() throws Exception {
        Set<String> called = strings(CONSTRUCTOR);
        Set<String> registered = new TreeSet<>();
        for (JsonNode e : jniConfig()) {
            Class<?> c = Class.forName(e.path("name").asText());
            for (JsonNode m : e.path("methods")) {
                assertThat(m.path("name").asText()).isEqualTo("<init>");
                List<Class<?>> params = new ArrayList<>();
                m.path("parameterTypes").forEach(p -> params.add(type(p.asText())));
                Constructor<?> ctor = c.getDeclaredConstructor(params.toArray(Class<?>[]::new));
                registered.add(descriptor(ctor));
            }
        }
        assertThat(registered).as("registered constructors the JNI library calls").isEqualTo(called);
    }

    @Test
    void nativeLibrariesAreResourcesAndOrtInitialisesAtRunTime() throws IOException {
        JsonNode includes = new ObjectMapper().readTree(CONFIG.resolve("resource-config.json").toFile()).path("resources").path("includes");
        List<String> matched = new ArrayList<>();
        for (JsonNode inc : includes) {
            Pattern p = Pattern.compile(inc.path("pattern").asText());
            for (String lib : OrtNatives.LIBRARIES) {
                if (p.matcher(OrtNatives.RESOURCE_DIR + lib).matches()) {
                    matched.add(lib);
                    assertThat(OrtNatives.read(lib)).isNotEmpty();
                }
            }
        }
        assertThat(matched).containsExactlyInAnyOrderElementsOf(OrtNatives.LIBRARIES);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(CONFIG.resolve("native-image.properties"))) {
            p.load(r);
        }
        assertThat(p.getProperty("Args")).contains("--initialize-at-run-time=ai.onnxruntime");
    }

    @Test
    void theConfigurationIsOnTheFunctionsClasspath() {
        for (String file : List.of("jni-config.json", "resource-config.json", "native-image.properties")) {
            assertThat(SegmentFunction.class.getClassLoader().getResource(CONFIG_RESOURCE + file)).as(file).isNotNull();
        }
    }

    @Test
    void theNativeProfileBuildsAnExecutableWithAwt() throws Exception {
        Element profile = nativeProfile();
        Map<String, String> properties = new HashMap<>();
        for (Element p : children(profile, "properties")) {
            for (Element e : children(p, null)) {
                properties.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        assertThat(properties).containsEntry("quarkus.native.enabled", "true").containsEntry("quarkus.package.jar.enabled", "false");
        List<String> dependencies = new ArrayList<>();
        for (Element deps : children(profile, "dependencies")) {
            for (Element d : children(deps, "dependency")) {
                dependencies.add(text(d, "groupId") + ":" + text(d, "artifactId"));
            }
        }
        assertThat(dependencies).as("AWT for the preview PNG").contains("io.quarkus:quarkus-awt");
    }

    @Test
    void theNativeImageIsBuiltWithTheNativeProfileAndTheFunctionsOwnConfiguration() {
        Dockerfile d = Images.all().stream().filter(x -> x.title().equals("lungseg-function-native")).findFirst().orElseThrow();
        assertThat(d.runs()).contains("-Pnative");
        for (Dockerfile.Stage stage : d.stages()) {
            assertThat(d.copies(stage)).as("nothing is copied over the function's sources")
                    .allSatisfy(c -> assertThat(c.destination()).doesNotStartWith("function/"));
        }
    }

    @Test
    void imagesLoadOrtFromTheUnpackedFolderWithoutExtractingIt(@TempDir Path dir) throws Exception {
        Path natives = OrtNatives.unpack(dir.resolve("native"));
        // ONNX Runtime says at FINE level where each library came from.
        Path logging = dir.resolve("logging.properties");
        Files.writeString(logging, """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.level=FINE
                ai.onnxruntime.level=FINE
                """);
        String flag = "-Djava.util.logging.config.file=" + logging;
        String withPath = load(flag, "-Donnxruntime.native.path=" + natives, "-Djava.io.tmpdir=" + dir);
        String without = load(flag, "-Djava.io.tmpdir=" + dir);
        assertThat(withPath).contains("onnxruntime 1.");
        for (String lib : List.of("onnxruntime", "onnxruntime4j_jni")) {
            assertThat(withPath).contains("Loaded native library '" + lib + "' from specified path");
            assertThat(without).as("the control run").contains("Extracted native library '" + lib + "' from resource path");
        }
        assertThat(withPath).doesNotContain("Extracted native library");
    }

    /** Runs {@link OrtLoad} in a JVM of its own; its output. */
    private static String load(String... jvmFlags) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OrtLoad.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** function/pom.xml's profile {@code native}. */
    private static Element nativeProfile() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = f.newDocumentBuilder().parse(Repo.path("function", "pom.xml").toFile()).getDocumentElement();
        for (Element profiles : children(project, "profiles")) {
            for (Element p : children(profiles, "profile")) {
                if ("native".equals(text(p, "id"))) {
                    return p;
                }
            }
        }
        throw new AssertionError("function/pom.xml has no profile native");
    }

    /** Child elements of {@code parent} named {@code tag}, or all when {@code tag} is null. */
    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0).getTextContent().strip();
    }

    private static List<JsonNode> jniConfig() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        new ObjectMapper().readTree(CONFIG.resolve("jni-config.json").toFile()).forEach(entries::add);
        return entries;
    }

    /** Printable strings of the JNI library matching {@code p}. */
    private static Set<String> strings(Pattern p) {
        String text = new String(OrtNatives.read("libonnxruntime4j_jni.so"), StandardCharsets.ISO_8859_1);
        Set<String> found = new TreeSet<>();
        for (String s : text.split("[^\\x20-\\x7e]+")) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                found.add(s);
            }
        }
        return found;
    }

    private static Class<?> type(String name) {
        try {
            return switch (name) {
                case "int" -> int.class;
                case "long" -> long.class;
                case "float" -> float.class;
                case "double" -> double.class;
                case "boolean" -> boolean.class;
                case "byte" -> byte.class;
                case "short" -> short.class;
                case "char" -> char.class;
                default -> name.endsWith("[]") ? type(name.substring(0, name.length() - 2)).arrayType() : Class.forName(name);
            };
        } catch (ClassNotFoundException e) {
            throw new AssertionError("jni-config names a class that does not exist: " + name, e);
        }
    }

    private static String descriptor(Constructor<?> c) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : c.getParameterTypes()) {
            b.append(p.descriptorString());
        }
        return b.append(")V").toString();
    }
}
