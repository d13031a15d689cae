"""Identities between finite sums of symbolic length (sympy), for claims "for every size n".

An engine feature that belongs in checkers/symbolic.py; it lives here, outside any paper module, until it moves.

The two sides are formal sympy Sums over i = 0..n-1 with n a symbol. A normal form decides them: nested and
multiplied sums whose summands share indices are merged into one multiple sum (finite sums distribute over
products), a power of such a sum becomes a product of renamed copies, factors free of the summation indices are
pulled out (linearity), indices not in the summand become a factor (hi - lo + 1), a sum splits into the product
of its independent groups of indices, and every closed sum gets canonical index names and sorted limits (renaming
bound indices; Fubini for limits that do not depend on other indices). The closed sums are then atoms: the two
sides agree iff they agree as expressions in those atoms (checkers.symbolic.identity). A disagreement is refuted
only by an exact instance (the sizes and integer entries are recorded).
"""
from __future__ import annotations

import itertools
import random

import sympy as sp

from checkers import symbolic
from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence


def _indices(limits):
    return {d for d, _, _ in limits}


def _renamed(e):
    return e.xreplace({d: sp.Dummy(d.name, integer=True) for s in e.atoms(sp.Sum) for d, _, _ in s.limits})


def _flat(e):
    if isinstance(e, sp.Sum):
        return _flat_sum(_flat(e.function), list(e.limits))
    if not e.args or isinstance(e, (sp.Indexed, sp.IndexedBase)):
        return e
    return e.func(*[_flat(arg) for arg in e.args])


def _flat_sum(summand, limits):
    def dependent_power(x):
        return (isinstance(x, sp.Pow) and isinstance(x.base, (sp.Sum, sp.Add)) and x.exp.is_Integer and x.exp > 1
                and bool(x.base.free_symbols & _indices(limits)))
    summand = summand.replace(dependent_power, lambda x: sp.Mul(*[_renamed(x.base) for _ in range(int(x.exp))]))
    terms = []
    for term in sp.Add.make_args(sp.expand(summand)):
        lims, body = list(limits), sp.Integer(1)
        for f in sp.Mul.make_args(term):
            if isinstance(f, sp.Sum) and f.free_symbols & _indices(lims):
                f = _renamed(f)
                body, lims = body * f.function, lims + list(f.limits)
            else:
                body = body * f
        inside = _indices(lims)
        if any((sp.sympify(lo).free_symbols | sp.sympify(hi).free_symbols) & inside for _, lo, hi in lims):
            raise ValueError("a summation limit depends on another index")
        factors = sp.Mul.make_args(sp.expand(body))
        rest = sp.Mul(*[f for f in factors if f.free_symbols & inside])
        constant = sp.Mul(*[f for f in factors if not f.free_symbols & inside])
        count = sp.Mul(*[hi - lo + 1 for d, lo, hi in lims if not rest.has(d)])
        terms.append(constant * count * _split(rest, [lim for lim in lims if rest.has(lim[0])]))
    return sp.Add(*terms)


def _split(summand, limits):
    """Sum(summand, limits) as a product of sums over the connected groups of indices (indices are connected
    when they occur in one factor): sum_{i,j} f(i) g(j) = (sum_i f(i)) (sum_j g(j))."""
    groups = [{d} for d, _, _ in limits]
    for f in sp.Mul.make_args(summand):
        touched = [g for g in groups if g & f.free_symbols]
        groups = [g for g in groups if not g & f.free_symbols] + [set().union(*touched)] if touched else groups
    out = sp.Integer(1)
    for g in groups:
        factors = [f for f in sp.Mul.make_args(summand) if f.free_symbols & g]
        out *= sp.Sum(sp.Mul(*factors), *[lim for lim in limits if lim[0] in g])
    return out


def _canonical(s):
    if s.function.has(sp.Sum):
        raise ValueError("a sum is left inside a summand after flattening")
    limits = list(s.limits)
    names = [sp.Symbol(f"k{t}", integer=True) for t in range(len(limits))]
    best = None
    for perm in itertools.permutations(range(len(limits))):
        rename = {limits[p][0]: names[t] for t, p in enumerate(perm)}
        body = s.function.xreplace(rename)
        lims = sorted(((rename[d], lo, hi) for d, lo, hi in limits), key=lambda lim: lim[0].name)
        key = sp.srepr(body) + sp.srepr(lims)
        if best is None or key < best[0]:
            best = (key, body, lims)
    return sp.Sum(best[1], *best[2])


def normal_form(expr):
    return _flat(sp.sympify(expr)).replace(lambda e: isinstance(e, sp.Sum), _canonical)


def _exact_instance(exprs, sizes, seed):
    """The expressions at the sizes given, at one point: random small integers for the entries, positive
    rationals for the positive scalars (a value is None where it is undefined)."""
    rng = random.Random(seed)
    values = [sp.sympify(e).subs(sizes).doit() for e in exprs]
    entries = sorted(set().union(*(v.atoms(sp.Indexed) for v in values)), key=str)
    scalars = sorted({s for v in values for s in v.free_symbols if s.is_positive}, key=str)
    point = {e: rng.randint(-3, 3) for e in entries}
    point |= {s: sp.Rational(rng.randint(1, 9), rng.randint(1, 4)) for s in scalars}
    values = [sp.nsimplify(v.xreplace(point)) for v in values]
    return [None if v.has(sp.nan, sp.zoo) else v for v in values], point


SUM_TRUST = ("sympy identity between finite sums of symbolic length (normal form: distributivity, linearity, "
             "renaming and reordering of independent limits; then the expanded difference is 0)")


def finite_sum_identities(items, *, what: str, sizes=None) -> Evidence:
    """Each (name, lhs, rhs) holds for every size (normal forms agree), else an exact instance refutes it."""
    forms = {}
    for name, lhs, rhs in items:
        try:
            left, right = normal_form(lhs), normal_form(rhs)
        except ValueError as e:
            return Evidence(ERROR, "symbolic", f"{name}: outside the finite-sum normal form ({e}) — {what}",
                            engine_version=symbolic.VERSION)
        atoms = sorted((left.atoms(sp.Sum) | right.atoms(sp.Sum)), key=sp.srepr)
        symbols = {s: sp.Symbol(f"sigma{t}", **{a: True for a in ("real", "nonnegative") if getattr(s, f"is_{a}")})
                   for t, s in enumerate(atoms)}   # only what sympy proved about the sum
        e = symbolic.identity(left.xreplace(symbols), right.xreplace(symbols), what=name)
        if e.verdict != PROVED:
            return _refute_by_instance(name, lhs, rhs, what, sizes or {})
        forms[name] = {"lhs": str(left), "rhs": str(right), "atoms": {str(v): str(k) for k, v in symbols.items()}}
    return Evidence(PROVED, "symbolic", f"{len(items)} identities between finite sums of symbolic length — {what}",
                    engine_version=symbolic.VERSION, details={"normal forms": forms}, trust=[SUM_TRUST])


def _refute_by_instance(name, lhs, rhs, what, sizes):
    for seed in range(10):
        (left, right), point = _exact_instance([lhs, rhs], sizes, seed)
        if left is not None and right is not None and abs(sp.N(left - right, 50)) > 1e-30:
            return Evidence(REFUTED, "symbolic", f"{name}: fails at an exact instance — {what}",
                            engine_version=symbolic.VERSION,
                            counterexample={"sizes": {str(k): v for k, v in sizes.items()},
                                            "entries": {str(k): str(v) for k, v in point.items()},
                                            "lhs": str(left), "rhs": str(right), "exact": True},
                            trust=["sympy: exact values at an integer instance differ"])
    return Evidence(UNKNOWN, "symbolic", f"{name}: normal forms differ, no exact instance found — {what}",
                    engine_version=symbolic.VERSION)
