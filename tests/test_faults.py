"""Fault injection: each fault ends in an honest status, or one clear line and a documented
exit code; never a traceback, never a false `proved`.

Lying and hung solvers are wired in through the test hook CHECKERS_SOLVER_COMMAND
(checkers.smt) with tests/fake_solver.py; a missing cvc5 is simulated by making it
unimportable (in this process and in the solver processes)."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sympy

import checkers.__main__ as cli
from checkers import cache, gate, registry, runner, smt, status
from checkers.claims import ClaimDeclarationError, Obligation
from checkers.evidence import ERROR, PROVED, REFUTED, SUPPORTED, UNKNOWN, Evidence, second_opinion
from tests import fault_claims

ROOT = Path(__file__).resolve().parent.parent
FAKE = ROOT / "tests" / "fake_solver.py"
x = sympy.Symbol("x", real=True)


def hook(monkeypatch, *modes):
    monkeypatch.setenv(smt.SOLVER_COMMAND_ENV, " ".join([sys.executable, str(FAKE), *modes]))


def without_cvc5(monkeypatch, tmp_path):
    """cvc5 cannot be imported: not here (the runner's probe) and not in the solver processes."""
    shadow = tmp_path / "shadow"
    shadow.mkdir(exist_ok=True)
    (shadow / "cvc5.py").write_text("raise ImportError('cvc5 is not installed (simulated)')\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow))
    monkeypatch.setitem(sys.modules, "cvc5", None)


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """The CLI on tests/fault_claims.py, with its own build folder and lock file."""
    monkeypatch.setattr(registry, "paper_modules", lambda package="proofs": ["tests.fault_claims"])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "build")
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    return tmp_path


def lock_with(sandbox, entries):
    (sandbox / "status.lock").write_text(json.dumps(entries))


def report(sandbox):
    return json.loads((sandbox / "build" / "report.json").read_text())


def record(sandbox, cid):
    return next(r for r in report(sandbox)["claims"] if r["id"] == cid)


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


CONFIRMED = {"status": "proved", "second_opinion": "confirmed"}


# ------------------------------------------------------------------ false or stale `proved`

def test_lying_z3_with_a_starved_cvc5_is_not_a_proof(monkeypatch, tmp_path):
    """z3 lies at once; cvc5 starts late (a busy machine). Its budget is z3's fixed limit, not a
    multiple of z3's time, so it still answers, and the solvers disagree."""
    log = tmp_path / "queries.jsonl"
    hook(monkeypatch, "lying-z3", "slow-cvc5=2.2", f"log={log}")
    e = smt.prove(x**2 >= 1, what="x^2 >= 1 (false)", timeout=15)
    assert e.verdict == UNKNOWN and "disagree" in e.summary
    budgets = {q["solver"]: q["timeout_ms"] for q in map(json.loads, log.read_text().splitlines())}
    assert budgets == {"z3": 15000, "cvc5": 15000}


def test_an_undecided_second_opinion_is_lower_trust_and_fails_a_confirmed_lock(sandbox, monkeypatch, capsys):
    lock_with(sandbox, {"fault.amgm-short": CONFIRMED})
    hook(monkeypatch, "lying-z3", "hung-cvc5")  # z3's answer (unsat) is the true one, given at once
    assert cli.main(["check", "--claim", "fault.amgm-short", "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    r = record(sandbox, "fault.amgm-short")
    assert r["status"] == PROVED and r["second_opinion"] == "unconfirmed"
    assert r["evidence"][0]["trust"] == ["z3 unsat, second engine undecided (cvc5: timeout)"]
    assert r["evidence"][0]["time_limits"] == ["cvc5 at 2 s"]
    assert report(sandbox)["second_opinion"]["unconfirmed"] == ["fault.amgm-short"]
    assert "fault.amgm-short  proved  [z3 unconfirmed]" in out and "1 claim rests on a z3 answer no second" in out
    assert "fault.amgm-short: its z3 answers were confirmed by a second engine when locked; now one is not" in err
    assert "Second opinion: 1 claim rests" in (sandbox / "build" / "report.md").read_text()


def test_lying_z3_with_cvc5_missing_is_loud_and_fails_the_gate(sandbox, monkeypatch, capsys):
    lock_with(sandbox, {"fault.square-ge-one": "refuted"})
    without_cvc5(monkeypatch, sandbox)
    hook(monkeypatch, "lying-z3")
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    assert "WARNING: cvc5 is not importable" in err
    assert "fault.square-ge-one: was 'refuted', now 'proved'" in err
    r = record(sandbox, "fault.square-ge-one")
    assert r["second_opinion"] == "unconfirmed"
    assert r["evidence"][0]["trust"][0].startswith("z3 unsat, no second engine (cvc5 missing: ImportError")
    assert report(sandbox)["warnings"][0].startswith("cvc5 is not importable")
    assert "## Warnings" in (sandbox / "build" / "report.md").read_text()


def test_an_honest_run_without_cvc5_does_not_pass_a_confirmed_lock_silently(sandbox, monkeypatch, capsys):
    lock_with(sandbox, {"fault.amgm": CONFIRMED})
    without_cvc5(monkeypatch, sandbox)
    assert cli.main(["check", "--claim", "fault.amgm", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "WARNING: cvc5 is not importable" in err and "now one is not" in err
    assert "no second engine (cvc5 missing" in record(sandbox, "fault.amgm")["trust_base"][0]["step"]


def test_the_cache_forgets_a_lying_solver_and_refuses_edited_entries(sandbox, monkeypatch, capsys):
    lock_with(sandbox, {"fault.square-ge-one": "refuted"})
    hook(monkeypatch, "lying-z3", "lying-cvc5")  # the worst case: both engines lie
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 1
    assert record(sandbox, "fault.square-ge-one")["status"] == PROVED
    monkeypatch.delenv(smt.SOLVER_COMMAND_ENV)  # the lying solver is removed: its evidence is not served
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 0
    assert record(sandbox, "fault.square-ge-one")["status"] == REFUTED
    assert not record(sandbox, "fault.square-ge-one")["evidence"][0]["cached"]
    # a hand-edited entry (verdict "proved") is refused by its digest, deleted and recomputed
    obligation = fault_claims.PAPER.claims[0].obligations[0]
    path = sandbox / "build" / "cache" / f"{cache.key(obligation)}.json"
    entry = json.loads(path.read_text())
    entry["evidence"]["verdict"] = PROVED
    path.write_text(json.dumps(entry))
    capsys.readouterr()
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 0
    assert "does not match the digest" in capsys.readouterr().err
    assert record(sandbox, "fault.square-ge-one")["status"] == REFUTED


def test_no_cache_recomputes_and_overwrites(sandbox, monkeypatch):
    obligation = fault_claims.PAPER.claims[0].obligations[0]
    store = cache.Cache(sandbox / "build" / "cache")
    k = cache.key(obligation)
    store.put(k, Evidence(PROVED, "smt", "a stale entry under the current key"))  # valid digest, wrong verdict
    lock_with(sandbox, {"fault.square-ge-one": "refuted"})
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 1  # served: the gate sees it
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1", "--no-cache"]) == 0
    assert store.get(k).verdict == REFUTED  # overwritten
    assert cli.main(["check", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 0


def test_the_key_covers_subprocess_scripts_hooks_and_solver_binaries(tmp_path, monkeypatch):
    closure = cache.local_closure("tests.fault_claims")
    assert any(p.endswith("checkers/smt_worker.py") for p in closure)
    identity = cache.environment_identity()
    assert any("libz3" in name for name in identity["solvers"]["z3"]["libraries"])
    obligation = fault_claims.PAPER.claims[1].obligations[0]
    plain = cache.key(obligation)
    script = tmp_path / "solver.py"
    script.write_text(FAKE.read_text())
    monkeypatch.setenv(smt.SOLVER_COMMAND_ENV, f"{sys.executable} {script} lying-z3")
    hooked = cache.key(obligation)
    script.write_text(FAKE.read_text() + "\n# edited\n")
    assert len({plain, hooked, cache.key(obligation)}) == 3


def test_lock_never_records_an_improvement_from_cached_evidence(sandbox, capsys):
    """A stale cached `proved` (valid digest) would be an improvement over the locked `unknown`:
    lock re-checks without the cache, finds the truth (refuted) and refuses the regression."""
    obligation = fault_claims.PAPER.claims[0].obligations[0]
    cache.Cache(sandbox / "build" / "cache").put(cache.key(obligation), Evidence(PROVED, "smt", "stale"))
    lock_with(sandbox, {"fault.square-ge-one": "unknown"})
    before = (sandbox / "status.lock").read_text()
    assert cli.main(["lock", "--claim", "fault.square-ge-one", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "without the cache" in err and "fault.square-ge-one: refuted: was 'unknown', now 'refuted'" in err
    assert (sandbox / "status.lock").read_text() == before


def test_a_timeout_is_never_served_from_the_cache(tmp_path):
    flag = tmp_path / "stalled"
    flag.touch()
    store = cache.Cache(tmp_path / "cache")
    task = lambda: runner.Task("fault.stall", False, Obligation("stall", fault_claims.stall_if,  # noqa: E731
                                                                  {"flag": str(flag)}, timeout=1))

    def run():
        t = task()
        return runner.run_tasks([t], jobs=1, cache=store, progress=False)[id(t)]

    first = run()
    assert first.verdict == UNKNOWN and first.time_limits == ["obligation at 1 s"]
    assert not list(store.directory.glob("*.json"))  # a timeout is never cached
    flag.unlink()  # the machine is idle again: the obligation re-runs
    second = run()
    assert second.verdict == PROVED and not second.cached
    assert run().cached
    # a proof whose cross-check hit its limit is retried once, and served once the limit repeats
    k = cache.key(task().obligation)
    undecided = Evidence(PROVED, "smt", "z3 unsat, cvc5 timed out", time_limits=["cvc5 at 3 s"])
    store.put(k, undecided)
    assert store.get(k) is None
    store.put(k, undecided)
    assert store.get(k).time_limits == ["cvc5 at 3 s"]


def test_a_hung_z3_records_its_time_limit(monkeypatch):
    hook(monkeypatch, "hung-z3")
    e = smt.prove(x**2 >= 0, what="hung", timeout=1)
    assert e.verdict == UNKNOWN and e.time_limits == ["z3 at 1 s"]
    assert e.trust == ["z3 undecided (killed at the 1 s limit)"] and second_opinion(e.trust) is None


def test_a_deliberately_skipped_second_opinion_is_recorded():
    e = smt.prove(x**2 >= 0, what="w", timeout=5, second_opinion=False,
                  skip_reason="cvc5 does not finish this query")
    assert e.verdict == PROVED and e.trust == ["z3 unsat, no second engine (skipped: cvc5 does not finish this query)"]
    assert e.options["second_opinion"] == "skipped"
    with pytest.raises(ValueError, match="needs skip_reason"):
        smt.prove(x**2 >= 0, what="w", second_opinion=False)
    with pytest.raises(ValueError, match="positive number"):
        smt.prove(x**2 >= 0, what="w", timeout=0)


# ------------------------------------------------------------------ processes

def _driver(tmp_path, modules, args):
    """A script running the CLI on `modules` with tmp_path/build and tmp_path/status.lock."""
    script = tmp_path / "driver.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path[:0] = [{str(ROOT)!r}, {str(tmp_path)!r}]
        import checkers.__main__ as cli
        from checkers import registry
        cli.BUILD, cli.LOCK = Path({str(tmp_path / 'build')!r}), Path({str(tmp_path / 'status.lock')!r})
        registry.paper_modules = lambda package="proofs": {modules!r}
        sys.exit(cli.main({args!r}))
    """))
    return [sys.executable, str(script)]


def _hanging_claims(tmp_path):
    (tmp_path / "hanging_claims.py").write_text(textwrap.dedent(f"""
        from checkers.claims import Obligation, Paper
        from tests.fault_claims import hang_recording_pid, wrong_square
        PAPER = Paper(key="hang", title="hangs", authors="Test")
        for name in ("a", "b"):
            PAPER.claim(id=f"hang.{{name}}", theorem="-", statement="waits on a hung solver",
                        obligations=[Obligation("hangs", hang_recording_pid, {{"pid_file": {str(tmp_path / 'workers')!r}}},
                                                timeout=600)],
                        negative_controls=[Obligation("c", wrong_square)])
    """))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def _start_hanging_run(tmp_path):
    _hanging_claims(tmp_path)
    env = dict(os.environ, **{smt.SOLVER_COMMAND_ENV:
                              f"{sys.executable} {FAKE} hung-z3 pid-file={tmp_path / 'solvers'}"})
    proc = subprocess.Popen(_driver(tmp_path, ["hanging_claims"], ["check", "--jobs", "2"]), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    pids = []
    while time.monotonic() < deadline and len(pids) < 4:
        time.sleep(0.1)
        pids = [int(p) for f in ("workers", "solvers") if (tmp_path / f).exists()
                for p in (tmp_path / f).read_text().split()]
    assert len(pids) == 4, proc.stderr.read() if proc.poll() is not None else "workers did not start"
    return proc, pids


def _all_gone(pids, within=5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads process states from /proc")
def test_kill_9_of_the_runner_leaves_no_orphans(tmp_path):
    proc, pids = _start_hanging_run(tmp_path)
    proc.kill()
    proc.wait()
    assert _all_gone(pids), [p for p in pids if _alive(p)]


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads process states from /proc")
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), pytest.param(signal.SIGTERM, 143,
                                                                              marks=pytest.mark.slow)])
def test_a_signal_ends_the_run_within_a_second(tmp_path, signum, code):
    proc, pids = _start_hanging_run(tmp_path)
    sent = time.monotonic()
    os.killpg(proc.pid, signum)  # like Ctrl-C: the whole foreground group
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 1.5
    assert proc.returncode == code
    assert "Traceback" not in err and f"interrupted by {signal.Signals(signum).name}" in err.splitlines()[-1]
    assert _all_gone(pids, within=1.0)
    store = cache.Cache(tmp_path / "build" / "cache")
    entries = list((tmp_path / "build" / "cache").iterdir())
    assert entries and all(p.suffix == ".json" and store._entry(p.stem) for p in entries)  # the controls' results


# ------------------------------------------------------------------ bad input

def test_a_claim_module_that_raises_or_does_not_compile(sandbox, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(sandbox))
    (sandbox / "raises_at_import.py").write_text("import os\n\nraise RuntimeError('boom')\n")
    (sandbox / "bad_syntax.py").write_text("x = 1\ndef f(:\n")
    for module, expected in (("raises_at_import", "raised RuntimeError at import"), ("bad_syntax", "does not compile")):
        monkeypatch.setattr(registry, "paper_modules", lambda package="proofs", m=module: [m])
        (sandbox / "build").mkdir(exist_ok=True)
        (sandbox / "build" / "report.json").write_text("{}")
        assert cli.main(["check"]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert module in line and expected in line
        assert f"{module}.py, line {3 if module == 'raises_at_import' else 2}" in line
        assert "stale" in line and not (sandbox / "build" / "report.json").exists()


@pytest.mark.parametrize("text, problem", [
    ('{"fault.amgm": "pro', "not valid JSON"),
    ('["fault.amgm"]', "must be a JSON object"),
    ('{"fault.amgm": "provd"}', "unknown status 'provd'"),
    ('{"fault.amgm": {"status": "proved", "second_opinion": "maybe"}}', "second_opinion 'maybe'"),
    ('{"fault.amgm": {"status": "proved", "trust": 1}}', "unknown keys"),
])
def test_a_malformed_lock_is_refused_before_anything_runs(sandbox, capsys, text, problem):
    (sandbox / "status.lock").write_text(text)
    for command in (["check"], ["lock"]):
        assert cli.main(command + ["--jobs", "1"]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert problem in line and "nothing was run" in line
    assert not (sandbox / "build").exists()


def test_every_status_word_is_a_valid_lock_value():
    words = ["proved", "proved assuming", "proved for instances", "proved for instances assuming", "supported",
             "unknown", "cited", "refuted", "error"]
    assert gate.validate_lock({f"a.{i}": w for i, w in enumerate(words)}) == \
        {f"a.{i}": (w, None) for i, w in enumerate(words)}


def test_a_cache_entry_replaced_by_a_directory_is_one_warning(sandbox, capsys):
    lock_with(sandbox, {"fault.amgm": CONFIRMED})
    assert cli.main(["check", "--claim", "fault.amgm", "--jobs", "1"]) == 0
    path = sandbox / "build" / "cache" / f"{cache.key(fault_claims.PAPER.claims[1].obligations[0])}.json"
    path.unlink()
    path.mkdir()
    capsys.readouterr()
    assert cli.main(["check", "--claim", "fault.amgm", "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if "is a directory" in line] == [
        f"WARNING: cache: {path} is a directory, not an entry: ignored (remove it)",
        f"WARNING: cache: cannot write {path} (is a directory): results are not cached"]
    assert record(sandbox, "fault.amgm")["status"] == PROVED


def test_an_unwritable_build_folder_is_one_line_before_anything_runs(sandbox, capsys):
    (sandbox / "build").write_text("a file where the build folder should be")
    assert cli.main(["check", "--jobs", "1"]) == 2
    assert "cannot write to" in one_error_line(capsys.readouterr().err)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write into a read-only folder")
def test_a_read_only_build_folder_is_one_line(sandbox, capsys):
    (sandbox / "build").mkdir()
    (sandbox / "build").chmod(0o500)
    try:
        assert cli.main(["check", "--jobs", "1"]) == 2
        assert "cannot write to" in one_error_line(capsys.readouterr().err)
    finally:
        (sandbox / "build").chmod(0o700)


@pytest.mark.parametrize("text", ["{not json", '{"claims": [{"id": "fault.amgm"}]}', "[]", '{"claims": 3}'])
def test_show_with_a_corrupt_report_is_one_line(sandbox, capsys, text):
    (sandbox / "build").mkdir()
    (sandbox / "build" / "report.json").write_text(text)
    assert cli.main(["show", "fault.amgm"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "report.json is unreadable" in one_error_line(err)


def test_verify_a_missing_file_or_a_directory_is_one_line(tmp_path, capsys):
    for target, problem in ((tmp_path / "nowhere.json", "No such file"), (tmp_path, "is a directory")):
        assert cli.main(["verify", str(target)]) == 2
        assert problem in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("content", [b'{"kind": "\xff\xfe"}', b"[" * 200000 + b"]" * 200000,
                                     b'{"kind": "psd", "x": ' + b"9" * 5000 + b"}"])
def test_verify_an_unparsable_certificate_is_one_rejected_line(tmp_path, capsys, content):
    path = tmp_path / "certificate.json"
    path.write_bytes(content)
    assert cli.main(["verify", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("REJECTED: ") and out.count("\n") == 1 and "Traceback" not in err


def test_evidence_made_invalid_after_construction_says_why():
    claims = registry.load_claims(["tests.fault_claims"])
    e = runner.run_claims(claims, ["fault.invalid-evidence"], jobs=1, cache=None, progress=False)[
        "fault.invalid-evidence"][0][0]
    assert e.verdict == ERROR and e.summary == "check returned invalid evidence: unknown verdict 'probably'; " \
        "expected one of ('proved', 'proved for instances', 'supported', 'unknown', 'refuted', 'error')"
    late = Evidence(PROVED, "numeric", "s")
    late.verdict, late.margins = SUPPORTED, {"worst_margin": float("nan")}
    with pytest.raises(ValueError, match="non-finite"):
        late.validate()
    with pytest.raises(ValueError, match="unknown evidence fields"):
        Evidence.from_json({"verdict": PROVED, "engine": "x", "summary": "s", "extra": 1})


def test_a_control_that_is_not_refuted_does_not_hide_the_crash():
    crash = Evidence(ERROR, "runner", "obligation raised RuntimeError: deliberate", obligation="raises")
    control = Evidence(PROVED, "smt", "true", obligation="true statement posing as a control")
    own, reasons = status.own_status([crash], [control])
    assert own == ERROR and "could not fail" in reasons[0]
    assert reasons[1] == "obligation 'raises' is error: obligation raised RuntimeError: deliberate"


def test_declaration_errors_name_the_declaring_module(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    assert fault_claims.PAPER.module == "tests.fault_claims"
    (tmp_path / "declares_badly.py").write_text(textwrap.dedent("""
        from checkers.claims import Obligation, Paper
        from tests.fault_claims import amgm
        PAPER = Paper(key="bad", title="t", authors="a")
        PAPER.claim(id="bad.x", theorem="-", statement="s", obligations=[Obligation("o", amgm)], negative_controls=[])
    """))
    with pytest.raises(ClaimDeclarationError, match=r"claim 'bad.x' \(declares_badly\): no negative control"):
        registry.load_claims(["declares_badly"])


def test_importing_another_modules_paper_is_not_a_duplicate(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "borrows_paper.py").write_text(textwrap.dedent("""
        from checkers.claims import Obligation, Paper
        from tests.fault_claims import PAPER as FAULT, amgm, wrong_square
        PAPER = Paper(key="borrow", title="t", authors="a")
        PAPER.claim(id="borrow.x", theorem="-", statement="s", uses=["fault.amgm"],
                    obligations=[Obligation("o", amgm)], negative_controls=[Obligation("c", wrong_square)])
    """))
    for modules in (["borrows_paper", "tests.fault_claims"], ["tests.fault_claims", "borrows_paper"]):
        claims = registry.load_claims(modules)
        assert claims["fault.amgm"].module == "tests.fault_claims" and claims["borrow.x"].module == "borrows_paper"
        assert len(claims) == len(fault_claims.PAPER.claims) + 1


# ------------------------------------------------------------------ the lock

def test_lock_refuses_error_and_regressions_unless_forced(sandbox, capsys):
    lock_with(sandbox, {"fault.square-ge-one": "proved"})
    before = (sandbox / "status.lock").read_text()
    args = ["lock", "--claim", "fault.crash-and-vacuous", "--claim", "fault.square-ge-one", "--jobs", "2"]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "lock REFUSED" in err and "fault.crash-and-vacuous: error: its status is 'error'" in err
    assert "fault.square-ge-one: refuted: was 'proved', now 'refuted'" in err
    assert (sandbox / "status.lock").read_text() == before
    assert cli.main(args + ["--force"]) == 0
    out = capsys.readouterr().out
    assert "locked fault.crash-and-vacuous: error, new [forced: its status is 'error']" in out
    assert "locked fault.square-ge-one: refuted, was proved [forced: was 'proved', now 'refuted']" in out
    # a locked error still fails the gate, and is an <error> in junit.xml
    assert cli.main(["check", "--claim", "fault.crash-and-vacuous", "--jobs", "1"]) == 1
    assert "fault.crash-and-vacuous: status 'error', locked as 'error'" in capsys.readouterr().err
    junit = (sandbox / "build" / "junit.xml").read_text()
    assert '<error message="negative control' in junit and "<failure" not in junit and 'errors="1"' in junit


def test_lock_plan_refuses_unknown_from_a_time_limit_and_lost_confirmation():
    lock = {"a": ("proved", "confirmed"), "b": ("supported", None), "gone": ("proved", None)}
    statuses = {"a": "proved", "b": "unknown", "c": "unknown"}
    seconds = {"a": "unconfirmed"}
    new, recorded, refused = gate.plan_lock(lock, statuses, seconds, True, time_limited={"b", "c"})
    assert refused == [
        "a: proved (second opinion unconfirmed): its z3 answers were confirmed by a second engine when locked; "
        "now one is not (see its trust base)",
        "b: unknown: 'unknown' came from a time limit (re-run it on an idle machine); fell from 'supported' to "
        "'unknown'",
        "c: unknown: 'unknown' came from a time limit (re-run it on an idle machine)",
        "gone: locked as proved but no longer declared"]
    new, recorded, refused = gate.plan_lock(lock, {"a": "proved", "c": "unknown"}, {"a": "confirmed"}, False, set())
    assert refused == [] and recorded == ["c: unknown, new"] and new["c"] == ("unknown", None)


def test_lock_refuses_an_unknown_that_came_from_a_time_limit(sandbox, monkeypatch, capsys):
    monkeypatch.setenv("FAULT_STALL", "1")
    assert cli.main(["lock", "--claim", "fault.stall", "--jobs", "1"]) == 1
    assert "fault.stall: unknown: 'unknown' came from a time limit" in capsys.readouterr().err
    assert not (sandbox / "status.lock").exists()


def test_a_locked_claim_that_disappeared_fails_in_junit():
    from checkers import report as report_mod
    failures, _ = gate.compare({"fault.gone": "proved"}, {}, ran_all=True)
    junit = report_mod.junit({"claims": []}, failures)
    assert '<testcase classname="status.lock" name="fault.gone"' in junit and 'failures="1"' in junit
    assert "no longer declared" in junit


def test_the_gate_checks_the_recorded_confirmation():
    failures, improvements = gate.compare({"a": CONFIRMED, "b": {"status": "proved", "second_opinion": "unconfirmed"},
                                           "c": "proved"},
                                          {"a": "proved", "b": "proved", "c": "proved"}, True,
                                          {"a": "unconfirmed", "b": "confirmed", "c": "unconfirmed"})
    assert failures == ["a: its z3 answers were confirmed by a second engine when locked; now one is not "
                        "(see its trust base)"]
    assert improvements == ["b: its z3 answers are now all confirmed by a second engine (run `make lock` to "
                            "record it)"]


def test_the_lock_file_keeps_one_claim_per_line(tmp_path):
    path = tmp_path / "status.lock"
    gate.write_lock(path, {"b": ("proved", "confirmed"), "a": ("supported", None)})
    assert path.read_text() == ('{\n "a": "supported",\n "b": {"status": "proved", "second_opinion": "confirmed"}\n}\n')
    assert gate.read_lock(path) == {"a": ("supported", None), "b": ("proved", "confirmed")}


# ------------------------------------------------------------------ the original scenario, slow

@pytest.mark.slow
def test_lying_z3_on_the_zlm22_control_under_load_is_not_proved(monkeypatch):
    """The issue's reproduction: z3 patched to answer unsat, cvc5 slowed as by a busy machine, on
    'origin global at 0.999 gamma*, D = 4': the control is not proved."""
    from proofs.zlm22.threshold import threshold_triples
    hook(monkeypatch, "lying-z3", "slow-cvc5=3")
    e = threshold_triples(cases=[[4, 1, "2", "3/2", "1/2"]], factor="999/1000")
    assert e.verdict == UNKNOWN and "disagree" in e.summary
