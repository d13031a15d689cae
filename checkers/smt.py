"""SMT engine: z3 on real polynomial arithmetic, in a child process with a hard wall-clock limit.

`prove(goal, assuming=...)` asks z3 whether (assuming and not goal) is satisfiable:
  unsat    -> proved (for all reals, assuming implies goal), cross-checked by cvc5 (the second
              opinion, below): if cvc5 finds the query satisfiable the solvers disagree and the
              verdict is unknown
  sat      -> the model is substituted back *exactly* (sympy Rationals) into `assuming`
              and `goal`; only a confirmed violation is a counterexample (refuted).
              Algebraic model values are replaced by rationals within 1e-40; where the
              violation is strict such a point violates too, otherwise the model stays
              unconfirmed and the verdict is unknown.
  unknown  -> unknown (z3 gave up, or the child was killed at the time limit)

Second opinion. Every z3 `unsat` is re-decided by cvc5 with the same fixed wall-clock limit
as z3 (`timeout`, declared by the obligation), whatever z3's own time and however busy the
machine: a proof never depends on how fast z3 happened to be. The outcome is the evidence's
`trust`: "z3 unsat confirmed by cvc5", or a lower level, a z3 answer no second engine
confirmed: "z3 unsat, second engine undecided (cvc5: timeout)", "z3 unsat, no second engine
(skipped: REASON)" for a deliberate `second_opinion=False, skip_reason=...` (a cvc5 check
known not to finish), "z3 unsat, no second engine (cvc5 missing: ...)" when cvc5 cannot be
imported (`missing_engines()` says so before a run). A cvc5 time limit is recorded in the
evidence's `time_limits` (the cache retries such a result before serving it). The summary,
the report and the gate show these levels (checkers.evidence.second_opinion).

The solver never runs in this process: a hung or crashed solver cannot take the
runner down, and a wrong answer from it cannot become `refuted` without the exact
substitution agreeing. Formulas are sent as SMT-LIB 2 text, produced here from sympy.

Test hook: the environment variable CHECKERS_SOLVER_COMMAND, if set, is the command line
(split like a shell would) run instead of `python -m checkers.smt_worker` for every query,
for both solvers. It reads the JSON query {"smt2", "timeout_ms", "solver": "z3" | "cvc5"} on
stdin and prints the JSON answer {"result": "sat" | "unsat" | "unknown" | "missing", ...}.
The tests wire in deliberately lying or hung solvers with it (tests/fake_solver.py); the
evidence cache keys on it and on the files it names.
"""
from __future__ import annotations

import importlib
import json
import os
import shlex
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import sympy

from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence, note_time_limit

ROOT = Path(__file__).resolve().parent.parent
#: The command that runs the solver; it reads a JSON query on stdin (see checkers.smt_worker).
SOLVER_COMMAND = [sys.executable, "-m", "checkers.smt_worker"]
#: The test hook (module docstring): a command line replacing SOLVER_COMMAND.
SOLVER_COMMAND_ENV = "CHECKERS_SOLVER_COMMAND"
#: Modules this engine runs in a subprocess: checkers.cache keys evidence on their source too.
SUBPROCESS_MODULES = ("checkers.smt_worker",)
#: The second engine and the package it is imported from.
SECOND_ENGINE = "cvc5"
UNCONFIRMED_MODEL = "z3 model not confirmed by exact rational substitution: undecided"


class SMTTranslationError(ValueError):
    """The formula is outside exact real polynomial arithmetic."""


def solver_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    names = []
    for package in ("z3-solver", "cvc5"):
        try:
            names.append(f"{package} {version(package)}")
        except PackageNotFoundError:  # reported by the run itself
            names.append(f"{package} (not installed)")
    return ", ".join(names)


def missing_engines() -> list[str]:
    """Why the second engine cannot run here ([] when it can): a missing cvc5 is announced loudly."""
    try:
        importlib.import_module(SECOND_ENGINE)
    except Exception as e:  # ImportError, or a broken installation
        return [f"{SECOND_ENGINE} is not importable ({type(e).__name__}: {e}): z3 unsat answers are not "
                "cross-checked, and every proof resting on one shows 'no second engine' in its trust base"]
    return []


def solver_command() -> list[str]:
    hook = os.environ.get(SOLVER_COMMAND_ENV, "").strip()
    return shlex.split(hook) if hook else list(SOLVER_COMMAND)


# ---------------------------------------------------------------- sympy -> SMT-LIB 2

def _name(symbol) -> str:
    return "|" + str(symbol).replace("|", "_") + "|"


def _number(q: sympy.Rational) -> str:
    p, r = int(q.p), int(q.q)
    text = str(abs(p)) if r == 1 else f"(/ {abs(p)} {r})"
    return f"(- {text})" if p < 0 else text


def to_smtlib(expr) -> str:
    expr = sympy.sympify(expr)
    if expr is sympy.true:
        return "true"
    if expr is sympy.false:
        return "false"
    if expr.is_Symbol:
        return _name(expr)
    if expr.is_Rational:
        return _number(expr)
    if expr.is_Number:
        raise SMTTranslationError(f"inexact number {expr} (use sympy.Rational)")
    if expr.is_Add:
        return "(+ " + " ".join(to_smtlib(a) for a in expr.args) + ")"
    if expr.is_Mul:
        return "(* " + " ".join(to_smtlib(a) for a in expr.args) + ")"
    if expr.is_Pow:
        base, exp = expr.args
        if exp.is_Integer and exp > 0:
            return "(* " + " ".join([to_smtlib(base)] * int(exp)) + ")" if exp > 1 else to_smtlib(base)
        raise SMTTranslationError(f"{expr}: only positive integer powers (clear denominators, name roots)")
    ops = {sympy.StrictLessThan: "<", sympy.LessThan: "<=", sympy.StrictGreaterThan: ">",
           sympy.GreaterThan: ">=", sympy.Equality: "="}
    for cls, op in ops.items():
        if isinstance(expr, cls):
            return f"({op} {to_smtlib(expr.lhs)} {to_smtlib(expr.rhs)})"
    if isinstance(expr, sympy.Unequality):
        return f"(not (= {to_smtlib(expr.lhs)} {to_smtlib(expr.rhs)}))"
    logic = {sympy.And: "and", sympy.Or: "or", sympy.Not: "not", sympy.Implies: "=>"}
    for cls, op in logic.items():
        if isinstance(expr, cls):
            return f"({op} " + " ".join(to_smtlib(a) for a in expr.args) + ")"
    raise SMTTranslationError(f"cannot translate {expr!r} ({type(expr).__name__}) to real arithmetic")


SIGNS = (("positive", ">"), ("negative", "<"), ("nonnegative", ">="), ("nonpositive", "<="))


def sign_constraints(symbol) -> list[str]:
    """SMT-LIB constraints for a symbol's sympy sign assumptions.

    sympy uses the assumptions itself (`s > 0` is already True for a positive s), so they
    must reach the solver too, or a model could violate them."""
    if symbol.is_integer or symbol.is_rational or symbol.is_extended_real is False:
        raise SMTTranslationError(f"symbol {symbol}: integer, rational or non-real assumptions are not "
                                  "real arithmetic; declare it real (optionally positive/nonnegative)")
    for name, op in SIGNS:
        if getattr(symbol, f"is_{name}"):
            return [f"({op} {_name(symbol)} 0)"]
    return [f"(not (= {_name(symbol)} 0))"] if symbol.is_nonzero else []


def respects_signs(values: dict) -> bool:
    checks = {"positive": lambda v: v > 0, "negative": lambda v: v < 0,
              "nonnegative": lambda v: v >= 0, "nonpositive": lambda v: v <= 0, "nonzero": lambda v: v != 0}
    return all(check(v) for s, v in values.items() for name, check in checks.items() if getattr(s, f"is_{name}"))


def script(formulas) -> tuple[str, list]:
    formulas = [sympy.sympify(f) for f in formulas]
    symbols = sorted(set().union(*(f.free_symbols for f in formulas)), key=str)
    lines = ["(set-logic QF_NRA)"] + [f"(declare-const {_name(s)} Real)" for s in symbols]
    lines += [f"(assert {c})" for s in symbols for c in sign_constraints(s)]
    lines += [f"(assert {to_smtlib(f)})" for f in formulas]
    return "\n".join(lines) + "\n", symbols


# ---------------------------------------------------------------- running the solver

def run_solver(smt2: str, timeout: float, solver: str = "z3") -> dict:
    """Run the solver child (SOLVER_COMMAND, or the test hook); return its JSON answer, or
    {"result": "timeout"} (killed at the wall-clock limit, noted in `time_limits`) or
    {"result": "error", "reason": ...}. cvc5 may answer "missing" (not importable)."""
    query = json.dumps({"smt2": smt2, "timeout_ms": int(timeout * 1000), "solver": solver})
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               CHECKERS_SOLVER_PARENT=str(os.getpid()))
    try:
        done = subprocess.run(solver_command(), input=query, capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        note_time_limit(f"{solver} at {timeout:g} s")
        return {"result": "timeout"}
    except (OSError, ValueError) as e:
        return {"result": "error", "reason": f"cannot start the solver: {e}"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"result": "error", "reason": f"solver exited with {done.returncode}: {last}"}
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"result": "error", "reason": f"unreadable solver answer: {done.stdout[:200]!r}"}
    allowed = ("sat", "unsat", "unknown") + (("missing",) if solver == SECOND_ENGINE else ())
    if not isinstance(answer, dict) or answer.get("result") not in allowed:
        return {"result": "error", "reason": f"unexpected solver answer: {str(answer)[:200]}"}
    if answer["result"] == "unknown" and _ran_out(answer):
        note_time_limit(f"{solver} at {timeout:g} s")
    return answer


def _ran_out(answer: dict) -> bool:
    """An `unknown` that means the solver's own time or resource limit was reached."""
    reason = str(answer.get("reason", "")).lower()
    return any(word in reason for word in ("timeout", "canceled", "resourceout"))


def exact_model(answer: dict, symbols) -> dict | None:
    """The model as {symbol: sympy.Rational}; unassigned symbols are 0. None if unreadable."""
    raw = answer.get("model")
    if not isinstance(raw, dict):
        return None
    values = {}
    for s in symbols:
        text = raw.get(str(s), "0")
        try:
            q = Fraction(text) if isinstance(text, str) else None
        except (ValueError, ZeroDivisionError):
            q = None
        if q is None:
            return None
        values[s] = sympy.Rational(q.numerator, q.denominator)
    return values if respects_signs(values) else None


def holds_exactly(formula, values) -> bool | None:
    """Truth value of a formula at an exact rational point (None if it does not evaluate)."""
    result = sympy.sympify(formula).subs(values)
    if result in (sympy.true, sympy.false):
        return bool(result)
    return None


def _evidence(verdict, summary, what, started, timeout, smt2, **kw):
    details = {"what": what, "query_chars": len(smt2), "seconds": round(time.perf_counter() - started, 3)}
    if len(smt2) <= 4000:
        details["smtlib"] = smt2
    details.update(kw.pop("details", {}))
    return Evidence(verdict, "smt", summary, engine_version=solver_version(),
                    options={"solver": "z3 (nlsat, QF_NRA)", "timeout_s": timeout,
                             "second_opinion": kw.pop("second_opinion", f"cvc5, {timeout:g} s"),
                             "model_check": "exact rational substitution"},
                    details=details, **kw)


def _check(formulas, timeout, second_opinion, skip_reason):
    if not second_opinion and not (isinstance(skip_reason, str) and skip_reason.strip()):
        raise ValueError("second_opinion=False needs skip_reason: why no second engine is asked")
    if second_opinion and skip_reason:
        raise ValueError("skip_reason is only for second_opinion=False")
    if not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    started = time.perf_counter()
    try:
        smt2, symbols = script(formulas)
    except (SMTTranslationError, sympy.SympifyError) as e:
        return None, None, None, Evidence(ERROR, "smt", f"malformed formula: {e}",
                                          engine_version=solver_version())
    return started, smt2, symbols, run_solver(smt2, timeout)


def prove(goal, *, assuming=(), what: str, timeout: float = 30, second_opinion: bool = True,
          skip_reason: str = "") -> Evidence:
    """Prove: for all real values of the free symbols, all of `assuming` imply `goal`.

    z3 and then (on unsat) cvc5 each get `timeout` seconds. `second_opinion=False` skips cvc5,
    deliberately and visibly: `skip_reason` (required) is recorded in the trust base."""
    assuming = list(assuming)
    started, smt2, symbols, answer = _check(assuming + [sympy.Not(goal)], timeout, second_opinion, skip_reason)
    if isinstance(answer, Evidence):
        return answer
    result = answer["result"]
    if result == "unsat":
        return _unsat(PROVED, "no counterexample exists", what, started, timeout, smt2, skip_reason)
    if result == "sat":
        model = exact_model(answer, symbols)
        if model is not None and all(holds_exactly(a, model) for a in assuming) \
                and holds_exactly(goal, model) is False:
            return _evidence(REFUTED, f"counterexample confirmed by exact substitution — {what}", what,
                             started, timeout, smt2, counterexample={str(k): str(v) for k, v in model.items()},
                             trust=["z3 model confirmed by exact rational substitution"])
        return _evidence(UNKNOWN, f"z3 answered sat but its model did not survive exact substitution — {what}",
                         what, started, timeout, smt2, details={"raw_model": answer.get("model")},
                         trust=[UNCONFIRMED_MODEL])
    return _unanswered(answer, what, started, timeout, smt2)


def find(condition, *, assuming=(), what: str, timeout: float = 30, second_opinion: bool = True,
         skip_reason: str = "") -> Evidence:
    """Prove that some real point satisfies all of `assuming` and `condition` (an exact witness).
    An unsat (no such point: refuted) is cross-checked like `prove`'s."""
    assuming = list(assuming)
    started, smt2, symbols, answer = _check(assuming + [condition], timeout, second_opinion, skip_reason)
    if isinstance(answer, Evidence):
        return answer
    result = answer["result"]
    if result == "sat":
        model = exact_model(answer, symbols)
        if model is not None and all(holds_exactly(f, model) for f in assuming + [condition]):
            return _evidence(PROVED, f"witness confirmed by exact substitution — {what}", what, started,
                             timeout, smt2, counterexample={str(k): str(v) for k, v in model.items()},
                             trust=["z3 witness confirmed by exact rational substitution"])
        return _evidence(UNKNOWN, f"z3 answered sat but its model did not survive exact substitution — {what}",
                         what, started, timeout, smt2, details={"raw_model": answer.get("model")},
                         trust=[UNCONFIRMED_MODEL])
    if result == "unsat":
        return _unsat(REFUTED, "no such point exists", what, started, timeout, smt2, skip_reason)
    return _unanswered(answer, what, started, timeout, smt2)


def _unsat(verdict, meaning, what, started, timeout, smt2, skip_reason):
    """z3's unsat, re-decided by cvc5 under the same fixed limit; a cvc5 `sat` withdraws it.
    Anything short of cvc5's own unsat leaves the verdict with a lower trust level."""
    if skip_reason:
        reason = " ".join(skip_reason.split())
        return _evidence(verdict, f"z3: {meaning} (unsat), no second opinion asked ({reason}) — {what}", what,
                         started, timeout, smt2, details={"cross_check": f"skipped: {reason}"},
                         trust=[f"z3 unsat, no second engine (skipped: {reason})"], second_opinion="skipped")
    answer = run_solver(smt2, timeout, solver=SECOND_ENGINE)
    second = answer["result"]
    if second == "sat":
        return _evidence(UNKNOWN, f"z3 says unsat but cvc5 says sat: the solvers disagree — {what}",
                         what, started, timeout, smt2, details={"cross_check": "cvc5: sat"},
                         trust=["z3 unsat disputed by cvc5 (sat): undecided"])
    limits = [f"cvc5 at {timeout:g} s"] if second == "timeout" or (second == "unknown" and _ran_out(answer)) else []
    if second == "unsat":
        agree, trust = "confirmed by cvc5", "z3 unsat confirmed by cvc5"
    elif second == "missing":
        why = answer.get("reason") or "not importable"
        agree, trust = f"cvc5 missing ({why})", f"z3 unsat, no second engine (cvc5 missing: {why})"
    else:
        detail = second if second != "error" else f"error: {answer.get('reason', '')}"
        agree = f"cvc5 cross-check inconclusive ({detail})"
        trust = f"z3 unsat, second engine undecided (cvc5: {detail})"
    return _evidence(verdict, f"z3: {meaning} (unsat), {agree} — {what}", what, started, timeout, smt2,
                     details={"cross_check": f"cvc5: {second}"}, trust=[trust], time_limits=limits)


def _unanswered(answer, what, started, timeout, smt2):
    result = answer["result"]
    if result == "timeout":
        return _evidence(UNKNOWN, f"solver killed at the {timeout:g} s wall-clock limit — {what}",
                         what, started, timeout, smt2, time_limits=[f"z3 at {timeout:g} s"],
                         trust=[f"z3 undecided (killed at the {timeout:g} s limit)"])
    if result == "unknown":
        return _evidence(UNKNOWN, f"z3 answered unknown ({answer.get('reason', '')}) — {what}",
                         what, started, timeout, smt2, trust=[f"z3 undecided (unknown: {answer.get('reason', '')})"],
                         time_limits=[f"z3 at {timeout:g} s"] if _ran_out(answer) else [])
    return _evidence(ERROR, f"solver failed: {answer.get('reason')} — {what}", what, started, timeout, smt2,
                     trust=["z3 failed (no answer)"])
