package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.lungseg.volume.InvalidScanException;

/** Asserts a refusal: the typed exception, the words that explain it, and no patient data in it. */
final class Refusals {

    private Refusals() {
    }

    static InvalidScanException assertRefused(ThrowingCallable read, String... messageParts) {
        InvalidScanException e = catchThrowableOfType(InvalidScanException.class, read);
        assertThat(e).as("an InvalidScanException").isNotNull();
        assertThat(e.getMessage()).contains(messageParts);
        assertNoPatientData(e.getMessage());
        return e;
    }

    static void assertNoPatientData(String text) {
        assertThat(text).doesNotContain("Doe").doesNotContain("Jane").doesNotContain("SECRET").doesNotContain("4711")
                .doesNotContain("Anonymous").doesNotContain("123456");
    }
}
