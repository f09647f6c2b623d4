package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every environment variable the function's container gets is a setting the function really
 * reads (its {@code lungseg.*} mapping, Funqy's Knative mapping) or one of the few process-level
 * variables; and the process stays offline: DJL and the AWS SDK never look for the cloud.
 */
class EnvironmentTest {

    /** Read by the JVM or by libraries, not by the function's configuration; why each is set. */
    private static final Map<String, String> PROCESS_VARIABLES = Map.of(
            "JAVA_TOOL_OPTIONS", "heap sizing, read by the JVM",
            "OPT_OUT_TRACKING", "DJL's telemetry off",
            "AWS_EC2_METADATA_DISABLED", "the AWS SDK never asks the instance metadata address",
            "JAVA_HOME", "the JRE of the CUDA image",
            "PATH", "the JRE of the CUDA image");

    @Test
    void keysAreDerivedTheWayTheFunctionNamesThem() {
        // The walker must find every lungseg.* key the function's own application.properties sets.
        for (String key : FunctionFacts.applicationProperties().stringPropertyNames()) {
            if (key.startsWith("lungseg.")) {
                assertThat(FunctionFacts.KEYS.named(key)).as(key).isPresent();
            }
        }
        assertThat(FunctionFacts.KEYS.forEnv("LUNGSEG_MODEL_CUDA_DEVICE")).map(ConfigKeys.Key::name).contains("lungseg.model.cuda-device");
        assertThat(FunctionFacts.KEYS.forEnv("LUNGSEG_S3_ACCESS_KEY_ID")).map(ConfigKeys.Key::name).contains("lungseg.s3.access-key-id");
        assertThat(FunctionFacts.KEYS.forEnv("LUNGSEG_MAX_CONCURENT")).as("a misspelt variable").isEmpty();
        assertThat(FunctionFacts.KEYS.forEnv("QUARKUS_FUNQY_KNATIVE_EVENTS_MAPPING_SEGMENT_TRIGGER"))
                .map(ConfigKeys.Key::name).contains("quarkus.funqy.knative-events.mapping.*.trigger");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariableIsASettingOfTheFunctionOrOfTheProcess(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        Set<String> functions = Set.copyOf(FunctionFacts.functionNames().stream()
                .map(n -> ConfigKeys.envForm(n)).toList());
        for (Map.Entry<String, String> e : f.env().entrySet()) {
            String name = e.getKey();
            if (PROCESS_VARIABLES.containsKey(name)) {
                continue;
            }
            Optional<ConfigKeys.Key> key = FunctionFacts.KEYS.forEnv(name);
            assertThat(key).as("%s: %s sets no setting of the function", v, name).isPresent();
            if (key.get().name().contains("*")) {
                assertThat(functions).as("%s: %s names a Funqy function", v, name).contains(ConfigKeys.mapKey(key.get(), name));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void djlAndTheAwsSdkStayOffline(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        Map<String, String> env = f.env();
        assertThat(env).containsEntry("OPT_OUT_TRACKING", "true").containsEntry("AWS_EC2_METADATA_DISABLED", "true");
        assertThat(f.systemProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(f.systemProperty("aws.disableEc2Metadata")).isEqualTo("true");
        // Region and credentials explicit, so the SDK's lookup chain never reaches the metadata address.
        assertThat(env.getOrDefault("LUNGSEG_S3_INSTANCE_METADATA", FunctionFacts.defaultOf("lungseg.s3.instance-metadata")))
                .isEqualTo("false");
        assertThat(env).containsKey("LUNGSEG_S3_REGION");
        EnvVar id = f.envVar("LUNGSEG_S3_ACCESS_KEY_ID");
        EnvVar secret = f.envVar("LUNGSEG_S3_SECRET_ACCESS_KEY");
        assertThat(id.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getValueFrom().getSecretKeyRef().getName());
        assertThat(env.get("LUNGSEG_S3_ENDPOINT")).startsWith("http");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void literalValuesParseAsTheirSettingsTypes(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        for (String intKey : List.of("LUNGSEG_MAX_CONCURRENT", "LUNGSEG_MODEL_THREADS", "LUNGSEG_MODEL_CUDA_DEVICE")) {
            String value = f.env().get(intKey);
            if (value != null) {
                assertThat(Integer.parseInt(value)).as(intKey).isNotNegative();
            }
        }
        for (String boolKey : List.of("LUNGSEG_S3_PATH_STYLE", "LUNGSEG_S3_INSTANCE_METADATA")) {
            String value = f.env().get(boolKey);
            if (value != null) {
                assertThat(value.toLowerCase(Locale.ROOT)).as(boolKey).isIn("true", "false");
            }
        }
        assertThat(f.env().get("LUNGSEG_MODEL_DEVICE")).isIn("cpu", "cuda");
        assertThat(f.env().get("LUNGSEG_OUTPUT_PREFIX")).endsWith("/");
    }
}
