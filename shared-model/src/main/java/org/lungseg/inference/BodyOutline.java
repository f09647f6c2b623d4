package org.lungseg.inference;

import java.util.Arrays;
import org.lungseg.volume.Grid;

/**
 * Tells the air around the patient from the air inside: a voxel lies outside the body when, in
 * its axial plane, no body voxel lies on both sides of it along its row nor along its column.
 * The chest wall encloses the lungs in every axial plane, while air beside the body (or a
 * phantom standing in air) has body on one side at most; a lung cut by the scan's edge on one
 * side is still enclosed along the other axis. Each line's first and last body voxel is found
 * once, scanning in from both ends, so the cost is the air around the body on the lines asked.
 */
final class BodyOutline {

    private final AirMap air;
    private final Grid grid;
    /** The two source axes that span the axial plane (RAS x and y). */
    private final int[] inPlane = new int[2];
    /** Per in-plane axis, per line along it: the first and last body position, or -1 until found. */
    private final int[][] first = new int[2][];
    private final int[][] last = new int[2][];

    BodyOutline(AirMap air, NetworkSpace space) {
        this.air = air;
        this.grid = space.source();
        for (int i = 0; i < 2; i++) {
            inPlane[i] = space.sourceAxis(i);
            first[i] = new int[(int) (grid.voxelCount() / grid.dim(inPlane[i]))];
            last[i] = new int[first[i].length];
            Arrays.fill(first[i], -1);
        }
    }

    /** Whether the voxel at grid index {@code index} of the scan lies in the air outside the body. */
    boolean outside(int index) {
        int x = index % grid.nx();
        int rest = index / grid.nx();
        int y = rest % grid.ny();
        int z = rest / grid.ny();
        return !enclosed(0, x, y, z) && !enclosed(1, x, y, z);
    }

    /** Whether body lies on both sides of (x, y, z) along in-plane axis {@code i}; no allocation, it runs per lung voxel. */
    private boolean enclosed(int i, int x, int y, int z) {
        int a = inPlane[i];
        int pos = a == 0 ? x : a == 1 ? y : z;
        int line = a == 0 ? y + grid.ny() * z : a == 1 ? x + grid.nx() * z : x + grid.nx() * y;
        if (first[i][line] < 0) {
            findBody(i, line, a == 0 ? grid.index(0, y, z) : a == 1 ? grid.index(x, 0, z) : grid.index(x, y, 0));
        }
        return first[i][line] <= pos && pos <= last[i][line];
    }

    /** Scans the line from both ends for body; a line of air gets an empty span. */
    private void findBody(int i, int line, int start) {
        int a = inPlane[i];
        int n = grid.dim(a);
        int stride = a == 0 ? 1 : a == 1 ? grid.nx() : grid.nx() * grid.ny();
        int lo = 0;
        while (lo < n && air.isAir(start + lo * stride)) {
            lo++;
        }
        int hi = n - 1;
        while (hi > lo && air.isAir(start + hi * stride)) {
            hi--;
        }
        first[i][line] = lo;
        last[i][line] = lo == n ? -1 : hi;
    }
}
