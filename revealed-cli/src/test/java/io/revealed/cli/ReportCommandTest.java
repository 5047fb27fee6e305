package io.revealed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code revealed report}: rebuilding a run's page, runs side by side, PNG files, and what it refuses. */
class ReportCommandTest {
    static final String ENV = "gridworld:size=5,slip=0.1";

    @TempDir
    static Path dir;

    static Path mce, maxent, other;

    @BeforeAll
    static void runs() {
        Path demos = dir.resolve("demos.jsonl");
        assertEquals(0, Cli.run("demos", "--env", ENV, "--model", "boltzmann:beta=5", "--episodes", "40", "--seed", "0", "--out", demos.toString(), "-q").exit());
        mce = dir.resolve("mce");
        maxent = dir.resolve("maxent");
        for (Object[] r : new Object[][]{{mce, "mce-irl"}, {maxent, "maxent-irl"}}) {
            Cli c = Cli.run("learn", "--algo", (String) r[1], "--env", ENV, "--demos", demos.toString(), "--out", r[0].toString(), "-q");
            assertEquals(0, c.exit(), c.err());
        }
        other = dir.resolve("other");
        Path demos4 = dir.resolve("demos4.jsonl");
        assertEquals(0, Cli.run("demos", "--env", "gridworld:size=4", "--model", "boltzmann:beta=5", "--episodes", "20", "--seed", "0", "--out", demos4.toString(), "-q").exit());
        assertEquals(0, Cli.run("learn", "--env", "gridworld:size=4", "--demos", demos4.toString(), "--out", other.toString(), "-q").exit());
    }

    @Test
    void oneRun_rebuildsItsReportInPlace() throws Exception {
        Path page = mce.resolve("report.html");
        String written = Files.readString(page);
        Files.delete(page);
        Cli r = Cli.run("report", mce.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(page.toAbsolutePath().toString()), r.out());
        String rebuilt = Files.readString(page);
        assertEquals(2 * 25, TestHtml.count(TestHtml.figure(rebuilt, "fig-reward-map"), "<g class='cell'>"));
        // The same files give the same page (the figures, every number, the provenance).
        assertEquals(written, rebuilt);
        assertEquals("", r.err());
    }

    @Test
    void severalRuns_goSideBySide_withPngFiles() throws Exception {
        Path out = dir.resolve("pages/both.html"), png = dir.resolve("figures");
        Cli r = Cli.run("report", mce.toString(), maxent.toString(), "--out", out.toString(), "--png", png.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(out.toAbsolutePath().toString(), j.get("report").asText());
        String html = Files.readString(out);
        assertEquals(3 * 25, TestHtml.count(TestHtml.figure(html, "fig-reward-map"), "<g class='cell'>"), "the true reward and both learned ones");
        assertTrue(html.contains(">mce (mce-irl)<") && html.contains(">maxent (maxent-irl)<"));
        assertEquals(j.get("figures").asInt(), j.get("png").size());
        for (JsonNode f : j.get("png")) assertNotNull(ImageIO.read(Path.of(f.asText()).toFile()), f.asText());
        assertTrue(Files.isRegularFile(png.resolve("reward-map.png")));
    }

    @Test
    void mistakes_endInOneLine() throws Exception {
        Cli several = Cli.run("report", mce.toString(), maxent.toString());
        assertEquals(Main.EXIT_BAD_INPUT, several.exit());
        assertTrue(several.err().contains("--out FILE.html"), several.err());

        Cli envs = Cli.run("report", mce.toString(), other.toString(), "--out", dir.resolve("x.html").toString());
        assertEquals(Main.EXIT_BAD_INPUT, envs.exit());
        assertTrue(envs.err().contains("gridworld:size=4") && envs.err().contains("must share one environment"), envs.err());
        assertFalse(Files.exists(dir.resolve("x.html")), "no page when the runs cannot share one");

        Path notRun = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notRun.resolve("notes.txt"), "hello");
        Cli plain = Cli.run("report", notRun.toString());
        assertEquals(Main.EXIT_BAD_INPUT, plain.exit());
        assertTrue(plain.err().contains(notRun + ": not a run folder"), plain.err());

        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        for (String f : List.of("config.json", "metrics.json", "reward.json", "curves.csv")) Files.copy(mce.resolve(f), broken.resolve(f));
        Cli missing = Cli.run("report", broken.toString());
        assertEquals(Main.EXIT_BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains(broken.resolve("policy.json") + ": missing"), missing.err());

        Cli twice = Cli.run("report", mce.toString(), mce.toString(), "--out", dir.resolve("y.html").toString());
        assertTrue(twice.err().contains("given twice"), twice.err());

        Cli folder = Cli.run("report", mce.toString(), "--out", dir.toString());
        assertTrue(folder.err().contains("is a folder"), folder.err());

        for (Cli c : List.of(several, envs, plain, missing, twice, folder)) {
            assertEquals(1, c.err().strip().lines().count(), c.err());
            assertFalse(c.err().contains("\tat "), c.err());
        }
    }

    @Test
    void aReportThatFails_costsAWarning_notTheRun() throws Exception {
        Path target = dir.resolve("half");
        StringWriter warnings = new StringWriter();
        try (RunFolder folder = RunFolder.create(target, false).warnTo(new PrintWriter(warnings))) {
            folder.writeString("config.json", "{\"command\": \"learn\", ");
            folder.writeString("metrics.json", "{}");
            folder.commit();
        }
        assertTrue(Files.isRegularFile(target.resolve("config.json")), "the run is committed");
        assertFalse(Files.exists(target.resolve("report.html")), "no half-written report");
        assertTrue(warnings.toString().startsWith("revealed: warning: report.html was not written ("), warnings.toString());
        assertTrue(warnings.toString().contains("config.json: not valid JSON"), warnings.toString());
        assertEquals(1, warnings.toString().strip().lines().count());
    }
}
