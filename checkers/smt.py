"""SMT engine: z3 on real polynomial arithmetic, in a child process with a hard wall-clock limit.

`prove(goal, assuming=...)` asks z3 whether (assuming and not goal) is satisfiable:
  unsat    -> proved (for all reals, assuming implies goal), cross-checked by cvc5 under
              a hard limit of max(2 s, 5 x z3's time): if cvc5 finds the query satisfiable
              the solvers disagree and the verdict is unknown; an inconclusive cvc5 is recorded)
  sat      -> the model is substituted back *exactly* (sympy Rationals) into `assuming`
              and `goal`; only a confirmed violation is a counterexample (refuted).
              Algebraic model values are replaced by rationals within 1e-40; where the
              violation is strict such a point violates too, otherwise the model stays
              unconfirmed and the verdict is unknown.
  unknown  -> unknown (z3 gave up, or the child was killed at the time limit)

The solver never runs in this process: a hung or crashed solver cannot take the
runner down, and a wrong answer from it cannot become `refuted` without the exact
substitution agreeing. Formulas are sent as SMT-LIB 2 text, produced here from sympy.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import sympy

from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence

ROOT = Path(__file__).resolve().parent.parent
CROSS_CHECK_MIN, CROSS_CHECK_FACTOR = 2.0, 5.0
#: The command that runs the solver; it reads a JSON query on stdin (see checkers.smt_worker).
SOLVER_COMMAND = [sys.executable, "-m", "checkers.smt_worker"]


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
    """Run the solver child; return its JSON answer, or {"result": "timeout"/"error", ...}."""
    query = json.dumps({"smt2": smt2, "timeout_ms": int(timeout * 1000), "solver": solver})
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        done = subprocess.run(SOLVER_COMMAND, input=query, capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"result": "timeout"}
    except OSError as e:
        return {"result": "error", "reason": f"cannot start the solver: {e}"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"result": "error", "reason": f"solver exited with {done.returncode}: {last}"}
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"result": "error", "reason": f"unreadable solver answer: {done.stdout[:200]!r}"}
    if not isinstance(answer, dict) or answer.get("result") not in ("sat", "unsat", "unknown"):
        return {"result": "error", "reason": f"unexpected solver answer: {str(answer)[:200]}"}
    return answer


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
                             "model_check": "exact rational substitution"},
                    details=details, **kw)


def _check(formulas, timeout):
    started = time.perf_counter()
    try:
        smt2, symbols = script(formulas)
    except (SMTTranslationError, sympy.SympifyError) as e:
        return None, None, None, Evidence(ERROR, "smt", f"malformed formula: {e}",
                                          engine_version=solver_version())
    return started, smt2, symbols, run_solver(smt2, timeout)


def prove(goal, *, assuming=(), what: str, timeout: float = 30) -> Evidence:
    """Prove: for all real values of the free symbols, all of `assuming` imply `goal`."""
    assuming = list(assuming)
    started, smt2, symbols, answer = _check(assuming + [sympy.Not(goal)], timeout)
    if isinstance(answer, Evidence):
        return answer
    result = answer["result"]
    if result == "unsat":
        return _unsat(PROVED, "no counterexample exists", what, started, timeout, smt2)
    if result == "sat":
        model = exact_model(answer, symbols)
        if model is not None and all(holds_exactly(a, model) for a in assuming) \
                and holds_exactly(goal, model) is False:
            return _evidence(REFUTED, f"counterexample confirmed by exact substitution — {what}", what,
                             started, timeout, smt2, counterexample={str(k): str(v) for k, v in model.items()},
                             trust=["z3 model confirmed by exact rational substitution"])
        return _evidence(UNKNOWN, f"z3 answered sat but its model did not survive exact substitution — {what}",
                         what, started, timeout, smt2, details={"raw_model": answer.get("model")})
    return _unanswered(answer, what, started, timeout, smt2)


def find(condition, *, assuming=(), what: str, timeout: float = 30) -> Evidence:
    """Prove that some real point satisfies all of `assuming` and `condition` (an exact witness)."""
    assuming = list(assuming)
    started, smt2, symbols, answer = _check(assuming + [condition], timeout)
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
                         what, started, timeout, smt2, details={"raw_model": answer.get("model")})
    if result == "unsat":
        return _unsat(REFUTED, "no such point exists", what, started, timeout, smt2)
    return _unanswered(answer, what, started, timeout, smt2)


def _unsat(verdict, meaning, what, started, timeout, smt2):
    """z3's unsat, cross-checked by cvc5; a cvc5 `sat` withdraws it. The second opinion gets
    at most CROSS_CHECK_FACTOR times z3's own time (at least CROSS_CHECK_MIN seconds, never more
    than the limit): a slow cvc5 is recorded as inconclusive instead of eating the budget."""
    z3_seconds = time.perf_counter() - started
    second = run_solver(smt2, min(timeout, max(CROSS_CHECK_MIN, CROSS_CHECK_FACTOR * z3_seconds)),
                        solver="cvc5")["result"]
    if second == "sat":
        return _evidence(UNKNOWN, f"z3 says unsat but cvc5 says sat: the solvers disagree — {what}",
                         what, started, timeout, smt2, details={"cross_check": "cvc5: sat"})
    agree = "confirmed by cvc5" if second == "unsat" else f"cvc5 cross-check inconclusive ({second})"
    trust = "z3 unsat confirmed by cvc5" if second == "unsat" else f"z3 unsat, second engine undecided (cvc5: {second})"
    return _evidence(verdict, f"z3: {meaning} (unsat), {agree} — {what}", what, started, timeout, smt2,
                     details={"cross_check": f"cvc5: {second}"}, trust=[trust])


def _unanswered(answer, what, started, timeout, smt2):
    result = answer["result"]
    if result == "timeout":
        return _evidence(UNKNOWN, f"solver killed at the {timeout:g} s wall-clock limit — {what}",
                         what, started, timeout, smt2)
    if result == "unknown":
        return _evidence(UNKNOWN, f"z3 answered unknown ({answer.get('reason', '')}) — {what}",
                         what, started, timeout, smt2)
    return _evidence(ERROR, f"solver failed: {answer.get('reason')} — {what}", what, started, timeout, smt2)
