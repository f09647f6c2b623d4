package org.lungseg.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A catalogue of malformed and hostile NIfTI files, each with words its error message must
 * contain. Shared by the reader's tests and the command line's, which must both refuse every one
 * with a clear message.
 */
public final class HostileNiftiFiles {

    /** One hostile file: its name, how to write it, and what the refusal must say. */
    public record Case(String name, Supplier<byte[]> content, List<String> messageParts) {

        /** Writes the file into {@code dir} and returns its path. */
        public Path write(Path dir) {
            Path p = dir.resolve(name);
            try {
                if (name.startsWith("bomb")) {
                    writeBomb(p, content.get(), 4L << 30);
                } else {
                    Files.write(p, content.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileNiftiFiles() {
    }

    private static Case c(String name, Supplier<byte[]> content, String... parts) {
        return new Case(name, content, List.of(parts));
    }

    public static List<Case> all() {
        return List.of(
                c("empty.nii", () -> new byte[0], "empty"),
                c("notes.nii", () -> "Patient notes, not a scan at all.".getBytes(), "not a NIfTI file"),
                c("zeros.nii.gz", () -> TestNifti.gzip(new byte[600]), "not a NIfTI file"),
                c("short-header.nii", () -> Arrays.copyOf(TestNifti.int16(4, 4, 4).bytes(), 200), "truncated header", "200 of 348"),
                c("cut.nii", () -> cut(TestNifti.int16(16, 16, 16).bytes(), 100), "truncated or wrong dimensions"),
                c("cut-data.nii.gz", () -> TestNifti.gzip(cut(TestNifti.int16(16, 16, 16).bytes(), 100)), "truncated voxel data"),
                c("cut-gzip.nii.gz", () -> half(TestNifti.int16(32, 32, 32).gzipped()), "truncated gzip"),
                c("corrupt.nii.gz", () -> corrupt(TestNifti.int16(32, 32, 32).gzipped()), "corrupt gzip"),
                c("sizeof-hdr.nii", () -> TestNifti.int16(4, 4, 4).sizeofHdr(349).bytes(), "sizeof_hdr is 349"),
                c("dim0-8.nii", () -> TestNifti.int16(4, 4, 4).dims(8).bytes(), "dim[0] is 8"),
                c("dim0-negative.nii", () -> TestNifti.int16(4, 4, 4).dims(-3).bytes(), "dim[0] is -3"),
                c("zero-dim.nii", () -> TestNifti.int16(4, 4, 4).dims(3, 4, 0, 4).bytes(), "dimension 2 is 0"),
                c("negative-dim.nii", () -> TestNifti.int16(4, 4, 4).dims(3, 4, 4, -4).bytes(), "dimension 3 is -4"),
                c("huge.nii", () -> TestNifti.int16(4, 4, 4).dims(3, 30000, 30000, 1).bytes(), "above the limit"),
                c("huge-payload.nii", () -> TestNifti.int16(4, 4, 4).dims(3, 512, 512, 300).bytes(), "holds only"),
                c("huge.nii.gz", () -> TestNifti.int16(4, 4, 4).dims(3, 512, 512, 600).gzipped(), "could hold at most"),
                c("rgb.nii", () -> TestNifti.int16(4, 4, 4).datatype(128, 24).bytes(), "unsupported datatype RGB24"),
                c("complex.nii", () -> TestNifti.int16(4, 4, 4).datatype(32, 64).bytes(), "unsupported datatype complex64"),
                c("vox-offset.nii", () -> TestNifti.int16(4, 4, 4).voxOffset(1e7).bytes(), "vox_offset", "outside the file"),
                c("vox-offset-low.nii", () -> TestNifti.int16(4, 4, 4).voxOffset(12).bytes(), "vox_offset 12.0"),
                c("bitpix.nii", () -> TestNifti.int16(4, 4, 4).datatype(4, 32).bytes(), "bitpix is 32", "int16"),
                c("zero-spacing-sform.nii", () -> TestNifti.int16(4, 4, 4).srow(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0).bytes(),
                        "zero voxel spacing along axis 2"),
                c("zero-spacing-pixdim.nii", () -> TestNifti.int16(4, 4, 4).sformCode(0).pixdim(1, 1, 1, 0).bytes(), "pixdim[3] = 0.0"),
                c("nan-sform.nii", () -> TestNifti.int16(4, 4, 4).srow(1, 0, 0, Double.NaN, 0, 1, 0, 0, 0, 0, 1, 0).bytes(),
                        "sform holds NaN"),
                c("nan-qform.nii", () -> TestNifti.int16(4, 4, 4).sformCode(0).qformCode(1).quatern(Double.NaN, 0, 0).bytes(),
                        "qform holds NaN"),
                c("slice-2d.nii", () -> TestNifti.int16(4, 4, 4).dims(2, 8, 8).bytes(), "2D image (8x8)", "3D CT scan is needed"),
                c("fmri-4d.nii", () -> TestNifti.int16(4, 4, 4).dims(4, 2, 2, 2, 8).bytes(), "4D image", "8 volumes"),
                c("pair.hdr", () -> TestNifti.int16(4, 4, 4).magic("ni1").bytes(), ".hdr/.img pair"),
                c("analyze.hdr", () -> TestNifti.int16(4, 4, 4).magic("").bytes(), "ANALYZE"),
                c("nifti2-overflow.nii", () -> nifti2(ByteOrder.LITTLE_ENDIAN).dims(5, 4, 4, 4, 1L << 40, 1L << 40).bytes(),
                        "5D image", "more than 9223372036854775807 volumes"),
                c("nifti2-overflow-be.nii", () -> nifti2(ByteOrder.BIG_ENDIAN).dims(7, 4, 4, 4, 3, Long.MAX_VALUE, 2, 2).bytes(),
                        "7D image", "more than 9223372036854775807 volumes"),
                c("nifti2-huge.nii", () -> nifti2(ByteOrder.LITTLE_ENDIAN).dims(3, Long.MAX_VALUE, Long.MAX_VALUE, 1L << 40).bytes(),
                        "above the limit"),
                c("nifti2-negative-dim.nii", () -> nifti2(ByteOrder.LITTLE_ENDIAN).dims(3, 4, 4, Long.MIN_VALUE).bytes(),
                        "dimension 3 is -9223372036854775808"),
                c("nifti2-vox-offset.nii", () -> nifti2(ByteOrder.LITTLE_ENDIAN).voxOffset(1e7).bytes(), "vox_offset", "outside the file"),
                c("nifti2-vox-offset-negative.nii", () -> nifti2(ByteOrder.BIG_ENDIAN).voxOffset(-544).bytes(), "vox_offset -544.0"),
                c("nifti2-short-header.nii", () -> Arrays.copyOf(nifti2(ByteOrder.LITTLE_ENDIAN).bytes(), 300),
                        "truncated header", "300 of 540"),
                c("nifti2-cut.nii", () -> cut(nifti2(ByteOrder.BIG_ENDIAN).bytes(), 100), "truncated or wrong dimensions"),
                c("nifti2-cut-data.nii.gz", () -> TestNifti.gzip(cut(nifti2(ByteOrder.LITTLE_ENDIAN).bytes(), 100)),
                        "truncated voxel data"),
                c("bomb-declares-gigabytes.nii.gz",
                        () -> TestNifti.int16(4, 4, 4).dims(3, 2048, 2048, 1024).data(new byte[0]).bytes(), "above the limit"));
    }

    /** A valid 16x16x16 int16 NIfTI-2 scan, to be broken. */
    private static TestNifti nifti2(ByteOrder order) {
        return TestNifti.int16(2, order, 16, 16, 16);
    }

    private static byte[] cut(byte[] b, int n) {
        return Arrays.copyOf(b, b.length - n);
    }

    private static byte[] half(byte[] b) {
        return Arrays.copyOf(b, b.length / 2);
    }

    private static byte[] corrupt(byte[] gz) {
        for (int i = 20; i < 60; i++) {
            gz[i] = (byte) 0xff;
        }
        return gz;
    }

    /**
     * Header plus {@code zeros} zero bytes, as one gzip member for the header and the same
     * 64 MiB-of-zeros member repeated (a valid multi-member gzip): cheap to write, huge to inflate.
     * Returns how many bytes it inflates to.
     */
    public static long writeBomb(Path path, byte[] head, long zeros) throws IOException {
        int blockBytes = 64 << 20;
        byte[] member = TestNifti.gzip(new byte[blockBytes]);
        long inflated = head.length;
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(TestNifti.gzip(head));
            for (; inflated < head.length + zeros; inflated += blockBytes) {
                out.write(member);
            }
        }
        return inflated;
    }
}
