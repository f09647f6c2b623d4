package org.lungseg.function;

import org.lungseg.inference.PreviewRenderer;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.inference.Segmenter;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;
import org.lungseg.volume.Volume;

/**
 * One whole segmentation of a small synthetic chest before the function reports ready: loads and
 * compiles every stage a request goes through (preprocessing, the network, postprocessing, the
 * preview's imaging classes, the mask encoder), so the first real scan is as fast as the rest.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run(Segmenter segmenter) {
        Volume chest = PhantomGenerator.generate(PhantomSpec.of(1).withSize(64, 64, 32)).ct();
        SegmentationResult result = segmenter.segment(chest);
        new PreviewRenderer().render(chest, result);
        NiftiWriter.toBytes(result.labels(), true);
    }
}
