"""The status gate: `proofs/status.lock` records each claim's expected status.

A run fails the gate when a claim falls below its locked status, when a claim locked as
`refuted` is no longer refuted (or a claim becomes refuted), when a negative control
stops being refuted (its claim becomes `error`), when a claim is new and not yet locked,
or when a locked claim is gone. Improvements are reported; `make lock` records them.

Rank: proved > proved assuming > proved for instances > proved for instances assuming >
supported > unknown > error (checkers.status.RANK). `refuted` and `cited` are not on this
scale: they must match the lock exactly.
"""
from __future__ import annotations

import json
from pathlib import Path

from checkers.status import RANK


def read_lock(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def write_lock(path: Path, statuses: dict) -> None:
    path.write_text(json.dumps(dict(sorted(statuses.items())), indent=1) + "\n")


def compare(lock: dict, statuses: dict, ran_all: bool) -> tuple[list[str], list[str]]:
    """(failures, improvements) as lines starting with the claim id."""
    failures, improvements = [], []
    for cid, now in sorted(statuses.items()):
        locked = lock.get(cid)
        if locked is None:
            failures.append(f"{cid}: new claim with status '{now}' is not in proofs/status.lock (run `make lock`)")
        elif now == locked:
            continue
        elif now not in RANK or locked not in RANK:
            failures.append(f"{cid}: was '{locked}', now '{now}'")
        elif RANK[now] < RANK[locked]:
            failures.append(f"{cid}: fell from '{locked}' to '{now}'")
        else:
            improvements.append(f"{cid}: improved from '{locked}' to '{now}' (run `make lock` to record it)")
    if ran_all:
        failures += [f"{cid}: locked as '{s}' but no longer declared" for cid, s in sorted(lock.items())
                     if cid not in statuses]
    return failures, improvements
