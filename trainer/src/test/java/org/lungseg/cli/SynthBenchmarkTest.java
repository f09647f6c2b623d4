package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code lungseg benchmark synth} prints one row per case and the cold and warm figures; it asserts no speed. */
class SynthBenchmarkTest {

    @Test
    void printsEveryCaseThenTheColdAndWarmFigures() {
        CliRun run = CliRun.of("benchmark", "synth", "--size", "32x32x16", "--cases", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("grid 32x32x16, 3 cases");
        assertThat(run.out().lines().filter(l -> l.matches("[123] +\\d+\\.\\d{3} +\\d+\\.\\d{3}"))).hasSize(3);
        Matcher cold = Pattern.compile("first case \\(cold JVM\\): (\\d+\\.\\d+) s wall").matcher(run.out());
        assertThat(cold.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(cold.group(1))).isPositive();
        assertThat(run.out()).containsPattern("cases 2 to 3 \\(warm\\): median \\d+\\.\\d+ s wall");
    }

    @Test
    void refusesABadSizeOrTooFewCases() {
        CliRun size = CliRun.of("benchmark", "synth", "--size", "32xbigx16");
        assertThat(size.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(size.err().lines().findFirst()).get().asString().contains("--size must look like");
        CliRun range = CliRun.of("benchmark", "synth", "--size", "4x4x4");
        assertThat(range.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(range.err()).contains("in-plane size").doesNotContain("Exception");
        assertThat(CliRun.of("benchmark", "synth", "--cases", "1").exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    }
}
