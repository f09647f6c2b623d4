package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** The design's large scan, 512x512x600 int16, read, segmented and written in a JVM with a 2 GiB heap. */
class LargeScanMemoryTest {

    @Test
    void a512x512x600ScanSegmentsWithA2GiBHeap(@TempDir Path dir) throws Exception {
        Path scan = dir.resolve("large.nii.gz");
        Volume chest = SyntheticChest.of(512, 512, 600);
        NiftiWriter.write(chest, scan);
        chest = null; // the child JVM reads it back
        Path model = dir.resolve("finder.onnx");
        Files.write(model, TestModels.darkInsideBody(TestModels.card(new GridSize(128, 128, 128))));
        Path mask = dir.resolve("mask.nii.gz");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                LargeScanCheck.class.getName(), scan.toString(), model.toString(), mask.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        System.out.print(out);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("OutOfMemoryError");
        Matcher m = Pattern.compile("heap (\\d+) MiB, left (\\d+) mL, right (\\d+) mL").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isLessThanOrEqualTo(2048);
        // Each synthetic lung is an ellipsoid of roughly 2 L.
        assertThat(Long.parseLong(m.group(2))).isBetween(1000L, 4000L);
        assertThat(Long.parseLong(m.group(3))).isBetween(1000L, 4000L);
        LabelMap written = NiftiReader.readLabels(mask);
        assertThat(written.grid().dimsText()).isEqualTo("512x512x600");
    }
}
