"""Helpers shared by the ZLM22 claims: evidence bookkeeping, decays, exact Hessians at 0."""
from __future__ import annotations

import sympy as sp

from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, Evidence
from models import deep_linear as dl

R = sp.Rational


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


def _symbolic_network(widths):
    """(U, Ws, A, c, E[y^2], gamma_u, [gamma_k]): symbolic weights, data and decays for widths (d, d_1, ..., d_D)."""
    U, Ws = dl.parameters(tuple(widths))
    A, c, Ey2 = dl.symbolic_data(widths[0])
    return (U, Ws, A, c, Ey2, *_decays(len(widths) - 1))


def _hessian_at_origin(L, params):
    """Exact Hessian of L at theta = 0: twice the matrix of the degree-2 part of L."""
    t = sp.Symbol("t")
    quad = sp.expand(L.subs({p: t * p for p in params}, simultaneous=True)).coeff(t, 2)
    return sp.hessian(quad, params)


def all_of(pieces, what) -> Evidence:
    """The steps of one argument as one piece of evidence: every step exact (with the union of
    their trust chains and instances), else the first step that is not."""
    for e in pieces:
        if e.verdict not in (PROVED, PROVED_FOR_INSTANCES):
            e.summary = f"{e.summary} [a step of: {what}]"
            return e
    instances = [i for e in pieces for i in e.instances]
    trust = []
    for e in pieces:
        trust += [t for t in e.trust if t not in trust]
    verdict = PROVED_FOR_INSTANCES if instances else PROVED
    return Evidence(verdict, ", ".join(sorted({e.engine for e in pieces})),
                    f"{len(pieces)} steps exact — {what}", engine_version="; ".join(sorted({e.engine_version for e in pieces})),
                    instances=instances, details={"steps": [e.summary for e in pieces]}, trust=trust)
