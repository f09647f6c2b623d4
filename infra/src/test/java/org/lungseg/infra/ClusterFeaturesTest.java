package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Knative refuses pod-spec fields and trigger options whose feature flag is off. The flags the
 * manifests need are derived from what they use, and must be enabled in infra/knative/cluster.
 */
class ClusterFeaturesTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void servingFeaturesTheServicesUseAreEnabled(Variant v) {
        Set<String> needed = new LinkedHashSet<>();
        for (Service s : Manifests.all(v.resources(), Service.class)) {
            RevisionSpec r = s.getSpec().getTemplate().getSpec();
            if (r.getNodeSelector() != null && !r.getNodeSelector().isEmpty()) {
                needed.add("kubernetes.podspec-nodeselector");
            }
            if (r.getTolerations() != null && !r.getTolerations().isEmpty()) {
                needed.add("kubernetes.podspec-tolerations");
            }
            if (r.getAffinity() != null) {
                needed.add("kubernetes.podspec-affinity");
            }
            if (r.getRuntimeClassName() != null) {
                needed.add("kubernetes.podspec-runtimeclassname");
            }
            if (r.getVolumes() != null && r.getVolumes().stream().anyMatch(x -> x.getEmptyDir() != null)) {
                needed.add("kubernetes.podspec-volumes-emptydir");
            }
            if (r.getSecurityContext() != null) {
                needed.add("kubernetes.podspec-securitycontext");
            }
        }
        if (v == Variant.GPU) {
            assertThat(needed).contains("kubernetes.podspec-nodeselector", "kubernetes.podspec-tolerations");
        }
        Map<String, String> flags = features("serving-features.yaml", "knative-serving");
        needed.forEach(flag -> assertThat(flags).as("%s uses %s", v, flag).containsEntry(flag, "enabled"));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eventingFeaturesTheTriggersUseAreEnabled(Variant v) {
        Set<String> needed = new LinkedHashSet<>();
        for (Trigger t : Manifests.all(v.resources(), Trigger.class)) {
            if (t.getSpec().getFilters() != null && !t.getSpec().getFilters().isEmpty()) {
                needed.add("new-trigger-filters");
            }
            if (t.getSpec().getDelivery() != null && t.getSpec().getDelivery().getTimeout() != null) {
                needed.add("delivery-timeout");
            }
        }
        assertThat(needed).isNotEmpty();
        Map<String, String> flags = features("eventing-features.yaml", "knative-eventing");
        needed.forEach(flag -> assertThat(flags).as("%s uses %s", v, flag).containsEntry(flag, "enabled"));
    }

    private static Map<String, String> features(String file, String namespace) {
        List<HasMetadata> r = Manifests.read(Repo.infra("knative", "cluster", file));
        ConfigMap cm = Manifests.named(r, ConfigMap.class, "config-features");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo(namespace);
        return cm.getData();
    }
}
