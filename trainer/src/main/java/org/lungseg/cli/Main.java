package org.lungseg.cli;

import java.io.PrintWriter;
import org.lungseg.inference.InvalidModelException;
import org.lungseg.volume.InvalidScanException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code lungseg} command line. Exit codes: 0 ok, 2 bad input (an unusable scan, model or
 * option: a one-line message on stderr, the stack trace only with {@code --verbose}), 1 any other
 * failure.
 */
@Command(name = "lungseg", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Main.Version.class,
        description = "Segments the lungs (left, right) and COVID-19 infection in chest CT scans.",
        subcommands = {InfoCommand.class, SegmentCommand.class, EvaluateCommand.class, TrainCommand.class, ExportCommand.class,
                SynthCommand.class, BenchmarkCommand.class})
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns its exit code; used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> isBadInput(e) ? EXIT_BAD_INPUT : EXIT_FAILURE);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("lungseg: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName(" ") + " --help'.");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            report(err, e, main.verbose);
            return isBadInput(e) ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One line on stderr for a refused input or a failure; the stack trace only when asked for. */
    static void report(PrintWriter err, Throwable e, boolean verbose) {
        err.println("lungseg: " + (isBadInput(e) ? "" : "failed: ") + message(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** A scan or model file the user gave that cannot be used: their input, not our failure. */
    static boolean isBadInput(Throwable e) {
        return e instanceof InvalidScanException || e instanceof InvalidModelException;
    }

    /** The exception's message for a person; its class name only when it has none. */
    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The version in the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lungseg " + (v == null ? "development" : v)};
        }
    }
}
