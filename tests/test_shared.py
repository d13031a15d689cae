"""checkers.shared: a computation read by several obligations of one run is computed once."""
import os
import time
from pathlib import Path

from checkers import runner, shared
from checkers.claims import Obligation, Paper
from checkers.evidence import SUPPORTED, Evidence

COUNTS = Path(os.environ.get("TMPDIR", "/tmp")) / f"landscape-shared-test-{os.getpid()}"


def expensive(seed: int) -> dict:
    with open(COUNTS, "a") as f:
        f.write("computed\n")
    time.sleep(0.5)
    return {"value": seed * 2}


def reads(seed: int = 3) -> Evidence:
    value = shared.once(expensive, seed=seed)["value"]
    return Evidence(SUPPORTED, "numeric", f"value {value}", margins={"value": value})


def test_one_computation_serves_every_obligation_of_a_run():
    COUNTS.unlink(missing_ok=True)
    p = Paper(key="demo", title="t", authors="a")
    p.claim(id="demo.a", theorem="-", statement="s", obligations=[Obligation("one", reads), Obligation("two", reads)],
            negative_controls=[Obligation("three", reads)])
    claims = {c.id: c for c in p.claims}
    results = runner.run_claims(claims, ["demo.a"], jobs=3, cache=None, progress=False)
    assert [e.margins["value"] for e in results["demo.a"][0] + results["demo.a"][1]] == [6, 6, 6]
    assert COUNTS.read_text().count("computed") == 1
    assert shared.ENVIRONMENT not in os.environ
    COUNTS.unlink()
    assert shared.once(expensive, seed=1) == {"value": 2}          # outside a run: simply computed
    COUNTS.unlink()
