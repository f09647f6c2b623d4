package org.lungseg.inference;

/**
 * A scan prepared for the network: the image tensor's data ({@code [1, 1, D, H, W]}, W fastest)
 * and how it was made, which postprocessing needs to map the answer back.
 *
 * @param image     network intensities in [0, 1], {@code D*H*W} values
 * @param space     where the network grid lies in the scan
 * @param intensity how voxel values were mapped
 */
public record NetworkInput(float[] image, NetworkSpace space, IntensityMapping intensity) {
}
