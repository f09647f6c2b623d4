package org.lungseg.function;

import java.util.Locale;

/** What happens to the mask and preview. */
public enum OutputMode {
    /** Written next to the scan in its bucket or root, under the output prefix. */
    STORE,
    /** Returned base64 in the result. */
    INLINE,
    /** Not produced: volumes only. */
    NONE;

    /** Parses {@code store}, {@code inline} or {@code none}; null or blank gives {@code fallback}. */
    static OutputMode parse(String text, OutputMode fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("outputs '" + text + "' is not one of store, inline, none");
        }
    }
}
