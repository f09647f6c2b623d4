package org.lungseg.train;

/**
 * One case in network space, ready to train on: the image as the Segmenter's preprocessing makes
 * it, and one binary target per class.
 *
 * @param image   {@code D*H*W} intensities in [0, 1], W fastest
 * @param targets {@code C*D*H*W} values 0 or 1, one block per class in the config's class order
 */
public record NetworkSample(String name, float[] image, byte[] targets) {
}
