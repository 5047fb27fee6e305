"""Builds the Minari-style HDF5 fixtures of MinariHdf5Test with h5py, the library Minari itself
writes with, from the first episodes of the real imitation rollouts in shared/data.

Run from this folder with a Python that has numpy and h5py (Debian: apt-get install python3-h5py):
    /usr/bin/python3 make_minari_fixtures.py
It prints the figures MinariHdf5Test asserts; they are pasted there as literals.

Layout, as Minari's HDF5 storage writes it: one group per episode, episode_0, episode_1, ...,
each with datasets observations (T+1 x d), actions (T or T x k), rewards (T), terminations (T)
and truncations (T), written with create_dataset(key, data=..., chunks=True); numpy bools become
HDF5 enums over int8 (FALSE = 0, TRUE = 1). Episode attributes id and total_steps, file
attributes total_episodes and total_steps.
"""
import os

import h5py
import numpy as np

DATA = os.path.join("..", "..", "..", "..", "..", "..", "..", "shared", "data", "imitation-expert-rollouts")


def episodes(npz, count):
    z = np.load(os.path.join(DATA, npz), allow_pickle=False)
    obs, acts, rews, terminal, indices = z["obs"], z["acts"], z["rews"], z["terminal"], z["indices"]
    bounds = [0] + [int(i) for i in indices] + [len(acts)]
    for i in range(count):
        a, b = bounds[i], bounds[i + 1]
        yield obs[a + i:b + i + 1], acts[a:b], rews[a:b], bool(terminal[i])


def write(name, npz, count, time_limit, gzip):
    total = 0
    with h5py.File(name, "w") as f:
        for i, (o, a, r, term) in enumerate(episodes(npz, count)):
            g = f.create_group(f"episode_{i}")
            g.attrs["id"] = i
            g.attrs["total_steps"] = len(a)
            opts = {"compression": "gzip", "compression_opts": 4} if gzip else {}
            g.create_dataset("observations", data=o, chunks=True, **opts)
            g.create_dataset("actions", data=a, chunks=True)
            g.create_dataset("rewards", data=r, chunks=True)
            terminations = np.zeros(len(a), dtype=bool)
            truncations = np.zeros(len(a), dtype=bool)
            # Gymnasium semantics: a time limit truncates; CartPole's pole falling terminates.
            (truncations if time_limit else terminations)[-1] = True
            g.create_dataset("terminations", data=terminations, chunks=True)
            g.create_dataset("truncations", data=truncations, chunks=True)
            g.create_group("infos")
            total += len(a)
            print(name, i, "steps", len(a), "return", repr(float(np.sum(r, dtype=np.float64))),
                  "obs[0]", [repr(float(x)) for x in o[0]], "obs[-1]", [repr(float(x)) for x in o[-1]],
                  "acts[0]", a[0].tolist(), "acts[-1]", a[-1].tolist())
        f.attrs["total_episodes"] = count
        f.attrs["total_steps"] = total


write("minari-cartpole.hdf5", "cartpole_0_final.npz", 3, time_limit=False, gzip=False)
write("minari-pendulum.hdf5", "pendulum_0_final.npz", 2, time_limit=True, gzip=True)
