package io.revealed.io;

import io.revealed.data.Actions;
import io.revealed.data.Episode;
import io.revealed.data.EpisodeDataset;
import io.revealed.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.revealed.io.MdpJsonTest.assertError;
import static io.revealed.io.NpyBytes.b1;
import static io.revealed.io.NpyBytes.f4;
import static io.revealed.io.NpyBytes.f8;
import static io.revealed.io.NpyBytes.i8;
import static io.revealed.io.NpyBytes.npy;
import static io.revealed.io.NpyBytes.npz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImitationNpzTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ the real rollouts of imitation's test suite
    // Expected figures: shared/data/imitation-expert-rollouts/README.md, and (to full precision)
    // src/test/resources/io/episodes/imitation_npz_facts.py, which cuts the episodes with numpy alone.

    @Test
    void realCartPoleRollouts_matchTheReadme() {
        ImportedEpisodes in = ImitationNpz.read(SharedData.imitationRollout("cartpole_0_final.npz"));
        EpisodeDataset d = in.dataset();
        assertEquals(57, d.size());
        assertEquals(26_964, d.steps());
        assertEquals(4, d.observationDimension());
        assertEquals(EpisodeDataset.ActionKind.DISCRETE, d.actionKind());
        assertEquals(2, d.actionDimension(), "actions in {0, 1}");
        int shortest = Integer.MAX_VALUE, longest = 0;
        for (Episode e : d.episodes()) {
            for (int a : ((Actions.Discrete) e.actions()).values()) assertTrue(a == 0 || a == 1, "action " + a);
            for (double r : e.rewards()) assertEquals(1.0, r, "CartPole's reward is 1 per step");
            assertTrue(e.terminated(), "every episode of the file has its terminal flag set");
            assertFalse(e.truncated());
            shortest = Math.min(shortest, e.length());
            longest = Math.max(longest, e.length());
        }
        assertEquals(393, shortest);
        assertEquals(500, longest);
        EpisodeDataset.Returns r = d.returns().orElseThrow();
        assertEquals(57, r.episodes());
        assertEquals(473.05, r.mean(), 0.01);
        assertEquals(473.05263157894734, r.mean(), 1e-12);
        assertEquals(393, r.min());
        assertEquals(500, r.max());
        // float32 observations widened exactly: the first row of episode 1 (row 459 of obs) and the last row of the file
        Episode e1 = d.episodes().get(1);
        assertArrayEquals(new double[]{-0.0057409764267504215, -0.014485185965895653, -0.04727519303560257, 0.006934204138815403}, e1.observations()[0]);
        assertEquals(0, ((Actions.Discrete) e1.actions()).values()[0]);
        Episode last = d.episodes().get(56);
        assertEquals(473, last.length());
        assertArrayEquals(new double[]{-2.412580728530884, -0.5512400269508362, -0.0075266724452376366, 0.11031582951545715}, last.observations()[473]);
        assertEquals(List.of("skipped 'infos': an array of Python objects (a pickle), which this reader does not decode"), in.warnings());
    }

    @Test
    void realPendulumRollouts_matchTheReadme() {
        ImportedEpisodes in = ImitationNpz.read(SharedData.imitationRollout("pendulum_0_final.npz"));
        EpisodeDataset d = in.dataset();
        assertEquals(56, d.size());
        assertEquals(11_200, d.steps());
        assertEquals(3, d.observationDimension());
        assertEquals(EpisodeDataset.ActionKind.CONTINUOUS, d.actionKind());
        assertEquals(1, d.actionDimension());
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Episode e : d.episodes()) {
            assertEquals(200, e.length());
            for (double[] a : ((Actions.Continuous) e.actions()).values()) {
                lo = Math.min(lo, a[0]);
                hi = Math.max(hi, a[0]);
            }
            for (double[] o : e.observations()) assertEquals(1, o[0] * o[0] + o[1] * o[1], 1e-6, "(cos, sin) of the angle");
        }
        assertEquals(-2, lo);
        assertEquals(2, hi);
        EpisodeDataset.Returns r = d.returns().orElseThrow();
        assertEquals(-189.40, r.mean(), 0.01);
        assertEquals(-189.4005241289307, r.mean(), 1e-9);
        assertEquals(-548.060818107353, r.min(), 1e-9);
        assertEquals(-0.5247221218156402, r.max(), 1e-9);
        assertEquals(-129.531414072331, d.episodes().get(55).totalReward(), 1e-9);
        assertArrayEquals(new double[]{0.7948852777481079, 0.6067597270011902, 0.7369171380996704}, d.episodes().get(1).observations()[0]);
        assertArrayEquals(new double[]{0.9998922348022461, 0.014680017717182636, 0.03410078212618828}, d.episodes().get(55).observations()[200]);
        assertEquals(1, in.warnings().size());
    }

    @Test
    void realRollouts_surviveAJsonlRoundTripBitForBit() {
        EpisodeDataset d = ImitationNpz.read(SharedData.imitationRollout("pendulum_0_final.npz")).dataset();
        Path f = dir.resolve("pendulum.jsonl");
        EpisodeJsonl.write(d, f);
        EpisodeJsonlTest.assertSameEpisodes(d.episodes(), EpisodeJsonl.read(f).episodes());
    }

    // ------------------------------------------------------------------ synthetic archives

    /**
     * Three episodes of 2, 0 and 3 actions (T = 5, N = 3): indices [2, 2]; obs has T + N = 8 rows,
     * row r = (r, -r). Episode 0 takes rows 0..2, episode 1 row 3, episode 2 rows 4..7.
     */
    static Map<String, byte[]> small() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        double[] obs = new double[16];
        for (int r = 0; r < 8; r++) {
            obs[2 * r] = r;
            obs[2 * r + 1] = -r;
        }
        m.put("obs", npy(1, "<f8", false, new long[]{8, 2}, f8(obs)));
        m.put("acts", npy(1, "<i8", false, new long[]{5}, i8(0, 1, 2, 0, 1)));
        m.put("infos", npy(1, "|O", false, new long[]{5}, new byte[]{(byte) 0x80, 3, 'c', 'x', '.'}));
        m.put("terminal", npy(1, "|b1", false, new long[]{3}, b1(true, false, true)));
        m.put("indices", npy(1, "<i8", false, new long[]{2}, i8(2, 2)));
        m.put("rews", npy(1, "<f8", false, new long[]{5}, f8(1, 2, 3, 4, 5)));
        return m;
    }

    Path file(Map<String, byte[]> arrays) throws IOException {
        Path f = dir.resolve("rollouts.npz");
        Files.write(f, npz(arrays));
        return f;
    }

    void assertBad(Map<String, byte[]> arrays, String field, String problem) throws IOException {
        Path f = file(arrays);
        InputException e = assertThrows(InputException.class, () -> ImitationNpz.read(f));
        assertError(e, f, 0, field, problem);
    }

    @Test
    void smallArchive_cutsEpisodesAtTheSplitPoints() throws IOException {
        ImportedEpisodes in = ImitationNpz.read(file(small()));
        List<Episode> e = in.dataset().episodes();
        assertEquals(3, e.size());
        assertArrayEquals(new double[][]{{0, 0}, {1, -1}, {2, -2}}, e.get(0).observations());
        assertArrayEquals(new int[]{0, 1}, ((Actions.Discrete) e.get(0).actions()).values());
        assertArrayEquals(new double[]{1, 2}, e.get(0).rewards());
        assertTrue(e.get(0).terminated());
        assertArrayEquals(new double[][]{{3, -3}}, e.get(1).observations());
        assertEquals(0, e.get(1).length());
        assertTrue(e.get(1).truncated(), "no terminal flag: cut off");
        assertFalse(e.get(1).terminated());
        assertArrayEquals(new double[][]{{4, -4}, {5, -5}, {6, -6}, {7, -7}}, e.get(2).observations());
        assertArrayEquals(new int[]{2, 0, 1}, ((Actions.Discrete) e.get(2).actions()).values());
        assertArrayEquals(new double[]{3, 4, 5}, e.get(2).rewards());
        assertEquals(new EpisodeDataset.Returns(3, 5, 0, 12), in.dataset().returns().orElseThrow());
        assertEquals(List.of("skipped 'infos': an array of Python objects (a pickle), which this reader does not decode"), in.warnings());
    }

    @Test
    void otherVersionsByteOrdersAndTypes_readTheSame() throws IOException {
        Map<String, byte[]> m = small();
        byte[] obs = new byte[16];
        for (int r = 0; r < 8; r++) obs[2 * r] = (byte) (250 + r % 6); // uint8 above 127
        m.put("obs", npy(2, "|u1", false, new long[]{8, 1, 2}, obs)); // images-like: flattened to 2 values
        m.put("acts", npy(3, ">f4", false, new long[]{5, 2}, f4(ByteOrder.BIG_ENDIAN, 0.1f, -1, 2, 0.5f, 1, 1, -2, 0, 0, 0)));
        m.put("terminal", npy(1, "|b1", true, new long[]{3}, b1(false, false, true))); // Fortran order is harmless in 1-D
        m.remove("rews");
        m.remove("infos");
        m.put("extra", npy(1, "<f8", false, new long[]{1}, f8(1)));
        ImportedEpisodes in = ImitationNpz.read(file(m));
        List<Episode> e = in.dataset().episodes();
        assertArrayEquals(new double[][]{{250, 0}, {251, 0}, {252, 0}}, e.get(0).observations());
        assertArrayEquals(new double[][]{{0.1f, -1}, {2, 0.5}}, ((Actions.Continuous) e.get(0).actions()).values());
        assertArrayEquals(new double[][]{{-2, 0}, {0, 0}}, Arrays.copyOfRange(((Actions.Continuous) e.get(2).actions()).values(), 1, 3));
        assertEquals(2, ((Actions.Continuous) e.get(1).actions()).dimension());
        assertTrue(in.dataset().returns().isEmpty());
        assertEquals(List.of("ignored the array 'extra', which imitation's rollout format does not define",
                "flattened each observation of shape (1, 2,) to 2 values (row-major)".replace(",)", ")"),
                "the file has no 'rews': the episodes have no rewards"), in.warnings());
    }

    @Test
    void npyTypes_decodeToTheirValues() {
        Path f = Path.of("x.npz");
        Npy.Array a = Npy.parse(f, "a", npy(1, "<f2", false, new long[]{2}, new byte[]{0x00, 0x3C, 0x00, (byte) 0xC0})); // 1.0, -2.0
        assertEquals(1.0, a.getDouble(0));
        assertEquals(-2.0, a.getDouble(1));
        a = Npy.parse(f, "a", npy(1, "<u8", false, new long[]{1}, i8(-1)));
        assertEquals(18446744073709551615.0, a.getDouble(0));
        a = Npy.parse(f, "a", npy(1, ">i8", false, new long[]{1}, new byte[]{(byte) 0xFF, -1, -1, -1, -1, -1, -1, (byte) 0xFE}));
        assertEquals(-2, a.getLong(0));
        a = Npy.parse(f, "a", npy(1, "<i4", false, new long[]{2, 0}, new byte[0]));
        assertEquals(0, a.count());
        a = Npy.parse(f, "a", npy(1, "{'fortran_order': False, \"shape\": (3L,), 'descr': '|i1'}", new byte[]{-1, 0, 127}));
        assertEquals(-1, a.getLong(0));
        assertEquals(127, a.getDouble(2));
    }

    @Test
    void badNpyHeaders_areNamed() {
        Path f = Path.of("x.npz");
        assertNpyError(f, npy(4, "<f8", false, new long[]{1}, f8(1)), "unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are read)");
        assertNpyError(f, npy(1, "<c16", false, new long[]{1}, new byte[16]), "unsupported element type '<c16'");
        assertNpyError(f, npy(1, "<U3", false, new long[]{1}, new byte[12]), "unsupported element type '<U3'");
        assertNpyError(f, npy(1, "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (1,), }", f8(1)),
                "structured arrays (descr [('x', '<f8')]) are not supported");
        assertNpyError(f, npy(1, "{'descr': '<f8', 'shape': (1,), }", f8(1)), ".npy header has no 'fortran_order'");
        assertNpyError(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,, }", f8(1)), "malformed .npy header");
        assertNpyError(f, npy(1, "<f8", false, new long[]{2}, f8(1, 2, 3)), "8 unexpected bytes after the data of shape (2,) of <f8");
        assertNpyError(f, Arrays.copyOf(npy(1, "<f8", false, new long[]{1}, f8(1)), 40), "truncated .npy header");
    }

    static void assertNpyError(Path f, byte[] bytes, String problem) {
        InputException e = assertThrows(InputException.class, () -> Npy.parse(f, "arr", bytes));
        assertError(e, f, 0, "arr", problem);
    }

    // ------------------------------------------------------------------ bad archives

    @Test
    void truncatedArchive_isNotAReadableNpz() throws IOException {
        byte[] real = Files.readAllBytes(SharedData.imitationRollout("cartpole_0_final.npz"));
        Path f = dir.resolve("cut.npz");
        Files.write(f, Arrays.copyOf(real, real.length / 2));
        InputException e = assertThrows(InputException.class, () -> ImitationNpz.read(f));
        assertError(e, f, 0, null, "not a readable .npz file (a zip archive of .npy arrays)");
    }

    @Test
    void textFile_isNotAReadableNpz() throws IOException {
        Path f = dir.resolve("notes.npz");
        Files.writeString(f, "obs,acts\n1,2\n", StandardCharsets.UTF_8);
        InputException e = assertThrows(InputException.class, () -> ImitationNpz.read(f));
        assertError(e, f, 0, null, "not a readable .npz file");
    }

    @Test
    void missingFile_isAnIoFailure() {
        Path f = dir.resolve("nope.npz");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ImitationNpz.read(f));
        assertTrue(e.getMessage().startsWith("cannot read " + f), e.getMessage());
    }

    @Test
    void missingIndices_namesTheArray() throws IOException {
        Map<String, byte[]> m = small();
        m.remove("indices");
        assertBad(m, "indices", "missing: the archive has only obs, acts, infos, terminal, rews; imitation's rollouts have obs, acts, terminal and indices");
    }

    @Test
    void badMagic_namesTheArray() throws IOException {
        Map<String, byte[]> m = small();
        byte[] obs = m.get("obs");
        obs[1] = 'X';
        assertBad(m, "obs", "not a .npy array: it does not start with \\x93NUMPY");
    }

    @Test
    void fortranOrder_isRejectedForMatrices() throws IOException {
        Map<String, byte[]> m = small();
        m.put("obs", npy(1, "<f8", true, new long[]{8, 2}, f8(new double[16])));
        assertBad(m, "obs", "stored in Fortran (column-major) order, which is not supported for 2-dimensional arrays");
    }

    @Test
    void truncatedData_namesTheArray() throws IOException {
        Map<String, byte[]> m = small();
        m.put("obs", npy(1, "<f8", false, new long[]{8, 2}, f8(new double[15])));
        assertBad(m, "obs", "truncated data: shape (8, 2) of <f8 needs 128 bytes, but only 120 follow the header");
    }

    @Test
    void shapeMismatches_nameTheArray() throws IOException {
        Map<String, byte[]> m = small();
        m.put("obs", npy(1, "<f8", false, new long[]{7, 2}, f8(new double[14])));
        assertBad(m, "obs", "has 7 rows, expected 8: the 5 actions plus one extra observation for each of the 3 episodes");
        m = small();
        m.put("indices", npy(1, "<i8", false, new long[]{1}, i8(2)));
        assertBad(m, "indices", "has 1 entries, but terminal has 3 episodes; expected N-1 = 2 split points");
        m = small();
        m.put("rews", npy(1, "<f8", false, new long[]{4}, f8(1, 2, 3, 4)));
        assertBad(m, "rews", "expected one reward per action, shape (5,), got <f8 (4,)");
        m = small();
        m.put("acts", npy(1, "<i8", false, new long[]{5, 1}, i8(0, 1, 2, 0, 1)));
        assertBad(m, "acts", "integer actions of shape (5, 1) (multi-discrete) are not supported");
        m = small();
        m.put("obs", npy(1, "|O", false, new long[]{8}, new byte[3]));
        assertBad(m, "obs", "expected numbers, got |O");
    }

    @Test
    void badValues_nameTheEntry() throws IOException {
        Map<String, byte[]> m = small();
        m.put("indices", npy(1, "<i8", false, new long[]{2}, i8(3, 2)));
        assertBad(m, "indices[1]", "split point 2 is out of order or out of range: it must lie in [3, 5]");
        m = small();
        m.put("acts", npy(1, "<i8", false, new long[]{5}, i8(0, 1, 2, -1, 1)));
        assertBad(m, "acts[3]", "action -1 is negative; discrete actions are indices >= 0");
        m = small();
        double[] obs = new double[16];
        obs[9] = Double.NaN; // row 4, component 1
        m.put("obs", npy(1, "<f8", false, new long[]{8, 2}, f8(obs)));
        assertBad(m, "obs[4][1]", "is NaN; values must be finite");
        m = small();
        m.put("rews", npy(1, "<f8", false, new long[]{5}, f8(1, 2, Double.POSITIVE_INFINITY, 4, 5)));
        assertBad(m, "rews[2]", "is Infinity; rewards must be finite");
    }

    @Test
    void emptyArchive_saysWhatIsMissing() throws IOException {
        Path f = file(new LinkedHashMap<>());
        InputException e = assertThrows(InputException.class, () -> ImitationNpz.read(f));
        assertInstanceOf(InputException.class, e);
        assertError(e, f, 0, "obs", "missing: the archive has no .npy arrays");
    }
}
