package org.lungseg.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads Kubernetes YAML files (several documents each) into fabric8's typed model: Knative
 * Services, Brokers and Triggers, Jobs, ConfigMaps... Kinds fabric8 has no model for come back as
 * {@link GenericKubernetesResource}, and only the third-party kinds named here may. A field the
 * typed model does not know is an error, found by {@link UnknownFields}.
 */
final class Manifests {

    /** Custom resources of other projects (Rook, the object bucket provisioner): read generically. */
    static final Set<String> GENERIC_KINDS = Set.of("ceph.rook.io/v1/CephBucketTopic",
            "ceph.rook.io/v1/CephBucketNotification", "objectbucket.io/v1alpha1/ObjectBucketClaim");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** Every document of {@code file}, typed. */
    static List<HasMetadata> read(Path file) {
        List<HasMetadata> resources = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                resources.add(typed(doc, file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return resources;
    }

    private static HasMetadata typed(JsonNode doc, Path file) throws IOException {
        KubernetesResource r = YAML.treeToValue(doc, KubernetesResource.class);
        String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        if (r instanceof GenericKubernetesResource && !GENERIC_KINDS.contains(kind)) {
            throw new AssertionError(file + ": fabric8 has no model for " + kind);
        }
        if (!(r instanceof HasMetadata m)) {
            throw new AssertionError(file + ": " + kind + " is not a resource with metadata");
        }
        List<String> unknown = r instanceof GenericKubernetesResource ? List.of() : UnknownFields.in(r);
        if (!unknown.isEmpty()) {
            throw new AssertionError(file + ": " + kind + " " + m.getMetadata().getName()
                    + " has fields its schema does not know: " + unknown);
        }
        return m;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> resources, Class<T> type, String name) {
        return all(resources, type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    static List<GenericKubernetesResource> generic(List<HasMetadata> resources, String kind) {
        return all(resources, GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }
}
