package org.lungseg.train;

import java.util.List;
import org.lungseg.data.LabelledCase;
import org.lungseg.inference.LabelResampler;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.NetworkInput;
import org.lungseg.inference.Preprocessor;
import org.lungseg.label.Label;

/**
 * Turns a labelled case into a {@link NetworkSample} with the Segmenter's own preprocessing, so
 * the model trains on exactly what it will see in production. Lung targets cover the whole lung,
 * infected part included (DESIGN.md); the infection target is label 3.
 */
public final class SampleMaker {

    private final Preprocessor preprocessor;
    private final List<String> classes;

    public SampleMaker(ModelCard card) {
        this.preprocessor = new Preprocessor(card);
        this.classes = card.classes();
    }

    public NetworkSample make(LabelledCase c) {
        NetworkInput input = preprocessor.prepare(c.ct());
        byte[] lungs = LabelResampler.resample(c.wholeLungs(), input.space());
        byte[] labels = LabelResampler.resample(c.labels(), input.space());
        int n = lungs.length;
        byte[] targets = new byte[classes.size() * n];
        for (int k = 0; k < classes.size(); k++) {
            String cls = classes.get(k);
            byte[] source = cls.equals(ModelCard.INFECTION) ? labels : lungs;
            int value = switch (cls) {
                case ModelCard.LEFT_LUNG -> Label.LEFT_LUNG.value();
                case ModelCard.RIGHT_LUNG -> Label.RIGHT_LUNG.value();
                case ModelCard.INFECTION -> Label.INFECTION.value();
                default -> throw new IllegalArgumentException("no training target for class " + cls);
            };
            for (int i = 0; i < n; i++) {
                targets[k * n + i] = (byte) (source[i] == value ? 1 : 0);
            }
        }
        return new NetworkSample(c.name(), input.image(), targets);
    }
}
