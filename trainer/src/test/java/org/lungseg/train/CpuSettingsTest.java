package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSettingsTest {

    @Test
    void bothSettingsMeanNoWarning() {
        assertThat(CpuSettings.warnings(Map.of("ONEDNN_MAX_CPU_ISA", "avx2", "THP_MEM_ALLOC_ENABLE", "1"))).isEmpty();
    }

    @Test
    void eachMissingSettingIsNamedWithItsCost() {
        assertThat(CpuSettings.warnings(Map.of("THP_MEM_ALLOC_ENABLE", "1")))
                .singleElement().asString().contains("ONEDNN_MAX_CPU_ISA", "NaN");
        assertThat(CpuSettings.warnings(Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE", "THP_MEM_ALLOC_ENABLE", "0")))
                .hasSize(2).last().asString().contains("THP_MEM_ALLOC_ENABLE", "slower");
    }
}
