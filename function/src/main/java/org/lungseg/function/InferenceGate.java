package org.lungseg.function;

import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most {@code lungseg.max-concurrent} segmentations at once. Others wait, at most
 * {@code lungseg.queue.max-wait} and at most {@code lungseg.queue.max-waiting} of them, since each
 * holds its upload in memory; the rest are answered 503 with Retry-After at once.
 */
@ApplicationScoped
public class InferenceGate {

    /** Holding a slot: close it to free the slot. */
    public interface Slot extends AutoCloseable {
        /** How long the request waited for it. */
        Duration waited();

        @Override
        void close();
    }

    private final Semaphore slots;
    private final int maxWaiting;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    /** The most segmentations that ran at once since start: shows whether the limit ever let more through. */
    private final AtomicInteger peakActive = new AtomicInteger();

    public InferenceGate(FunctionConfig config, SegmentationMetrics metrics) {
        if (config.maxConcurrent() < 1) {
            throw new IllegalArgumentException("lungseg.max-concurrent must be at least 1, got " + config.maxConcurrent());
        }
        this.slots = new Semaphore(config.maxConcurrent(), true);
        this.maxWaiting = Math.max(0, config.queue().maxWaiting());
        this.maxWait = config.queue().maxWait();
        this.retryAfter = config.queue().retryAfter();
        Gauge.builder("lungseg.inferences.active", active, AtomicInteger::get)
                .description("Segmentations running now").register(metrics.registry());
        Gauge.builder("lungseg.inferences.active.peak", peakActive, AtomicInteger::get)
                .description("Most segmentations that ran at once since the function started")
                .register(metrics.registry());
        Gauge.builder("lungseg.inferences.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting for a segmentation slot").register(metrics.registry());
    }

    /** Waits for a slot, or throws a 503 problem when none frees up in time or too many wait already. */
    public Slot acquire() {
        long t0 = System.nanoTime();
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw busy(String.format(Locale.ROOT, "all segmentation slots are taken and %d requests wait already",
                        maxWaiting));
            }
            try {
                if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw busy("no segmentation slot became free within " + maxWait.toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy("interrupted while waiting for a segmentation slot");
            } finally {
                waiting.decrementAndGet();
            }
        }
        peakActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        Duration waited = Duration.ofNanos(System.nanoTime() - t0);
        return new Slot() {
            private boolean closed;

            @Override
            public Duration waited() {
                return waited;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    active.decrementAndGet();
                    slots.release();
                }
            }
        };
    }

    private ProblemException busy(String why) {
        return ProblemException.busy("The function is busy: " + why + ". Retry after " + retryAfter.toSeconds()
                + " s.", retryAfter);
    }
}
