package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;

class ModelCardTest {

    private static Map<String, String> valid() {
        return new HashMap<>(ModelCard.standard(new GridSize(128, 128, 96), Crop.NONE,
                Map.of(ModelCard.FOLDS, "5", ModelCard.VALIDATION_METRICS, "{\"dice\":0.9}")).toMetadata());
    }

    @Test
    void whatTheExporterWritesParsesBackToTheSameCard() {
        ModelCard card = ModelCard.parse(valid(), "m.onnx");
        assertThat(card.classes()).containsExactly("left_lung", "right_lung", "infection");
        assertThat(card.grid()).isEqualTo(new GridSize(128, 128, 96));
        assertThat(card.windowLow()).isEqualTo(-1250);
        assertThat(card.windowHigh()).isEqualTo(250);
        assertThat(card.threshold()).isEqualTo(0.5);
        assertThat(card.crop()).isEqualTo(Crop.NONE);
        assertThat(card.property(ModelCard.FOLDS)).isEqualTo("5");
        assertThat(card.property(ModelCard.VALIDATION_METRICS)).isEqualTo("{\"dice\":0.9}");
        assertThat(ModelCard.parse(card.toMetadata(), "again")).isEqualTo(card);
    }

    @Test
    void channelsFollowTheDeclaredOrder() {
        Map<String, String> m = valid();
        m.put(ModelCard.CLASSES, "right_lung, LEFT_LUNG");
        ModelCard card = ModelCard.parse(m, "m.onnx");
        assertThat(card.channel(ModelCard.LEFT_LUNG)).isEqualTo(1);
        assertThat(card.channel(ModelCard.RIGHT_LUNG)).isEqualTo(0);
        assertThat(card.predictsInfection()).isFalse();
        assertThat(card.channelCount()).isEqualTo(2);
    }

    @Test
    void aModelWithoutMetadataIsRefusedWithTheKeysItNeeds() {
        assertThatThrownBy(() -> ModelCard.parse(Map.of(), "old.onnx"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("old.onnx lacks the lungseg model card")
                .hasMessageContaining("are missing")
                .hasMessageContaining("intensity_window");
    }

    @Test
    void aSingleMissingKeyIsNamed() {
        Map<String, String> m = valid();
        m.remove(ModelCard.THRESHOLD);
        assertThatThrownBy(() -> ModelCard.parse(m, "m.onnx"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("miss threshold");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "grid|128x128|not a grid",
        "grid|0x128x128|grid sides",
        "grid|axbxc|not a grid",
        "intensity_window|250,-1250|reversed",
        "intensity_window|-1250|pair of HU",
        "intensity_window|low,high|not a number",
        "threshold|1.5|not a probability",
        "threshold|NaN|not a number",
        "orientation|LPS|not supported",
        "classes|left_lung,spleen|unknown class 'spleen'",
        "classes|left_lung|must name both",
        "classes|left_lung,left_lung,right_lung|appears twice",
        "crop|chest|not one of none, body",
    })
    void malformedEntriesAreRefusedNamingTheEntry(String key, String value, String message) {
        Map<String, String> m = valid();
        m.put(key, value);
        assertThatThrownBy(() -> ModelCard.parse(m, "m.onnx"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("m.onnx")
                .hasMessageContaining(message);
    }

    @Test
    void cropDefaultsToNoneAndBodyIsRecognised() {
        Map<String, String> m = valid();
        m.remove(ModelCard.CROP);
        assertThat(ModelCard.parse(m, "m").crop()).isEqualTo(Crop.NONE);
        m.put(ModelCard.CROP, "BODY");
        assertThat(ModelCard.parse(m, "m").crop()).isEqualTo(Crop.BODY);
        assertThat(ModelCard.of(List.of("left_lung", "right_lung"), new GridSize(8, 8, 8), -1000, 400, 0.4, Crop.BODY,
                Map.of()).toMetadata()).containsEntry(ModelCard.CROP, "body").containsEntry(ModelCard.THRESHOLD, "0.4");
    }
}
