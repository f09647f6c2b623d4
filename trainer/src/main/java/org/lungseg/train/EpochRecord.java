package org.lungseg.train;

import java.util.List;

/**
 * What one epoch of one fold measured: one line of the JSON-lines training log.
 *
 * @param step         optimizer steps so far
 * @param seconds      wall time of the epoch (training and validation)
 * @param dataWaitShare share of training time the step waited for its batch (data preparation not hidden)
 */
public record EpochRecord(int fold, int epoch, long step, double trainLoss, double validationLoss,
                          List<Double> validationIou, List<Double> validationDice, double meanIou,
                          double learningRate, double seconds, double secondsPerStep, double dataWaitShare) {
}
