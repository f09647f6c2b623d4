package org.lungseg.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The default model shipped inside shared-model's jar, so that the command line and the function
 * segment offline the moment they are installed. Its model card (in the file's metadata and in
 * {@code docs/model-card.md}) says what it was trained on and how well it does.
 */
public final class BundledModel {

    /** Classpath location of the default model. */
    public static final String RESOURCE = "/org/lungseg/model/default.onnx";

    private BundledModel() {
    }

    /** The model file's bytes, or empty when this build carries no default model. */
    public static Optional<byte[]> bytes() {
        try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model " + RESOURCE, e);
        }
    }
}
