"""Prints the figures ImitationNpzTest asserts about the real imitation rollouts in shared/data,
computed with numpy alone (episodes cut exactly as the data README says); they are pasted there
as literals. Run from this folder: python3 imitation_npz_facts.py"""
import os

import numpy as np

DATA = os.path.join("..", "..", "..", "..", "..", "..", "..", "shared", "data", "imitation-expert-rollouts")

for name in ["cartpole_0_final.npz", "pendulum_0_final.npz"]:
    z = np.load(os.path.join(DATA, name), allow_pickle=False)
    obs, acts, rews, terminal, indices = z["obs"], z["acts"], z["rews"], z["terminal"], z["indices"]
    bounds = [0] + [int(i) for i in indices] + [len(acts)]
    n = len(bounds) - 1
    returns = [float(np.sum(rews[bounds[i]:bounds[i + 1]], dtype=np.float64)) for i in range(n)]
    lengths = np.diff(bounds)
    last = obs[bounds[n - 1] + n - 1:bounds[n] + n]
    print(name, "episodes", n, "steps", len(acts), "obs", obs.shape, obs.dtype, "acts", acts.shape, acts.dtype)
    print("  mean return", repr(float(np.mean(returns))), "min", repr(min(returns)), "max", repr(max(returns)))
    print("  lengths min", int(lengths.min()), "max", int(lengths.max()), "terminal", int(terminal.sum()), "of", n)
    print("  acts min", repr(float(acts.min())), "max", repr(float(acts.max())))
    print("  last episode: length", int(lengths[-1]), "return", repr(returns[-1]), "final obs", [repr(float(x)) for x in last[-1]])
    print("  episode 1: first obs", [repr(float(x)) for x in obs[bounds[1] + 1]], "first act", acts[bounds[1]].tolist())
