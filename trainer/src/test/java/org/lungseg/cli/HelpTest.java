package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command explains itself with --help, even those with required options. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"info", "segment", "evaluate", "train", "export", "synth", "benchmark", "benchmark io",
        "benchmark segment", "benchmark synth", "benchmark train"})
    void helpExitsZeroWithUsage(String command) {
        String[] words = (command + " --help").split(" ");
        CliRun run = CliRun.of(words);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: lungseg " + command);
    }
}
