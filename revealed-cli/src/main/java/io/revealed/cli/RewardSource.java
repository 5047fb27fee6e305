package io.revealed.cli;

import io.revealed.io.MdpJson;
import io.revealed.mdp.TabularMdp;
import io.revealed.mdp.TabularReward;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command takes a reward from: {@code env} (the environment's own reward), a run folder
 * (its {@code reward.json}), or a reward file.
 */
final class RewardSource {
    private RewardSource() {}

    static final String HELP = "'env' (the environment's own reward), a run folder (its reward.json) or a reward JSON file";

    static TabularReward load(String source, EnvOptions.Loaded env, String envSpec) {
        TabularMdp mdp = env.mdp();
        if (source.equals("env")) {
            if (mdp.reward() == null) throw new CliException(envSpec + " has no reward of its own; give a reward file instead of 'env'");
            return mdp.reward();
        }
        Path p = Path.of(source);
        if (Files.isDirectory(p)) {
            Path r = p.resolve("reward.json");
            if (!Files.isRegularFile(r)) throw new CliException(p + " is a folder without a reward.json; give a run folder of 'revealed learn' or a reward file");
            p = r;
        } else if (!Files.exists(p)) {
            throw new CliException(source + ": no such file or folder (a reward is " + HELP + ")");
        }
        return MdpJson.readReward(p, mdp.states(), mdp.actions());
    }
}
