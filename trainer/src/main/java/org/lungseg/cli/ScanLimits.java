package org.lungseg.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lungseg.inference.MemoryBudget;
import org.lungseg.inference.Segmenter;
import org.lungseg.nifti.NiftiReader;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How large a scan the segmenting commands accept: {@code --max-voxels} (what the readers refuse
 * from the header) and {@code --memory-limit} (the heap one segmentation may plan to use). The
 * same limits as the function's {@code lungseg.max-voxels} and {@code lungseg.memory-limit}.
 */
final class ScanLimits {

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)", Pattern.CASE_INSENSITIVE);

    @Option(names = "--max-voxels", paramLabel = "N",
            description = "Refuse scans declaring more voxels than this (default ${DEFAULT-VALUE}).")
    long maxVoxels = NiftiReader.DEFAULT_MAX_VOXELS;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Heap one segmentation may plan to use, e.g. 1500m or 6g (default: 85%% of -Xmx).")
    String memoryLimit;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** {@code options} with these limits; a value out of range is a usage error. */
    Segmenter.Options apply(Segmenter.Options options) {
        if (maxVoxels < 1 || maxVoxels > Integer.MAX_VALUE - 8) {
            throw usage("--max-voxels must be in 1.." + (Integer.MAX_VALUE - 8) + " (one Java array holds the scan), not "
                    + maxVoxels);
        }
        Segmenter.Options limited = options.withMaxVoxels(maxVoxels);
        return memoryLimit == null ? limited : limited.withMemory(new MemoryBudget(bytes(memoryLimit)));
    }

    private long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw usage("--memory-limit takes a size such as 1500m or 6g, not '" + text + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw usage("--memory-limit '" + text + "' is too large");
        }
        if (value <= 0) {
            throw usage("--memory-limit must be positive");
        }
        return value;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
