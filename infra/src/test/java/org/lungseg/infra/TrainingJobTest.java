package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lungseg.infra.TrainingManifests.VAR;
import static org.lungseg.infra.TrainingManifests.after;
import static org.lungseg.infra.TrainingManifests.dataLoader;
import static org.lungseg.infra.TrainingManifests.env;
import static org.lungseg.infra.TrainingManifests.mountOf;
import static org.lungseg.infra.TrainingManifests.pickJob;
import static org.lungseg.infra.TrainingManifests.repoFileOf;
import static org.lungseg.infra.TrainingManifests.resolve;
import static org.lungseg.infra.TrainingManifests.trainJob;
import static org.lungseg.infra.TrainingManifests.trainer;
import static org.lungseg.infra.TrainingManifests.trainerImage;
import static org.lungseg.infra.TrainingManifests.trainingConfigFile;
import static org.lungseg.infra.TrainingManifests.value;
import static org.lungseg.infra.TrainingManifests.volume;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.lungseg.cli.Main;
import org.lungseg.train.HydrogenTorchConfig;
import org.lungseg.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The fold-parallel training Job and the pick step: one GPU pod per fold with the completion index
 * as the fold, as many pods as the config has folds, every fold writing its own folder on the
 * runs volume, and the pick step reading exactly those folders and publishing the winner.
 */
class TrainingJobTest {

    private static final String COMPLETION_INDEX = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    @Test
    void oneIndexedPodPerFoldOfTheConfig() {
        JobSpec spec = trainJob().getSpec();
        TrainingConfig config = HydrogenTorchConfig.read(trainingConfigFile()).builder().build();
        List<String> args = trainer().getArgs();
        int folds = args.contains("--folds") ? Integer.parseInt(after(args, "--folds")) : config.folds();
        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        assertThat(spec.getCompletions()).isEqualTo(folds);
        assertThat(spec.getParallelism()).isEqualTo(folds);
        assertThat(spec.getBackoffLimitPerIndex()).isPositive();
        assertThat(spec.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void theFoldIsTheCompletionIndexAndEachFoldWritesItsOwnFolder() {
        Container c = trainer();
        Map<String, EnvVar> env = env(c);
        String fold = after(c.getArgs(), "--fold");
        Matcher m = VAR.matcher(fold);
        assertThat(m.matches()).as("--fold takes a $(VAR)").isTrue();
        EnvVar var = env.get(m.group(1));
        boolean fromIndex = var == null ? m.group(1).equals("JOB_COMPLETION_INDEX")
                : var.getValueFrom() != null && COMPLETION_INDEX.equals(var.getValueFrom().getFieldRef().getFieldPath());
        assertThat(fromIndex).as("--fold is the completion index").isTrue();
        String out = after(c.getArgs(), "--out");
        assertThat(out).as("each fold its own --out").contains(fold);
        assertThat(mountOf(c, out).getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getArgs()).contains("--resume");
        assertThat(after(c.getArgs(), "--device")).isEqualTo("gpu");
        assertThat(mountOf(c, after(c.getArgs(), "--data")).getReadOnly()).isTrue();
        VAR.matcher(String.join(" ", c.getArgs())).results()
                .forEach(r -> assertThat(env).as("$(%s) is defined", r.group(1)).containsKey(r.group(1)));
    }

    @Test
    void theTrainersArgumentsParseAsTheRealCommandLine() {
        Container c = trainer();
        String[] args = podArgs(c, "3");
        ParseResult train = lungseg(args).subcommand();
        assertThat(train.commandSpec().name()).isEqualTo("train");
        assertThat(train.unmatched()).isEmpty();
        assertThat(train.matchedOption("--fold").stringValues()).containsExactly("3");
        assertThat((Object) train.matchedOption("--fold").getValue()).isEqualTo(3);
        assertThat(train.matchedOption("--out").getValue().toString()).isEqualTo("/runs/" + value(env(c), "RUN_ID") + "/folds/3");
        assertThat(train.hasMatchedOption("--resume")).isTrue();
        // What a renamed option in the trainer would do to the Job's arguments.
        String[] renamed = args.clone();
        renamed[List.of(args).indexOf("--resume")] = "--resume-run";
        assertThatThrownBy(() -> lungseg(renamed)).isInstanceOf(UnmatchedArgumentException.class).hasMessageContaining("--resume-run");
    }

    /** The container's arguments as the pod of completion index {@code fold} passes them. */
    private static String[] podArgs(Container c, String fold) {
        String[] args = c.getArgs().stream().map(a -> resolve(a, env(c)).replace("$(FOLD)", fold)).toArray(String[]::new);
        assertThat(String.join(" ", args)).as("every $(VAR) resolved").doesNotContain("$(");
        return args;
    }

    /** The image's entrypoint runs the trainer jar's {@link Main}: its picocli model, parsed without running. */
    private static ParseResult lungseg(String... args) {
        return new CommandLine(new Main()).parseArgs(args);
    }

    @Test
    void theDataLoaderWritesTheClaimWhereTheFoldsReadIt() {
        Pod loader = dataLoader();
        Container c = loader.getSpec().getContainers().get(0);
        Container t = trainer();
        VolumeMount trainData = mountOf(t, after(t.getArgs(), "--data"));
        VolumeMount loaderData = mountOf(c, trainData.getMountPath());
        assertThat(loaderData.getMountPath()).as("kubectl cp's destination is --data's path").isEqualTo(trainData.getMountPath());
        assertThat(loaderData.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(loader.getSpec(), loaderData.getName()).getPersistentVolumeClaim().getClaimName())
                .isEqualTo(volume(trainJob().getSpec().getTemplate().getSpec(), trainData.getName()).getPersistentVolumeClaim().getClaimName());
        assertThat(loader.getMetadata().getNamespace()).isEqualTo(trainJob().getMetadata().getNamespace());
        assertThat(loader.getSpec().getSecurityContext().getRunAsUser()).as("the trainer's user owns what is copied")
                .isEqualTo(trainJob().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
    }

    @Test
    void eachPodTakesOneGpuOnAGpuNode() {
        PodSpec pod = trainJob().getSpec().getTemplate().getSpec();
        Container c = trainer();
        assertThat(c.getResources().getLimits().get("nvidia.com/gpu")).hasToString("1");
        assertThat(pod.getNodeSelector()).isEqualTo(FunctionContainer.of(Variant.GPU).revision().getNodeSelector());
        assertThat(pod.getTolerations()).isEqualTo(FunctionContainer.of(Variant.GPU).revision().getTolerations());
        long limit = JvmMemory.bytes(c.getResources().getLimits().get("memory"));
        long heap = JvmMemory.maxHeap(JvmMemory.split(value(env(c), "JAVA_TOOL_OPTIONS")), limit);
        assertThat(heap).as("PyTorch's host memory lives outside the heap").isLessThanOrEqualTo(limit / 2);
    }

    @Test
    void trainerImageStaysOfflineAndWritesOnlyToMountedVolumes() {
        Dockerfile image = trainerImage();
        Container c = trainer();
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env(c).forEach((k, v) -> env.put(k, v.getValue()));
        assertThat(env).containsEntry("OPT_OUT_TRACKING", "true").containsEntry("AWS_EC2_METADATA_DISABLED", "true")
                .containsEntry("THP_MEM_ALLOC_ENABLE", "1").containsEntry("ONEDNN_MAX_CPU_ISA", "AVX2");
        // PyTorch would start one thread per core of the node, not of the container.
        assertThat(env(c).get("OMP_NUM_THREADS").getValueFrom().getResourceFieldRef().getResource()).isEqualTo("limits.cpu");
        assertThat(image.entrypoint()).contains("-Dai.djl.offline=true", "-Daws.disableEc2Metadata=true");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(trainJob().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        // With a read-only root, DJL's native cache and the JVM's temp folder must be mounted volumes.
        for (String dir : List.of(env.get("DJL_CACHE_DIR"), env.get("ENGINE_CACHE_DIR"), tmpDir(image))) {
            assertThat(dir).isNotNull();
            VolumeMount mount = mountOf(c, dir);
            Volume v = volume(trainJob().getSpec().getTemplate().getSpec(), mount.getName());
            assertThat(v.getEmptyDir()).as(dir).isNotNull();
        }
        String user = image.last().arguments("USER").get(0).split(":")[0];
        assertThat(trainJob().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user));
        assertThat(image.last().arguments("WORKDIR")).as("the export's parity check reads samples/ from here")
                .containsExactly("/opt/lungseg");
        assertThat(repoFileOf(image, "/opt/lungseg/samples/cip-ct64.nii.gz")).exists();
    }

    @Test
    void pickReadsTheFoldsTheTrainingWroteAndPublishesWhatItPicked() {
        Job train = trainJob();
        Job pick = pickJob();
        PodSpec pod = pick.getSpec().getTemplate().getSpec();
        Container picker = pod.getInitContainers().get(0);
        Container publish = pod.getContainers().get(0);
        assertThat(picker.getImage()).isEqualTo(trainer().getImage());
        assertThat(repoFileOf(trainerImage(), picker.getCommand().get(0)))
                .isEqualTo(Repo.infra("training", "pick-best-fold"));
        assertThat(Files.isExecutable(Repo.infra("training", "pick-best-fold"))).isTrue();
        assertThat(Integer.parseInt(after(picker.getArgs(), "--folds"))).isEqualTo(train.getSpec().getCompletions());
        // Same run: training writes <run>/folds/<fold>, pick reads <run>, publish copies <run>/model.
        String runDir = resolve(picker.getArgs().get(picker.getArgs().size() - 1), env(picker));
        String out = resolve(after(trainer().getArgs(), "--out"), env(trainer()));
        assertThat(out).isEqualTo(runDir + "/folds/$(FOLD)");
        assertThat(resolve(publish.getArgs().get(3), env(publish))).isEqualTo(runDir + "/model");
        assertThat(claim(pod, mountOf(picker, runDir))).isEqualTo(claim(train.getSpec().getTemplate().getSpec(), mountOf(trainer(), out)));
        assertThat(claim(pod, mountOf(publish, runDir + "/model"))).isEqualTo(claim(pod, mountOf(picker, runDir)));
        assertThat(mountOf(publish, runDir + "/model").getReadOnly()).isTrue();
    }

    @Test
    void publishingUsesExplicitEndpointRegionAndCredentials() {
        Container publish = pickJob().getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = env(publish);
        assertThat(value(env, "AWS_EC2_METADATA_DISABLED")).isEqualTo("true");
        assertThat(value(env, "AWS_REGION")).isNotBlank();
        assertThat(value(env, "AWS_ENDPOINT_URL")).isEqualTo(FunctionContainer.of(Variant.GPU).env().get("LUNGSEG_S3_ENDPOINT"));
        assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(env.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName());
        assertThat(publish.getImage()).as("pinned").doesNotEndWith(":latest").contains(":");
    }


    private static String claim(PodSpec pod, VolumeMount m) {
        return volume(pod, m.getName()).getPersistentVolumeClaim().getClaimName();
    }

    private static String tmpDir(Dockerfile image) {
        return image.entrypoint().stream().filter(f -> f.startsWith("-Djava.io.tmpdir=")).map(f -> f.substring(17))
                .findFirst().orElse(null);
    }
}
