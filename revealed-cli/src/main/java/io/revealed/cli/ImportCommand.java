package io.revealed.cli;

import io.revealed.data.EpisodeDataset;
import io.revealed.io.EpisodeJsonl;
import io.revealed.io.ImitationNpz;
import io.revealed.io.ImportedEpisodes;
import io.revealed.io.MinariHdf5;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code revealed import}: converts demonstrations saved by another library (imitation's legacy
 * {@code .npz} rollouts, Minari's HDF5 episodes) into Revealed's episode JSONL.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert demonstrations from another library's file format to episode JSONL (continuous observations, discrete or continuous actions).")
final class ImportCommand implements Runnable {
    /** The formats read, by their names on the command line. */
    enum Format {
        IMITATION_NPZ("imitation-npz"), MINARI("minari");

        final String spec;

        Format(String spec) { this.spec = spec; }

        static Format parse(String s) {
            for (Format f : values()) if (f.spec.equalsIgnoreCase(s)) return f;
            throw new CommandLine.TypeConversionException("unknown format '" + s + "'; use imitation-npz or minari");
        }
    }

    /** The names for --help. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return List.of("imitation-npz", "minari").iterator(); }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class, completionCandidates = FormatNames.class,
            description = "Format of FILE: imitation-npz (the legacy .npz rollouts of the Python library imitation) or minari (Minari's HDF5 episodes: groups episode_0, episode_1, ...).")
    Format format;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to convert.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output file (episode JSONL, written atomically).")
    Path out;

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) { return Format.parse(value); }
    }

    @Override
    public void run() {
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) throw new CliException(out + ": is a folder; --out takes a file name");
        if (parent != null && !Files.isDirectory(parent)) throw new CliException(parent + ": folder does not exist");
        if (sameFile(input, out)) throw new CliException(out + ": is the input file; choose another --out");
        ImportedEpisodes imported = switch (format) {
            case IMITATION_NPZ -> ImitationNpz.read(input);
            case MINARI -> MinariHdf5.read(input);
        };
        EpisodeDataset d = imported.dataset();
        EpisodeJsonl.write(d, out);
        print(d, imported.warnings());
    }

    private void print(EpisodeDataset d, List<String> warnings) {
        String actions = d.actionKind() == EpisodeDataset.ActionKind.CONTINUOUS ? "continuous, dimension " + d.actionDimension()
                : d.actionDimension() == 0 ? "none (every episode is empty)"
                : "discrete, " + d.actionDimension() + " values (0.." + (d.actionDimension() - 1) + ")";
        var returns = d.returns();
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", input.toString());
            m.put("format", format.spec);
            m.put("out", out.toString());
            m.put("episodes", d.size());
            m.put("steps", d.steps());
            m.put("observation_dim", d.observationDimension());
            m.put("action_kind", d.actionKind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("action_dim", d.actionDimension());
            m.put("episodes_with_rewards", returns.map(EpisodeDataset.Returns::episodes).orElse(0));
            m.put("mean_return", returns.map(EpisodeDataset.Returns::mean).orElse(null));
            m.put("min_return", returns.map(EpisodeDataset.Returns::min).orElse(null));
            m.put("max_return", returns.map(EpisodeDataset.Returns::max).orElse(null));
            m.put("warnings", warnings);
            spec.commandLine().getOut().println(Json.line(m));
            spec.commandLine().getOut().flush();
            return;
        }
        Summary s = new Summary("imported " + format.spec + " -> " + out)
                .put("file", input.toString())
                .put("episodes", d.size())
                .put("steps", d.steps())
                .put("observation dim", d.observationDimension())
                .put("actions", actions);
        if (returns.isEmpty()) {
            s.put("returns", "none (no rewards in the file)");
        } else {
            EpisodeDataset.Returns r = returns.get();
            if (r.episodes() < d.size()) s.put("returns over", r.episodes() + " of " + d.size() + " episodes (the others have no rewards)");
            s.put("mean return", r.mean()).put("min return", r.min()).put("max return", r.max());
        }
        if (warnings.isEmpty()) s.put("warnings", "none");
        for (int i = 0; i < warnings.size(); i++) s.put(warnings.size() == 1 ? "warning" : "warning " + (i + 1), warnings.get(i));
        s.print(spec.commandLine().getOut(), false);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
