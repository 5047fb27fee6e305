"""Writes GymnasiumGoldenData.java: Gymnasium's own step results for the classic-control tests.

Each scenario makes the environment with gymnasium.make (so the TimeLimit wrapper is on), resets
it, overwrites the simulator's internal state (and, for the truncation scenarios, the TimeLimit
step counters), then applies a fixed list of actions and records, per step, the observation, the
reward, the two flags and the internal float64 state. Stepping stops at termination or truncation.

Versions used for the committed output: Gymnasium 1.3.0 (tag v1.3.0, commit 53bf3e9a), the seals
repository at commit 90f68cfb (its classic_control module only), NumPy 2.4, CPython 3 on x86-64.

    PYTHONPATH=/path/to/gymnasium-1.3.0:/path/to/seals/src \
        python3 gymnasium_golden.py > ../../java/io/revealed/env/GymnasiumGoldenData.java
"""

import warnings

import gymnasium as gym
import numpy as np

import seals  # noqa: F401  (registers seals/CartPole-v0 and seals/MountainCar-v0)

warnings.filterwarnings("ignore")  # Box precision notes from seals' observation space

PI = float(np.pi)

# (name, id, start state, elapsed steps already taken, actions)
SCENARIOS = [
    ("cartPoleBalancing", "CartPole-v1", [0.01, -0.02, 0.03, 0.04], 0, [1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0]),
    ("cartPoleFalls", "CartPole-v1", [0.0, 0.1, 0.15, 0.6], 0, [1] * 40),
    ("cartPoleLeavesTrack", "CartPole-v1", [2.35, 1.2, 0.0, 0.0], 0, [1] * 10),
    ("cartPoleTruncated", "CartPole-v1", [0.01, 0.0, -0.01, 0.0], 495, [0, 1, 0, 1, 0, 1]),
    ("sealsCartPoleOffTrack", "seals/CartPole-v0", [2.35, 1.2, 0.0, 0.0], 0, [1] * 8),
    ("sealsCartPoleSpins", "seals/CartPole-v0", [0.0, 0.0, 3.0, 6.0], 0, [0, 1] * 6),
    ("sealsCartPoleTruncated", "seals/CartPole-v0", [0.0, 0.0, 0.5, 0.0], 497, [1, 1, 1, 1]),
    ("mountainCarValley", "MountainCar-v0", [-0.5, 0.0], 0, [2, 2, 2, 0, 0, 1, 2, 2, 0, 1, 1, 2]),
    ("mountainCarLeftWall", "MountainCar-v0", [-1.15, -0.06], 0, [0, 0, 0, 2, 2]),
    ("mountainCarGoal", "MountainCar-v0", [0.45, 0.04], 0, [2] * 10),
    ("mountainCarTruncated", "MountainCar-v0", [-0.5, 0.0], 197, [0, 1, 2, 2]),
    ("sealsMountainCarAbsorbs", "seals/MountainCar-v0", [0.45, 0.04], 0, [2, 2, 0, 1, 0, 2]),
    ("sealsMountainCarTruncated", "seals/MountainCar-v0", [0.48, 0.03], 195, [2, 2, 2, 2, 2, 2]),
    ("acrobotSwing", "Acrobot-v1", [0.05, -0.03, 0.02, 0.08], 0, [0, 2, 2, 1, 0, 0, 2, 1, 2, 0]),
    ("acrobotFast", "Acrobot-v1", [3.0, -2.5, 12.0, -25.0], 0, [2, 0, 1, 2, 0, 1]),
    ("acrobotReachesHeight", "Acrobot-v1", [1.6, 0.3, 1.5, 0.5], 0, [2] * 20),
    ("acrobotTruncated", "Acrobot-v1", [0.1, 0.0, 0.0, 0.0], 498, [2, 2, 2]),
    ("pendulumSwing", "Pendulum-v1", [PI - 0.2, 0.5], 0, [0.7, -1.3, 3.0, -5.0, 0.0, 1.9999, 0.123, -0.456]),
    ("pendulumWraps", "Pendulum-v1", [4.0, 7.5], 0, [2.0, 2.0, 2.0, 2.0, 2.0, 2.0]),
    ("pendulumNegativeAngle", "Pendulum-v1", [-7.0, -7.9], 0, [-2.0, -1.0, 0.3, 0.25]),
    ("pendulumTruncated", "Pendulum-v1", [0.3, -0.2], 198, [0.5, -0.5, 0.5]),
]


def time_limits(env):
    found = []
    while True:
        if isinstance(env, gym.wrappers.TimeLimit):
            found.append(env)
        if not hasattr(env, "env"):
            return found
        env = env.env


def lit(x):
    r = repr(float(x))
    return r if ("." in r or "e" in r) else r + ".0"


def darr(xs):
    return "{" + ", ".join(lit(x) for x in xs) + "}"


def barr(xs):
    return "{" + ", ".join("true" if x else "false" for x in xs) + "}"


def run(env_id, start, elapsed, actions):
    env = gym.make(env_id)
    env.reset(seed=0)
    env.unwrapped.state = np.array(start, dtype=np.float64)
    for limit in time_limits(env):
        limit._elapsed_steps = elapsed
    rows = []
    for a in actions:
        act = np.array([a], dtype=np.float32) if env_id.startswith("Pendulum") else a
        obs, reward, terminated, truncated, _ = env.step(act)
        state = np.array(env.unwrapped.state, dtype=np.float64)
        rows.append((a, np.asarray(obs, dtype=np.float32), float(reward), terminated, truncated, state))
        if terminated or truncated:
            break
    return rows


def main():
    print("package io.revealed.env;")
    print()
    print("/**")
    print(" * Gymnasium 1.3.0's own step results (and seals' fixed-horizon variants), written by")
    print(" * {@code gymnasium_golden.py} beside this file; do not edit by hand. Observations are the exact")
    print(" * float32 values Gymnasium returned, states are its float64 internal state after each step.")
    print(" */")
    print("final class GymnasiumGoldenData {")
    print("    private GymnasiumGoldenData() {}")
    print()
    print("    record Scenario(String name, String id, double[] start, int elapsed, double[] actions,")
    print("            double[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,")
    print("            double[][] states) {}")
    print()
    print("    static final Scenario[] SCENARIOS = {")
    for name, env_id, start, elapsed, actions in SCENARIOS:
        rows = run(env_id, start, elapsed, actions)
        print(f'        new Scenario("{name}", "{env_id}", new double[]{darr(start)}, {elapsed},')
        print(f"            new double[]{darr(r[0] for r in rows)},")
        print("            new double[][]{" + ", ".join(darr(r[1]) for r in rows) + "},")
        print(f"            new double[]{darr(r[2] for r in rows)},")
        print(f"            new boolean[]{barr(r[3] for r in rows)},")
        print(f"            new boolean[]{barr(r[4] for r in rows)},")
        print("            new double[][]{" + ", ".join(darr(r[5]) for r in rows) + "}),")
    print("    };")
    print("}")


if __name__ == "__main__":
    main()
