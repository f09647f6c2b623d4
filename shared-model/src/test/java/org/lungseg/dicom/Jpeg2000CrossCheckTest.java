package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Volume;

/**
 * The real JPEG 2000 series (totalseg-example, 20 slices of 512x512, lossless) decoded
 * independently: GDCM's {@code gdcmraw} extracts each codestream, OpenJPEG's
 * {@code opj_decompress} decodes it, DCMTK's {@code dcmdump} gives each slice's position and
 * rescale. The reader's volume must equal the result bit for bit. Real slices compressed lossily by
 * GDCM are checked the same way. Skipped where a tool is missing.
 */
class Jpeg2000CrossCheckTest {

    @TempDir
    Path dir;

    /** One slice as the tools see it. */
    private record Slice(double z, float[] hu) {
    }

    @Test
    void theJpeg2000SeriesDecodesBitExactlyAsOpenJpegDoes() throws Exception {
        ExternalTools.require("gdcmraw", "GDCM: apt-get install libgdcm-tools");
        ExternalTools.require("opj_decompress", "OpenJPEG: apt-get install libopenjp2-tools");
        ExternalTools.require("dcmdump", "DCMTK: apt-get install dcmtk");
        Path series = RealData.file("totalseg-example/dicom/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573")
                .getParent();
        List<Slice> slices;
        try (Stream<Path> files = Files.list(series)) {
            List<Path> list = files.sorted().toList();
            slices = new java.util.ArrayList<>();
            for (Path f : list) {
                slices.add(decode(f));
            }
        }
        // Axial slices with the identity orientation: the reader's slice order is increasing z.
        slices.sort(Comparator.comparingDouble(Slice::z));

        Volume v = DicomSeriesReader.read(series);

        assertThat(v.grid().dims()).containsExactly(512, 512, 20);
        int perSlice = 512 * 512;
        for (int k = 0; k < slices.size(); k++) {
            float[] ours = java.util.Arrays.copyOfRange(v.voxels(), k * perSlice, (k + 1) * perSlice);
            assertThat(ours).as("slice " + k + " at z " + slices.get(k).z()).isEqualTo(slices.get(k).hu());
        }
    }

    /**
     * JPEG 2000 lossy (.4.91) as GDCM writes it ({@code gdcmconv --j2k --lossy -r 20}: about 20:1)
     * from twenty real cip-ct64 slices (signed 16-bit): the reader must give OpenJPEG's decoding of
     * each codestream, not the originals, which a lossy code cannot reproduce.
     */
    @Test
    void lossyJpeg2000FromGdcmDecodesAsOpenJpegDoes() throws Exception {
        ExternalTools.require("gdcmconv", "GDCM: apt-get install libgdcm-tools");
        ExternalTools.require("gdcmraw", "GDCM: apt-get install libgdcm-tools");
        ExternalTools.require("opj_decompress", "OpenJPEG: apt-get install libopenjp2-tools");
        ExternalTools.require("dcmdump", "DCMTK: apt-get install dcmtk");
        Path series = Files.createDirectories(dir.resolve("lossy"));
        List<Slice> slices = new java.util.ArrayList<>();
        for (int n = 60; n <= 79; n++) {
            String name = String.format("IMG%04d.dcm", n);
            Path lossy = series.resolve(name);
            ExternalTools.run(List.of("gdcmconv", "--j2k", "--lossy", "-r", "20",
                    RealData.file("cip-ct64/dicom/" + name).toString(), lossy.toString()));
            assertThat(ExternalTools.run(List.of("dcmdump", "+P", "TransferSyntaxUID", lossy.toString())))
                    .contains("=JPEG2000 ");  // .4.91, not the lossless .4.90
            slices.add(decode(lossy));
        }
        slices.sort(Comparator.comparingDouble(Slice::z));  // identity orientation: slice order is increasing z

        Volume v = DicomSeriesReader.read(series);

        assertThat(v.grid().dims()).containsExactly(64, 64, 20);
        int perSlice = 64 * 64;
        for (int k = 0; k < slices.size(); k++) {
            float[] ours = java.util.Arrays.copyOfRange(v.voxels(), k * perSlice, (k + 1) * perSlice);
            assertThat(ours).as("slice " + k + " at z " + slices.get(k).z()).isEqualTo(slices.get(k).hu());
        }
    }

    private Slice decode(Path file) throws Exception {
        String name = file.getFileName().toString();
        Path codestream = dir.resolve(name + ".j2k");
        Path raw = dir.resolve(name + ".rawl");  // OpenJPEG's little-endian raw output
        ExternalTools.run(List.of("gdcmraw", "-i", file.toString(), "-o", codestream.toString(), "-t", "7fe0,0010"));
        ExternalTools.run(List.of("opj_decompress", "-i", codestream.toString(), "-o", raw.toString()));
        // +uc: GDCM's lossy writer stores the position and rescale with VR UN; dcmdump then shows hex
        String dump = ExternalTools.run(List.of("dcmdump", "+uc", "+P", "ImagePositionPatient", "+P", "RescaleSlope",
                "+P", "RescaleIntercept", "+P", "PixelRepresentation", file.toString()));
        boolean signed = value(dump, "PixelRepresentation").equals("1");
        double slope = Double.parseDouble(value(dump, "RescaleSlope"));
        double intercept = Double.parseDouble(value(dump, "RescaleIntercept"));
        double z = Double.parseDouble(value(dump, "ImagePositionPatient").split("\\\\")[2]);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] hu = new float[b.capacity() / 2];
        for (int i = 0; i < hu.length; i++) {
            short stored = b.getShort();
            hu[i] = (float) ((signed ? stored : stored & 0xFFFF) * slope + intercept);
        }
        return new Slice(z, hu);
    }

    /** The value of a {@code dcmdump} line ending in {@code keyword}: bracketed text, or a number after the VR. */
    private static String value(String dump, String keyword) {
        return dump.lines().filter(l -> l.trim().endsWith(" " + keyword)).findFirst()
                .map(l -> l.indexOf('[') >= 0 ? l.substring(l.indexOf('[') + 1, l.indexOf(']')) : l.trim().split("\\s+")[2])
                .orElseThrow(() -> new AssertionError("dcmdump shows no " + keyword + ":\n" + dump));
    }
}
