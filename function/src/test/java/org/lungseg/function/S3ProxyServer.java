package org.lungseg.function;

import java.net.URI;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server on a local folder (S3Proxy over jclouds' filesystem store), on a free
 * loopback port. Call it through {@link OutsideQuarkus} from code that Quarkus loads.
 */
final class S3ProxyServer {

    private static S3Proxy proxy;
    private static BlobStoreContext blobs;

    private S3ProxyServer() {
    }

    /** Starts the server over {@code folder} with the given buckets; returns its port. */
    static synchronized int start(String folder, String accessKey, String secretKey, String[] buckets) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", folder);
        blobs = ContextBuilder.newBuilder("filesystem").credentials("unused", "unused").overrides(props)
                .build(BlobStoreContext.class);
        BlobStore store = blobs.getBlobStore();
        for (String bucket : buckets) {
            store.createContainerInLocation(null, bucket);
        }
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return proxy.getPort();
    }

    static synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
        if (blobs != null) {
            blobs.close();
            blobs = null;
        }
    }
}
