package org.lungseg.infra;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The maximum heap a JVM (or a native executable) will use, from its flags and its container's
 * memory limit, the way HotSpot sizes it: {@code -Xmx} when given, else
 * {@code -XX:MaxRAMPercentage} of the limit (default 25 %).
 */
final class JvmMemory {

    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");
    private static final Pattern PERCENT = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");

    private JvmMemory() {
    }

    /** Bytes of heap for {@code flags} (every flag the process gets, in order) under {@code limitBytes}. */
    static long maxHeap(List<String> flags, long limitBytes) {
        Long xmx = null;
        double percent = 25;
        for (String f : flags) {
            Matcher x = XMX.matcher(f);
            if (x.matches()) {
                xmx = Long.parseLong(x.group(1)) * unit(x.group(2));
            }
            Matcher p = PERCENT.matcher(f);
            if (p.matches()) {
                percent = Double.parseDouble(p.group(1));
            }
        }
        return xmx != null ? xmx : (long) (limitBytes * percent / 100);
    }

    static long bytes(Quantity q) {
        return Quantity.getAmountInBytes(q).longValueExact();
    }

    static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.strip().split("\\s+"));
    }

    private static long unit(String u) {
        return switch (u.toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1;
        };
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
