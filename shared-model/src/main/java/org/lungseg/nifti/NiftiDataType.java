package org.lungseg.nifti;

import java.util.Arrays;
import java.util.Optional;

/** The NIfTI voxel datatypes lungseg reads, with their codes and sizes. */
public enum NiftiDataType {
    UINT8(2, 8, false),
    INT16(4, 16, false),
    INT32(8, 32, false),
    FLOAT32(16, 32, true),
    FLOAT64(64, 64, true),
    INT8(256, 8, false),
    UINT16(512, 16, false),
    UINT32(768, 32, false);

    public final int code;
    public final int bitpix;
    public final boolean floating;

    NiftiDataType(int code, int bitpix, boolean floating) {
        this.code = code;
        this.bitpix = bitpix;
        this.floating = floating;
    }

    public int bytes() {
        return bitpix / 8;
    }

    public static Optional<NiftiDataType> ofCode(int code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }

    /** A name for codes lungseg does not read, for error messages. */
    static String describeUnsupported(int code) {
        return switch (code) {
            case 0 -> "unknown (0)";
            case 1 -> "binary (1)";
            case 32 -> "complex64 (32)";
            case 128 -> "RGB24 (128)";
            case 1024 -> "int64 (1024)";
            case 1280 -> "uint64 (1280)";
            case 1536 -> "float128 (1536)";
            case 1792 -> "complex128 (1792)";
            case 2048 -> "complex256 (2048)";
            case 2304 -> "RGBA32 (2304)";
            default -> "code " + code;
        };
    }
}
