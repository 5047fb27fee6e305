package io.revealed.env;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceTest {

    @Test
    void discrete_containsTheIntegersBelowN() {
        Space.Discrete d = new Space.Discrete(3);
        assertEquals(1, d.dimension());
        assertTrue(d.contains(0) && d.contains(2));
        assertFalse(d.contains(-1) || d.contains(3));
        assertTrue(d.contains(new double[] {2.0}));
        assertFalse(d.contains(new double[] {1.5}));
        assertFalse(d.contains(new double[] {Double.NaN}));
        assertFalse(d.contains(new double[] {3.0}));
        assertFalse(d.contains(new double[] {0, 1}));
        assertFalse(d.contains((double[]) null));
        assertThrows(IllegalArgumentException.class, () -> new Space.Discrete(0));
    }

    @Test
    void box_validatesItsBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Space.Box(new double[] {0}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new Space.Box(new double[] {2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Space.Box(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Space.Box(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new Space.Box(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> new Space.Box(null, new double[] {1}));
    }

    @Test
    void box_containsPointsInsideIncludingInfiniteBounds() {
        Space.Box b = Space.Box.symmetric(1.0, Double.POSITIVE_INFINITY);
        assertEquals(2, b.dimension());
        assertTrue(b.contains(new double[] {1.0, -1e300}));
        assertTrue(b.contains(new double[] {-1.0, 0}));
        assertFalse(b.contains(new double[] {1.0000001, 0}));
        assertFalse(b.contains(new double[] {0, Double.NaN}));
        assertFalse(b.contains(new double[] {0}));
    }

    @Test
    void box_isAValue() {
        double[] low = {-1, -2};
        Space.Box b = new Space.Box(low, new double[] {1, 2});
        low[0] = 5;
        assertEquals(-1, b.low(0));
        b.high()[0] = 9;
        assertEquals(1, b.high(0));
        assertEquals(Space.Box.symmetric(1, 2), b);
        assertEquals(Space.Box.symmetric(1, 2).hashCode(), b.hashCode());
        assertNotEquals(Space.Box.symmetric(1, 3), b);
        assertArrayEquals(new double[] {-1, -2}, b.low(), 0.0);
    }
}
