package io.revealed.io;

import io.revealed.data.EpisodeDataset;

import java.util.List;
import java.util.Objects;

/**
 * Episodes read from another library's file format, with what the reader left out: each warning
 * is one sentence naming the part of the file that was skipped (for example imitation's pickled
 * {@code infos}). Readers return warnings instead of printing them; the caller decides.
 */
public record ImportedEpisodes(EpisodeDataset dataset, List<String> warnings) {
    public ImportedEpisodes {
        Objects.requireNonNull(dataset, "dataset");
        warnings = List.copyOf(warnings);
    }
}
