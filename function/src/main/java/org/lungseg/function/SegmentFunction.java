package org.lungseg.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The function's two entry points, one pipeline behind both.
 * <ul>
 *   <li>{@code segment}: JSON over HTTP ({@code POST /segment}): a reference, inline base64 data,
 *   or an S3 bucket notification; answers the result JSON.</li>
 *   <li>CloudEvents of type {@value #UPLOADED_TYPE} (Knative, {@code POST /}): in binary mode the
 *   body is the scan itself ({@code .nii}, {@code .nii.gz}, or a zip of a DICOM series whose series
 *   the {@value #SERIES_EXTENSION} attribute may name), or a JSON object as {@code segment} reads;
 *   the reply is a {@value #SEGMENTED_TYPE} event carrying the result JSON.</li>
 * </ul>
 * Failures become RFC 9457 problem answers ({@link ProblemResponder}).
 */
public class SegmentFunction {

    public static final String UPLOADED_TYPE = "lungseg.scan.uploaded";
    public static final String SEGMENTED_TYPE = "lungseg.scan.segmented";
    public static final String EVENT_SOURCE = "lungseg/function";
    /** CloudEvent extension attribute that picks the outputs of an uploaded scan: inline or none. */
    public static final String OUTPUTS_EXTENSION = "lungsegoutputs";
    /** CloudEvent extension attribute that names the DICOM series of an uploaded zip (a SeriesInstanceUID). */
    public static final String SERIES_EXTENSION = "lungsegseries";
    private static final Pattern SCAN_NAME = Pattern.compile("[^/\\\\]{1,200}\\.(nii|nii\\.gz|zip)", Pattern.CASE_INSENSITIVE);

    private final SegmentationService service;
    private final ObjectMapper mapper;

    public SegmentFunction(SegmentationService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @Funq("segment")
    public SegmentationReport segment(SegmentRequest request) {
        return service.segment(ScanJob.of(request));
    }

    @Funq("scan-uploaded")
    @CloudEventMapping(trigger = UPLOADED_TYPE, responseType = SEGMENTED_TYPE, responseSource = EVENT_SOURCE)
    public CloudEvent<SegmentationReport> uploaded(CloudEvent<byte[]> event) {
        byte[] body = data(event);
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("the event " + event.id() + " carries no data: send the scan as its body");
        }
        ScanJob job = looksLikeJson(body) ? ScanJob.of(parse(body, event.id()))
                : ScanJob.upload(event.id(), body, scanName(event.subject()), event.extensions().get(OUTPUTS_EXTENSION),
                        event.extensions().get(SERIES_EXTENSION));
        SegmentationReport report = service.segment(job);
        return CloudEventBuilder.create().type(SEGMENTED_TYPE).source(EVENT_SOURCE).subject(report.scanId())
                .build(report);
    }

    private static byte[] data(CloudEvent<byte[]> event) {
        try {
            return event.data();
        } catch (NullPointerException e) {
            // Funqy keeps no body buffer for a binary event without a body.
            return null;
        }
    }

    /** A JSON object body is a request; a scan never starts with '{' (NIfTI starts with its header size, gzip with 0x1f). */
    static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private SegmentRequest parse(byte[] json, String eventId) {
        try {
            SegmentRequest r = mapper.readValue(json, SegmentRequest.class);
            return r.id() == null
                    ? new SegmentRequest(eventId, r.scan(), r.data(), r.name(), r.outputs(), r.records(), r.series()) : r;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the event's JSON data is not a segment request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("the event's data could not be read: " + e.getMessage());
        }
    }

    /** The event's subject when it is a scan file name (used in messages), else none. */
    private static String scanName(String subject) {
        if (subject == null) {
            return null;
        }
        String last = subject.substring(subject.lastIndexOf('/') + 1);
        return SCAN_NAME.matcher(last).matches() ? last : null;
    }
}
