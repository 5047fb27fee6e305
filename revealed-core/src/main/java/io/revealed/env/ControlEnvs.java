package io.revealed.env;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The registry of classic-control environments by id: Gymnasium's {@code CartPole-v1},
 * {@code MountainCar-v0}, {@code Acrobot-v1}, {@code Pendulum-v1}, seals' fixed-horizon
 * {@code seals/CartPole-v0} and {@code seals/MountainCar-v0}, and the short aliases
 * {@code cartpole}, {@code mountaincar}, {@code acrobot}, {@code pendulum} for the Gymnasium ones.
 * Ids are matched without regard to case. Every call makes a new, unseeded instance.
 */
public final class ControlEnvs {
    private ControlEnvs() {}

    private static final Map<String, Supplier<ControlEnv>> FACTORIES = Map.of(
            CartPole.ID, CartPole::new,
            MountainCar.ID, MountainCar::new,
            Acrobot.ID, Acrobot::new,
            Pendulum.ID, Pendulum::new,
            CartPole.FIXED_HORIZON_ID, CartPole::fixedHorizon,
            MountainCar.FIXED_HORIZON_ID, MountainCar::fixedHorizon);

    private static final Map<String, String> ALIASES = Map.of(
            "cartpole", CartPole.ID,
            "mountaincar", MountainCar.ID,
            "acrobot", Acrobot.ID,
            "pendulum", Pendulum.ID);

    /** The canonical ids, in documentation order. */
    public static List<String> ids() {
        return List.of(CartPole.ID, MountainCar.ID, Acrobot.ID, Pendulum.ID, CartPole.FIXED_HORIZON_ID, MountainCar.FIXED_HORIZON_ID);
    }

    /** The short aliases, each standing for a Gymnasium id. */
    public static List<String> aliases() { return List.of("cartpole", "mountaincar", "acrobot", "pendulum"); }

    /**
     * The canonical id of {@code idOrAlias}.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ids and aliases
     */
    public static String canonicalId(String idOrAlias) {
        Objects.requireNonNull(idOrAlias, "id");
        String key = idOrAlias.strip();
        for (String id : ids()) if (id.equalsIgnoreCase(key)) return id;
        String alias = ALIASES.get(key.toLowerCase(Locale.ROOT));
        if (alias != null) return alias;
        throw new IllegalArgumentException("unknown control environment '" + idOrAlias + "'; known ids: "
                + String.join(", ", ids()) + "; aliases: " + String.join(", ", aliases()));
    }

    /**
     * A new environment for an id or alias.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ids and aliases
     */
    public static ControlEnv create(String idOrAlias) {
        return FACTORIES.get(canonicalId(idOrAlias)).get();
    }
}
