package org.lungseg.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment variables PyTorch's CPU kernels need for this U-Net. Both are read by the
 * native libraries when they load, so only the process's launcher can set them: {@code ./lungseg},
 * the trainer image and the build's tests do. See docs/training.md for the measurements.
 */
public final class CpuSettings {

    private CpuSettings() {
    }

    /** One line per missing setting, saying what it costs; empty when all are set. */
    public static List<String> warnings(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        if (!"AVX2".equalsIgnoreCase(env.get("ONEDNN_MAX_CPU_ISA"))) {
            warnings.add("warning: ONEDNN_MAX_CPU_ISA is not AVX2: oneDNN's AVX-512 kernels pad 8 channels to 16"
                    + " and then gave NaN gradients now and then; such steps are skipped (docs/training.md)."
                    + " The ./lungseg launcher sets it.");
        }
        if (!"1".equals(env.get("THP_MEM_ALLOC_ENABLE"))) {
            warnings.add("warning: THP_MEM_ALLOC_ENABLE is not 1: without huge pages PyTorch's page faults made"
                    + " training steps about 5x slower here (docs/performance.md). The ./lungseg launcher sets it.");
        }
        if (env.get("OMP_NUM_THREADS") == null) {
            warnings.add("warning: OMP_NUM_THREADS is not set: training then ran as on one thread (6.8 against 4.3 s"
                    + " a 128^3 step on 2 cores, docs/performance.md). The ./lungseg launcher sets it to the core count.");
        }
        return warnings;
    }
}
