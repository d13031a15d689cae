"""Identities for every width: the model's functions run on sympy matrices of symbolic size.

`models.deep_linear` builds the loss from one-layer maps written with matrix operations,
so they also accept `sympy.MatrixSymbol`s whose sizes are symbols n, m, ...  An entry of
the result is then a finite sum over index variables with symbolic ranges, e.g.
    layer_second_moment(W, M, s2)[i, j] = (1 + s2 delta_ij) sum_{a,b} W_ia M_ab W_jb.
`canonical` brings such an expression to a normal form: sums distributed and flattened,
Kronecker deltas between two summation indices of the same range summed out, indices that
no longer occur replaced by the length of their range, bound indices renamed canonically,
like terms collected.  Each step is an equality, so a zero normal form proves the identity
for every value of the size symbols (and every entry index).  A nonzero normal form proves
nothing: `every_size` then builds the same items at small concrete sizes, where the
ordinary symbolic engine either finds an exact rational witness (refuted, naming the sizes)
or agrees (unknown: the normaliser could not decide).
"""
from __future__ import annotations

import itertools

import sympy as sp

from checkers import symbolic
from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence

TRUST = "sympy: index sums over symbolic sizes in canonical form (every width)"


def is_concrete(*sizes) -> bool:
    return all(sp.sympify(s).is_Integer for s in sizes)


def matrix(name, rows, cols=1):
    """A real matrix of unknowns: explicit for integer sizes, a MatrixSymbol for symbolic ones."""
    if is_concrete(rows, cols):
        return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i}_{j}", real=True))
    return sp.MatrixSymbol(name, rows, cols)


def index_sum(term, n):
    """sum_{k < n} term(k): an explicit sum for an integer n, a sympy Sum for a symbolic n."""
    if is_concrete(n):
        return sum((term(k) for k in range(int(n))), sp.Integer(0))
    k = sp.Dummy("k", integer=True)
    return sp.Sum(term(k), (k, 0, n - 1))


def ones(rows, cols):
    """The all-ones matrix 11^T (explicit or symbolic size)."""
    return sp.ones(rows, cols) if is_concrete(rows, cols) else sp.OneMatrix(rows, cols)


def identity(n):
    return sp.eye(n) if is_concrete(n) else sp.Identity(n)


# ---------------------------------------------------------------- normal form
def _terms(expr):
    """expr as [(summand, limits)]: sums flattened (bound indices renamed apart), products expanded."""
    out = []
    for term in sp.Add.make_args(sp.expand(expr)):
        if isinstance(term, sp.Sum):
            fresh = {lim[0]: sp.Dummy("k", integer=True) for lim in term.limits}
            limits = tuple((fresh[x], lo, hi) for x, lo, hi in term.limits)
            out += [(f, limits + more) for f, more in _terms(term.function.xreplace(fresh))]
        elif term.has(sp.Sum):
            product = [(sp.Integer(1), ())]
            for factor in _factors(term):      # a sum, a sum of terms, or opaque (e.g. a root of a sum)
                parts = _terms(factor) if isinstance(factor, (sp.Sum, sp.Add)) else [(factor, ())]
                product = [(f * g, l1 + l2) for f, l1 in product for g, l2 in parts]
            out += product
        else:
            out.append((term, ()))
    return [(g, limits) for f, limits in out for g in sp.Add.make_args(sp.expand(f))]


def _factors(term):
    """The factors of a product, a power of a sum with a positive integer exponent as repeated factors."""
    factors = []
    for factor in sp.Mul.make_args(term):
        base, exponent = factor.as_base_exp()
        if base.has(sp.Sum) and exponent.is_Integer and exponent > 1:
            factors += [base] * int(exponent)
        else:
            factors.append(factor)
    return factors


def _sum_out_deltas(f, limits):
    """sum_{p, q} delta_pq g(p, q) = sum_q g(q, q) for two summation indices of the same range;
    an index whose range is one point is replaced by that point."""
    for x, lo, hi in limits:
        if sp.expand(hi - lo) == 0:
            f = f.xreplace({x: lo})
    limits = [lim for lim in limits if sp.expand(lim[2] - lim[1]) != 0]
    while True:
        for delta in f.atoms(sp.KroneckerDelta):
            p, q = delta.args[:2]
            lp = next((lim for lim in limits if lim[0] == p), None)
            lq = next((lim for lim in limits if lim[0] == q), None)
            if lp is not None and lq is not None and lp[1:] == lq[1:]:
                f = f.xreplace({delta: sp.Integer(1)}).xreplace({p: q})
                limits.remove(lp)
                break
        else:
            return f, limits


def canonical(expr):
    """Normal form of a polynomial in matrix entries with index sums (see the module docstring)."""
    expr = sp.sympify(expr).replace(lambda e: isinstance(e, sp.Trace), lambda e: e.rewrite(sp.Sum))
    expr = expr.replace(lambda e: isinstance(e, sp.KroneckerDelta) and len(e.args) > 2,
                        lambda e: sp.KroneckerDelta(*e.args[:2]))     # drop the index range: both are in range
    collected = {}
    for f, limits in _terms(expr):
        f, limits = _sum_out_deltas(f, limits)
        bound = {lim[0] for lim in limits}
        coeff, rest = sp.Integer(1), sp.Integer(1)
        for factor in sp.Mul.make_args(f):
            if factor.free_symbols & bound:
                rest *= factor
            else:
                coeff *= factor
        used = rest.free_symbols & bound
        for x, lo, hi in limits:
            if x not in used:
                coeff *= hi - lo + 1
        limits = [lim for lim in limits if lim[0] in used]
        best = None
        for order in itertools.permutations([lim[0] for lim in limits]):
            names = {x: sp.Symbol(f"k{r}", integer=True) for r, x in enumerate(order)}
            body = rest.xreplace(names)
            lims = tuple(sorted(((names[x], lo, hi) for x, lo, hi in limits), key=str))
            key = sp.srepr(body) + str(lims)
            if best is None or key < best[0]:
                best = (key, body, lims)
        key, body, lims = best
        total, _, _ = collected.get(key, (sp.Integer(0), body, lims))
        collected[key] = (sp.expand(total + coeff), body, lims)
    return sp.Add(*[c * (sp.Sum(b, *lims) if lims else b) for c, b, lims in collected.values() if c != 0])


def _entry(value):
    """A scalar, or the generic entry (i, j) of a matrix of symbolic size."""
    if not isinstance(value, sp.MatrixExpr) or isinstance(value, sp.MatrixBase):
        return value
    i, j = sp.symbols("i j", integer=True, nonnegative=True)
    rows, cols = value.shape
    return value[0 if rows == 1 else i, 0 if cols == 1 else j]


def _residual(difference):
    if isinstance(difference, sp.MatrixBase):
        return next((r for r in map(canonical, difference) if r != 0), sp.Integer(0))
    return canonical(difference)


def every_size(build, *, sizes, what, concrete=(1, 2, 3)):
    """Prove the identities `build(**sizes)` -> [(name, lhs, rhs)] for every value of the size symbols.

    `sizes` maps argument names to sympy size symbols.  Each side may be a scalar or a matrix
    (compared entrywise at a generic entry).  If a normal form is not zero, the same items are
    built with every size equal to each value in `concrete` and handed to the symbolic engine."""
    try:
        items = build(**sizes)
        residuals = [(name, _residual(_entry(lhs) - _entry(rhs))) for name, lhs, rhs in items]
    except (TypeError, ValueError, sp.ShapeError) as e:
        return Evidence(ERROR, "symbolic", f"could not build the identities at symbolic sizes: {e} — {what}",
                        engine_version=symbolic.VERSION)
    open_items = [name for name, r in residuals if r != 0]
    names = ", ".join(f"{k} = {v}" for k, v in sizes.items())
    if not open_items:
        return Evidence(PROVED, "symbolic", f"{len(items)} identities in canonical form for symbolic sizes "
                        f"({names}) — {what}", engine_version=symbolic.VERSION,
                        details={"identities": [name for name, _, _ in items], "sizes": {k: str(v) for k, v in sizes.items()}},
                        trust=[TRUST])
    for value in concrete:
        concrete_items = build(**{k: value for k in sizes})
        e = symbolic.identities(concrete_items, what=f"{what}, every size = {value}")
        if e.verdict == REFUTED:
            e.summary = f"not an identity at sizes {value} ({', '.join(open_items)}) — {what}"
            e.details["sizes"] = {k: value for k in sizes}
            return e
    return Evidence(UNKNOWN, "symbolic", f"normal form not zero for {', '.join(open_items)}, but no concrete "
                    f"size up to {max(concrete)} refutes it — {what}", engine_version=symbolic.VERSION,
                    details={"residual": str(dict(residuals)[open_items[0]])[:400]})
