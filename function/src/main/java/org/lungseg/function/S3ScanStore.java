package org.lungseg.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads scans from, and writes outputs to, the configured buckets of an S3-compatible store.
 * Any other bucket is refused (403) before the store is asked; objects larger than
 * {@code lungseg.max-scan-size} are refused (413) from their metadata, before the download.
 */
@ApplicationScoped
public class S3ScanStore {

    private static final Logger LOG = Logger.getLogger(S3ScanStore.class);

    private final List<String> buckets;
    private final long maxScanBytes;
    private final OutputNames outputs;
    private final Instance<S3Client> client;

    public S3ScanStore(FunctionConfig config, Instance<S3Client> client) {
        this.buckets = config.s3().buckets().orElse(List.of());
        this.maxScanBytes = config.maxScanSize().asLongValue();
        this.outputs = new OutputNames(config.output().prefix());
        this.client = client;
    }

    /** Checks that the scan may be read: an allowed bucket, and not one of the function's own outputs. */
    public void checkReadable(ScanLocation.S3Object object) {
        if (!buckets.contains(object.bucket())) {
            throw ProblemException.forbidden(buckets.isEmpty()
                    ? "this function reads no buckets (lungseg.s3.buckets is empty)"
                    : "bucket '" + object.bucket() + "' is not one this function reads (lungseg.s3.buckets)");
        }
        if (outputs.isOutput(object.key())) {
            throw ProblemException.forbidden("'" + object.uri() + "' lies under the output prefix '" + outputs.prefix()
                    + "': the function does not segment its own outputs (filter the bucket notification by prefix)");
        }
    }

    /** Downloads the object into a temporary file, deleted when the payload is closed. */
    public ScanPayload fetch(ScanLocation.S3Object object) {
        checkReadable(object);
        S3Client s3 = client.get();
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(object.bucket()).key(object.key()));
            long size = head.contentLength() == null ? -1 : head.contentLength();
            if (size > maxScanBytes) {
                throw ProblemException.tooLarge(String.format(Locale.ROOT,
                        "'%s' holds %,d bytes, above the %,d bytes this function reads (lungseg.max-scan-size)",
                        object.uri(), size, maxScanBytes));
            }
            ScanPayload payload = ScanPayload.temporary(object.fileName());
            try {
                s3.getObject(b -> b.bucket(object.bucket()).key(object.key()), payload.file());
                return payload;
            } catch (RuntimeException e) {
                payload.close();
                throw e;
            }
        } catch (NoSuchKeyException e) {
            throw ProblemException.notFound("'" + object.uri() + "' does not exist");
        } catch (NoSuchBucketException e) {
            throw ProblemException.notFound("bucket '" + object.bucket() + "' does not exist");
        } catch (S3Exception e) {
            throw storeError(object, e);
        } catch (SdkClientException e) {
            throw ProblemException.storeFailed("the object store could not be reached for '" + object.uri() + "': "
                    + e.getMessage());
        }
    }

    /** Writes one output of {@code scan} under the output prefix; returns its URI. */
    public String write(ScanLocation.S3Object scan, String outputKey, byte[] bytes, String contentType) {
        if (!outputs.isOutput(outputKey)) {
            throw new IllegalArgumentException(outputKey + " is not under the output prefix");
        }
        try {
            client.get().putObject(b -> b.bucket(scan.bucket()).key(outputKey).contentType(contentType),
                    RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            throw storeError(new ScanLocation.S3Object(scan.bucket(), outputKey), e);
        } catch (SdkClientException e) {
            throw ProblemException.storeFailed("the object store could not be reached to write s3://" + scan.bucket() + "/"
                    + outputKey + ": " + e.getMessage());
        }
        return "s3://" + scan.bucket() + "/" + outputKey;
    }

    public OutputNames outputs() {
        return outputs;
    }

    private static ProblemException storeError(ScanLocation.S3Object object, S3Exception e) {
        if (e.statusCode() == 404) {
            return ProblemException.notFound("'" + object.uri() + "' does not exist");
        }
        // The function's own credentials or the store failed: nothing the client can fix.
        LOG.warnf("object store answered %d (%s) for %s", e.statusCode(),
                e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode(), object.uri());
        return ProblemException.storeFailed("the object store answered HTTP " + e.statusCode() + " for '" + object.uri()
                + "'");
    }
}
