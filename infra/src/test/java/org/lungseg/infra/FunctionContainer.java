package org.lungseg.infra;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function's container in one variant as it will run: the manifest's container on top of the
 * image its Dockerfile builds (the image's ENV overridden by the manifest's env, the entrypoint
 * followed by the manifest's args).
 */
record FunctionContainer(Variant variant, Service service, RevisionSpec revision, Container container, Dockerfile image) {

    /** Marks a value the manifest takes from a Secret or another source, not a literal. */
    static final String FROM_REFERENCE = "<valueFrom>";

    static FunctionContainer of(Variant v) {
        Service s = v.function();
        RevisionSpec spec = s.getSpec().getTemplate().getSpec();
        if (spec.getContainers().size() != 1) {
            throw new AssertionError(v + ": the function's revision has " + spec.getContainers().size() + " containers");
        }
        Container c = spec.getContainers().get(0);
        return new FunctionContainer(v, s, spec, c, Images.forImage(c.getImage()));
    }

    /** The manifest's env only. */
    Map<String, String> manifestEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container.getEnv()) {
            if (env.put(e.getName(), e.getValueFrom() != null ? FROM_REFERENCE : e.getValue()) != null) {
                throw new AssertionError(variant + ": env " + e.getName() + " is set twice");
            }
        }
        return env;
    }

    /** What the process sees: the image's ENV, then the manifest's. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.putAll(manifestEnv());
        return env;
    }

    EnvVar envVar(String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(variant + ": no env " + name));
    }

    /** Whether the image runs a JVM (which reads JAVA_TOOL_OPTIONS) rather than a native executable. */
    boolean jvm() {
        List<String> ep = image.entrypoint();
        return ep.get(0).equals("java") || ep.get(0).endsWith("/java");
    }

    /** Every flag the process gets: JAVA_TOOL_OPTIONS (a JVM reads it first), the entrypoint's, the args. */
    List<String> flags() {
        List<String> flags = new ArrayList<>();
        if (jvm()) {
            flags.addAll(JvmMemory.split(env().get("JAVA_TOOL_OPTIONS")));
        }
        List<String> ep = image.entrypoint();
        flags.addAll(ep.subList(1, ep.size()));
        if (container.getArgs() != null) {
            flags.addAll(container.getArgs());
        }
        return flags;
    }

    /** The value of {@code -Dname=value} among the flags, or null. */
    String systemProperty(String name) {
        String prefix = "-D" + name + "=";
        String value = null;
        for (String f : flags()) {
            if (f.startsWith(prefix)) {
                value = f.substring(prefix.length());
            }
        }
        return value;
    }

    long memoryLimit() {
        Quantity q = limit("memory");
        return JvmMemory.bytes(q);
    }

    long maxHeap() {
        return JvmMemory.maxHeap(flags(), memoryLimit());
    }

    /** CPU limit in whole cores. */
    int cpuLimit() {
        Quantity q = limit("cpu");
        return Quantity.getAmountInBytes(q).intValueExact();
    }

    Quantity limit(String resource) {
        Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
        Quantity q = limits == null ? null : limits.get(resource);
        if (q == null) {
            throw new AssertionError(variant + ": the function has no " + resource + " limit");
        }
        return q;
    }

    Map<String, String> annotations() {
        return service.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    String annotation(String key) {
        String v = annotations().get(key);
        if (v == null) {
            throw new AssertionError(variant + ": the revision template has no annotation " + key);
        }
        return v;
    }
}
