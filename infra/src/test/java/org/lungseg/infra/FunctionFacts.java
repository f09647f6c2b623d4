package org.lungseg.infra;

import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.quarkus.funqy.runtime.bindings.knative.events.FunqyKnativeEventsConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.lungseg.function.FunctionConfig;
import org.lungseg.function.ModelHolder;
import org.lungseg.function.SegmentFunction;

/**
 * What the function's code and its application.properties say, for the manifests to agree with:
 * its configuration keys, its Funqy functions and event types, its HTTP port and health paths.
 */
final class FunctionFacts {

    static final ConfigKeys KEYS = ConfigKeys.of(FunctionConfig.class, FunqyKnativeEventsConfig.class);

    private FunctionFacts() {
    }

    static Properties applicationProperties() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Repo.path("function", "src", "main", "resources", "application.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Funqy's Knative mapping of the {@code segment} function, from application.properties. */
    static String segmentMapping(String field) {
        return applicationProperties().getProperty("quarkus.funqy.knative-events.mapping.segment." + field);
    }

    /** A Quarkus setting from application.properties, else Quarkus's default. */
    static String quarkus(String key, String quarkusDefault) {
        return applicationProperties().getProperty(key, quarkusDefault);
    }

    static int httpPort() {
        return Integer.parseInt(quarkus("quarkus.http.port", "8080"));
    }

    /** {@code /q/health/ready}: Quarkus's non-application root, SmallRye Health's root and readiness path. */
    static String readinessPath() {
        return healthRoot() + "/" + quarkus("quarkus.smallrye-health.readiness-path", "ready");
    }

    static String livenessPath() {
        return healthRoot() + "/" + quarkus("quarkus.smallrye-health.liveness-path", "live");
    }

    static String metricsPath() {
        String path = quarkus("quarkus.micrometer.export.prometheus.path", "metrics");
        return path.startsWith("/") ? path : nonApplicationRoot() + "/" + path;
    }

    private static String healthRoot() {
        String root = quarkus("quarkus.smallrye-health.root-path", "health");
        return root.startsWith("/") ? root : nonApplicationRoot() + "/" + root;
    }

    private static String nonApplicationRoot() {
        String r = quarkus("quarkus.http.non-application-root-path", "q");
        return r.startsWith("/") ? r : "/" + r;
    }

    /** Names of the function's Funqy functions. */
    static List<String> functionNames() {
        List<String> names = new ArrayList<>();
        for (Method m : SegmentFunction.class.getMethods()) {
            Funq f = m.getAnnotation(Funq.class);
            if (f != null) {
                names.add(f.value().isEmpty() ? m.getName() : f.value());
            }
        }
        return names;
    }

    /** CloudEvent types that functions claim with {@link CloudEventMapping#trigger()}. */
    static List<CloudEventMapping> eventMappings() {
        List<CloudEventMapping> mappings = new ArrayList<>();
        for (Method m : SegmentFunction.class.getMethods()) {
            CloudEventMapping c = m.getAnnotation(CloudEventMapping.class);
            if (c != null) {
                mappings.add(c);
            }
        }
        return mappings;
    }

    /** A setting's default, from its {@code @WithDefault}. */
    static String defaultOf(String key) {
        return KEYS.named(key).map(ConfigKeys.Key::defaultValue)
                .orElseThrow(() -> new AssertionError("the function has no setting " + key));
    }

    /** The share of the heap the function lets its segmentations plan to use together (ModelHolder). */
    static double segmentationHeapShare() {
        try {
            Field f = ModelHolder.class.getDeclaredField("SEGMENTATION_HEAP_SHARE");
            f.setAccessible(true);
            return f.getDouble(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ModelHolder no longer has SEGMENTATION_HEAP_SHARE: update the memory check", e);
        }
    }

    static final String UPLOADED = SegmentFunction.UPLOADED_TYPE;
    static final String SEGMENTED = SegmentFunction.SEGMENTED_TYPE;
    static final String SOURCE = SegmentFunction.EVENT_SOURCE;
}
