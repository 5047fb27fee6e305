package io.revealed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.revealed.report.TestRuns.count;
import static io.revealed.report.TestRuns.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pages of hand-written run folders, checked down to the numbers in their figures. */
class RunReportTest {
    @TempDir
    Path dir;

    private String page(Path run) {
        return RunReport.of(RunData.load(run)).render().html();
    }

    @Test
    void gridRunPage_isSelfContained() throws Exception {
        String html = page(TestRuns.grid(dir, "run", "gridworld:size=3", 4));
        assertFalse(html.contains("http://"), "no address to fetch");
        assertFalse(html.contains("https://"), "no address to fetch");
        assertFalse(html.toLowerCase().contains("<script"), "no script");
        assertFalse(html.contains("@import"));
        assertFalse(html.contains("@font-face"));
        Matcher src = Pattern.compile("(src|href)\\s*=\\s*[\"']?([^\"' >]*)").matcher(html);
        while (src.find()) {
            String target = src.group(2);
            assertTrue(target.startsWith("#") || target.startsWith("data:"), "only page anchors and data: URIs, got " + src.group());
        }
        Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (url.find()) assertTrue(url.group(1).startsWith("#"), "only references inside the page, got " + url.group());
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "the browser is told to fetch nothing");
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
    }

    @Test
    void gridRunPage_hasEverySectionOfATabularRun_inOrder() throws Exception {
        String html = page(TestRuns.grid(dir, "run", "gridworld:size=3", 4));
        int last = -1;
        for (String id : List.of("summary", "reward", "policy", "visitation", "curves", "metrics")) {
            int at = html.indexOf("<section id=\"" + id + "\">");
            assertTrue(at > last, id + " after the previous section");
            assertTrue(html.contains("<a href=\"#" + id + "\">"), id + " in the table of contents");
            last = at;
        }
        assertFalse(html.contains("<section id=\"sensitivity\">"));
    }

    @Test
    void summary_showsTheMetricsCommandLineAndProvenance() throws Exception {
        Path run = TestRuns.grid(dir, "run", "gridworld:size=3", 4);
        String html = page(run);
        String summary = html.substring(html.indexOf("<section id=\"summary\">"), html.indexOf("</section>"));
        assertTrue(summary.contains("<th scope=\"row\">evd</th><td>0.125000</td>"), "the EVD at the top");
        assertTrue(html.contains("<td>evd</td><td class=\"num\">0.125000</td><td>expected value difference"), "and with what it means in the metrics table");
        assertTrue(html.contains("<td>optimal_value</td><td class=\"num\">2.50000</td>"));
        assertTrue(html.contains("revealed learn --env gridworld:size=3 --demos &#39;my demos.jsonl&#39; --out run"), "the command line, quoted for a shell");
        assertTrue(html.contains(RunData.sha256(run.resolve("demos.jsonl"))), "the input's hash");
        assertTrue(html.contains("9.9.9-test"), "the version that ran");
        assertTrue(html.contains("<th scope=\"row\">seed</th><td>0</td>"));
        assertTrue(html.contains("<th scope=\"row\">wall time</th><td>0.750 s</td>"));
        // 2.375 of 2.5, random 0.5: EVD 0.125 is 6.25% of the way from optimal to random.
        assertTrue(html.contains("earns 2.375 of true value, where the best possible is 2.5 and a random policy earns 0.5"), html);
        assertTrue(html.contains("6.3% of the way from optimal to random"));
    }

    @Test
    void rewardMap_hasOneCellPerStateInEachPanel_withStandardisedAndRawValues() throws Exception {
        String map = figure(page(TestRuns.grid(dir, "run", "gridworld:size=3", 4)), "fig-reward-map");
        assertEquals(2 * 9, count(map, "<g class='cell'>"), "true and learned, 9 cells each");
        // learned = 9 at state 8, 0 elsewhere: mean 1, shifted -1 and 8, divided by 8.
        assertTrue(map.contains("<title>learned (mce-irl), state 8 (x 2, y 2): 1 standardised, 9 raw</title>"), map);
        assertTrue(map.contains("<title>learned (mce-irl), state 0 (x 0, y 0): -0.125 standardised, 0 raw</title>"));
        assertTrue(map.contains("standardised reward"), "the legend says what the colours mean");
    }

    @Test
    void visitationMap_showsTheExpertsHandCountedShares() throws Exception {
        String html = page(TestRuns.grid(dir, "run", "gridworld:size=3", 4));
        String map = figure(html, "fig-visitation-map");
        assertEquals(2 * 9, count(map, "<g class='cell'>"), "expert and learned, 9 cells each");
        assertTrue(map.contains("<title>expert (2 demonstrations), state 4 (x 1, y 1): 50.00% of the visits</title>"), map);
        assertTrue(map.contains("<title>expert (2 demonstrations), state 5 (x 2, y 1): 12.50% of the visits</title>"));
        assertTrue(map.contains("<title>expert (2 demonstrations), state 8 (x 2, y 2): 0.00% of the visits</title>"), "the state after the last counted step");
        assertTrue(html.contains("Total variation distance between the two"));
    }

    @Test
    void policy_isOneArrowCellPerState_withEveryProbabilityOnHover() throws Exception {
        String map = figure(page(TestRuns.grid(dir, "run", "gridworld:size=3", 4)), "fig-policy");
        assertEquals(9, count(map, "<g class='cell'>"));
        assertTrue(map.contains("<title>state 4 (x 1, y 1): right 1.00, down 0.00, left 0.00, up 0.00, stay 0.00</title>"), map);
    }

    @Test
    void curves_oneChartPerColumnOfCurvesCsv() throws Exception {
        String html = page(TestRuns.grid(dir, "run", "gridworld:size=3", 4));
        for (String id : List.of("fig-curve-objective", "fig-curve-relative-feature-gap", "fig-curve-evd"))
            assertTrue(figure(html, id).contains("<svg"), id);
        assertTrue(figure(html, "fig-curve-relative-feature-gap").contains("Logarithmic axis"), "0.5 down to 0.001 spans orders of magnitude");
        assertFalse(figure(html, "fig-curve-objective").contains("Logarithmic axis"));
    }

    @Test
    void figureIdsAndClipPathIds_areUniqueOnThePage() throws Exception {
        String html = page(TestRuns.grid(dir, "run", "gridworld:size=3", 4));
        Matcher ids = Pattern.compile(" id=['\"]([^'\"]+)['\"]").matcher(html);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (ids.find()) assertTrue(seen.add(ids.group(1)), "id " + ids.group(1) + " twice");
        assertTrue(seen.size() > 10);
    }

    @Test
    void policyWithOnlyItsFirstStep_drawsArrowsButNotTheLearnedVisitation_andSaysWhy() throws Exception {
        Path run = TestRuns.grid(dir, "run", "gridworld:size=3", 1);
        RunData data = RunData.load(run);
        assertNull(data.tabular().policy());
        String html = page(run);
        assertEquals(9, count(figure(html, "fig-policy"), "<g class='cell'>"));
        assertEquals(9, count(figure(html, "fig-visitation-map"), "<g class='cell'>"), "the expert's map only");
        assertTrue(html.contains("holds only the first step of the policy"));
    }

    @Test
    void movedDemonstrations_becomeANote_andTheRestOfThePageStays() throws Exception {
        Path run = TestRuns.grid(dir, "run", "gridworld:size=3", 4);
        Files.delete(run.resolve("demos.jsonl"));
        String html = page(run);
        assertTrue(html.contains("are not there any more"), "the page says why the expert is missing");
        assertEquals(9, count(figure(html, "fig-visitation-map"), "<g class='cell'>"), "the learned policy's map only");
        assertTrue(html.contains("fig-reward-map"));
    }

    @Test
    void changedDemonstrations_areNotDrawn() throws Exception {
        Path run = TestRuns.grid(dir, "run", "gridworld:size=3", 4);
        Files.writeString(run.resolve("demos.jsonl"), "{\"obs\": [0, 1], \"acts\": [0], \"terminated\": false, \"truncated\": true}\n");
        String html = page(run);
        assertTrue(html.contains("have changed since the run"));
        assertFalse(html.contains("expert ("));
    }

    @Test
    void sideBySide_putsEveryLearnedRewardInOneRowAfterTheTrueOne() throws Exception {
        Path a = TestRuns.grid(dir, "a", "gridworld:size=3", 4), b = TestRuns.grid(dir, "b", "gridworld:size=3", 4);
        String html = RunReport.sideBySide(List.of(RunData.load(a), RunData.load(b))).render().html();
        String map = figure(html, "fig-reward-map");
        assertEquals(3 * 9, count(map, "<g class='cell'>"), "true, a and b");
        assertTrue(map.contains(">a (mce-irl)<") && map.contains(">b (mce-irl)<"), "each run's map is labelled with its folder");
        assertTrue(html.contains("<th scope=\"col\">a</th><th scope=\"col\">b</th>"), "one metrics column per run");
        assertFalse(html.contains("<section id=\"policy\">"), "policies stay on the runs' own pages");
        assertTrue(figure(html, "fig-curve-evd").contains("<svg"));
    }

    @Test
    void sideBySide_refusesRunsOfDifferentEnvironments() throws Exception {
        Path a = TestRuns.grid(dir, "a", "gridworld:size=3", 4), b = TestRuns.grid(dir, "b", "gridworld:size=4", 4);
        ReportException e = assertThrows(ReportException.class, () -> RunReport.sideBySide(List.of(RunData.load(a), RunData.load(b))));
        assertTrue(e.getMessage().contains("gridworld:size=4") && e.getMessage().contains("gridworld:size=3"), e.getMessage());
        assertTrue(e.getMessage().contains("must share one environment"), e.getMessage());
    }

    @Test
    void sensitivityRun_drawsDistanceAndRegretPerPerturbation() throws Exception {
        String html = page(TestRuns.sensitivity(dir));
        assertTrue(html.contains("<section id=\"sensitivity\">"));
        assertFalse(html.contains("<section id=\"reward\">"));
        String distance = figure(html, "fig-sensitivity-distance");
        assertTrue(distance.contains(">temperature<") && distance.contains(">discount<"), "one line per perturbation, in the legend");
        assertTrue(figure(html, "fig-sensitivity-regret").contains("<svg"));
        assertTrue(html.contains("the largest STARC distance between the inferred and the true reward is 0.375, under the &#39;discount&#39; perturbation of size 0.1"), html);
        assertTrue(html.contains("<td>beta 5.5, assumed 5.0</td>"), "the quoted setting, comma and all");
    }

    @Test
    void controlRun_hasSummaryAndCurvesOnly() throws Exception {
        String html = page(TestRuns.control(dir));
        assertTrue(html.contains("<section id=\"summary\">") && html.contains("<section id=\"curves\">"));
        for (String id : List.of("reward", "policy", "visitation", "sensitivity")) assertFalse(html.contains("<section id=\"" + id + "\">"), id);
        assertTrue(html.contains("The cloned policy returns 480.5 on average over 10 greedy episodes (from 400 to 500)"), html);
        assertTrue(figure(html, "fig-curve-loss").contains("<svg"));
    }

    @Test
    void nonGridRun_drawsBarsPerState() throws Exception {
        Path run = TestRuns.grid(dir, "run", "gridworld:size=3", 4);
        // The same numbers on a 9-state Garnet: no grid, so bars.
        var config = TestRuns.JSON.readTree(run.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).put("env", "garnet:states=9,actions=5,branching=2");
        TestRuns.JSON.writeValue(run.resolve("config.json").toFile(), config);
        String html = page(run);
        for (String id : List.of("fig-reward-bars", "fig-policy-bars", "fig-visitation-bars")) assertTrue(figure(html, id).contains("<svg"), id);
        assertFalse(html.contains("class='cell'"), "no grid cells");
    }

    @Test
    void load_explainsWhatIsWrongWithTheFolder() throws Exception {
        assertTrue(assertThrows(ReportException.class, () -> RunData.load(dir.resolve("nowhere"))).getMessage().endsWith("nowhere: no such folder"));
        Files.writeString(dir.resolve("file.txt"), "x");
        assertTrue(assertThrows(ReportException.class, () -> RunData.load(dir.resolve("file.txt"))).getMessage().contains("not a folder"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(ReportException.class, () -> RunData.load(empty)).getMessage().contains("not a run folder"));
        Path run = TestRuns.grid(dir, "run", "gridworld:size=3", 4);
        Files.delete(run.resolve("policy.json"));
        String missing = assertThrows(ReportException.class, () -> RunData.load(run)).getMessage();
        assertTrue(missing.contains("policy.json: missing"), missing);
        Path other = TestRuns.grid(dir, "other", "gridworld:size=3", 4);
        Files.writeString(other.resolve("metrics.json"), "{\"evd\": ");
        String malformed = assertThrows(ReportException.class, () -> RunData.load(other)).getMessage();
        assertTrue(malformed.contains("metrics.json: not valid JSON"), malformed);
        Path cut = TestRuns.grid(dir, "cut", "gridworld:size=3", 4);
        Files.writeString(cut.resolve("policy.json"), "{\"states\": 9, \"actions\": 5, \"steps\": 4, \"steps_written\": 4, \"probabilities\": [[[1, 0, 0, 0, 0]]]}");
        String shortPolicy = assertThrows(ReportException.class, () -> RunData.load(cut)).getMessage();
        assertTrue(shortPolicy.contains("policy.json: 5 probabilities, expected 180"), shortPolicy);
    }

    @Test
    void pngs_oneFilePerFigure_notBlank() throws Exception {
        Report.Rendered page = RunReport.of(RunData.load(TestRuns.grid(dir, "run", "gridworld:size=3", 4))).render();
        List<Path> files = page.writePngs(dir.resolve("png"));
        assertEquals(List.of("reward-map", "policy", "visitation-map", "curve-objective", "curve-relative-feature-gap", "curve-evd"),
                files.stream().map(p -> p.getFileName().toString().replace(".png", "")).toList());
        for (Path f : files) {
            var img = javax.imageio.ImageIO.read(f.toFile());
            Figure fig = page.figures().get(f.getFileName().toString().replace(".png", ""));
            assertEquals((int) Math.ceil(fig.width() * Figures.PNG_SCALE), img.getWidth(), f.toString());
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
            assertTrue(colours.size() > 8, f + " is drawn, with " + colours.size() + " colours");
        }
    }
}
