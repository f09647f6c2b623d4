package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The object store wiring (Rook's resources and the plain S3/SNS API example) against the
 * Broker, the function's settings and the pick step: notifications go to the Broker's ingress in
 * CloudEvents form, only for uploads of scans, never for the function's own outputs, and the
 * buckets, credentials and endpoint are the ones the function and the pick step use.
 */
class StorageTest {

    private static final List<HasMetadata> ROOK = rook();

    @Test
    void notificationsPostCloudEventsToTheBrokersIngress() {
        Map<String, Object> topic = spec(one("CephBucketTopic"));
        Map<String, Object> http = map(map(topic.get("endpoint")).get("http"));
        assertThat(http.get("uri")).isEqualTo(brokerIngress());
        assertThat(http.get("sendCloudEvents")).isEqualTo(true);
        assertThat(topic.get("persistent")).as("queued and retried while the Broker is down").isEqualTo(true);
        JsonNode attributes = json("topic-attributes.json");
        assertThat(attributes.path("push-endpoint").asText()).isEqualTo(brokerIngress());
        assertThat(attributes.path("cloudevents").asText()).isEqualTo("true");
        assertThat(attributes.path("persistent").asText()).isEqualTo("true");
    }

    @Test
    void onlyUploadsOfScansNotifyNeverTheFunctionsOutputs() {
        String output = FunctionContainer.of(Variant.GPU).env().get("LUNGSEG_OUTPUT_PREFIX");
        GenericKubernetesResource notification = one("CephBucketNotification");
        Map<String, Object> spec = spec(notification);
        assertThat(spec.get("topic")).isEqualTo(one("CephBucketTopic").getMetadata().getName());
        assertThat(list(spec.get("events"))).isNotEmpty().allSatisfy(e -> assertThat(e.toString()).startsWith("s3:ObjectCreated:"));
        String prefix = keyFilters(spec).get("prefix");
        assertThat(prefix).isNotBlank();
        assertThat(overlaps(prefix, output)).as("scans under %s, outputs under %s", prefix, output).isFalse();

        JsonNode config = json("bucket-notification.json").path("TopicConfigurations").get(0);
        assertThat(config.path("Events").get(0).asText()).startsWith("s3:ObjectCreated:");
        assertThat(config.path("TopicArn").asText()).endsWith(":" + one("CephBucketTopic").getMetadata().getName());
        JsonNode rule = config.path("Filter").path("Key").path("FilterRules").get(0);
        assertThat(rule.path("Name").asText()).isEqualTo("prefix");
        assertThat(rule.path("Value").asText()).isEqualTo(prefix);
        // The gateway types each CloudEvent "com.amazonaws." + the record's event name (s3: dropped);
        // every event notified must pass the Broker's prefix trigger to the function.
        for (Object event : list(spec.get("events"))) {
            String type = "com.amazonaws." + event.toString().substring("s3:".length()).replace("*", "Put");
            assertThat(type).startsWith(EventingTest.OBJECT_CREATED_PREFIX);
        }
    }

    @Test
    void theFunctionReadsTheNotifiedBucketWithItsClaimsCredentialsAtTheStoresEndpoint() {
        FunctionContainer f = FunctionContainer.of(Variant.GPU);
        GenericKubernetesResource notification = one("CephBucketNotification");
        GenericKubernetesResource scans = claimWithLabel("bucket-notification-" + notification.getMetadata().getName());
        assertThat(scans.getMetadata().getLabels()).containsEntry("bucket-notification-" + notification.getMetadata().getName(),
                notification.getMetadata().getName());
        assertThat(List.of(f.env().get("LUNGSEG_S3_BUCKETS").split(","))).contains((String) spec(scans).get("bucketName"));
        assertThat(f.envVar("LUNGSEG_S3_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
                .as("the claim's Secret").isEqualTo(scans.getMetadata().getName());
        assertThat(f.envVar("LUNGSEG_S3_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(f.envVar("LUNGSEG_S3_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(f.env().get("LUNGSEG_S3_PATH_STYLE")).as("RGW behind a cluster-internal name").isEqualTo("true");

        StorageClass sc = Manifests.named(ROOK, StorageClass.class, (String) spec(scans).get("storageClassName"));
        Map<String, Object> topic = spec(one("CephBucketTopic"));
        assertThat(sc.getParameters()).containsEntry("objectStoreName", (String) topic.get("objectStoreName"))
                .containsEntry("objectStoreNamespace", (String) topic.get("objectStoreNamespace"));
        // Rook names the gateway's Service rook-ceph-rgw-<store> in the store's namespace.
        String host = URI.create(f.env().get("LUNGSEG_S3_ENDPOINT")).getHost();
        assertThat(host).isEqualTo("rook-ceph-rgw-" + topic.get("objectStoreName") + "." + topic.get("objectStoreNamespace") + ".svc");
    }

    @Test
    void pickStepPublishesToTheModelsBucketWithThatClaimsCredentials() {
        var publish = TrainingManifests.pickJob().getSpec().getTemplate().getSpec().getContainers().get(0);
        URI dest = URI.create(publish.getArgs().get(publish.getArgs().size() - 1).replace("$(RUN_ID)", "run"));
        assertThat(dest.getScheme()).isEqualTo("s3");
        GenericKubernetesResource models = Manifests.generic(ROOK, "ObjectBucketClaim").stream()
                .filter(c -> dest.getHost().equals(spec(c).get("bucketName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no bucket claim for " + dest.getHost()));
        assertThat(TrainingManifests.env(publish).get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(models.getMetadata().getName());
        assertThat(models.getMetadata().getLabels()).as("the models bucket does not notify the function").isNullOrEmpty();
    }

    /** The multi-tenant channel-based Broker's ingress address for the lungseg Broker. */
    static String brokerIngress() {
        Broker b = Manifests.named(Variant.GPU.resources(), Broker.class, "lungseg");
        assertThat(b.getMetadata().getAnnotations()).containsEntry("eventing.knative.dev/broker.class", "MTChannelBasedBroker");
        return "http://broker-ingress.knative-eventing.svc.cluster.local/" + b.getMetadata().getNamespace() + "/"
                + b.getMetadata().getName();
    }

    private static boolean overlaps(String a, String b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    private static List<HasMetadata> rook() {
        List<HasMetadata> all = new ArrayList<>();
        for (String f : List.of("storageclass.yaml", "buckets.yaml", "notifications.yaml")) {
            all.addAll(Manifests.read(Repo.infra("storage", "rook-ceph", f)));
        }
        return all;
    }

    private static GenericKubernetesResource one(String kind) {
        List<GenericKubernetesResource> r = Manifests.generic(ROOK, kind);
        assertThat(r).as(kind).hasSize(1);
        return r.get(0);
    }

    private static GenericKubernetesResource claimWithLabel(String label) {
        return Manifests.generic(ROOK, "ObjectBucketClaim").stream()
                .filter(c -> c.getMetadata().getLabels() != null && c.getMetadata().getLabels().containsKey(label))
                .findFirst().orElseThrow(() -> new AssertionError("no bucket claim carries " + label));
    }

    private static Map<String, String> keyFilters(Map<String, Object> spec) {
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        for (Object o : list(map(spec.get("filter")).get("keyFilters"))) {
            Map<String, Object> f = map(o);
            filters.put((String) f.get("name"), (String) f.get("value"));
        }
        return filters;
    }

    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return map(r.getAdditionalProperties().get("spec"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<?>) o;
    }

    private static JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(Repo.infra("storage", "s3-api", file).toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
