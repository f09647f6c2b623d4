package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lungseg.inference.MemoryBudget;
import org.lungseg.inference.ModelCard;
import org.lungseg.train.HydrogenTorchConfig;
import org.lungseg.train.TrainingConfig;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;

/**
 * The function's Knative Service in each variant against the function's code, its image and the
 * other variants: GPU placement and concurrency, autoscaling, timeouts, probes, memory, security.
 */
class ServingTest {

    /** Knative Serving's default max-revision-timeout-seconds (config-defaults); higher needs a cluster change. */
    private static final long KNATIVE_MAX_REVISION_TIMEOUT = 600;
    /** Knative's upper bound for scale-down-delay. */
    private static final Duration MAX_SCALE_DOWN_DELAY = Duration.ofHours(1);
    /**
     * Memory the function needs outside the heap on CPU, per segmentation slot: measured 0.96 GiB
     * (metaspace, code, threads, buffers and ONNX Runtime's arena for the 128^3 base-8 U-Net at 2
     * threads; RSS peak minus a pre-touched 3 GiB heap, 512x512x600 scan). Date, machine and
     * command ({@code infra/bench/sizing.sh}): docs/performance.md, "Sizing the deployment".
     */
    private static final long CPU_NON_HEAP_PER_SLOT = 1L << 30;
    /**
     * Outside the heap on a GPU: the CPU figure plus the CUDA context and the pages of the CUDA,
     * cuBLAS, cuDNN and ONNX Runtime CUDA libraries it touches. A planning figure, unmeasured (no
     * GPU node has run the function): docs/performance.md, "Sizing the deployment", says how a GPU
     * node confirms it.
     */
    private static final long GPU_NON_HEAP = 3L << 30;

    @ParameterizedTest
    @EnumSource(Variant.class)
    void gpuVariantTakesOneGpuOnGpuNodesAndCpuVariantsNone(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        Map<String, Quantity> limits = f.container().getResources().getLimits();
        Map<String, Quantity> requests = f.container().getResources().getRequests();
        if (v == Variant.GPU) {
            assertThat(limits.get("nvidia.com/gpu")).hasToString("1");
            assertThat(requests.get("nvidia.com/gpu")).hasToString("1");
            assertThat(f.revision().getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
            List<Toleration> tol = f.revision().getTolerations();
            assertThat(tol).anySatisfy(t -> {
                assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
                assertThat(t.getOperator()).isEqualTo("Exists");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(f.env()).containsEntry("LUNGSEG_MODEL_DEVICE", "cuda");
            assertThat(f.image().last().image()).as("GPU base image").matches("nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-.*");
            assertThat(f.image().runs()).contains("-Pcuda");
        } else {
            assertThat(limits).doesNotContainKey("nvidia.com/gpu");
            assertThat(requests).doesNotContainKey("nvidia.com/gpu");
            assertThat(f.revision().getNodeSelector()).isNullOrEmpty();
            assertThat(f.env()).containsEntry("LUNGSEG_MODEL_DEVICE", "cpu");
            assertThat(f.image().runs()).doesNotContain("-Pcuda");
        }
        // Guaranteed QoS: the JVM sizes heap and threads from the limits, the scheduler from the requests.
        assertThat(requests).isEqualTo(limits);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void concurrencyAgreesAcrossKnativeTheAutoscalerAndTheFunction(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        long cc = f.revision().getContainerConcurrency();
        int slots = Integer.parseInt(f.env().getOrDefault("LUNGSEG_MAX_CONCURRENT", FunctionFacts.defaultOf("lungseg.max-concurrent")));
        assertThat(slots).as("function slots = containerConcurrency").isEqualTo(cc);
        assertThat(f.annotation("autoscaling.knative.dev/target")).as("autoscaling target").isEqualTo(String.valueOf(cc));
        assertThat(f.annotation("autoscaling.knative.dev/metric")).isEqualTo("concurrency");
        assertThat(f.annotation("autoscaling.knative.dev/target-utilization-percentage")).isEqualTo("100");
        if (v == Variant.GPU) {
            assertThat(cc).as("one scan at a time on one GPU").isEqualTo(1);
        } else {
            int threads = Integer.parseInt(f.env().get("LUNGSEG_MODEL_THREADS"));
            assertThat(f.cpuLimit() % threads).as("cores divide into whole inference thread pools").isZero();
            assertThat(cc).as("containerConcurrency = cores / threads per inference").isEqualTo(f.cpuLimit() / threads);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void scalesToZeroWithBoundsAndADelay(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        int min = Integer.parseInt(f.annotation("autoscaling.knative.dev/min-scale"));
        int max = Integer.parseInt(f.annotation("autoscaling.knative.dev/max-scale"));
        assertThat(min).isNotNegative().isLessThanOrEqualTo(max);
        assertThat(max).isPositive();
        Duration delay = duration(f.annotation("autoscaling.knative.dev/scale-down-delay"));
        assertThat(delay).isPositive().isLessThanOrEqualTo(MAX_SCALE_DOWN_DELAY);
        assertThat(f.annotation("autoscaling.knative.dev/class")).isEqualTo("kpa.autoscaling.knative.dev");
        if (v == Variant.GPU) {
            // A warm GPU pod should outlive a typical gap between uploads of one study batch.
            assertThat(delay).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void requestTimeoutCoversQueueingAndFitsKnativesLimit(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        long timeout = f.revision().getTimeoutSeconds();
        Duration maxWait = DurationConverter.parseDuration(
                f.env().getOrDefault("LUNGSEG_QUEUE_MAX_WAIT", FunctionFacts.defaultOf("lungseg.queue.max-wait")));
        assertThat(timeout).isLessThanOrEqualTo(KNATIVE_MAX_REVISION_TIMEOUT);
        // The largest scan measured (512x512x600) took 7 to 20 s on 2 cores; the largest accepted
        // one has twice the voxels, plus a 2 GB download: minutes to spare (docs/deploy.md).
        assertThat(Duration.ofSeconds(timeout)).isGreaterThanOrEqualTo(maxWait.plusMinutes(5));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void probesAndMetricsUseTheFunctionsPathsAndTheImagesPort(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        Container c = f.container();
        int port = FunctionFacts.httpPort();
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
        assertThat(f.image().last().arguments("EXPOSE")).containsExactly(String.valueOf(port));
        probe(c.getReadinessProbe(), FunctionFacts.readinessPath(), port);
        probe(c.getLivenessProbe(), FunctionFacts.livenessPath(), port);
        assertThat(f.annotation("prometheus.io/path")).isEqualTo(FunctionFacts.metricsPath());
        assertThat(f.annotation("prometheus.io/port")).isEqualTo(String.valueOf(port));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void heapHoldsTheLargestAcceptedScanInEverySlotAndLeavesRoomOutsideIt(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        long limit = f.memoryLimit();
        long heap = f.maxHeap();
        int slots = f.revision().getContainerConcurrency().intValue();
        long maxVoxels = Long.parseLong(f.env().getOrDefault("LUNGSEG_MAX_VOXELS", FunctionFacts.defaultOf("lungseg.max-voxels")));
        assertThat(f.env()).doesNotContainKey("LUNGSEG_MEMORY_LIMIT");
        // The function gives each slot its share of the heap and refuses scans whose estimate exceeds it.
        long perSlot = (long) (heap * FunctionFacts.segmentationHeapShare() / slots);
        long need = MemoryBudget.estimate(largestScan(maxVoxels), servedModel());
        assertThat(perSlot).as("%s: heap %s, %d slots: the largest accepted scan (%,d voxels) needs %s", v,
                JvmMemory.gib(heap), slots, maxVoxels, JvmMemory.gib(need)).isGreaterThanOrEqualTo(need);
        long nonHeap = v == Variant.GPU ? GPU_NON_HEAP : CPU_NON_HEAP_PER_SLOT * slots;
        assertThat(limit - heap).as("%s: memory limit %s minus heap %s", v, JvmMemory.gib(limit), JvmMemory.gib(heap))
                .isGreaterThanOrEqualTo(nonHeap);
        assertThat(f.flags()).as("the heap is sized explicitly")
                .anyMatch(x -> x.startsWith("-XX:MaxRAMPercentage=") || x.startsWith("-Xmx"));
        if (f.jvm()) {
            assertThat(f.flags()).as("a JVM out of heap must exit, not limp on").contains("-XX:+ExitOnOutOfMemoryError");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void runsAsNonRootOnAReadOnlyRootWithAWritableTmp(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        SecurityContext sc = f.container().getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        String user = f.image().last().arguments("USER").get(0).split(":")[0];
        assertThat(Long.parseLong(user)).as("numeric non-root USER (runAsNonRoot can only verify a number)").isPositive();
        assertThat(sc.getRunAsUser()).isEqualTo(Long.parseLong(user));
        String tmp = f.systemProperty("java.io.tmpdir");
        assertThat(tmp).as("java.io.tmpdir set in the image's entrypoint").isNotNull();
        VolumeMount mount = f.container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(tmp)).findFirst()
                .orElseThrow(() -> new AssertionError(v + ": nothing is mounted at java.io.tmpdir " + tmp));
        Volume volume = f.revision().getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).isNotNull();
        long tmpBytes = JvmMemory.bytes(volume.getEmptyDir().getSizeLimit());
        long maxScan = new MemorySizeConverter()
                .convert(f.env().getOrDefault("LUNGSEG_MAX_SCAN_SIZE", FunctionFacts.defaultOf("lungseg.max-scan-size")))
                .asLongValue();
        assertThat(tmpBytes).as("/tmp holds one downloaded scan per slot").isGreaterThanOrEqualTo(maxScan * f.revision().getContainerConcurrency());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void bakedModelIsTheOneTheFunctionLoads(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        String modelPath = f.env().get("LUNGSEG_MODEL_PATH");
        assertThat(modelPath).isNotNull();
        assertThat(f.image().copies(f.image().last())).anySatisfy(c -> {
            assertThat(c.from()).isEqualTo("model");
            assertThat(c.sources()).containsExactly("model.onnx");
            assertThat(c.destination()).isEqualTo(modelPath);
        });
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void imageIsBuiltHereAndTaggedLikeTheOthers(Variant v) {
        FunctionContainer f = FunctionContainer.of(v);
        String expected = switch (v) {
            case GPU -> "lungseg-function-gpu";
            case CPU -> "lungseg-function";
            case NATIVE -> "lungseg-function-native";
        };
        assertThat(Images.name(f.container().getImage())).isEqualTo(expected);
        assertThat(f.image().title()).isEqualTo(expected);
        assertThat(Images.tag(f.container().getImage())).isEqualTo(Images.tag(FunctionContainer.of(Variant.GPU).container().getImage()))
                .isNotEqualTo("latest");
        assertThat(f.jvm()).isEqualTo(v != Variant.NATIVE);
    }

    private static void probe(Probe p, String path, int port) {
        assertThat(p).isNotNull();
        assertThat(p.getHttpGet().getPath()).isEqualTo(path);
        if (p.getHttpGet().getPort() != null) {
            assertThat(p.getHttpGet().getPort().getIntVal()).isEqualTo(port);
        }
    }

    /** The largest scan the function accepts: 512 x 512 x (max-voxels / 512^2). */
    private static Grid largestScan(long maxVoxels) {
        int slices = (int) (maxVoxels / (512L * 512));
        return new Grid(512, 512, slices, Affine.ofSpacing(0.8, 0.8, 0.6, 0, 0, 0));
    }

    /** The network the served model has: the training config's grid and classes. */
    static ModelCard servedModel() {
        TrainingConfig c = HydrogenTorchConfig.read(TrainingManifests.trainingConfigFile()).builder().build();
        return ModelCard.of(c.classes(), c.grid(), -1250, 250, c.threshold(), c.crop(), Map.of());
    }

    /** A Knative duration annotation: Go's {@code 15m}, {@code 120s}, {@code 1h}. */
    static Duration duration(String text) {
        String t = text.strip();
        if (t.startsWith("P")) {
            return Duration.parse(t);
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}
