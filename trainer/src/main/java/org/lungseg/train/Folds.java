package org.lungseg.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.lungseg.volume.InvalidScanException;

/**
 * k-fold validation grouped by case (Hydrogen Torch's {@code group_fold_column: image}): every
 * case falls in exactly one fold, so no scan is in both the training and the validation set.
 * The assignment depends only on the case names and the seed. Too few cases, or two cases of one
 * name, are the user's data to fix ({@link InvalidScanException}).
 */
public final class Folds {

    private final List<String> names;
    private final int[] fold;
    private final int k;

    public Folds(List<String> caseNames, int k, long seed) {
        if (caseNames.size() < k) {
            throw new InvalidScanException(k + "-fold validation needs at least " + k + " cases, got " + caseNames.size());
        }
        List<String> sorted = new ArrayList<>(caseNames);
        Collections.sort(sorted);
        if (sorted.stream().distinct().count() != sorted.size()) {
            throw new InvalidScanException("case names must be unique to group folds by case");
        }
        Collections.shuffle(sorted, new Random(seed));
        this.names = List.copyOf(caseNames);
        this.k = k;
        this.fold = new int[caseNames.size()];
        for (int i = 0; i < caseNames.size(); i++) {
            fold[i] = sorted.indexOf(caseNames.get(i)) % k;
        }
    }

    public int k() {
        return k;
    }

    /** Indices (into the case list) of the cases validated in fold {@code f}. */
    public List<Integer> validation(int f) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < fold.length; i++) {
            if (fold[i] == f) {
                out.add(i);
            }
        }
        return out;
    }

    /** Indices of the cases trained on in fold {@code f}. */
    public List<Integer> training(int f) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < fold.length; i++) {
            if (fold[i] != f) {
                out.add(i);
            }
        }
        return out;
    }

    public List<String> names(List<Integer> indices) {
        return indices.stream().map(names::get).toList();
    }
}
