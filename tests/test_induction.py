"""checkers.induction: identities over abstract blocks and induction obligations (sympy and SMT),
including false steps and bases refuted by the same engine, and the README's runnable snippet."""
import re
from pathlib import Path

import pytest
import sympy as sp

from checkers.induction import FREE_ALGEBRA, block, for_all, function, induction, quantified

n, s = sp.symbols("n s")
S = sp.Function("S")


def odd_sum(case):
    total, k = case
    return [("1 + 3 + ... + (2k - 1) = k^2", total, k ** 2)]


def odd_sum_formula(case):
    total, k = case
    return sp.Eq(total, k ** 2)


def test_sympy_induction_proves_and_records_its_argument():
    e = induction(variable="n, the number of odd numbers", start="n = 1", statement=odd_sum, base=(1, 1),
                  step=((S(n), n), (S(n) + 2 * n + 1, n + 1)), what="sum of odd numbers")
    assert e.verdict == "proved" and e.engine == "induction"
    assert e.details["variable"] == "n, the number of odd numbers" and e.details["start"] == "n = 1"
    assert e.details["hypothesis"] == ["1 + 3 + ... + (2k - 1) = k^2: S(n) = n**2"]
    assert "sympy identity (the expanded difference is 0)" in e.trust
    assert any(t.startswith("induction over n") for t in e.trust)


@pytest.mark.parametrize("base, step, failed", [
    ((1, 1), ((S(n), n), (S(n) + 2 * n, n + 1)), "induction step"),       # a false step
    ((2, 1), ((S(n), n), (S(n) + 2 * n + 1, n + 1)), "base case"),        # a false base
])
def test_sympy_induction_refutes_a_false_step_or_base(base, step, failed):
    e = induction(variable="n", statement=odd_sum, base=base, step=step, what="sum of odd numbers")
    assert e.verdict == "refuted" and e.details["failed"] == failed and e.summary.startswith(failed)
    assert e.counterexample is not None


def test_the_hypothesis_is_used_only_where_the_step_instantiates_it():
    """P(n) = 'S(n) = n^2' must not prove P(n + 1) = 'S(n + 1) = (n + 1)^2' by itself (that would be circular)."""
    e = induction(variable="n", statement=odd_sum, base=(1, 1), step=((S(n), n), (S(n + 1), n + 1)),
                  what="circular step")
    assert e.verdict != "proved"


def test_smt_induction_proves_and_refutes():
    proved = induction(variable="n", statement=odd_sum_formula, base=(sp.Integer(1), sp.Integer(1)),
                       step=((s, n), (s + 2 * n + 1, n + 1)), what="sum of odd numbers, z3")
    assert proved.verdict == "proved" and proved.trust[0].startswith("z3 unsat")
    false = induction(variable="n", statement=odd_sum_formula, base=(sp.Integer(1), sp.Integer(1)),
                      step=((s, n), (s + 2 * n, n + 1)), what="false step, z3")
    assert false.verdict == "refuted" and false.details["failed"] == "induction step"


def test_facts_chain_with_the_hypothesis():
    """Step of 'F_k(x) = x' for F_{k+1}(x) = F_k(g(x)) with the fact g(x) = x."""
    F_k, F_next, g = (sp.Function(name) for name in ("F_k", "F_next", "g"))
    x = sp.Symbol("x")

    def statement(case):
        return [("F(x) = x", case, x)]
    e = induction(variable="k", statement=statement, base=x, step=(F_k(x), F_k(g(x))),
                  facts=[("g is the identity at x", g(x), x)], what="iterated identity")
    assert e.verdict == "proved" and e.details["facts"] == ["g is the identity at x: g(x) = x"]


def test_bad_declarations_are_value_errors():
    with pytest.raises(ValueError, match="left side must be a symbol or an application"):
        induction(variable="n", statement=lambda c: [("p", c + 1, 0)], base=sp.Integer(-1),
                  step=(n, n + 1), what="x")
    with pytest.raises(ValueError, match="pair"):
        induction(variable="n", statement=odd_sum, base=(1, 1), step=((S(n), n),), what="x")


def test_block_identities_hold_for_every_shape_and_are_noncommutative():
    X, Y, Z = block("X"), block("Y"), block("Z")
    e = for_all([("distributivity", X * (Y + Z), X * Y + X * Z)], what="d", covers="any shapes")
    assert e.verdict == "proved" and e.trust == [FREE_ALGEBRA]
    assert e.details["for_all"]["blocks"] == ["X", "Y", "Z"] and e.details["covers"] == "any shapes"
    assert for_all([("commutation (false)", X * Y, Y * X)], what="c", covers="any shapes").verdict != "proved"


def test_quantified_lists_blocks_scalars_and_functions():
    F = function("F")
    assert quantified([F(block("X")) * sp.Symbol("a")]) == {"blocks": ["X"], "scalars": ["a"], "functions": ["F"]}


def test_readme_snippet_runs():
    """The 'For every size' snippet of README's "Writing a claim" section is runnable as written."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("### For every size", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["sums_over_samples"]().verdict == "proved"
    assert namespace["sums_over_samples"](weight=2).verdict == "refuted"
