package org.lungseg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.lungseg.volume.InvalidScanException;

/**
 * The Parquet table of the H2O Hydrogen Torch 3D segmentation layout ({@code train.pq}): one row
 * per volume with its {@code image} file name, and the list columns {@code rle_mask} and
 * {@code class_id}, one entry per class. Reading also takes one row per volume and class with
 * plain string columns, and lists written as pyarrow or older writers do.
 */
final class H2oTable {

    static final String IMAGE = "image";
    static final String RLE_MASK = "rle_mask";
    static final String CLASS_ID = "class_id";
    /** Not H2O's: the voxel-to-RAS affine of the image (12 numbers), so that geometry survives. */
    static final String AFFINE = "affine";

    /** One row: an image, its classes and their masks, and (optionally) its affine. */
    record Row(String image, List<String> classIds, List<String> rleMasks, String affine) {
        Row {
            if (classIds.size() != rleMasks.size()) {
                throw new InvalidScanException("row of " + image + " has " + classIds.size() + " class ids but "
                        + rleMasks.size() + " masks");
            }
        }
    }

    private static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(IMAGE)
            .optionalList().optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(RLE_MASK)
            .optionalList().optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(CLASS_ID)
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(AFFINE)
            .named("schema");

    private H2oTable() {
    }

    static void write(Path file, List<Row> rows) {
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(SCHEMA)
                .withCodecFactory(new ParquetCodecs())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            for (Row row : rows) {
                Group g = groups.newGroup().append(IMAGE, row.image());
                appendList(g.addGroup(RLE_MASK), row.rleMasks());
                appendList(g.addGroup(CLASS_ID), row.classIds());
                if (row.affine() != null) {
                    g.append(AFFINE, row.affine());
                }
                writer.write(g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void appendList(Group list, List<String> values) {
        for (String v : values) {
            list.addGroup("list").append("element", v);
        }
    }

    static List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            for (String column : List.of(IMAGE, RLE_MASK, CLASS_ID)) {
                if (!schema.containsField(column)) {
                    throw new InvalidScanException(file.getFileName() + " has no column '" + column
                            + "' (H2O's layout needs image, rle_mask, class_id; it has " + schema.getFields().stream()
                            .map(Type::getName).toList() + ")");
                }
            }
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long r = 0; r < pages.getRowCount(); r++) {
                    Group g = records.read();
                    List<String> affine = strings(g, AFFINE);
                    rows.add(new Row(single(g, IMAGE, file), strings(g, CLASS_ID), strings(g, RLE_MASK),
                            affine.isEmpty() ? null : affine.get(0)));
                }
            }
        } catch (IOException e) {
            throw new InvalidScanException("cannot read the Parquet table " + file.getFileName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof InvalidScanException) {
                throw e;
            }
            throw new InvalidScanException("cannot read the Parquet table " + file.getFileName() + ": " + e, e);
        }
        return rows;
    }

    private static String single(Group g, String field, Path file) {
        List<String> values = strings(g, field);
        if (values.size() != 1) {
            throw new InvalidScanException(file.getFileName() + ": a row has " + values.size() + " values of " + field);
        }
        return values.get(0);
    }

    /** The strings of a column: a plain string (or none), or the elements of a list, nulls as "". */
    private static List<String> strings(Group g, String field) {
        GroupType type = g.getType();
        if (!type.containsField(field)) {
            return List.of();
        }
        int index = type.getFieldIndex(field);
        Type column = type.getType(index);
        List<String> out = new ArrayList<>();
        int count = g.getFieldRepetitionCount(index);
        if (column.isPrimitive()) {
            for (int i = 0; i < count; i++) {
                out.add(g.getString(index, i));
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            Group list = g.getGroup(index, i);
            Type repeated = list.getType().getType(0);
            int n = list.getFieldRepetitionCount(0);
            for (int e = 0; e < n; e++) {
                if (repeated.isPrimitive()) {
                    out.add(list.getString(0, e)); // two-level list: repeated binary
                } else {
                    Group element = list.getGroup(0, e);
                    out.add(element.getFieldRepetitionCount(0) == 0 ? "" : element.getString(0, 0));
                }
            }
        }
        return out;
    }
}
