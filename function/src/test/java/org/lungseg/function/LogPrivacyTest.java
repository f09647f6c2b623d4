package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lungseg.nifti.TestNifti;

/**
 * The header's free-text fields ({@code db_name}, {@code descrip}, {@code aux_file}) may hold
 * patient data: whatever the function logs about a scan that carries them, at any level of its
 * own loggers, names the scan id and the outcome and never their text.
 */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class LogPrivacyTest {

    /** Fits the shortest of the three fields (aux_file, 24 bytes). */
    private static final String MARKER = "Doe^Jane-MRN4711";
    /** NIfTI-1 offsets and lengths of the free-text fields. */
    private static final int[][] TEXT_FIELDS = {{14, 18}, {148, 80}, {228, 24}};

    private final Captured log = new Captured();
    private final Logger root = Logger.getLogger("");
    private final Logger ours = Logger.getLogger("org.lungseg");
    private Level oursBefore;

    /** Every record the root logger passes on, formatted with its stack trace. */
    static final class Captured extends Handler {
        private final PatternFormatter format = new PatternFormatter("%c %s%e");
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            lines.add(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String all() {
            return String.join("\n", lines);
        }
    }

    @BeforeEach
    void capture() {
        TestScans.awaitReady();
        oursBefore = ours.getLevel();
        ours.setLevel(Level.ALL);
        log.setLevel(Level.ALL);
        root.addHandler(log);
    }

    @AfterEach
    void release() {
        root.removeHandler(log);
        ours.setLevel(oursBefore);
    }

    /** The demo scan, uncompressed, with the marker in every free-text field of its header. */
    private static byte[] demoWithMarker() throws IOException {
        byte[] nii;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(TestScans.demo()))) {
            nii = in.readAllBytes();
        }
        assertThat(ByteBuffer.wrap(nii).order(ByteOrder.LITTLE_ENDIAN).getInt(0)).as("a NIfTI-1 header").isEqualTo(348);
        byte[] text = MARKER.getBytes(StandardCharsets.US_ASCII);
        for (int[] field : TEXT_FIELDS) {
            Arrays.fill(nii, field[0], field[0] + field[1], (byte) 0);
            System.arraycopy(text, 0, nii, field[0], Math.min(text.length, field[1]));
        }
        return nii;
    }

    @Test
    void aSegmentedScanIsLoggedByIdAndOutcomeWithoutItsHeaderText() throws IOException {
        byte[] scan = demoWithMarker();
        TestScans.postScanEvent("log-privacy-valid", TestNifti.gzip(scan)).then().statusCode(200);
        assertThat(log.all()).contains("scan log-privacy-valid: ok").doesNotContain(MARKER);
    }

    @Test
    void aTruncatedScanIsLoggedByIdAndOutcomeWithoutItsHeaderText() throws IOException {
        byte[] truncated = Arrays.copyOf(demoWithMarker(), 352 + 1000);
        TestScans.postScanEvent("log-privacy-truncated", truncated).then().statusCode(400);
        assertThat(log.all()).contains("scan log-privacy-truncated: 400 invalid-scan").doesNotContain(MARKER);
    }

    @Test
    void aHostileHeaderIsLoggedByIdAndOutcomeWithoutItsHeaderText() throws IOException {
        byte[] hostile = demoWithMarker();
        // dim[1] = -64: a header no reader may trust, with the marker still in its text fields.
        ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putShort(42, (short) -64);
        TestScans.postScanEvent("log-privacy-hostile", hostile).then().statusCode(400);
        assertThat(log.all()).contains("scan log-privacy-hostile: 400 invalid-scan").doesNotContain(MARKER);
    }
}
