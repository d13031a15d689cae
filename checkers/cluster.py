"""Obligations on a Dask distributed cluster (`check --scheduler tcp://HOST:PORT`), with the
guarantees of a local run.

Each obligation the cache does not serve is one Dask task. On the worker the task starts a
fresh Python process for it (`python -m checkers.cluster`, the leader of its own process
group, dying with the task's process), which runs the check as a local worker does
(`checkers.runner`'s evidence rules) and writes the evidence to a file; the task kills the
whole group at the obligation's time limit, so a hung solver is killed on the worker, and a
crash is `error` evidence, not a lost task (Dask's worker processes are daemons and may not
fork workers of their own, hence a fresh process). The task returns the evidence (JSON) and
the bytes of the plots it drew into a private folder; here, as each result arrives, the plots
are written into the run's output folder, the evidence is cached by the same key as a local
run and progress is printed. Verdicts and statuses are those of a local run.

The scheduler and the workers must import the same code as this process (the scheduler unpickles
each task): start them from the same checkout or installed version, with the checkout and any claim
folder on their PYTHONPATH, e.g.

    PYTHONPATH=$PWD dask scheduler --host 127.0.0.1 --port 8786
    PYTHONPATH=$PWD dask worker tcp://127.0.0.1:8786 --nworkers 2 --nthreads 1

`distributed` is an optional dependency (`pip install 'landscape-check[dask]'`). Computations
shared between obligations (checkers.shared) are shared only within one worker's task.
"""
from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from checkers import outputs
from checkers.evidence import ERROR, Evidence


class ClusterError(RuntimeError):
    """The cluster cannot be used (distributed missing, no scheduler at the address)."""


def spec(obligation) -> dict:
    """What a worker needs to rebuild the obligation: the check function by module and name."""
    return {"module": obligation.check.__module__, "qualname": obligation.check.__qualname__,
            "kwargs": dict(obligation.kwargs), "name": obligation.name, "timeout": obligation.timeout}


def run_remote(task_spec: dict) -> dict:
    """On a worker: run one obligation in a fresh process of its own group, killed at its time limit."""
    from checkers.runner import died, timed_out
    with tempfile.TemporaryDirectory(prefix="landscape-remote-") as folder:
        result = Path(folder) / "evidence.json"
        plots = Path(folder) / "plots"
        child = subprocess.Popen([sys.executable, "-m", "checkers.cluster"], stdin=subprocess.PIPE,
                                 start_new_session=True, env=dict(os.environ, **{outputs.ENVIRONMENT: str(plots)}))
        started = time.perf_counter()
        try:
            child.communicate(json.dumps({**task_spec, "result": str(result), "parent": os.getpid()}).encode(),
                              timeout=task_spec["timeout"])
            evidence = Evidence.from_json(json.loads(result.read_text())) if result.exists() else died(child.returncode)
        except subprocess.TimeoutExpired:
            evidence = timed_out(task_spec["timeout"])
        finally:
            try:
                os.killpg(child.pid, signal.SIGKILL)   # the child and any solver it left behind
            except (ProcessLookupError, PermissionError):
                pass
            child.wait()
        evidence.time = round(time.perf_counter() - started, 3)
        files = {name: (plots / name).read_bytes() for name in evidence.artifacts
                 if Path(name).name == name and (plots / name).is_file()}
    return {"evidence": evidence.to_json(), "plots": files}


def _child() -> None:
    """The process run_remote starts: rebuild the obligation, run it by the runner's rules, write the evidence."""
    from checkers.claims import Obligation
    from checkers.lifeline import die_with_parent
    from checkers.runner import _evidence_of
    task_spec = json.load(sys.stdin)
    die_with_parent(task_spec["parent"], group=True)
    check = importlib.import_module(task_spec["module"])
    for part in task_spec["qualname"].split("."):
        check = getattr(check, part)
    obligation = Obligation(task_spec["name"], check, task_spec["kwargs"], timeout=task_spec["timeout"])
    Path(task_spec["result"]).write_text(json.dumps(_evidence_of(obligation).to_json()))


def run(tasks, address: str, finish) -> None:
    """Run the tasks on the cluster at `address`; call finish(task, evidence) as each one ends."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ClusterError("--scheduler needs the optional package distributed "
                           "(pip install 'landscape-check[dask]')") from None
    if not tasks:
        return
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"no Dask scheduler at {address} ({type(e).__name__}: {e})") from None
    run_id, futures = uuid.uuid4().hex[:8], {}
    try:
        futures = {client.submit(run_remote, spec(t.obligation), pure=False, retries=0,
                                 key=f"{t.claim_id}-{k}-{run_id}"): t for k, t in enumerate(tasks)}
        for future in as_completed(futures):
            task = futures[future]
            try:
                result = future.result()
                evidence = Evidence.from_json(result["evidence"])
            except Exception as e:  # a worker lost, an unpicklable result: the obligation's own error
                evidence = Evidence(ERROR, "runner", f"the cluster task failed: {type(e).__name__}: {e}")
                finish(task, evidence)
                continue
            folder = outputs.build_dir()
            for name, data in result["plots"].items():
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
            finish(task, evidence)
    finally:
        for future in futures:
            future.cancel()
        client.close()


def evaluate(obligations, address: str) -> list:
    """The evidence of each obligation, run on the cluster at `address` as `check --scheduler` runs them (a fresh
    process per obligation on a worker, killed at its time limit): `make slow SCHEDULER=...` sends its sweeps here."""
    from types import SimpleNamespace
    tasks = [SimpleNamespace(obligation=o, claim_id=o.check.__name__) for o in obligations]
    results = {}
    run(tasks, address, lambda task, evidence: results.__setitem__(id(task), evidence))
    return [results[id(task)] for task in tasks]


if __name__ == "__main__":
    _child()
