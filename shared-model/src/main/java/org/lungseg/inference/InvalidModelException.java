package org.lungseg.inference;

/**
 * A model file that cannot be used: not ONNX, or not following lungseg's model contract (missing
 * or malformed {@code metadata_props}, wrong input or output names and shapes). The message names
 * what is wrong and what the contract expects.
 */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
