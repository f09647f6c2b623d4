package org.lungseg.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Writes ONNX graphs (opset 17) with the protobuf classes of {@code tribuo-util-onnx}: float
 * tensors (plus int64 constants), initializers as little-endian raw data, generated node names.
 * The trainer's exporter writes lungseg models with it; tests write small fixed-weight networks.
 */
public final class OnnxGraphBuilder {

    public static final int OPSET = 17;
    /** IR version 8 is the one that goes with opset 17. */
    public static final int IR_VERSION = 8;
    private static final String PRODUCER_VERSION = java.util.Objects.requireNonNullElse(
            OnnxGraphBuilder.class.getPackage().getImplementationVersion(), "development");

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private String producer = "lungseg";
    private int counter;

    public OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /** The producer name written into the model (default "lungseg"). */
    public OnnxGraphBuilder producer(String name) {
        this.producer = name;
        return this;
    }

    /** A float input; a dimension of -1 becomes the symbolic batch dimension "N". */
    public OnnxGraphBuilder input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return this;
    }

    public OnnxGraphBuilder output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
        return this;
    }

    /** A constant float tensor; returns its name. */
    public String constant(String hint, float[] values, long... dims) {
        String name = fresh(hint);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A constant int64 tensor (shapes, pads); returns its name. */
    public String int64Constant(String hint, long... values) {
        String name = fresh(hint);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    /** A scalar constant (shape [1], broadcast by the elementwise operators). */
    public String scalar(float value) {
        return constant("c", new float[] {value}, 1);
    }

    /**
     * Adds a node and returns its (single) output name; attribute values are Long, Integer, Float,
     * String or long[]; an input "" is an omitted optional input.
     */
    public String node(String opType, Map<String, Object> attributes, String... inputs) {
        return nodeNamed(fresh(opType.toLowerCase()), opType, attributes, inputs);
    }

    public String node(String opType, String... inputs) {
        return node(opType, Map.of(), inputs);
    }

    /** Adds a node whose output has the given name (e.g. the graph output). */
    public String nodeNamed(String output, String opType, Map<String, Object> attributes, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh("n_" + opType)).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        attributes.forEach((key, value) -> n.addAttribute(attribute(key, value)));
        graph.addNode(n);
        return output;
    }

    /** The model file's bytes with the given {@code metadata_props} (none when empty). */
    public byte[] build(Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer)
                .setProducerVersion(PRODUCER_VERSION).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    private String fresh(String hint) {
        return hint + "_" + counter++;
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long l) {
            a.setType(AttributeProto.AttributeType.INT).setI(l);
        } else if (value instanceof Integer i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (value instanceof Float f) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (value instanceof String text) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(text));
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long v : ints) {
                a.addInts(v);
            }
        } else {
            throw new IllegalArgumentException("unsupported attribute value for " + name + ": " + value);
        }
        return a.build();
    }
}
