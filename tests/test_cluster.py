"""A real Dask LocalCluster on the loopback address, two worker processes: claims that prove, refute,
crash and hang give the same verdicts and statuses as a local run; the hang is killed on the worker."""
import json
import os
import sys
from pathlib import Path

import pytest

import checkers.__main__ as cli
from checkers import registry

distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scheduler():
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    cluster = distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def verdicts(folder):
    report = json.loads((folder / "report.json").read_text())
    return {r["id"]: (r["status"], [e["verdict"] for e in r["evidence"]], [e["verdict"] for e in r["negative_controls"]])
            for r in report["claims"]}


def test_a_cluster_run_matches_a_local_run(scheduler, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(registry, "paper_modules",
                        lambda package="proofs": ["tests.sample_claims", "tests.sample_plot_claims"])
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    monkeypatch.setattr(cli, "BUILD", tmp_path / "local")
    cli.main(["check", "--jobs", "2", "--no-cache"])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "cluster")
    cli.main(["check", "--no-cache", "--scheduler", scheduler])
    local, remote = verdicts(tmp_path / "local"), verdicts(tmp_path / "cluster")
    assert remote == local
    assert remote["demo.hang"][0] == "unknown" and remote["demo.crash"][0] == "error"
    assert (tmp_path / "cluster" / "plot_slope.png").stat().st_size > 0     # plots travel back from the workers
    hang = json.loads((tmp_path / "cluster" / "report.json").read_text())
    sleeps = next(r for r in hang["claims"] if r["id"] == "demo.hang")["evidence"][0]
    assert "time limit" in sleeps["summary"] and sleeps["time"] < 10       # killed on the worker at 1 s
    tasks = sum(len(r["evidence"]) + len(r["negative_controls"]) for r in hang["claims"])
    assert f"[{tasks}/{tasks}]" in capsys.readouterr().err                 # progress as results arrive
    cli.main(["check", "--scheduler", scheduler])                            # the cache is shared through the results
    assert "served from cache" in capsys.readouterr().err


def test_no_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(registry, "paper_modules", lambda package="proofs": ["tests.sample_claims"])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "build")
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    assert cli.main(["check", "--claim", "demo.amgm", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "no Dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err


def test_a_sweep_runs_on_the_cluster_as_it_runs_here(scheduler, monkeypatch, sweep):
    """`make slow SCHEDULER=...`: the sweep fixture gives the evidence a direct call gives, and a hang is killed
    on the worker at its time limit."""
    from tests import sample_claims
    here = sweep(sample_claims.amgm, coefficient="5/2")
    monkeypatch.setenv("LANDSCAPE_SCHEDULER", scheduler)
    there = sweep(sample_claims.amgm, coefficient="5/2")
    assert (there.verdict, there.counterexample) == (here.verdict, here.counterexample) and there.verdict == "refuted"
    assert sweep(sample_claims.amgm, coefficient="2").verdict == "proved"
    hung = sweep(sample_claims.hang, timeout=1.0)
    assert hung.verdict == "unknown" and "time limit" in hung.summary and hung.time < 10
