"""Run obligations in parallel worker processes, each with a hard time limit.

Every obligation (and negative control) runs in its own forked process: one that
exceeds its `timeout` is killed and gives `unknown` with the time spent; one that
raises or dies gives `error` for its claim, and the run goes on. A worker validates its
evidence before sending it (`Evidence.validate`): evidence made invalid after construction
is an `error` that says why, not a dead worker. Results are cached (checkers.cache);
progress is printed to stderr as obligations finish. Workers of one run share heavy
computations through a folder of that run (checkers.shared), removed when the run ends.
With a scheduler address the tasks go to a Dask cluster instead (checkers.cluster), each
still in its own process with its time limit, on the cluster's workers.

Processes. Each worker is the leader of its own process group (a kill also ends every
solver it started) and dies with the runner: `checkers.lifeline` sets PR_SET_PDEATHSIG on
Linux (the solver children set it too), with a watchdog thread as the fallback elsewhere,
so a `kill -9` of the runner leaves no orphans. SIGINT and SIGTERM raise `Interrupted` in
the runner; every running worker group is killed before it propagates (the cache is written
entry by entry, atomically, so it stays consistent).
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait

from checkers import cache as cache_mod
from checkers import shared
from checkers.evidence import ERROR, UNKNOWN, Evidence, time_limits_hit
from checkers.lifeline import die_with_parent


class Interrupted(Exception):
    """The run was stopped by a signal; `code` is the exit status to use (128 + the signal)."""

    def __init__(self, signum: int):
        self.signum, self.code = signum, 128 + signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


def raise_interrupted(signum, frame):
    raise Interrupted(signum)


@dataclass
class Task:
    claim_id: str
    control: bool
    obligation: object
    key: str = ""
    #: read no cached evidence for this task (its result is computed and cached afresh)
    fresh: bool = False

    @property
    def label(self) -> str:
        kind = "control" if self.control else "obligation"
        return f"{self.claim_id} :: {kind} '{self.obligation.name}'"


def _child(conn, obligation, runner_pid, environment=None) -> None:
    os.setpgrp()  # its own process group, so a kill also ends any solver it started
    os.environ.update(environment or {})
    die_with_parent(runner_pid, group=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the runner decides; it kills this group
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    time_limits_hit(reset=True)
    try:
        conn.send(_evidence_of(obligation).to_json())
    except Exception as e:  # unpicklable payload
        conn.send(Evidence(ERROR, "runner", f"evidence could not be sent: {e}").to_json())
    conn.close()


def _evidence_of(obligation) -> Evidence:
    """Run the check; any failure, or invalid evidence, becomes `error` evidence saying why."""
    try:
        evidence = obligation.check(**dict(obligation.kwargs))
    except BaseException as e:  # report any failure of the obligation as evidence, never as a crash
        return Evidence(ERROR, "runner", f"obligation raised {type(e).__name__}: {e}",
                        details={"traceback": traceback.format_exc(limit=6)}, time_limits=time_limits_hit())
    if not isinstance(evidence, Evidence):
        return Evidence(ERROR, "runner", f"check returned {type(evidence).__name__}, not Evidence")
    try:
        evidence.validate()
        evidence.time_limits = sorted(set(evidence.time_limits) | set(time_limits_hit()))
        evidence.to_json()
    except (ValueError, TypeError) as e:
        return Evidence(ERROR, "runner", f"check returned invalid evidence: {e}", time_limits=time_limits_hit())
    return evidence


def timed_out(timeout: float) -> Evidence:
    """The evidence of an obligation killed at its time limit."""
    return Evidence(UNKNOWN, "runner", f"killed at the {timeout:g} s time limit", details={"timeout_s": timeout},
                    time_limits=[f"obligation at {timeout:g} s"])


def died(exitcode) -> Evidence:
    return Evidence(ERROR, "runner", f"worker died (exit code {exitcode}) without a result")


def _kill_group(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.kill()
    process.join()


def _receive(conn, process) -> Evidence:
    try:
        payload = conn.recv()
    except (EOFError, OSError):
        process.join(1)
        return died(process.exitcode)
    try:
        return Evidence.from_json(payload)
    except ValueError as e:
        return Evidence(ERROR, "runner", f"worker sent invalid evidence: {e}")


def run_tasks(tasks, *, jobs: int, cache: cache_mod.Cache | None, progress=True, scheduler: str | None = None,
              environment: dict | None = None) -> dict:
    """Run tasks; return {id(task): Evidence} with `time` and `obligation` filled in.

    scheduler: the address of a Dask cluster (checkers.cluster) to run the tasks that the cache
    does not serve; otherwise `jobs` local worker processes. environment: variables set in each
    worker process (a run of its own shares computations among its workers, checkers.shared).
    Raises Interrupted (after killing every worker) if SIGINT or SIGTERM arrives."""
    results = {}
    pending = []
    identity = cache_mod.environment_identity() if cache is not None else None
    for t in tasks:
        t.key = cache_mod.key(t.obligation, identity) if cache is not None else ""
        hit = cache.get(t.key) if cache is not None and t.obligation.cache and not t.fresh else None
        if hit is not None:
            hit.obligation = t.obligation.name
            results[id(t)] = hit
        else:
            pending.append(t)
    total, done = len(tasks), len(results)
    if progress and done:
        print(f"[{done}/{total}] served from cache", file=sys.stderr)

    def finish(task, evidence, started=None):
        """Record a result; `started` is None when the evidence already carries its own time (a cluster)."""
        nonlocal done
        if started is not None:
            evidence.time = round(time.perf_counter() - started, 3)
        evidence.obligation = task.obligation.name
        results[id(task)] = evidence
        if cache is not None and task.obligation.cache:
            cache.put(task.key, evidence)
        done += 1
        if progress:
            print(f"[{done}/{total}] {task.label}: {evidence.verdict} ({evidence.time:.1f}s)", file=sys.stderr)

    if scheduler:
        from checkers import cluster
        cluster.run(pending, scheduler, finish)
        return results
    folder = tempfile.mkdtemp(prefix="landscape-shared-")
    try:
        _run_locally(pending, jobs, finish, {shared.ENVIRONMENT: folder, **(environment or {})})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _run_locally(pending, jobs, finish, environment) -> None:
    """Each task in a forked worker process, at most `jobs` at once, killed at its time limit."""
    ctx = multiprocessing.get_context("fork")
    running = {}  # connection -> (task, process, start)
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                task = pending.pop(0)
                parent, child = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(child, task.obligation, os.getpid(), environment))
                process.start()
                child.close()
                running[parent] = (task, process, time.perf_counter())
            ready = wait(list(running), timeout=0.2)
            for conn in ready:
                task, process, started = running.pop(conn)
                evidence = _receive(conn, process)
                conn.close()
                process.join(5)
                finish(task, evidence, started)
            now = time.perf_counter()
            for conn, (task, process, started) in list(running.items()):
                if now - started > task.obligation.timeout:
                    _kill_group(process)
                    conn.close()
                    del running[conn]
                    finish(task, timed_out(task.obligation.timeout), started)
    finally:
        for conn, (task, process, started) in running.items():
            _kill_group(process)
            conn.close()


def run_claims(claims: dict, selected: list, *, jobs: int, cache: cache_mod.Cache | None, progress=True,
               fresh=frozenset(), scheduler: str | None = None) -> dict:
    """Run every obligation and control of the selected claims: {claim id: (evidence, controls)}.
    Claims in `fresh` read nothing from the cache (their evidence is recomputed and re-cached)."""
    if not scheduler:
        for name in sorted({m for cid in selected for m in claims[cid].paper.preload}):
            try:
                importlib.import_module(name)   # once here; every forked worker inherits it
            except ImportError:
                pass                            # the obligations that need it say so themselves
    tasks = []
    for cid in selected:
        c = claims[cid]
        tasks += [Task(cid, False, o, fresh=cid in fresh) for o in c.obligations]
        tasks += [Task(cid, True, o, fresh=cid in fresh) for o in c.negative_controls]
    results = run_tasks(tasks, jobs=jobs, cache=cache, progress=progress, scheduler=scheduler)
    out = {cid: ([], []) for cid in selected}
    for t in tasks:
        out[t.claim_id][1 if t.control else 0].append(results[id(t)])
    return out
