package org.lungseg.function;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 *
 * @param type   what kind of problem, a {@code urn:lungseg:problem:} URN a client can switch on
 * @param title  short, the same for every problem of this type
 * @param status the HTTP status
 * @param detail what went wrong with this request, for a person
 * @param scanId the scan it concerns, when known (an extension member)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String scanId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:lungseg:problem:";

    static Problem of(String kind, String title, int status, String detail, String scanId) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, scanId);
    }

    /** The type's last segment, e.g. {@code invalid-scan}: the outcome label in metrics. */
    public String kind() {
        return type.substring(TYPE_PREFIX.length());
    }
}
