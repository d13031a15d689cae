"""A heavy computation shared by several obligations of one run (one training sweep read by two
claims and a negative control), computed once.

`once(function, **kwargs)` returns `function(**kwargs)`. Inside a run the runner names a folder
for the run (environment variable LANDSCAPE_SHARED); the first worker that asks computes the
value under an exclusive file lock and stores it there (pickle); every other worker that asks
for the same function and arguments waits for the lock and reads the stored value. The folder
belongs to that run alone and is removed when the run ends, so nothing is ever served across
runs (across runs the evidence cache does that job, keyed by the code). Outside a run (tests,
benchmarks) the value is simply computed.

The function must be deterministic (seeded): sharing changes how often it runs, never what it returns.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
from pathlib import Path

ENVIRONMENT = "LANDSCAPE_SHARED"


def key(function, kwargs: dict) -> str:
    text = json.dumps([function.__module__, function.__qualname__, kwargs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def once(function, **kwargs):
    folder = os.environ.get(ENVIRONMENT)
    if not folder:
        return function(**kwargs)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = key(function, kwargs)
    stored = folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if stored.exists():
                with open(stored, "rb") as f:
                    return pickle.load(f)
            value = function(**kwargs)
            partial = stored.with_suffix(".partial")
            with open(partial, "wb") as f:
                pickle.dump(value, f)
            partial.replace(stored)
            return value
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
