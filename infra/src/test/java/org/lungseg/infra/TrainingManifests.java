package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The training and pick Jobs, and how their arguments, env and paths resolve. */
final class TrainingManifests {

    static final Pattern VAR = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

    private TrainingManifests() {
    }

    static Job trainJob() {
        return only(Manifests.read(Repo.infra("training", "train-job.yaml")));
    }

    static Job pickJob() {
        return only(Manifests.read(Repo.infra("training", "pick-job.yaml")));
    }

    /** The helper pod that copies cases onto the data claim. */
    static Pod dataLoader() {
        List<HasMetadata> resources = Manifests.read(Repo.infra("training", "data-loader.yaml"));
        assertThat(resources).hasSize(1);
        return (Pod) resources.get(0);
    }

    static Dockerfile trainerImage() {
        return Images.forImage(trainer().getImage());
    }

    static Container trainer() {
        return trainJob().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The repository file the Job's --config names inside the trainer image. */
    static Path trainingConfigFile() {
        String inImage = after(trainer().getArgs(), "--config");
        return repoFileOf(trainerImage(), inImage);
    }

    static String after(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertThat(i).as("%s in %s", flag, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(i + 1);
    }

    /** Where a path inside an image comes from in the repository, through the image's COPY lines. */
    static Path repoFileOf(Dockerfile image, String inImage) {
        for (Dockerfile.Copy c : image.copies(image.last())) {
            if (c.from() == null && c.sources().size() == 1
                    && (inImage.equals(c.destination()) || inImage.startsWith(c.destination() + "/"))) {
                return Repo.path(c.sources().get(0) + inImage.substring(c.destination().length()));
            }
        }
        throw new AssertionError(image.file() + " copies nothing from the repository to " + inImage);
    }

    static Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> m = new LinkedHashMap<>();
        if (c.getEnv() != null) {
            c.getEnv().forEach(e -> m.put(e.getName(), e));
        }
        return m;
    }

    static String value(Map<String, EnvVar> env, String name) {
        EnvVar e = env.get(name);
        assertThat(e).as(name).isNotNull();
        return e.getValue();
    }

    /** Replaces $(VAR) by literal env values (leaves variables set from elsewhere as they are). */
    static String resolve(String arg, Map<String, EnvVar> env) {
        return VAR.matcher(arg).replaceAll(r -> {
            EnvVar e = env.get(r.group(1));
            return Matcher.quoteReplacement(e != null && e.getValue() != null ? e.getValue() : r.group());
        });
    }

    static VolumeMount mountOf(Container c, String path) {
        return c.getVolumeMounts().stream()
                .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + ": nothing is mounted at " + path));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    static Job only(List<HasMetadata> resources) {
        assertThat(resources).hasSize(1);
        return (Job) resources.get(0);
    }
}
