"""Partial runs keep the rest of the last report; --out writes elsewhere; a claims folder has its own lock."""
import json

import pytest

import checkers.__main__ as cli
from checkers import registry


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "paper_modules", lambda package="proofs": ["tests.sample_lemma_claims"])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "build")
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    return tmp_path


def records(folder):
    report = json.loads((folder / "report.json").read_text())
    return report, {r["id"]: r for r in report["claims"]}


def test_a_partial_run_keeps_the_other_claims_of_the_last_report(sandbox, capsys):
    assert cli.main(["lock", "--jobs", "2"]) == 0
    assert cli.main(["check", "--jobs", "2"]) == 0
    full, before = records(sandbox / "build")
    assert cli.main(["check", "--claim", "demo.gram-psd", "--jobs", "1"]) == 0
    partial, after = records(sandbox / "build")
    assert set(after) == set(before)                                   # nothing lost
    assert partial["run"]["merged_from_earlier_runs"] == ["demo.uses-gram"]
    assert after["demo.uses-gram"]["evidence"] == before["demo.uses-gram"]["evidence"]
    assert partial["summary"] == full["summary"]
    assert "Kept from an earlier run" in (sandbox / "build" / "report.md").read_text()
    capsys.readouterr()
    assert cli.main(["show", "demo.uses-gram"]) == 0
    assert "z3 unsat confirmed by cvc5" in capsys.readouterr().out    # show still has its evidence


def test_out_writes_the_reports_and_the_cache_elsewhere(sandbox, monkeypatch):
    monkeypatch.setattr(cli, "BUILD", cli.BUILD)
    assert cli.main(["lock", "--jobs", "2"]) == 0
    (sandbox / "build" / "report.json").unlink()
    out = sandbox / "elsewhere"
    assert cli.main(["check", "--jobs", "2", "--out", str(out)]) == 0
    assert (out / "report.html").exists() and (out / "cache").is_dir()
    assert not (sandbox / "build" / "report.json").exists()


def test_a_claims_folder_is_judged_against_its_own_lock(sandbox, tmp_path, monkeypatch):
    import shutil
    import sys
    monkeypatch.setattr(sys, "path", list(sys.path))
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy("tests/sample_claims.py", folder / "scope_sample.py")
    assert cli.main(["list", "--claims", str(folder)]) == 0
    assert cli.main(["check", "--claims", str(folder), "--claim", "demo.amgm", "--jobs", "1"]) == 1   # not locked
    assert cli.main(["lock", "--claims", str(folder), "--claim", "demo.amgm", "--jobs", "1"]) == 0
    assert set(json.loads((folder / "status.lock").read_text())) == {"demo.amgm"}
    assert not (sandbox / "status.lock").exists()                   # the repository's lock is untouched
    assert cli.main(["check", "--claims", str(tmp_path / "nowhere")]) == 2
