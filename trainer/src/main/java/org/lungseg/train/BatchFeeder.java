package org.lungseg.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Prepares an epoch's batches on a background thread, two ahead of the training step, so that
 * augmentation overlaps with the network's forward and backward passes. Each batch's randomness
 * comes from (seed, fold, epoch, step) alone, so a resumed run sees exactly the batches it would
 * have seen.
 */
final class BatchFeeder implements AutoCloseable {

    /** A batch in network space: {@code B*D*H*W} intensities and {@code B*C*D*H*W} targets. */
    record Batch(int size, float[] images, byte[] targets) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile boolean closed;

    BatchFeeder(List<NetworkSample> samples, List<List<Integer>> batches, int firstBatch,
                SoftAugmentation augmentation, long seed) {
        thread = new Thread(() -> produce(samples, batches, firstBatch, augmentation, seed), "lungseg-batches");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(List<NetworkSample> samples, List<List<Integer>> batches, int firstBatch,
                         SoftAugmentation augmentation, long seed) {
        try {
            for (int b = firstBatch; b < batches.size() && !closed; b++) {
                List<NetworkSample> chosen = new ArrayList<>();
                for (int k = 0; k < batches.get(b).size(); k++) {
                    NetworkSample s = samples.get(batches.get(b).get(k));
                    if (augmentation != null) {
                        s = augmentation.apply(s, new SplittableRandom(mix(seed, b, k)));
                    }
                    chosen.add(s);
                }
                queue.put(stack(chosen));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next batch; waits while it is being prepared. */
    Batch next() throws InterruptedException {
        Object o = queue.poll(10, TimeUnit.MINUTES);
        if (o == null) {
            throw new IllegalStateException("no batch prepared within 10 minutes");
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
        thread.interrupt();
    }
}
