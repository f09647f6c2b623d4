package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSettingsTest {

    private static final Map<String, String> LAUNCHER = Map.of("ONEDNN_MAX_CPU_ISA", "avx2",
            "THP_MEM_ALLOC_ENABLE", "1", "OMP_NUM_THREADS", "2");

    @Test
    void theLaunchersSettingsMeanNoWarning() {
        assertThat(CpuSettings.warnings(LAUNCHER)).isEmpty();
    }

    @Test
    void eachMissingSettingIsNamedWithItsCost() {
        assertThat(CpuSettings.warnings(Map.of("THP_MEM_ALLOC_ENABLE", "1", "OMP_NUM_THREADS", "2")))
                .singleElement().asString().contains("ONEDNN_MAX_CPU_ISA", "NaN");
        assertThat(CpuSettings.warnings(Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE", "THP_MEM_ALLOC_ENABLE", "0",
                "OMP_NUM_THREADS", "2"))).hasSize(2).last().asString().contains("THP_MEM_ALLOC_ENABLE", "slower");
        assertThat(CpuSettings.warnings(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "THP_MEM_ALLOC_ENABLE", "1")))
                .singleElement().asString().contains("OMP_NUM_THREADS", "one thread");
    }
}
