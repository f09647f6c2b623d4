package org.lungseg.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page codecs without Hadoop's codec machinery (which needs a full Hadoop runtime on the
 * class path): Snappy, as pandas writes by default, and uncompressed pages both ways; gzip and
 * zstd pages on reading.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("cannot write " + codec + " Parquet pages; use SNAPPY or UNCOMPRESSED");
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return codec == CompressionCodecName.SNAPPY ? BytesInput.from(Snappy.compress(bytes.toByteArray())) : bytes;
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(inflate(codec, bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(inflate(codec, in, uncompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    private static byte[] inflate(CompressionCodecName codec, byte[] in, int size) throws IOException {
        byte[] out = switch (codec) {
            case UNCOMPRESSED -> in;
            case SNAPPY -> Snappy.uncompress(in);
            case GZIP -> {
                try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
                    yield gz.readNBytes(size);
                }
            }
            case ZSTD -> com.github.luben.zstd.Zstd.decompress(in, size);
            default -> throw new IOException("Parquet pages compressed with " + codec + " are not supported");
        };
        if (out.length != size) {
            throw new IOException("a " + codec + " Parquet page inflated to " + out.length + " bytes, expected " + size);
        }
        return out;
    }

    @Override
    public void release() {
    }
}
