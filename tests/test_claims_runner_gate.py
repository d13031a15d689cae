"""Claim declarations, the runner, status derivation and propagation, reports and the gate."""
import json

import pytest

import checkers.__main__ as cli
from checkers import cache, gate, registry, runner, status
from checkers.claims import ClaimDeclarationError, Obligation, Paper
from checkers.evidence import ERROR, PROVED, REFUTED, SUPPORTED, UNKNOWN, Evidence
from tests import sample_claims
from tests.sample_claims import square_identity, wrong_square_identity


def paper():
    return Paper(key="demo", title="t", authors="a", arxiv="0")


def declare(p, **kw):
    args = dict(id="demo.x", theorem="-", statement="s",
                obligations=[Obligation("o", square_identity)],
                negative_controls=[Obligation("c", wrong_square_identity)])
    args.update(kw)
    return p.claim(**args)


@pytest.mark.parametrize("kw, message", [
    ({"negative_controls": []}, "no negative control"),
    ({"obligations": []}, "no obligations"),
    ({"id": "other.x"}, "must start with the paper key"),
    ({"id": "Demo X"}, "id must look like"),
    ({"uses": ["demo.x"]}, "cannot use itself"),
    ({"statement": " "}, "missing statement"),
    ({"obligations": [Obligation("o", lambda: None)]}, "module-level function"),
])
def test_bad_declarations_name_the_claim(kw, message):
    with pytest.raises(ClaimDeclarationError, match=message) as err:
        declare(paper(), **kw)
    assert repr(kw.get("id", "demo.x")) in str(err.value)


def test_duplicate_and_unknown_uses_are_load_errors(monkeypatch):
    p = paper()
    declare(p)
    with pytest.raises(ClaimDeclarationError, match="'demo.x'.*duplicate"):
        declare(p)
    import types
    module = types.ModuleType("fake_proofs")
    module.PAPER = paper()
    declare(module.PAPER, id="demo.y", uses=["demo.nowhere"])
    monkeypatch.setitem(__import__("sys").modules, "fake_proofs", module)
    with pytest.raises(ClaimDeclarationError, match="'demo.y'.*unknown claim id 'demo.nowhere'"):
        registry.load_claims(["fake_proofs"])


def test_runner_statuses_on_real_small_claims():
    claims = registry.load_claims(["tests.sample_claims"])
    order = registry.dependency_order(claims)
    results = runner.run_claims(claims, order, jobs=2, cache=None, progress=False)
    derived = status.derive(claims, order, results)
    got = {cid: d.status for cid, d in derived.items()}
    assert got == {"demo.amgm": PROVED, "demo.square": PROVED, "demo.vacuous": ERROR, "demo.crash": ERROR,
                   "demo.hang": UNKNOWN, "demo.uses-crash": UNKNOWN}
    assert "could not fail" in derived["demo.vacuous"].reasons[0]
    assert "uses demo.crash" in derived["demo.uses-crash"].reasons[0]
    hang = results["demo.hang"][0][0]
    assert "time limit" in hang.summary and hang.time < 10


def ev(verdict, name="o"):
    margins = {"trials": 1} if verdict == SUPPORTED else {}
    return Evidence(verdict, "test", "s", obligation=name, margins=margins)


def test_status_is_the_weakest_obligation_capped_by_uses():
    claims = registry.load_claims(["tests.sample_claims"])
    results = {"demo.amgm": ([ev(PROVED), ev(SUPPORTED)], [ev(REFUTED)]),
               "demo.square": ([ev(PROVED)], [ev(REFUTED)])}
    d = status.derive(claims, ["demo.amgm", "demo.square"], results)
    assert d["demo.amgm"].status == SUPPORTED
    assert d["demo.square"].own == PROVED and d["demo.square"].status == SUPPORTED
    assert not d["demo.square"].fully_proved
    results["demo.amgm"] = ([ev(PROVED), ev(REFUTED)], [ev(REFUTED)])
    d = status.derive(claims, ["demo.amgm", "demo.square"], results)
    assert d["demo.amgm"].status == REFUTED and d["demo.square"].status == UNKNOWN


def test_gate_compares_with_the_lock():
    lock = {"a": "proved", "b": "supported", "c": "refuted", "gone": "proved"}
    failures, improvements = gate.compare(lock, {"a": "supported", "b": "proved", "c": "unknown", "new": "proved"},
                                          ran_all=True)
    text = "\n".join(failures)
    assert "a: fell from 'proved' to 'supported'" in text
    assert "c: was 'refuted', now 'unknown'" in text
    assert "new: new claim" in text and "gone: locked" in text
    assert improvements == ["b: improved from 'supported' to 'proved' (run `make lock` to record it)"]
    assert gate.compare({"a": "proved"}, {"a": "proved"}, ran_all=True) == ([], [])


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """The CLI pointed at the sample claims, with its own build folder and lock file."""
    monkeypatch.setattr(registry, "paper_modules", lambda package="proofs": ["tests.sample_claims"])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "build")
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    return tmp_path


def test_cli_check_lock_gate_and_reports(sandbox, capsys):
    good = ["--claim", "demo.square", "--jobs", "2"]
    assert cli.main(["check"] + good) == 1  # not locked yet: the gate refuses new claims
    assert cli.main(["lock"] + good) == 0
    confirmed = {"status": "proved", "second_opinion": "confirmed"}  # both rest on z3 unsat confirmed by cvc5
    assert json.loads((sandbox / "status.lock").read_text()) == {"demo.amgm": confirmed, "demo.square": confirmed}
    assert cli.main(["check"] + good) == 0
    report = json.loads((sandbox / "build" / "report.json").read_text())
    square = next(r for r in report["claims"] if r["id"] == "demo.square")
    assert square["status"] == "proved" and square["uses"] == ["demo.amgm"]
    assert square["evidence"][0]["engine"] == "symbolic" and square["evidence"][0]["engine_version"]
    assert square["negative_controls"][0]["verdict"] == "refuted"
    assert "<testcase" in (sandbox / "build" / "junit.xml").read_text()
    assert "## demo.square" in (sandbox / "build" / "report.md").read_text()
    # a regression: pretend the lock expected more of the vacuous claim than it can give
    (sandbox / "status.lock").write_text(json.dumps({"demo.vacuous": "proved"}))
    assert cli.main(["check", "--claim", "demo.vacuous", "--jobs", "1"]) == 1
    assert "demo.vacuous: status 'error', locked as 'proved'" in capsys.readouterr().err


def test_cache_serves_a_second_run_and_tracks_code(sandbox, capsys):
    assert cli.main(["lock", "--claim", "demo.amgm", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["check", "--claim", "demo.amgm", "--jobs", "1"]) == 0
    assert "2/2] served from cache" in capsys.readouterr().err
    key = cache.key(sample_claims.PAPER.claims[0].obligations[0])
    assert sample_claims.__file__ in cache.local_closure("tests.sample_claims")
    assert any(p.endswith("checkers/smt.py") for p in cache.local_closure("tests.sample_claims"))
    assert key != cache.key(sample_claims.PAPER.claims[0].negative_controls[0])


def test_cli_bad_input_is_clean(sandbox, capsys):
    assert cli.main(["show", "demo.nowhere"]) == 2
    assert cli.main(["check", "--claim", "nothing.*"]) == 2
    assert "no claim matches" in capsys.readouterr().err
