"""The solver child: reads {"smt2": ..., "timeout_ms": ..., "solver": "z3" | "cvc5"} on stdin and
prints the answer as JSON. z3 is the main engine; cvc5 is the independent second opinion
on an `unsat` (only its sat/unsat/unknown answer is used).

Model values are exact: rationals as "p/q"; algebraic numbers as a rational within
1e-40 (the parent decides, by exact substitution, whether that point is a counterexample).
Run by checkers.smt in a separate process that is killed at the wall-clock limit; it also
dies with the process that started it (checkers.lifeline). A cvc5 that cannot
be imported is answered {"result": "missing", "reason": ...}, never as a solver verdict.
"""
import json
import os
import sys

import z3

from checkers.lifeline import die_with_parent


def value_text(v) -> str:
    if z3.is_rational_value(v):
        return str(v.as_fraction())
    if z3.is_algebraic_value(v):
        return str(v.approx(40).as_fraction())
    raise ValueError(f"unsupported model value {v}")


def cvc5_answer(query) -> dict:
    try:
        import cvc5
    except Exception as e:  # not installed, or a broken installation
        return {"result": "missing", "reason": f"{type(e).__name__}: {e}"}
    tm = cvc5.TermManager()
    solver = cvc5.Solver(tm)
    solver.setOption("tlimit-per", str(int(query.get("timeout_ms", 0))))
    parser = cvc5.InputParser(solver)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, query["smt2"], "query")
    symbols = parser.getSymbolManager()
    while not (command := parser.nextCommand()).isNull():
        command.invoke(solver, symbols)
    result = solver.checkSat()
    verdict = "sat" if result.isSat() else "unsat" if result.isUnsat() else "unknown"
    return {"result": verdict, "reason": str(result.getUnknownExplanation()) if verdict == "unknown" else ""}


def answer(query) -> dict:
    """The answer of the solver the query names."""
    return cvc5_answer(query) if query.get("solver") == "cvc5" else z3_answer(query)


def z3_answer(query) -> dict:
    solver = z3.Solver()
    solver.set("timeout", int(query.get("timeout_ms", 0)))
    solver.from_string(query["smt2"])
    result = solver.check()
    out = {"result": str(result)}
    if result == z3.sat:
        model = solver.model()
        out["model"] = {d.name(): value_text(model[d]) for d in model.decls()}
    elif result == z3.unknown:
        out["reason"] = solver.reason_unknown()
    return out


def main() -> None:
    die_with_parent(int(os.environ.get("CHECKERS_SOLVER_PARENT", os.getppid())))
    print(json.dumps(answer(json.load(sys.stdin))))


if __name__ == "__main__":
    main()
