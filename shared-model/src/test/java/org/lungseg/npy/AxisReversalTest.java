package org.lungseg.npy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AxisReversalTest {

    /** Every element is visited once, with its Fortran and C flat indices as the formulas give them. */
    @Test
    void pairsFortranAndCIndicesOfEveryElement() {
        int[][] shapes = {{7}, {33, 5}, {1, 70}, {33, 5, 70}, {64, 1, 65}, {2, 3, 4, 5}};
        for (int[] shape : shapes) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            int[] cOf = new int[n];
            java.util.Arrays.fill(cOf, -1);
            AxisReversal.forEach(shape, (f, c) -> {
                assertThat(cOf[f]).as("visited once").isEqualTo(-1);
                cOf[f] = c;
            });
            for (int f = 0; f < n; f++) {
                int[] index = new int[shape.length];
                int rest = f;
                for (int a = 0; a < shape.length; a++) {
                    index[a] = rest % shape[a];
                    rest /= shape[a];
                }
                int c = 0;
                for (int a = 0; a < shape.length; a++) {
                    c = c * shape[a] + index[a];
                }
                assertThat(cOf[f]).as("shape %s element %d", java.util.Arrays.toString(shape), f).isEqualTo(c);
            }
        }
    }
}
