package io.revealed.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revealed.data.Trajectory;
import io.revealed.env.EnvSpec;
import io.revealed.env.Environments;
import io.revealed.env.TabularEnvironment;
import io.revealed.io.MdpJson;
import io.revealed.io.TrajectoryJsonl;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;
import io.revealed.planning.TabularPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows about one run, read from its run folder: {@code config.json} and
 * {@code metrics.json} (always), {@code curves.csv}, {@code sensitivity.csv} and {@code selection.csv}
 * (when the run wrote them), and for tabular IRL runs the environment (made again from the spec in {@code config.json}),
 * the learned reward and policy, and the demonstrations.
 *
 * <p>Files a run of its kind always writes must be there and well-formed, or {@link #load} fails
 * with a {@link ReportException} naming the file. What may legitimately be missing (a demonstrations
 * file that was moved, an environment file that is elsewhere now, a problem too large to draw per
 * state) becomes a {@linkplain #notes() note} on the page instead.
 *
 * @param folder the run folder
 * @param label a short name of the run (the folder's name)
 * @param config {@code config.json}, in file order
 * @param metrics {@code metrics.json}, in file order
 * @param curves {@code curves.csv}, or null
 * @param sensitivity {@code sensitivity.csv}, or null
 * @param selection {@code selection.csv} (the periodic evaluations of a training run that keeps its best policy), or null
 * @param tabular the per-state data of a tabular run, or null
 * @param notes what could not be shown and why, one sentence each
 */
public record RunData(Path folder, String label, Map<String, Object> config, Map<String, Object> metrics,
                      CsvTable curves, CsvTable sensitivity, CsvTable selection, Tabular tabular, List<String> notes) {

    /** Runs with more states than this are summarised without per-state figures (and their policy is not read). */
    public static final int PER_STATE_LIMIT = 10_000;

    /** What a quickstart run records as the path of the demonstrations it keeps in its own folder. */
    static final String DEMOS_IN_FOLDER = "demos.jsonl (in this run folder)";

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunData {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        notes = List.copyOf(notes);
    }

    /**
     * The per-state side of a tabular run.
     *
     * @param env the environment, made again from its spec
     * @param mdp its MDP with the discount and horizon the run used
     * @param learned the learned reward ({@code reward.json})
     * @param firstStep the learned policy at t = 0, {@code [s * A + a]}
     * @param policy the whole learned policy, or null when {@code policy.json} holds only its first step
     * @param demos the demonstrations, or null when they are not available (see the notes)
     */
    public record Tabular(TabularEnvironment env, TabularMdp mdp, TabularReward learned, double[] firstStep,
                          TabularPolicy policy, List<Trajectory> demos) {}

    /** The command that made the run ({@code learn}, {@code quickstart}, {@code sensitivity}, {@code train-expert}). */
    public String command() {
        return String.valueOf(config.getOrDefault("command", ""));
    }

    /** The environment spec the run was made on. */
    public String env() {
        return String.valueOf(config.getOrDefault("env", ""));
    }

    /** The algorithm, from {@code config.json}. */
    public String algorithm() {
        return String.valueOf(config.getOrDefault("algorithm", ""));
    }

    /** A metric as a number, or NaN when it is absent or not a number. */
    public double metric(String key) {
        return metrics.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * Reads a run folder.
     *
     * @throws ReportException when {@code folder} is not a run folder or one of its files is missing or malformed
     */
    public static RunData load(Path folder) {
        return load(folder, folder);
    }

    /**
     * Reads the files of a run folder that is still being written ({@code folder}, a staging folder)
     * for the run that will be at {@code shownAs}, which the page names as its folder.
     */
    public static RunData load(Path folder, Path shownAs) {
        if (!Files.exists(folder)) throw new ReportException(folder + ": no such folder");
        if (!Files.isDirectory(folder)) throw new ReportException(folder + ": not a folder (give a run folder)");
        Path configFile = folder.resolve("config.json"), metricsFile = folder.resolve("metrics.json");
        if (!Files.isRegularFile(configFile) && !Files.isRegularFile(metricsFile))
            throw new ReportException(folder + ": not a run folder (it has no config.json or metrics.json); run folders are written by learn, quickstart, train-expert and sensitivity --out");
        Map<String, Object> config = readJson(configFile);
        Map<String, Object> metrics = readJson(metricsFile);
        String command = String.valueOf(config.getOrDefault("command", ""));
        List<String> notes = new ArrayList<>();
        Path curvesFile = folder.resolve("curves.csv");
        CsvTable curves = Files.isRegularFile(curvesFile) ? CsvTable.read(curvesFile) : null;
        Path selectionFile = folder.resolve("selection.csv");
        CsvTable selection = Files.isRegularFile(selectionFile) ? CsvTable.read(selectionFile) : null;
        CsvTable sensitivity = null;
        if (command.equals("sensitivity")) sensitivity = CsvTable.read(require(folder, "sensitivity.csv"));
        Tabular tabular = null;
        if (config.get("states") instanceof Number states && !"bc".equals(config.get("algorithm"))) {
            Path rewardFile = require(folder, "reward.json"), policyFile = require(folder, "policy.json");
            if (states.longValue() > PER_STATE_LIMIT) {
                notes.add("The run has " + states + " states; figures per state are drawn for up to " + PER_STATE_LIMIT + ".");
            } else {
                tabular = loadTabular(folder, config, rewardFile, policyFile, notes);
            }
        }
        Path abs = shownAs.toAbsolutePath().normalize();
        String label = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
        return new RunData(shownAs, label, config, metrics, curves, sensitivity, selection, tabular, notes);
    }

    private static Path require(Path folder, String name) {
        Path p = folder.resolve(name);
        if (!Files.isRegularFile(p)) throw new ReportException(p + ": missing; the run folder is incomplete (a run of this kind always writes " + name + ")");
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) {
        if (!Files.isRegularFile(file)) throw new ReportException(file + ": missing; the run folder is incomplete");
        try {
            Object v = JSON.readValue(file.toFile(), Object.class);
            if (!(v instanceof Map)) throw new ReportException(file + ": not a JSON object");
            return (Map<String, Object>) v;
        } catch (JsonProcessingException e) {
            throw new ReportException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Tabular loadTabular(Path folder, Map<String, Object> config, Path rewardFile, Path policyFile, List<String> notes) {
        String spec = String.valueOf(config.get("env"));
        TabularEnvironment env;
        try {
            env = Environments.create(spec);
        } catch (RuntimeException e) {
            notes.add("The environment " + spec + " cannot be made again here (" + e.getMessage() + "), so nothing is drawn per state.");
            return null;
        }
        TabularMdp mdp = env.mdp();
        int S = mdp.states(), A = mdp.actions();
        if (config.get("states") instanceof Number n && n.intValue() != S || config.get("actions") instanceof Number m && m.intValue() != A) {
            notes.add("The environment " + spec + " now has " + S + " states and " + A + " actions, the run had "
                    + config.get("states") + " and " + config.get("actions") + ", so nothing is drawn per state.");
            return null;
        }
        if (config.get("discount") instanceof Number g) {
            Integer h = config.get("horizon") instanceof Number hn ? hn.intValue() : null;
            boolean same = g.doubleValue() == mdp.discount()
                    && (h == null ? !mdp.finiteHorizon() : mdp.finiteHorizon() && mdp.horizon().getAsInt() == h);
            if (!same) mdp = mdp.withDiscountAndHorizon(g.doubleValue(), h);
        }
        TabularReward learned = MdpJson.readReward(rewardFile, S, A);
        PolicyFile p = readPolicy(policyFile, S, A);
        TabularPolicy policy = null;
        if (p.complete()) {
            try {
                policy = new TabularPolicy(S, A, p.steps(), p.probabilities());
            } catch (IllegalArgumentException e) {
                throw new ReportException(policyFile + ": " + e.getMessage());
            }
        } else {
            notes.add("policy.json holds only the first step of the policy, so the learned policy's visitation is not drawn.");
        }
        double[] first = java.util.Arrays.copyOf(p.probabilities(), S * A);
        return new Tabular(env, mdp, learned, first, policy, readDemos(folder, config, S, A, notes));
    }

    private static List<Trajectory> readDemos(Path folder, Map<String, Object> config, int S, int A, List<String> notes) {
        if (!(config.get("demos") instanceof Map<?, ?> d) || d.get("path") == null) {
            notes.add("The run does not name its demonstrations, so the expert's visitation is not drawn.");
            return null;
        }
        String path = String.valueOf(d.get("path"));
        Path file = path.equals(DEMOS_IN_FOLDER) ? folder.resolve("demos.jsonl") : Path.of(path);
        if (!Files.isRegularFile(file)) {
            notes.add("The demonstrations " + path + " are not there any more (looked for " + file.toAbsolutePath()
                    + "), so the expert's visitation is not drawn.");
            return null;
        }
        if (d.get("sha256") instanceof String expected && !expected.equals(sha256(file))) {
            notes.add("The demonstrations " + file + " have changed since the run (their SHA-256 differs from config.json), so the expert's visitation is not drawn.");
            return null;
        }
        try {
            return TrajectoryJsonl.read(file, S, A);
        } catch (RuntimeException e) {
            notes.add("The demonstrations " + file + " cannot be read (" + e.getMessage() + "), so the expert's visitation is not drawn.");
            return null;
        }
    }

    /** The header and numbers of {@code policy.json}; {@code complete} when every step is in the file. */
    private record PolicyFile(int steps, boolean complete, double[] probabilities) {}

    /** Streams {@code policy.json} (it can be large) into one flat array. */
    private static PolicyFile readPolicy(Path file, int S, int A) {
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new ReportException(file + ": not a JSON object");
            int states = -1, actions = -1, steps = -1, written = -1;
            double[] probs = null;
            int n = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "states" -> states = p.getIntValue();
                    case "actions" -> actions = p.getIntValue();
                    case "steps" -> steps = p.getIntValue();
                    case "steps_written" -> written = p.getIntValue();
                    case "probabilities" -> {
                        if (states != S || actions != A || steps < 0 || written < 0)
                            throw new ReportException(file + ": the header says " + states + " states and " + actions + " actions (with steps and steps_written before the probabilities); the environment has " + S + " and " + A);
                        long expected = (long) Math.max(written, 1) * S * A;
                        probs = new double[(int) expected];
                        int depth = 0;
                        do {
                            if (t == JsonToken.START_ARRAY) depth++;
                            else if (t == JsonToken.END_ARRAY) depth--;
                            else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                                if (n == expected) throw new ReportException(file + ": more than " + expected + " probabilities");
                                probs[n++] = p.getDoubleValue();
                            } else throw new ReportException(file + ": unexpected " + t + " among the probabilities");
                        } while (depth > 0 && (t = p.nextToken()) != null);
                        if (n != expected) throw new ReportException(file + ": " + n + " probabilities, expected " + expected);
                    }
                    default -> p.skipChildren();
                }
            }
            if (probs == null) throw new ReportException(file + ": no \"probabilities\"");
            boolean complete = steps == 0 || written == steps;
            return new PolicyFile(steps, complete, probs);
        } catch (JsonProcessingException e) {
            throw new ReportException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of a file, in lower-case hex: what config.json records for inputs and the report checks. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical form of an environment spec, so that equal environments compare equal. */
    static String canonicalEnv(String spec) {
        try {
            return EnvSpec.parse(spec).toString();
        } catch (RuntimeException e) {
            return spec;
        }
    }
}
