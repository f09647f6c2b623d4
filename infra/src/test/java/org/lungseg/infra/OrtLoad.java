package org.lungseg.infra;

import ai.onnxruntime.OrtEnvironment;

/** Loads ONNX Runtime and prints its version: run in a JVM of its own by {@link NativeImageTest}. */
public final class OrtLoad {

    private OrtLoad() {
    }

    public static void main(String[] args) {
        System.out.println("onnxruntime " + OrtEnvironment.getEnvironment().getVersion());
    }
}
