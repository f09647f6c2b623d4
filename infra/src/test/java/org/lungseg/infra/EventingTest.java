package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilter;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Broker and Triggers: uploads (the function's own event type and the object store's
 * notifications) reach the function, its replies go elsewhere, failures end in the dead-letter
 * sink, and nothing the function emits comes back to it.
 */
class EventingTest {

    static final String OBJECT_CREATED_PREFIX = "com.amazonaws.ObjectCreated:";

    @ParameterizedTest
    @EnumSource(Variant.class)
    void uploadsOfBothKindsReachTheFunctionWithRetriesAndADeadLetterSink(Variant v) {
        List<HasMetadata> all = v.resources();
        FunctionContainer f = FunctionContainer.of(v);
        List<Trigger> toFunction = toFunction(all);
        assertThat(toFunction).anySatisfy(t -> assertThat(exactType(t)).isEqualTo(FunctionFacts.UPLOADED));
        assertThat(toFunction).anySatisfy(t -> assertThat(prefixType(t)).isEqualTo(OBJECT_CREATED_PREFIX));
        for (Trigger t : toFunction) {
            DeliverySpec d = t.getSpec().getDelivery();
            assertThat(d).as(t.getMetadata().getName()).isNotNull();
            assertThat(d.getRetry()).isPositive();
            assertThat(deadLetterSink(all, d.getDeadLetterSink())).isNotEqualTo(Variant.FUNCTION);
            assertThat(d.getTimeout()).as("%s has a delivery timeout", t.getMetadata().getName()).isNotNull();
            assertThat(Duration.parse(d.getTimeout())).as("%s waits as long as the function may take", t.getMetadata().getName())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(f.revision().getTimeoutSeconds()));
        }
        // The function claims lungseg.scan.uploaded itself; every other type it is sent goes to
        // `segment` (the catch-all mapping), which reads the notification's S3 record.
        assertThat(FunctionFacts.eventMappings()).extracting(CloudEventMapping::trigger).contains(FunctionFacts.UPLOADED)
                .noneMatch(type -> type.startsWith(OBJECT_CREATED_PREFIX));
        assertThat(FunctionFacts.segmentMapping("trigger")).isEqualTo("*");
        assertThat(FunctionFacts.functionNames()).contains("segment");
        assertThat(f.env().keySet()).as("%s: Funqy's mapping has one place, the function's application.properties", v)
                .noneMatch(name -> name.startsWith("QUARKUS_FUNQY_"));
    }

    @Test
    void theFunctionsEventMappingSetsFunqySettingsOfRealFunctions() {
        List<String> keys = FunctionFacts.applicationProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("quarkus.funqy.knative-events.")).sorted().toList();
        assertThat(keys).hasSize(3);
        List<String> functions = FunctionFacts.functionNames().stream().map(ConfigKeys::envForm).toList();
        for (String property : keys) {
            String env = ConfigKeys.envForm(property);
            ConfigKeys.Key key = FunctionFacts.KEYS.forEnv(env).orElseThrow(() -> new AssertionError(property + " is no setting of Funqy"));
            assertThat(key.name()).as(property).startsWith("quarkus.funqy.knative-events.mapping.*.");
            assertThat(functions).as("%s names a Funqy function", property).contains(ConfigKeys.mapKey(key, env));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void repliesAreTypedSegmentedAndGoToTheResultsConsumerNotBack(Variant v) {
        List<HasMetadata> all = v.resources();
        FunctionContainer f = FunctionContainer.of(v);
        assertThat(FunctionFacts.eventMappings()).extracting(CloudEventMapping::responseType).containsOnly(FunctionFacts.SEGMENTED);
        assertThat(FunctionFacts.eventMappings()).extracting(CloudEventMapping::responseSource).containsOnly(FunctionFacts.SOURCE);
        assertThat(FunctionFacts.segmentMapping("response-type")).isEqualTo(FunctionFacts.SEGMENTED);
        assertThat(FunctionFacts.segmentMapping("response-source")).isEqualTo(FunctionFacts.SOURCE);
        List<Trigger> results = Manifests.all(all, Trigger.class).stream()
                .filter(t -> FunctionFacts.SEGMENTED.equals(exactType(t))).toList();
        assertThat(results).singleElement().satisfies(t -> {
            assertThat(subscriber(all, t)).isNotEqualTo(Variant.FUNCTION);
            assertThat(t.getSpec().getFilter().getAttributes()).containsEntry("source", FunctionFacts.SOURCE);
            assertThat(deadLetterSink(all, t.getSpec().getDelivery().getDeadLetterSink())).isNotEqualTo(Variant.FUNCTION);
        });
        for (Trigger t : toFunction(all)) {
            assertThat(matches(t, FunctionFacts.SEGMENTED)).as("%s would loop results back", t.getMetadata().getName()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyReferenceResolvesWithinTheDeployment(Variant v) {
        List<HasMetadata> all = v.resources();
        Broker broker = Manifests.named(all, Broker.class, "lungseg");
        assertThat(deadLetterSink(all, broker.getSpec().getDelivery().getDeadLetterSink())).isNotEqualTo(Variant.FUNCTION);
        for (Trigger t : Manifests.all(all, Trigger.class)) {
            assertThat(t.getSpec().getBroker()).isEqualTo(broker.getMetadata().getName());
            subscriber(all, t);
        }
        for (HasMetadata r : all) {
            if (!(r instanceof io.fabric8.kubernetes.api.model.Namespace)) {
                assertThat(r.getMetadata().getNamespace()).as(r.getKind() + " " + r.getMetadata().getName()).isEqualTo("lungseg");
            }
        }
    }

    static List<Trigger> toFunction(List<HasMetadata> all) {
        return Manifests.all(all, Trigger.class).stream().filter(t -> Variant.FUNCTION.equals(subscriber(all, t))).toList();
    }

    static String exactType(Trigger t) {
        return t.getSpec().getFilter() == null ? null : t.getSpec().getFilter().getAttributes().get("type");
    }

    static String prefixType(Trigger t) {
        List<SubscriptionsAPIFilter> filters = t.getSpec().getFilters();
        if (filters == null) {
            return null;
        }
        return filters.stream().map(SubscriptionsAPIFilter::getPrefix).filter(p -> p != null && p.containsKey("type"))
                .map(p -> p.get("type")).findFirst().orElse(null);
    }

    /** Whether an event of this type passes the trigger's type filters (exact attribute or prefix). */
    static boolean matches(Trigger t, String type) {
        String exact = exactType(t);
        String prefix = prefixType(t);
        boolean exactOk = exact == null || exact.equals(type);
        boolean prefixOk = prefix == null || type.startsWith(prefix);
        return exactOk && prefixOk;
    }

    /** The name of the Knative Service a trigger delivers to; it must be part of the deployment. */
    static String subscriber(List<HasMetadata> all, Trigger t) {
        return service(all, t.getSpec().getSubscriber(), t.getMetadata().getName());
    }

    static String deadLetterSink(List<HasMetadata> all, Destination d) {
        assertThat(d).as("dead-letter sink").isNotNull();
        return service(all, d, "dead-letter sink");
    }

    private static String service(List<HasMetadata> all, Destination d, String what) {
        assertThat(d.getRef()).as(what + " refers to a resource").isNotNull();
        assertThat(d.getRef().getKind()).isEqualTo("Service");
        assertThat(d.getRef().getApiVersion()).isEqualTo("serving.knative.dev/v1");
        return Manifests.named(all, Service.class, d.getRef().getName()).getMetadata().getName();
    }
}
