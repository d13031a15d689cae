"""Symbolic engine (sympy): exact identities, exact rank and inertia, PSD for all parameters.

- `identity(lhs, rhs)`: lhs - rhs is brought to one fraction and its numerator expanded;
  zero means proved. Applications of undefined functions (sympy `Function('sigma')`)
  and their derivatives are independent atoms, so an identity proved here holds for
  every activation and loss. A nonzero residual is only `refuted` with an exact witness:
  a rational point (and, for undefined functions, a concrete polynomial interpretation)
  where it is nonzero; otherwise `unknown`.
- `rank`, `inertia`: over QQ. Inertia uses the characteristic polynomial of the
  symmetric matrix: all its roots are real, so Descartes' rule of signs counts the
  positive (and, at -x, the negative) roots exactly; n0 is the multiplicity of 0.
- `psd_for_all(M, positive=...)`: M is PSD iff every principal minor is >= 0; each
  minor, a rational function of parameters assumed > 0, is proved nonnegative by
  visible signs of its factors, else by z3.
"""
from __future__ import annotations

import itertools
import random

import sympy
from sympy.core.function import AppliedUndef
from sympy.polys.matrices import DomainMatrix

from checkers import smt
from checkers.evidence import ERROR, PROVED, PROVED_FOR_INSTANCES, REFUTED, UNKNOWN, Evidence

VERSION = f"sympy {sympy.__version__}"


def _evidence(verdict, summary, instances=None, **kw):
    if verdict == PROVED and instances:
        verdict = PROVED_FOR_INSTANCES
    return Evidence(verdict, "symbolic", summary, engine_version=VERSION,
                    instances=list(instances or []), **kw)


# ---------------------------------------------------------------- identities

def residual(lhs, rhs=0):
    """Expanded numerator of lhs - rhs (a list for matrices)."""
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
        diff = sympy.Matrix(lhs) - sympy.Matrix(rhs)
        return [_numerator(d) for d in diff]
    return [_numerator(lhs - rhs)]


def _numerator(expr):
    """0 if expr is identically zero; otherwise the expanded numerator of expr as one fraction.
    Polynomial identities (the common case) are settled by `expand` alone; `together`,
    which is costly on large expressions, runs only when that does not give 0."""
    expr = sympy.sympify(expr).doit()
    if sympy.expand(expr) == 0:
        return sympy.Integer(0)
    num, _ = sympy.fraction(sympy.together(expr))
    return sympy.expand(num)


def _interpretations(expr, rng):
    """Replace each undefined function by a random polynomial with small integer coefficients."""
    funcs = {a.func for a in expr.atoms(AppliedUndef)}
    mapping = {}
    for f in sorted(funcs, key=str):
        nargs = next(len(a.args) for a in expr.atoms(AppliedUndef) if a.func == f)
        ts = sympy.symbols(f"t0:{nargs}")
        poly = rng.randint(-3, 3)
        for t in ts:
            poly += rng.choice([-2, -1, 1, 2]) * t + rng.randint(-2, 2) * t**2 + rng.choice([-1, 1]) * t**3
        for a, b in itertools.combinations(ts, 2):
            poly += rng.randint(-2, 2) * a * b
        mapping[f] = sympy.Lambda(ts, poly)
    return mapping


def find_witness(expr, tries: int = 12, seed: int = 0):
    """A rational point (and polynomial interpretation of undefined functions) where expr != 0."""
    rng = random.Random(seed)
    for _ in range(tries):
        interp = _interpretations(expr, rng)
        concrete = expr
        for f, lam in interp.items():
            concrete = concrete.replace(f, lam)
        concrete = concrete.doit()
        symbols = sorted(concrete.free_symbols, key=str)
        point = {s: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 5)) for s in symbols}
        value = sympy.nsimplify(concrete.subs(point))
        if value.is_Rational and value != 0:
            return {"point": {str(k): str(v) for k, v in point.items()},
                    "interpretation": {str(f): str(l) for f, l in interp.items()},
                    "value": str(value)}
    return None


def identities(items, *, what: str, instances=None) -> Evidence:
    """All (name, lhs, rhs) identities hold exactly."""
    for name, lhs, rhs in items:
        for r in residual(lhs, rhs):
            if r != 0:
                witness = find_witness(r)
                if witness:
                    return _evidence(REFUTED, f"{name}: not an identity — {what}",
                                     counterexample=witness, details={"residual": _short(r)},
                                     trust=["sympy: exact nonzero value at a rational witness"])
                return _evidence(UNKNOWN, f"{name}: nonzero residual, no witness found — {what}",
                                 details={"residual": _short(r)})
    return _evidence(PROVED, f"{len(items)} identit{'y' if len(items) == 1 else 'ies'} exact — {what}",
                     instances, details={"identities": [name for name, _, _ in items]},
                     trust=["sympy identity (the expanded difference is 0)"])


def identity(lhs, rhs=0, *, what: str, instances=None) -> Evidence:
    return identities([(what, lhs, rhs)], what=what, instances=instances)


def _short(expr, limit=400):
    text = str(expr)
    return text if len(text) <= limit else text[:limit] + " ..."


# ---------------------------------------------------------------- rank and inertia

def _rational_matrix(M) -> DomainMatrix:
    M = sympy.Matrix(M)
    if any(not sympy.sympify(x).is_Rational for x in M):
        raise ValueError("exact rank/inertia need a matrix of rational numbers")
    return DomainMatrix.from_Matrix(M).convert_to(sympy.QQ)


def rank(M) -> int:
    return int(_rational_matrix(M).rank())


def inertia(M) -> tuple[int, int, int]:
    """(n_plus, n_zero, n_minus) of a symmetric rational matrix, exactly."""
    M = sympy.Matrix(M)
    if M != M.T:
        raise ValueError("inertia needs a symmetric matrix")
    coeffs = [sympy.Rational(c) for c in _rational_matrix(M).charpoly()]  # leading first
    n = len(coeffs) - 1
    n_zero = 0
    while n_zero < n and coeffs[n - n_zero] == 0:
        n_zero += 1

    def sign_changes(cs):
        signs = [c > 0 for c in cs if c != 0]
        return sum(a != b for a, b in zip(signs, signs[1:]))

    n_plus = sign_changes(coeffs)
    n_minus = sign_changes([c * (-1) ** (n - k) for k, c in enumerate(coeffs)])
    return n_plus, n_zero, n_minus


def _matches(kind, compute, M, expected, what, instances):
    try:
        actual = compute(M)
    except ValueError as e:
        return _evidence(ERROR, f"{kind}: {e} — {what}")
    expected = tuple(expected) if isinstance(expected, (list, tuple)) else expected
    details = {kind: actual, "expected": expected, "size": list(sympy.Matrix(M).shape)}
    trust = [f"sympy exact {kind} over QQ" + (" (Descartes' rule on the characteristic polynomial)"
                                               if kind == "inertia" else "")]
    if actual == expected:
        return _evidence(PROVED, f"exact {kind} {actual} — {what}", instances, details=details, trust=trust)
    return _evidence(REFUTED, f"exact {kind} is {actual}, not {expected} — {what}",
                     counterexample={kind: str(actual)}, details=details, trust=trust)


def rank_is(M, expected, *, what: str, instances=None) -> Evidence:
    return _matches("rank", rank, M, expected, what, instances)


def inertia_is(M, expected, *, what: str, instances=None) -> Evidence:
    return _matches("inertia", inertia, M, expected, what, instances)


# ---------------------------------------------------------------- signs for all parameters

def _factor_sign(factor, positive) -> int | None:
    """+1 / -1 if the polynomial factor has that sign for all positive parameters, else None."""
    poly = sympy.Poly(factor, *positive) if factor.free_symbols else None
    if poly is None:
        return 1 if factor > 0 else (-1 if factor < 0 else 0)
    if not factor.free_symbols <= set(positive):
        return None
    coeffs = poly.coeffs()
    if all(c > 0 for c in coeffs):
        return 1
    if all(c < 0 for c in coeffs):
        return -1
    return None


def _visible_sign(expr, positive):
    """Sign of a rational function for all positive parameters, read off its factors (or None)."""
    num, den = sympy.fraction(sympy.factor(sympy.together(expr)))
    sign = 1
    for part in (num, den):
        coeff, factors = sympy.factor_list(part)
        if coeff == 0:
            return 0
        sign *= 1 if coeff > 0 else -1
        for f, mult in factors:
            if mult % 2 == 0:
                continue  # an even power is >= 0 (zero only on a lower-dimensional set)
            s = _factor_sign(f, positive)
            if s is None:
                return None
            sign *= s
    return sign


def nonnegative_for_all(expr, *, positive, what: str, timeout: float = 30) -> Evidence:
    """expr >= 0 wherever defined, for all values > 0 of the symbols in `positive`."""
    positive = list(positive)
    expr = sympy.sympify(expr)
    extra = expr.free_symbols - set(positive)
    if extra:
        return _evidence(ERROR, f"free symbols {sorted(map(str, extra))} are not declared positive — {what}")
    sign = _visible_sign(expr, positive)
    if sign in (0, 1):
        return _evidence(PROVED, f"nonnegative for all positive {', '.join(map(str, positive))}: "
                                 f"every factor has a visible sign — {what}",
                         details={"method": "factor signs", "expression": _short(sympy.factor(expr))},
                         trust=["sympy factorisation: every factor has a visible sign"])
    num, den = sympy.fraction(sympy.together(expr))
    evidence = smt.prove(sympy.expand(num * den) >= 0, assuming=[p > 0 for p in positive],
                         what=what, timeout=timeout)
    evidence.details["method"] = "z3 on numerator * denominator"
    return evidence


def psd_for_all(M, *, positive, what: str, timeout: float = 30) -> Evidence:
    """M is PSD for all values > 0 of `positive`: every principal minor is >= 0."""
    M = sympy.Matrix(M)
    if not (M - M.T).is_zero_matrix:
        return _evidence(ERROR, f"matrix is not symmetric — {what}")
    n = M.shape[0]
    methods, trust = [], []
    for size in range(1, n + 1):
        for rows in itertools.combinations(range(n), size):
            minor = sympy.factor(M.extract(list(rows), list(rows)).det(method="berkowitz"))
            e = nonnegative_for_all(minor, positive=positive, what=f"principal minor {rows}", timeout=timeout)
            if e.verdict != PROVED:
                e.summary = f"principal minor {list(rows)} = {_short(minor, 120)}: {e.summary} — {what}"
                return e
            methods.append(e.details.get("method"))
            trust += [t for t in e.trust if t not in trust]
    return _evidence(PROVED, f"all {2 ** n - 1} principal minors nonnegative for all positive "
                             f"{', '.join(map(str, positive))} — {what}",
                     details={"size": n, "methods": sorted(set(methods))},
                     trust=["sympy: a symmetric matrix is PSD iff every principal minor is >= 0"] + trust)
