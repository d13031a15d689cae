"""Small claims for the fault-injection tests (tests/test_faults.py).

Their negative controls use sympy, so a lying or hung solver changes only the z3 evidence.
The z3 limits are generous (a loaded machine must not turn an honest answer into a timeout),
except for fault.amgm-short, whose cross-check the tests hang on purpose."""
import os
import time
from pathlib import Path

import sympy

from checkers import smt, symbolic
from checkers.claims import Obligation, Paper
from checkers.evidence import PROVED, Evidence

x, y = sympy.symbols("x y", real=True)

PAPER = Paper(key="fault", title="Claims for fault injection", authors="Test")


def square_at_least_one(timeout=20):
    """x^2 >= 1 for every real x: false (x = 0)."""
    return smt.prove(x**2 >= 1, what="x^2 >= 1 for all real x", timeout=timeout)


def amgm(timeout=20):
    """x^2 + y^2 >= 2 x y: true."""
    return smt.prove(x**2 + y**2 >= 2 * x * y, what="x^2 + y^2 >= 2xy", timeout=timeout)


def wrong_square():
    return symbolic.identity((x + y) ** 2, x**2 + y**2, what="(x+y)^2 = x^2 + y^2 (false)")


def stall_if(flag):
    """Stalls (past its time limit) while the file `flag` exists, else proves (x+y)^2 = x^2 + 2xy + y^2."""
    if Path(flag).exists():
        time.sleep(60)
    return symbolic.identity((x + y) ** 2, x**2 + 2 * x * y + y**2, what="(x+y)^2 expansion")


def stall_while_env():
    """Stalls past its 1 s limit while FAULT_STALL is set (a stalled machine), else an identity."""
    return stall_if(__file__ if os.environ.get("FAULT_STALL") else "/nonexistent")


def hang_recording_pid(pid_file, timeout=600):
    """Records its pid, then waits on a solver (hung through the test hook)."""
    with open(pid_file, "a") as f:
        f.write(f"{os.getpid()}\n")
    return smt.prove(x**2 >= 0, what="x^2 >= 0, hung solver", timeout=timeout)


def verdict_overwritten():
    """Valid evidence made invalid after construction (a verdict no engine gives)."""
    e = Evidence(PROVED, "symbolic", "fine at first")
    e.verdict = "probably"
    return e


def crash():
    raise RuntimeError("deliberate crash in the obligation")


PAPER.claim(id="fault.square-ge-one", theorem="-", statement="x^2 >= 1 for all real x (false).",
            obligations=[Obligation("z3", square_at_least_one)],
            negative_controls=[Obligation("dropped cross term", wrong_square)])
PAPER.claim(id="fault.amgm", theorem="-", statement="x^2 + y^2 >= 2xy.",
            obligations=[Obligation("z3", amgm)],
            negative_controls=[Obligation("dropped cross term", wrong_square)])
PAPER.claim(id="fault.amgm-short", theorem="-", statement="x^2 + y^2 >= 2xy, with a 2 s solver limit.",
            obligations=[Obligation("z3", amgm, {"timeout": 2})],
            negative_controls=[Obligation("dropped cross term", wrong_square)])
PAPER.claim(id="fault.invalid-evidence", theorem="-", statement="Evidence changed after construction.",
            obligations=[Obligation("overwritten verdict", verdict_overwritten)],
            negative_controls=[Obligation("dropped cross term", wrong_square)])
PAPER.claim(id="fault.crash-and-vacuous", theorem="-", statement="A crash and a control that is not refuted.",
            obligations=[Obligation("raises", crash)],
            negative_controls=[Obligation("true statement posing as a control", amgm)])
PAPER.claim(id="fault.stall", theorem="-", statement="(x+y)^2 = x^2 + 2xy + y^2, on a machine that may stall.",
            obligations=[Obligation("stalls while FAULT_STALL is set", stall_while_env, timeout=1)],
            negative_controls=[Obligation("dropped cross term", wrong_square)])
