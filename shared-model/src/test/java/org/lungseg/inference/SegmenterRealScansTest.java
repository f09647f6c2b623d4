package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** The whole pipeline on real CT with the fixed-weight lung finder, scored against real lung labels. */
class SegmenterRealScansTest {

    private static Segmenter lungsOnly;

    @BeforeAll
    static void open() {
        ModelCard card = TestModels.card(new GridSize(64, 64, 64), Crop.NONE,
                List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG));
        lungsOnly = Segmenter.open(TestModels.darkInsideBody(card), "lungs-only.onnx",
                Segmenter.Options.defaults().withSession(InferenceSession.Options.cpu().withThreads(2)));
    }

    @AfterAll
    static void close() {
        lungsOnly.close();
    }

    @Test
    void findsBothLungsOfARealChestOnTheRightSides() {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        LabelMap truth = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        SegmentationResult r = lungsOnly.segment(ct);
        System.out.println(r.timingsMs() + " " + r.warnings());
        double left = Overlap.dice(r.labels(), new int[] {1}, truth, new int[] {1});
        double right = Overlap.dice(r.labels(), new int[] {2}, truth, new int[] {2});
        System.out.println("dice left " + left + " right " + right);
        assertThat(r.labels().grid()).isEqualTo(ct.grid());
        assertThat(left).isGreaterThan(0.8);
        assertThat(right).isGreaterThan(0.8);
    }
}
