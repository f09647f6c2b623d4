package org.lungseg.function;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.lungseg.inference.InferenceSession;
import org.lungseg.inference.MemoryBudget;
import org.lungseg.inference.Segmenter;

/**
 * Loads the model once, on a thread of its own as the function starts, and warms it up with a
 * whole segmentation of a synthetic chest so that the first real request pays no first-run costs.
 * Until that is done (or when it failed) readiness is down and requests get 503 with the reason;
 * liveness stays up, so a missing model shows as "not ready", not as a crash loop.
 */
@ApplicationScoped
public class ModelHolder {

    private static final Logger LOG = Logger.getLogger(ModelHolder.class);
    private static final Duration RETRY_WHILE_LOADING = Duration.ofSeconds(5);
    /** Share of the heap that segmentations may plan to use together; the rest holds uploads and outputs. */
    private static final double SEGMENTATION_HEAP_SHARE = 0.7;

    private final FunctionConfig config;
    private volatile Segmenter segmenter;
    private volatile String state = "the model is loading";
    private volatile boolean failed;
    private volatile double warmUpMs;

    public ModelHolder(FunctionConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::load, "lungseg-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Segmenter s = segmenter;
        segmenter = null;
        if (s != null) {
            s.close();
        }
    }

    /** The loaded model, or a 503 problem saying why there is none. */
    public Segmenter require() {
        Segmenter s = segmenter;
        if (s == null) {
            throw ProblemException.notReady("The model is not ready: " + state + ".",
                    failed ? Duration.ofSeconds(60) : RETRY_WHILE_LOADING);
        }
        return s;
    }

    /** Loaded and warmed up. */
    public boolean ready() {
        return segmenter != null;
    }

    /** What the model is doing, or what went wrong: for readiness. */
    public String state() {
        return state;
    }

    public double warmUpMs() {
        return warmUpMs;
    }

    /** The memory budget of one segmentation. */
    MemoryBudget memoryBudget() {
        long limit = config.memoryLimit().map(m -> m.asLongValue())
                .orElse((long) (Runtime.getRuntime().maxMemory() * SEGMENTATION_HEAP_SHARE / config.maxConcurrent()));
        return new MemoryBudget(limit);
    }

    private void load() {
        long t0 = System.nanoTime();
        try {
            Segmenter.Options options = Segmenter.Options.defaults().withSession(sessionOptions()).withMemory(memoryBudget());
            Segmenter s = open(options);
            state = "warming up " + s.model().describe();
            long t1 = System.nanoTime();
            WarmUp.run(s);
            warmUpMs = (System.nanoTime() - t1) / 1e6;
            state = String.format(Locale.ROOT, "%s on %s, loaded and warmed up in %.0f ms", s.model().describe(),
                    s.provider(), (System.nanoTime() - t0) / 1e6);
            segmenter = s;
            LOG.infof("model ready: %s", state);
        } catch (RuntimeException | LinkageError e) {
            failed = true;
            state = "the model failed to load: " + e.getMessage();
            LOG.errorf(e, "%s", state);
        }
    }

    private Segmenter open(Segmenter.Options options) {
        if (config.model().path().isPresent()) {
            return Segmenter.open(config.model().path().get(), options);
        }
        String resource = config.model().resource();
        try (InputStream in = ModelHolder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no model is configured: lungseg.model.path is unset and the bundled model "
                        + resource + " is not on the classpath. Set lungseg.model.path (env LUNGSEG_MODEL_PATH) to a"
                        + " lungseg ONNX model file");
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return Segmenter.open(in.readAllBytes(), name, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model " + resource, e);
        }
    }

    private InferenceSession.Options sessionOptions() {
        InferenceSession.Options o = InferenceSession.Options.cpu();
        String device = config.model().device().trim().toUpperCase(Locale.ROOT);
        try {
            o = o.withDevice(InferenceSession.Device.valueOf(device));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lungseg.model.device is '" + config.model().device()
                    + "'; use cpu or cuda");
        }
        o = new InferenceSession.Options(o.device(), o.intraOpThreads(), config.model().cudaDevice());
        return config.model().threads().map(o::withThreads).orElse(o);
    }
}
