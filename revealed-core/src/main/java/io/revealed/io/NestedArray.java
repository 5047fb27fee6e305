package io.revealed.io;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a rectangular nested array of finite numbers ({@code [S]}, {@code [S][A]},
 * {@code [S][A][S]}, feature rows {@code [S][D]}) straight into one flat row-major array.
 *
 * <p>Sizes that are known before the array is read (from {@code "states"} earlier in the file, or
 * from the reward's {@code "kind"}) are checked as each sub-array closes, so the error names that
 * sub-array and its line. Sizes not known yet are taken from the first sub-array of each level,
 * which all its siblings must then match; the caller checks them against the file's other fields
 * once those are known.
 */
final class NestedArray {
    private final int maxDepth;
    private int depth; // 0: not known yet
    private final int[] dims;
    private final String[] origin; // why dims[level] is expected, for messages
    private final Growable.Doubles values = new Growable.Doubles();
    private long line;
    private String path;

    NestedArray(int maxDepth) {
        this.maxDepth = maxDepth;
        this.dims = new int[maxDepth];
        this.origin = new String[maxDepth];
        Arrays.fill(dims, -1);
    }

    /** Fixes the nesting depth before reading. */
    NestedArray depth(int d) {
        this.depth = d;
        return this;
    }

    /** Fixes the size of one level before reading; {@code why} reads like "(one per state)". */
    NestedArray size(int level, int size, String why) {
        dims[level] = size;
        origin[level] = why;
        return this;
    }

    /** Reads the array at the cursor's current {@code START_ARRAY} token, through its end. */
    NestedArray read(JsonCursor in) throws IOException {
        line = in.line();
        path = in.path();
        readLevel(in, 0);
        return this;
    }

    private void readLevel(JsonCursor in, int level) throws IOException {
        long start = in.line();
        int child = level + 1;
        int n = 0;
        for (JsonToken t = in.next(); t != JsonToken.END_ARRAY; t = in.next(), n++) {
            if (t == JsonToken.START_ARRAY) {
                if ((depth != 0 && child >= depth) || child >= maxDepth) throw in.error("expected a number, got an array");
                readLevel(in, child);
            } else {
                if (depth == 0) depth = child;
                else if (child < depth) throw in.error("expected an array, got " + in.describe());
                values.add(in.finiteNumber());
            }
        }
        if (dims[level] < 0) {
            dims[level] = n;
            origin[level] = "like " + in.path();
        } else if (dims[level] != n) {
            throw in.error(start, in.path(), "has " + JsonCursor.count(n, "entry", "entries") + ", expected " + dims[level] + " " + origin[level]);
        }
    }

    /** Nesting depth found (or fixed); 0 when only empty arrays were seen. */
    int depth() { return depth; }

    /** Size of a level, -1 when never seen. */
    int dim(int level) { return dims[level]; }

    /** Line of the opening bracket. */
    long line() { return line; }

    /** Field path of the whole array. */
    String path() { return path; }

    double[] values() { return values.toArray(); }

    /** The sizes found, e.g. {@code [3][2]}. */
    String shape() {
        StringBuilder b = new StringBuilder();
        int d = Math.max(1, depth);
        for (int k = 0; k < d; k++) b.append('[').append(Math.max(0, dims[k])).append(']');
        return b.toString();
    }
}
