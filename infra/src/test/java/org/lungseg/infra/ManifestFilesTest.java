package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every Kubernetes manifest under infra/ parses as fabric8's typed objects with no field their
 * schema lacks, and the committed renderings are what kustomize makes of the overlays.
 */
class ManifestFilesTest {

    /** Kustomize's own files and JSON 6902 patches are not resources. */
    private static boolean isResourceFile(Path p) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".yaml") || name.equals("kustomization.yaml")) {
            return false;
        }
        String rel = Repo.infra("").relativize(p).toString().replace('\\', '/');
        return !rel.startsWith("knative/overlays/") && !rel.startsWith("knative/components/");
    }

    static List<Path> resourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Repo.infra(""))) {
            return files.filter(Files::isRegularFile).filter(ManifestFilesTest::isResourceFile)
                    .filter(p -> !p.startsWith(Repo.infra("target")) && !p.startsWith(Repo.infra("src"))).sorted().toList();
        }
    }

    @Test
    void everyManifestParsesAsTypedResources() throws IOException {
        List<Path> files = resourceFiles();
        assertThat(files).extracting(p -> Repo.infra("").relativize(p).toString().replace('\\', '/'))
                .contains("knative/rendered/gpu.yaml", "knative/base/service.yaml", "training/train-job.yaml", "training/data-loader.yaml",
                        "storage/rook-ceph/notifications.yaml", "knative/cluster/serving-features.yaml");
        for (Path f : files) {
            List<HasMetadata> resources = Manifests.read(f);
            assertThat(resources).as(f.toString()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getMetadata().getName()).as(f + ": a resource without a name").isNotBlank());
        }
    }

    @Test
    void aMisspeltFieldIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("typo.yaml");
        Files.writeString(f, """
                apiVersion: serving.knative.dev/v1
                kind: Service
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containerConcurency: 1
                      containers: [{image: x}]
                """);
        assertThatThrownBy(() -> Manifests.read(f)).hasMessageContaining("containerConcurency");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void renderedVariantIsWhatKustomizeMakesOfItsOverlay(Variant v) throws Exception {
        Assumptions.assumeTrue(Programs.installed("kubectl"), "kubectl is not installed: the committed rendering is checked, "
                + "its freshness is not (run infra/render.sh where kubectl is)");
        Process p = new ProcessBuilder("kubectl", "kustomize", v.overlayDir().toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(documents(new String(out, StandardCharsets.UTF_8)))
                .as("%s is stale: run infra/render.sh", v.rendered())
                .isEqualTo(documents(Files.readString(v.rendered())));
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }
}
