package io.revealed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input ends in a clear message and a non-zero exit, never a stack trace. */
class CommandLineErrorsTest {
    @TempDir
    Path dir;

    static void assertCleanError(Cli r, int exit, String... fragments) {
        assertEquals(exit, r.exit(), r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception names: " + r.err());
    }

    @Test
    void unknownOption_isAUsageError() {
        assertCleanError(Cli.run("solve", "--env", "gridworld", "--model", "optimal", "--frobnicate"), Main.EXIT_USAGE, "--frobnicate");
    }

    @Test
    void unknownCommand_isAUsageError() {
        assertCleanError(Cli.run("sovle"), Main.EXIT_USAGE, "sovle");
    }

    @Test
    void unknownEnvironmentParameter_namesIt() {
        assertCleanError(Cli.run("solve", "--env", "gridworld:sise=8", "--model", "optimal"), Main.EXIT_BAD_INPUT, "sise");
    }

    @Test
    void unknownModel_namesTheValidOnes() {
        assertCleanError(Cli.run("solve", "--env", "gridworld", "--model", "greedy"), Main.EXIT_BAD_INPUT, "greedy", "boltzmann:beta=");
    }

    @Test
    void malformedMdpFile_namesFileAndLine() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"states\": 2, \"actions\": 1,\n \"discount\": 0.9, \"horizon\": null,\n \"initial\": [0.5, 0.5],\n \"transitions\": [[0,0,1,1.0],[1,0,1,0.5]]}\n");
        assertCleanError(Cli.run("solve", "--env", "file:" + f, "--model", "optimal"), Main.EXIT_BAD_INPUT, "bad.json", "state 1, action 0");
    }

    @Test
    void missingFile_saysSo() {
        assertCleanError(Cli.run("solve", "--env", "file:" + dir.resolve("nope.json"), "--model", "optimal"), Main.EXIT_BAD_INPUT, "nope.json");
    }

    @Test
    void badDemonstrations_nameFileLineAndField() throws Exception {
        Path demos = dir.resolve("demos.jsonl");
        Files.writeString(demos, "{\"obs\": [0, 1], \"acts\": [0], \"terminated\": false, \"truncated\": true}\n"
                + "{\"obs\": [0, 99], \"acts\": [0], \"terminated\": false, \"truncated\": true}\n");
        Cli r = Cli.run("learn", "--env", "gridworld:size=4,horizon=1", "--demos", demos.toString(), "--out", dir.resolve("run").toString());
        assertCleanError(r, Main.EXIT_BAD_INPUT, "demos.jsonl", ":2", "obs[1]");
        assertFalse(Files.exists(dir.resolve("run")), "no run folder after a failure");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("partial")), "no staging folder left behind");
        }
    }

    @Test
    void nanDiscount_isRejected() {
        assertCleanError(Cli.run("solve", "--env", "gridworld", "--model", "optimal", "--discount", "NaN"), Main.EXIT_BAD_INPUT, "discount");
    }

    @Test
    void existingRunFolder_isNotOverwrittenWithoutForce() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("keep.txt"), "mine");
        Path demos = dir.resolve("d.jsonl");
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=4", "--model", "optimal", "--episodes", "3", "--seed", "1", "--out", demos.toString(), "-q").exit());
        Cli r = Cli.run("learn", "--env", "gridworld:size=4", "--demos", demos.toString(), "--out", run.toString());
        assertCleanError(r, Main.EXIT_BAD_INPUT, "--force");
        assertEquals("mine", Files.readString(run.resolve("keep.txt")));
    }

    @Test
    void quickstart_neverReplacesAFolderThatIsNotARun() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/sub"));
        Files.writeString(work.resolve("thesis.tex"), "precious");
        assertCleanError(Cli.run("quickstart", "--out", dir.resolve("work").toString(), "-q"), Main.EXIT_BAD_INPUT, "not part of a run");
        assertEquals("precious", Files.readString(work.resolve("thesis.tex")));
    }

    @Test
    void learn_refusesAnOutputFolderHoldingItsInput() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path demos = run.resolve("demos.jsonl");
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=4", "--model", "optimal", "--episodes", "3", "--seed", "1", "--out", demos.toString(), "-q").exit());
        assertCleanError(Cli.run("learn", "--env", "gridworld:size=4", "--demos", demos.toString(), "--out", run.toString(), "--force"),
                Main.EXIT_BAD_INPUT, "contains the input");
        assertTrue(Files.exists(demos));
    }

    @Test
    void discountTooCloseToOne_isAnInputErrorNotACrash() {
        assertCleanError(Cli.run("solve", "--env", "gridworld:size=3,horizon=none", "--discount", "0.9999999999", "--model", "optimal"),
                Main.EXIT_BAD_INPUT, "did not converge", "--horizon");
    }

    @Test
    void shortDemonstrationsWithoutHorizon_areRejectedWithAdvice() throws Exception {
        Path demos = dir.resolve("short.jsonl");
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=4,horizon=none,discount=0.9", "--model", "optimal", "--episodes", "5",
                "--length", "5", "--seed", "1", "--out", demos.toString(), "-q").exit());
        assertCleanError(Cli.run("learn", "--env", "gridworld:size=4,horizon=none,discount=0.9", "--demos", demos.toString(), "--out", dir.resolve("r").toString()),
                Main.EXIT_BAD_INPUT, "beyond its end", "--horizon 5");
    }

    @Test
    void controlEnvironmentWhereATabularOneIsNeeded_saysWhatToUse() {
        assertCleanError(Cli.run("solve", "--env", "cartpole", "--model", "optimal"), Main.EXIT_BAD_INPUT, "control environment", "--algo bc");
    }

    @Test
    void badAlgorithmOption_isNamedByItsFlag() throws Exception {
        Path demos = dir.resolve("d.jsonl");
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=4", "--model", "optimal", "--episodes", "3", "--seed", "1", "--out", demos.toString(), "-q").exit());
        Cli r = Cli.run("learn", "--algo", "lp-irl", "--env", "gridworld:size=4", "--demos", demos.toString(), "--out", dir.resolve("r").toString(),
                "--lambda-fraction", "7");
        assertCleanError(r, Main.EXIT_BAD_INPUT, "--lambda-fraction must be in (0, 1)");
        assertFalse(r.err().contains("lambdaFraction"), r.err());
        assertCleanError(Cli.run("learn", "--algo", "mce-irl", "--env", "gridworld:size=4", "--demos", demos.toString(), "--out", dir.resolve("r").toString(),
                "--l2", "-1"), Main.EXIT_BAD_INPUT, "--l2 must be >= 0");
        assertFalse(Files.exists(dir.resolve("r")), "no run folder after a refused option");
    }
}
