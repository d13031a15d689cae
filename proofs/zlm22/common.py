"""Helpers shared by the ZLM22 claims: evidence bookkeeping, decays, exact Hessians at 0."""
from __future__ import annotations

from pathlib import Path

import sympy as sp

from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, Evidence

R = sp.Rational
ROOT = Path(__file__).resolve().parents[2]


def _cross_checked(general: Evidence, checks) -> Evidence:
    """The general argument's evidence, with exact instance re-computations as cross-checks.

    The verdict is the general one; a cross-check that is not exact-true replaces it
    (an instance contradicting the general argument refutes it)."""
    for e in checks:
        if e.verdict not in (PROVED, PROVED_FOR_INSTANCES):
            e.summary = f"cross-check failed: {e.summary}"
            return e
    general.details["cross_checks"] = [e.summary for e in checks]
    return general


def _instances(evidence: Evidence, names) -> Evidence:
    """Mark exact evidence about named sizes as 'proved for instances'."""
    if evidence.verdict == PROVED:
        evidence.verdict, evidence.instances = PROVED_FOR_INSTANCES, list(names)
    return evidence


def _decays(depth):
    gu = sp.Symbol("gamma_u", positive=True)
    return gu, [sp.Symbol(f"gamma_{k}", positive=True) for k in range(1, depth + 1)]


def _hessian_at_origin(L, params):
    """Exact Hessian of L at theta = 0: twice the matrix of the degree-2 part of L."""
    t = sp.Symbol("t")
    quad = sp.expand(L.subs({p: t * p for p in params}, simultaneous=True)).coeff(t, 2)
    return sp.hessian(quad, params)


def _generic_summand_scaling():
    """Scaling laws of one generic term of the recursion, with symbolic layer index j."""
    t, S, Rm, w1, w2, mu, e, v, nu = sp.symbols("t S R w w' mu e v nu", real=True)
    j = sp.Symbol("j", integer=True, positive=True)
    return [
        ("M_j term: (t w)(S mu)(t w') e = t^2 S (w mu w' e)", (t * w1) * (S * mu) * (t * w2) * e,
         t ** 2 * S * (w1 * mu * w2 * e)),
        ("m_j term: (t v)(R nu) = t R (v nu)", (t * v) * (Rm * nu), t * Rm * (v * nu)),
        ("exponent of M_j: 2 + 2(j - 1) = 2j", 2 + 2 * (j - 1), 2 * j),
        ("exponent of m_j: 1 + (j - 1) = j", 1 + (j - 1), j),
    ]
