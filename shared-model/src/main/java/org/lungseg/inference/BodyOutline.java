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
        int y = (index / grid.nx()) % grid.ny();
        int z = index / (grid.nx() * grid.ny());
        int[] c = {x, y, z};
        for (int i = 0; i < 2; i++) {
            int a = inPlane[i];
            int p = a == 0 ? 1 : 0;
            int q = a == 2 ? 1 : 2;
            int line = c[p] + grid.dim(p) * c[q];
            if (first[i][line] < 0) {
                c[a] = 0;
                findBody(i, line, grid.index(c[0], c[1], c[2]));
                c[a] = a == 0 ? x : a == 1 ? y : z;
            }
            if (first[i][line] <= c[a] && c[a] <= last[i][line]) {
                return false;
            }
        }
        return true;
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
