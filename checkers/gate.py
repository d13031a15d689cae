"""The status gate: `proofs/status.lock` records each claim's expected status.

The lock is a JSON object, one claim per line. A value is a status word, or, for a claim
whose status rests on z3 `unsat` answers, an object that also records whether a second
engine confirmed them (the older plain form is still read; it records no confirmation):

    "zlm22.balance": "proved",
    "zlm22.origin-hessian-d1": {"status": "proved", "second_opinion": "confirmed"},

`second_opinion` is "confirmed" (every z3 unsat in the claim's trust base confirmed by cvc5)
or "unconfirmed" (checkers.evidence.second_opinion). The lock is validated before anything
runs: a malformed one is a LockError naming the problem.

A run fails the gate when a claim falls below its locked status, when a claim locked as
`refuted` is no longer refuted (or a claim becomes refuted), when a claim's status is
`error` (even if locked so: a negative control that is not refuted, or a crashed check, is
never accepted), when a claim locked as confirmed now rests on a z3 answer no second engine
confirmed, when a claim is new and not yet locked, or when a locked claim is gone.
Improvements are reported; `make lock` records them.

`plan_lock` decides what `lock` may write: it refuses to record `error`, an `unknown` that
came from a time limit, any regression (a lower rank, a changed `refuted` or `cited`, a lost
confirmation) and dropping a locked claim that is no longer declared, unless forced.

Rank: proved > proved assuming > proved for instances > proved for instances assuming >
supported > unknown > error (checkers.status.RANK). `refuted` and `cited` are not on this
scale: they must match the lock exactly.
"""
from __future__ import annotations

import json
from pathlib import Path

from checkers.status import ERROR, ORDER, RANK, UNKNOWN

SECOND_OPINIONS = ("confirmed", "unconfirmed")


class LockError(ValueError):
    """proofs/status.lock is malformed; the message says where."""


def entry(status: str, second_opinion: str | None = None):
    """The lock value for a status (and the claim's second-opinion level, if it has one)."""
    return status if second_opinion is None else {"status": status, "second_opinion": second_opinion}


def parse_entry(cid, value) -> tuple[str, str | None]:
    """(status, second_opinion or None) of one lock value; LockError if malformed."""
    if isinstance(value, dict):
        extra = sorted(set(value) - {"status", "second_opinion"})
        if extra:
            raise LockError(f"claim {cid!r}: unknown keys {extra} (expected 'status' and 'second_opinion')")
        status, second = value.get("status"), value.get("second_opinion")
        if second is not None and second not in SECOND_OPINIONS:
            raise LockError(f"claim {cid!r}: second_opinion {second!r} is not one of {list(SECOND_OPINIONS)}")
    else:
        status, second = value, None
    if not isinstance(status, str) or status not in ORDER:
        raise LockError(f"claim {cid!r}: unknown status {status!r} (expected one of {', '.join(ORDER)})")
    return status, second


def validate_lock(data, where: str = "proofs/status.lock") -> dict:
    """{claim id: (status, second_opinion)} from parsed lock JSON; LockError if it is not a lock."""
    if not isinstance(data, dict):
        raise LockError(f"{where} must be a JSON object {{claim id: status}}, not a {type(data).__name__}")
    return {cid: parse_entry(cid, value) for cid, value in data.items()}


def read_lock(path: Path) -> dict:
    """The validated lock, {claim id: (status, second_opinion)} ({} if there is none yet)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise LockError(f"{path} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise LockError(f"cannot read {path}: {e}") from None
    return validate_lock(data, str(path))


def write_lock(path: Path, lock: dict) -> None:
    """Write {claim id: (status, second_opinion)}, one claim per line, sorted."""
    lines = [f" {json.dumps(cid)}: {json.dumps(entry(*lock[cid]))}" for cid in sorted(lock)]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    tmp = Path(path).with_suffix(".lock.tmp")
    tmp.write_text(text)
    tmp.replace(path)


def describe(status: str, second_opinion: str | None = None) -> str:
    return status + (f" (second opinion {second_opinion})" if second_opinion else "")


def _normalise(lock: dict) -> dict:
    return {cid: v if isinstance(v, tuple) else parse_entry(cid, v) for cid, v in lock.items()}


def _change(cid, locked: tuple, now: tuple) -> tuple[str | None, str | None]:
    """(failure, improvement) for one locked claim."""
    (was, was_second), (status, second) = locked, now
    if status == ERROR:
        return f"{cid}: status 'error', locked as '{was}' (an error always fails the gate, locked or not)", None
    if status != was:
        if status not in RANK or was not in RANK:
            return f"{cid}: was '{was}', now '{status}'", None
        if RANK[status] < RANK[was]:
            return f"{cid}: fell from '{was}' to '{status}'", None
    if was_second == "confirmed" and second == "unconfirmed":
        return (f"{cid}: its z3 answers were confirmed by a second engine when locked; now one is not "
                "(see its trust base)"), None
    if status != was:
        return None, f"{cid}: improved from '{was}' to '{status}' (run `make lock` to record it)"
    if second == "confirmed" and was_second == "unconfirmed":
        return None, f"{cid}: its z3 answers are now all confirmed by a second engine (run `make lock` to record it)"
    return None, None


def compare(lock: dict, statuses: dict, ran_all: bool, second_opinions: dict | None = None
            ) -> tuple[list[str], list[str]]:
    """(failures, improvements) as lines starting with the claim id.

    lock: as read (plain or parsed values); statuses: {claim id: status};
    second_opinions: {claim id: "confirmed" | "unconfirmed" | None}."""
    lock, second_opinions = _normalise(lock), second_opinions or {}
    failures, improvements = [], []
    for cid, status in sorted(statuses.items()):
        now = (status, second_opinions.get(cid))
        if cid not in lock:
            failures.append(f"{cid}: new claim with status '{status}' is not in the status lock "
                            "(run `make lock`; for a claims folder `lock --claims DIR`)")
            continue
        failure, improvement = _change(cid, lock[cid], now)
        failures += [failure] if failure else []
        improvements += [improvement] if improvement else []
    if ran_all:
        failures += [f"{cid}: locked as '{s}' but no longer declared" for cid, (s, _) in sorted(lock.items())
                     if cid not in statuses]
    return failures, improvements


def plan_lock(lock: dict, statuses: dict, second_opinions: dict, ran_all: bool, time_limited: set,
              force: bool = False) -> tuple[dict, list[str], list[str]]:
    """(new lock, lines saying what is recorded, lines saying what is refused).

    Refused unless `force`: recording `error`, an `unknown` from a time limit (a claim in
    `time_limited`), a regression, and dropping a locked claim that is no longer declared."""
    lock = _normalise(lock)
    new, recorded, refused = dict(lock), [], []
    for cid, status in sorted(statuses.items()):
        now = (status, second_opinions.get(cid))
        if lock.get(cid) == now:
            continue
        problems = []
        if status == ERROR:
            problems.append("its status is 'error'")
        if status == UNKNOWN and cid in time_limited:
            problems.append("'unknown' came from a time limit (re-run it on an idle machine)")
        if cid in lock:
            failure, _ = _change(cid, lock[cid], now)
            if failure and status != ERROR:
                problems.append(failure.split(": ", 1)[1])
        shown = describe(*now)
        was = f", was {describe(*lock[cid])}" if cid in lock else ", new"
        if problems and not force:
            refused.append(f"{cid}: {shown}: " + "; ".join(problems))
            continue
        new[cid] = now
        recorded.append(f"{cid}: {shown}{was}" + (" [forced: " + "; ".join(problems) + "]" if problems else ""))
    if ran_all:
        for cid in sorted(set(lock) - set(statuses)):
            if force:
                del new[cid]
                recorded.append(f"{cid}: dropped, no longer declared, was {describe(*lock[cid])} [forced]")
            else:
                refused.append(f"{cid}: locked as {describe(*lock[cid])} but no longer declared")
    return new, recorded, refused
