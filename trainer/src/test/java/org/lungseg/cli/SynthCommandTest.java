package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.data.CaseReader;
import org.lungseg.data.Datasets;
import org.lungseg.data.H2oLayout;
import org.lungseg.data.LabelledCase;
import org.lungseg.data.ZenodoLayout;
import org.lungseg.volume.AxisCodes;

/** {@code lungseg synth} writes data sets that the trainer's readers take back intact. */
class SynthCommandTest {

    @Test
    void writesTheZenodoLayoutReadBackWithLeftLungOnThePatientsLeft(@TempDir Path dir) {
        CliRun run = CliRun.of("synth", "--out", dir.toString(), "--cases", "3", "--seed", "5",
                "--size", "64x64x40", "--windowed-fraction", "0.5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("phantom_000", "phantom_002", "wrote 3 cases in the zenodo layout");
        CaseReader reader = Datasets.open(dir);
        assertThat(reader).isInstanceOf(ZenodoLayout.class);
        assertThat(reader.names()).containsExactly("phantom_000", "phantom_001", "phantom_002");
        for (String name : reader.names()) {
            LabelledCase c = reader.read(name);
            assertThat(c.ct().grid().dims()).containsExactly(64, 64, 40);
            assertThat(worldX(c, 1)).as("left lung centroid RAS x < right lung's in %s", name).isLessThan(worldX(c, 2));
            assertThat(c.lungs()).isNotNull();
        }
    }

    @Test
    void writesTheH2oLayoutWithTheRequestedOrientationReadBackInRas(@TempDir Path dir) {
        CliRun run = CliRun.of("synth", "--out", dir.toString(), "--layout", "h2o", "--cases", "2", "--seed", "6",
                "--size", "48x48x32", "--orientation", "PLS", "--severity", "severe");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("PLS", "severe");
        CaseReader reader = Datasets.open(dir);
        assertThat(reader).isInstanceOf(H2oLayout.class);
        assertThat(reader.names()).containsExactly("phantom_000", "phantom_001");
        LabelledCase c = reader.read("phantom_001");
        assertThat(c.ct().grid().orientation()).isEqualTo(AxisCodes.RAS);
        assertThat(c.labels().histogram()[3]).isPositive();
        assertThat(worldX(c, 1)).isLessThan(worldX(c, 2));
    }

    @Test
    void sameSeedWritesTheSameDataSet(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path out : new Path[] {a, b}) {
            assertThat(CliRun.of("synth", "--out", out.toString(), "--cases", "1", "--seed", "9", "--size", "48x48x32")
                    .exitCode()).isZero();
        }
        Path scan = Path.of(ZenodoLayout.SCANS, "phantom_000.nii.gz");
        Path mask = Path.of(ZenodoLayout.LUNG_AND_INFECTION, "phantom_000.nii.gz");
        assertThat(a.resolve(scan)).hasSameBinaryContentAs(b.resolve(scan));
        assertThat(a.resolve(mask)).hasSameBinaryContentAs(b.resolve(mask));
    }

    @Test
    void refusesSizesOutsideTheSupportedRange(@TempDir Path dir) {
        CliRun run = CliRun.of("synth", "--out", dir.toString(), "--size", "1024x1024x100");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("in-plane size");
        assertThat(CliRun.of("synth", "--out", dir.toString(), "--size", "big").err()).contains("--size");
        assertThat(CliRun.of("synth", "--out", dir.toString(), "--severity", "awful").exitCode())
                .isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void aRefusedOptionWritesNothing(@TempDir Path dir) {
        String[][] refused = {{"--severity", "awful"}, {"--orientation", "XYZ"}, {"--orientation", "RAR"}};
        for (String layout : new String[] {"h2o", "zenodo"}) {
            for (String[] option : refused) {
                Path out = dir.resolve(layout + "-" + option[1]);
                CliRun run = CliRun.of("synth", "--out", out.toString(), "--layout", layout, "--cases", "2",
                        "--size", "32x32x16", option[0], option[1]);
                assertThat(run.exitCode()).as("%s %s", layout, option[1]).isEqualTo(Main.EXIT_BAD_INPUT);
                // One line says what is wrong; picocli's usage hint may follow it, a stack trace may not.
                assertThat(run.err().lines().findFirst()).as(run.err()).get().asString()
                        .startsWith("lungseg: ").contains(option[1]);
                assertThat(run.err()).doesNotContain("Exception", "\tat ");
                assertThat(out).as("a refused run leaves no data set folder").doesNotExist();
            }
        }
    }

    /**
     * A run that fails on its second case (an I/O error: a folder stands where that case's image
     * goes) writes no train.pq, and removes the table an earlier complete run left there, which
     * would otherwise list images this run overwrote.
     */
    @Test
    void aFailedH2oRunLeavesNoTable(@TempDir Path dir) throws Exception {
        String[] args = {"synth", "--out", dir.toString(), "--layout", "h2o", "--cases", "2", "--seed", "3",
            "--size", "32x32x16", "--severity", "mild"};
        assertThat(CliRun.of(args).exitCode()).isZero();
        Path table = dir.resolve(H2oLayout.TABLE);
        Path second = dir.resolve(H2oLayout.IMAGES).resolve("phantom_001.npy");
        assertThat(table).isRegularFile();
        Files.delete(second);
        Files.createDirectories(second.resolve("blocker"));

        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.out()).contains("phantom_000").doesNotContain("phantom_001", "wrote");
        assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("lungseg: failed: ").contains("phantom_001.npy").doesNotContain("\tat ");
        assertThat(table).as("no table for a partial data set").doesNotExist();
        assertThat(H2oLayout.matches(dir)).isFalse();
    }

    @Test
    void h2oClassesWithTheZenodoLayoutIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("zenodo");
        CliRun run = CliRun.of("synth", "--out", out.toString(), "--h2o-classes", "lungs", "--size", "32x32x16");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines().findFirst()).get().asString()
                .isEqualTo("lungseg: --h2o-classes applies to --layout h2o only");
        assertThat(out).doesNotExist();
    }

    private static double worldX(LabelledCase c, int label) {
        var g = c.lungs().grid();
        double sum = 0;
        long n = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (c.lungs().labels()[g.index(i, j, k)] == label) {
                        sum += g.affine().apply(i, j, k)[0];
                        n++;
                    }
                }
            }
        }
        return sum / n;
    }
}
