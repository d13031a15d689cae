"""Lemma nodes, the `proved assuming` statuses and the trust base (report.json, report.md, junit, show)."""
import json

import pytest
import sympy

import checkers.__main__ as cli
from checkers import gate, numeric, registry, runner, status
from checkers.claims import ClaimDeclarationError, Obligation, Paper
from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, REFUTED, SUPPORTED, Evidence
from tests.sample_claims import square_identity, wrong_square_identity


def ev(verdict, name="o", trust=()):
    margins = {"trials": 1} if verdict == SUPPORTED else {}
    instances = ["n = 1"] if verdict == PROVED_FOR_INSTANCES else []
    return Evidence(verdict, "smt", "s", obligation=name, margins=margins, trust=list(trust), instances=instances)


def graph():
    p = Paper(key="demo", title="t", authors="a")
    p.lemma(id="demo.textbook", statement="A Gram matrix is PSD.", source="any linear algebra text")
    p.lemma(id="demo.checked", statement="(x+y)^2 = x^2 + 2xy + y^2.", source="this module",
            obligations=[Obligation("expand", square_identity)],
            negative_controls=[Obligation("dropped term", wrong_square_identity)])
    for cid, uses in (("demo.top", ["demo.textbook", "demo.checked"]), ("demo.above", ["demo.top"]),
                      ("demo.clean", ["demo.checked"])):
        p.claim(id=cid, theorem="-", statement="s", uses=uses, obligations=[Obligation("o", square_identity)],
                negative_controls=[Obligation("c", wrong_square_identity)])
    return {c.id: c for c in p.claims}


def test_a_cited_lemma_needs_a_source_and_no_controls():
    p = Paper(key="demo", title="t", authors="a")
    with pytest.raises(ClaimDeclarationError, match="needs its source"):
        p.lemma(id="demo.l", statement="s", source=" ")
    with pytest.raises(ClaimDeclarationError, match="cannot have negative controls"):
        p.lemma(id="demo.l", statement="s", source="x", negative_controls=[Obligation("c", wrong_square_identity)])
    with pytest.raises(ClaimDeclarationError, match="no negative control"):
        p.lemma(id="demo.l", statement="s", source="x", obligations=[Obligation("o", square_identity)])
    assert p.lemma(id="demo.l", statement="s", source="x").cited
    assert Paper(key="own", title="My theorem", authors="Me").citation == 'Me, "My theorem"'


def test_resting_on_a_cited_step_is_never_proved():
    claims = graph()
    order = registry.dependency_order(claims)
    results = {cid: ([ev(PROVED, trust=["z3 unsat confirmed by cvc5"])], [ev(REFUTED)])
               for cid in claims if not claims[cid].cited}
    d = status.derive(claims, order, results)
    assert d["demo.textbook"].status == status.CITED
    assert d["demo.checked"].status == PROVED
    assert d["demo.top"].status == status.PROVED_ASSUMING and not d["demo.top"].fully_proved
    assert d["demo.above"].status == status.PROVED_ASSUMING and d["demo.above"].assumptions == ["demo.textbook"]
    assert d["demo.clean"].status == PROVED and d["demo.clean"].fully_proved
    cited = [t for t in d["demo.above"].trust_base if t["kind"] == "cited"]
    assert cited and cited[0]["lemma"] == "demo.textbook" and cited[0]["source"] == "any linear algebra text"
    results["demo.top"] = ([ev(PROVED_FOR_INSTANCES)], [ev(REFUTED)])
    assert status.derive(claims, order, results)["demo.above"].status == status.PROVED_FOR_INSTANCES_ASSUMING


def test_the_gate_ranks_the_new_words():
    failures, _ = gate.compare({"a": "proved", "b": "cited"}, {"a": "proved assuming", "b": "proved"}, ran_all=True)
    assert "a: fell from 'proved' to 'proved assuming'" in failures[0] and "b: was 'cited'" in failures[1]
    assert gate.compare({"a": "proved for instances"}, {"a": "proved assuming"}, ran_all=True)[1]


def test_the_trust_base_reaches_every_report(tmp_path, monkeypatch, capsys):
    module = "tests.sample_lemma_claims"
    monkeypatch.setattr(registry, "paper_modules", lambda package="proofs": [module])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "build")
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    assert cli.main(["lock", "--jobs", "2"]) == 0
    assert cli.main(["check", "--jobs", "2"]) == 0
    report = json.loads((tmp_path / "build" / "report.json").read_text())
    records = {r["id"]: r for r in report["claims"]}
    assert records["demo.uses-gram"]["status"] == "proved assuming"
    assert records["demo.gram-psd"]["kind"] == "lemma" and records["demo.gram-psd"]["status"] == "cited"
    steps = [t["step"] for t in records["demo.uses-gram"]["trust_base"]]
    assert "z3 unsat confirmed by cvc5" in steps and "A Gram matrix is PSD." in steps
    assert report["summary"]["proved assuming"] == 1 and report["summary"]["cited"] == 1
    md = (tmp_path / "build" / "report.md").read_text()
    assert "cited, not machine-checked: demo.gram-psd" in md
    junit = (tmp_path / "build" / "junit.xml").read_text()
    assert 'name="trust_base"' in junit and "demo.gram-psd" in junit
    capsys.readouterr()
    assert cli.main(["show", "demo.uses-gram"]) == 0
    out = capsys.readouterr().out
    assert "trust base:" in out and "cited, not machine-checked" in out and "z3 unsat confirmed by cvc5" in out


def test_clopper_pearson_and_trials():
    low, high = numeric.clopper_pearson(1, 40)
    assert 0.0006 < low < 0.0007 and 0.13 < high < 0.132
    assert numeric.clopper_pearson(0, 10)[0] == 0 and numeric.clopper_pearson(10, 10)[1] == 1
    with pytest.raises(ValueError):
        numeric.clopper_pearson(3, 2)
    trials = [{"ok": True}, {"ok": False, "seed": 7}, {"ok": False, "explained": "diverged: step too large"}]
    e = numeric.experiment({"x": 1.0}, True, what="w", seed=0, criterion="c", trials=trials)
    assert e.verdict == REFUTED and e.margins["trials"]["contradicting"] == [{"ok": False, "seed": 7}]
    e = numeric.experiment({"x": 1.0}, True, what="w", seed=0, criterion="c", trials=trials[::2])
    assert e.verdict == SUPPORTED and e.margins["trials"]["count"] == 2


def test_non_finite_margins_are_rejected_by_evidence_itself():
    with pytest.raises(ValueError, match="non-finite"):
        Evidence(SUPPORTED, "numeric", "s", margins={"worst_margin": float("nan")})
    with pytest.raises(ValueError, match="non-finite"):
        Evidence(REFUTED, "numeric", "s", margins={"runs": [1.0, float("inf")]})
    assert Evidence("error", "numeric", "s", margins={"worst_margin": float("nan")}).verdict == "error"


def test_every_engine_records_its_chain():
    x = sympy.Symbol("x", real=True)
    from checkers import smt, symbolic
    assert symbolic.identity((x + 1) ** 2, x**2 + 2 * x + 1, what="w").trust == [
        "sympy identity (the expanded difference is 0)"]
    assert smt.prove(x**2 >= 0, what="w").trust == ["z3 unsat confirmed by cvc5"]
    assert smt.prove(x**2 >= 1, what="w").trust == ["z3 model confirmed by exact rational substitution"]
    assert numeric.stress(lambda z: 1.0, lambda rng: rng.normal(size=1), trials=3, seed=0, what="w").trust[0].startswith(
        "floating point")


def test_runner_skips_cited_lemmas():
    claims = graph()
    order = registry.dependency_order(claims)
    results = runner.run_claims(claims, order, jobs=1, cache=None, progress=False)
    assert results["demo.textbook"] == ([], [])
    assert status.derive(claims, order, results)["demo.top"].status == status.PROVED_ASSUMING
