package org.lungseg.inference;

import java.nio.file.Path;
import java.util.Locale;
import org.lungseg.nifti.NiftiWriter;

/**
 * Segments one scan file and writes its mask, as its own JVM: {@link LargeScanMemoryTest} runs it
 * with a small heap to show that a large scan fits. Arguments: scan, model, mask.
 */
public final class LargeScanCheck {

    private LargeScanCheck() {
    }

    public static void main(String[] args) {
        try (Segmenter s = Segmenter.open(Path.of(args[1]), Segmenter.Options.defaults())) {
            SegmentationResult r = s.segment(Path.of(args[0]));
            NiftiWriter.write(r.labels(), Path.of(args[2]));
            System.out.printf(Locale.ROOT, "heap %d MiB, left %.0f mL, right %.0f mL, timings %s%n",
                    Runtime.getRuntime().maxMemory() >> 20, r.measurements().leftLungMl(), r.measurements().rightLungMl(),
                    r.timingsMs());
        }
    }
}
