package org.lungseg.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Prepares an epoch's batches on {@code workers} background threads (Hydrogen Torch's
 * {@code number_of_workers}), at most {@code workers + 1} ahead of the training step, so that
 * augmentation overlaps with the network's forward and backward passes. Worker {@code w} prepares
 * batches {@code w, w + workers, ...}; they are handed out in batch order. Each batch's randomness
 * comes from (seed, fold, epoch, step) alone, so a resumed run, or one with another number of
 * workers, sees exactly the same batches.
 */
final class BatchFeeder implements AutoCloseable {

    /** A batch in network space: {@code B*D*H*W} intensities and {@code B*C*D*H*W} targets. */
    record Batch(int size, float[] images, byte[] targets) {
    }

    private final Object lock = new Object();
    /** Prepared batches (or the failure preparing one) by batch index. */
    private final Map<Integer, Object> ready = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int ahead;
    private int nextToTake;
    private volatile boolean closed;

    BatchFeeder(List<NetworkSample> samples, List<List<Integer>> batches, int firstBatch,
                SoftAugmentation augmentation, long seed, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("batch preparation needs at least 1 worker, got " + workers);
        }
        this.ahead = workers + 1;
        this.nextToTake = firstBatch;
        for (int w = 0; w < workers; w++) {
            int first = firstBatch + w;
            Thread t = new Thread(() -> produce(samples, batches, first, workers, augmentation, seed), "lungseg-batches-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void produce(List<NetworkSample> samples, List<List<Integer>> batches, int first, int every,
                         SoftAugmentation augmentation, long seed) {
        try {
            for (int b = first; b < batches.size() && !closed; b += every) {
                synchronized (lock) {
                    while (b >= nextToTake + ahead && !closed) {
                        lock.wait();
                    }
                }
                Object prepared;
                try {
                    prepared = prepare(samples, batches.get(b), augmentation, seed, b);
                } catch (RuntimeException e) {
                    prepared = e;
                }
                synchronized (lock) {
                    ready.put(b, prepared);
                    lock.notifyAll();
                }
                if (prepared instanceof RuntimeException) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Batch prepare(List<NetworkSample> samples, List<Integer> batch, SoftAugmentation augmentation,
                                 long seed, int b) {
        List<NetworkSample> chosen = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
            NetworkSample s = samples.get(batch.get(k));
            if (augmentation != null) {
                s = augmentation.apply(s, new SplittableRandom(mix(seed, b, k)));
            }
            chosen.add(s);
        }
        return stack(chosen);
    }

    /** The next batch in order; waits while it is being prepared. */
    Batch next() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        Object o;
        synchronized (lock) {
            while (!ready.containsKey(nextToTake)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no batch prepared within 10 minutes");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            o = ready.remove(nextToTake++);
            lock.notifyAll();
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        return (Batch) o;
    }

    private static Batch stack(List<NetworkSample> samples) {
        int n = samples.get(0).image().length;
        int t = samples.get(0).targets().length;
        float[] images = new float[samples.size() * n];
        byte[] targets = new byte[samples.size() * t];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).image(), 0, images, i * n, n);
            System.arraycopy(samples.get(i).targets(), 0, targets, i * t, t);
        }
        return new Batch(samples.size(), images, targets);
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        return h ^ (h >>> 29);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        threads.forEach(Thread::interrupt);
    }
}
