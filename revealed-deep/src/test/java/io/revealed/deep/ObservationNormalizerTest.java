package io.revealed.deep;

import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObservationNormalizerTest {

    @Test
    void updatesInBatchesOfAnySize_matchTwoPassMeanAndPopulationVariance() {
        int d = 3, rows = 1_000;
        SplittableRandom r = new SplittableRandom(11);
        // Columns far from zero and of very different scales: where one-pass sums of squares lose digits.
        double[] offset = {1e4, -3.5, 0}, scale = {1e-3, 2, 1e3};
        double[] data = new double[rows * d];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < d; k++) data[i * d + k] = offset[k] + scale[k] * r.nextGaussian();

        ObservationNormalizer n = new ObservationNormalizer(d);
        int[] batches = {1, 1, 7, 250, 1, 40, 300, 400}; // sums to 1,000
        int at = 0;
        for (int b : batches) {
            double[] chunk = new double[b * d];
            System.arraycopy(data, at * d, chunk, 0, b * d);
            if (b == 1) n.update(chunk);
            else n.update(chunk, b);
            at += b;
        }
        assertEquals(rows, at);
        assertEquals(rows, n.count());

        for (int k = 0; k < d; k++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) mean += data[i * d + k];
            mean /= rows;
            double ss = 0;
            for (int i = 0; i < rows; i++) ss += (data[i * d + k] - mean) * (data[i * d + k] - mean);
            double var = ss / rows;
            assertEquals(mean, n.mean()[k], 1e-12 * Math.max(1, Math.abs(mean)), "mean " + k);
            assertEquals(var, n.variance()[k], 1e-10 * var, "variance " + k);
        }
    }

    @Test
    void normalize_standardisesAndClips() {
        // Rows (1, 10) and (3, 30): mean (2, 20), population variance (1, 100). With epsilon 0:
        // (4, 0) -> ((4 - 2) / 1, (0 - 20) / 10) = (2, -2), clipped at 1.5 -> (1.5, -1.5);
        // (2.5, 25) -> (0.5, 0.5).
        ObservationNormalizer n = new ObservationNormalizer(2, 0, 1.5);
        n.update(new double[]{1, 10, 3, 30}, 2);
        assertArrayEquals(new double[]{2, 20}, n.mean(), 0);
        assertArrayEquals(new double[]{1, 100}, n.variance(), 0);
        float[] out = n.normalized(new float[]{4, 0, 2.5f, 25}, 2);
        assertArrayEquals(new float[]{1.5f, -1.5f, 0.5f, 0.5f}, out, 0f);
    }

    @Test
    void beforeAnyUpdate_onlyClips() {
        ObservationNormalizer n = new ObservationNormalizer(2, 0, 10);
        assertArrayEquals(new float[]{3.25f, -10f}, n.normalized(new float[]{3.25f, -40f}, 1), 0f);
    }

    @Test
    void properties_roundTripBitForBit_andAbsenceMeansNone() {
        ObservationNormalizer n = new ObservationNormalizer(2);
        n.update(new double[]{0.1, 1.0 / 3, -7.25, Math.PI, 2e-9, 1e9}, 3);
        Properties p = new Properties();
        n.describe(p);
        ObservationNormalizer back = ObservationNormalizer.read(p, 2);
        assertArrayEquals(n.mean(), back.mean(), 0);
        assertArrayEquals(n.variance(), back.variance(), 0);
        assertEquals(n.count(), back.count());
        assertEquals(n.epsilon(), back.epsilon());
        assertEquals(n.clip(), back.clip());
        float[] x = {0.3f, -2f, 5e8f, 7f};
        assertArrayEquals(n.normalized(x, 2), back.normalized(x, 2), 0f);

        assertNull(ObservationNormalizer.read(new Properties(), 2));
        assertThrows(IllegalArgumentException.class, () -> ObservationNormalizer.read(p, 3));
        p.setProperty("obs_norm.variance", "1,-1");
        assertThrows(IllegalArgumentException.class, () -> ObservationNormalizer.read(p, 2));
    }

    @Test
    void arguments_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ObservationNormalizer(0));
        assertThrows(IllegalArgumentException.class, () -> new ObservationNormalizer(2, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ObservationNormalizer(2, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ObservationNormalizer(2).update(new double[3], 2));
    }
}
