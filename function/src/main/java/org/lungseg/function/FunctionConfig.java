package org.lungseg.function;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the function, read through MicroProfile Config: {@code application.properties},
 * system properties, or environment variables ({@code LUNGSEG_MAX_CONCURRENT=2}). Documented in
 * {@code docs/function.md}.
 */
@ConfigMapping(prefix = "lungseg")
public interface FunctionConfig {

    /** Which model answers and where it runs. */
    Model model();

    /** At most this many segmentations run at once (1 suits one GPU; more only with the memory for them). */
    @WithDefault("1")
    int maxConcurrent();

    /** How requests wait for a free segmentation slot. */
    Queue queue();

    /**
     * Heap one segmentation may plan to use, checked from the scan's header before decoding.
     * Unset: 70% of the maximum heap, shared by {@link #maxConcurrent()} slots.
     */
    Optional<MemorySize> memoryLimit();

    /** Scans with more voxels are refused from the header alone. */
    @WithDefault("314572800")
    long maxVoxels();

    /** Referenced objects and files larger than this are refused before they are fetched. */
    @WithDefault("2G")
    MemorySize maxScanSize();

    /** Where scans may be read from by reference, and where outputs go. */
    S3 s3();

    /** {@code file://} references: only under these roots. */
    Files file();

    /** Where the mask and preview go. */
    Output output();

    interface Model {

        /** A model file; when unset, {@link #resource()} from the classpath (the bundled model). */
        Optional<Path> path();

        /** Classpath resource of the bundled model. */
        @WithDefault("/org/lungseg/model/default.onnx")
        String resource();

        /** cpu or cuda (cuda falls back to the CPU, with a warning in every result, when unavailable). */
        @WithDefault("cpu")
        String device();

        /** Intra-op threads of one network run on the CPU; unset: one per available core. */
        Optional<Integer> threads();

        /** GPU index for cuda. */
        @WithDefault("0")
        int cudaDevice();
    }

    interface Queue {

        /** How long a request waits for a free slot before it is answered 503. */
        @WithDefault("30s")
        Duration maxWait();

        /** Requests allowed to wait at once; more are answered 503 at once, which bounds held uploads. */
        @WithDefault("4")
        int maxWaiting();

        /** The Retry-After a busy answer carries. */
        @WithDefault("10s")
        Duration retryAfter();
    }

    interface S3 {

        /** Buckets that may be read and written; none means s3:// references are refused. */
        Optional<List<String>> buckets();

        /** Endpoint of an S3-compatible store (MinIO, Ceph, S3Proxy...); unset: AWS. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials; unset: environment, system properties, web identity, profile, container. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Whether the EC2 instance metadata service may supply credentials (off: no calls to it). */
        @WithDefault("false")
        boolean instanceMetadata();
    }

    interface Files {

        /** Directories (mounted volumes) that file:// references may name; none means file:// is refused. */
        Optional<List<Path>> roots();
    }

    interface Output {

        /** Outputs go under this prefix of the scan's bucket or root, mirroring the scan's key. */
        @WithDefault("segmentations/")
        String prefix();
    }
}
