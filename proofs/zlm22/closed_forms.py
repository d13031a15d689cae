"""Shared checks of the closed-form solutions (D = 1 and D >= 2)."""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from checkers import symbolic
from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, Evidence
from models import deep_linear as dl
from proofs.zlm22.common import R, _instances


def _vanishes_with(components, residual, beta, what, instances):
    """Every component (a rational function of beta) vanishes wherever `residual` does.

    Exact: numerator(component) = Q(beta) * numerator(residual) with Q a polynomial in beta
    (division in QQ(other symbols)[beta]), checked as an identity by the symbolic engine; the
    denominators are powers of det B(beta^2) > 0."""
    num_r = sp.numer(sp.together(residual))
    items = []
    for name, comp in components:
        num_c = sp.numer(sp.together(comp))
        quotient, _ = sp.div(sp.Poly(num_c, beta), sp.Poly(num_r, beta))
        items.append((name, num_c, quotient.as_expr() * num_r))
    return symbolic.identities(items, what=what, instances=instances)


def _gradient_at(point, A, c, Ey2, s2, gamma_u, gammas):
    """[(name, dL/dp at point)] for every weight p; point = (U, [W_1..W_D]) of sympy expressions."""
    U0, W0 = point
    U, Ws = dl.parameters((A.shape[0],) + tuple(W.shape[0] for W in W0))
    L = dl.loss(U, Ws, A, c, Ey2, s2, gamma_u, gammas)
    at = dict(zip(dl.flat(U, Ws), dl.flat(U0, W0)))
    return [(f"dL/d{p}", sp.diff(L, p).subs(at, simultaneous=True)) for p in dl.flat(U, Ws)]


def _sign_vectors(n):
    """Vertices of {+-1}^n with first entry +1 (r -> -r flips the signs of two adjacent layers,
    a symmetry of L)."""
    return [sp.Matrix((1,) + v) for v in itertools.product([1, -1], repeat=n - 1)]


def _rational_data(d, seed):
    """Seeded rational data: A = B B^T + I (positive definite), c, E[y^2] = c^T A^{-1} c + 1 (valid)."""
    rng = np.random.default_rng(seed)
    Bm = sp.Matrix(d, d, lambda i, j: R(int(rng.integers(-3, 4)), 2))
    A = Bm * Bm.T + sp.eye(d)
    c = sp.Matrix(d, 1, lambda i, _: R(int(rng.integers(1, 7)), 2))
    return A, c, (c.T * A.inv() * c)[0, 0] + 1


def _closed_form_checks(checks) -> Evidence:
    """The first failing check, or all of them as one piece of evidence (gradient and loss per instance)."""
    for e in checks:
        if e.verdict != PROVED_FOR_INSTANCES:
            return e
    return _instances(Evidence(PROVED, "symbolic", f"{len(checks)} exact checks: gradient vanishes on the "
                               f"b-equation and the loss formula holds", engine_version=symbolic.VERSION),
                      [i for e in checks for i in e.instances][::2])


def _multistart_best(widths, A, c, Ey2, s2, gamma_u, gammas, rng, starts, scales=(0.1, 0.5, 1.0, 2.0)):
    """Lowest loss found by L-BFGS (analytic gradient) from `starts` random points per scale."""
    from scipy.optimize import minimize

    def fun(theta):
        value, gU, gWs = dl.np_loss_and_grad(*dl.np_unflatten(theta, widths), A, c, Ey2, s2, gamma_u, gammas)
        return value, dl.np_flatten(gU, gWs)

    size = widths[-1] + sum(widths[k] * widths[k - 1] for k in range(1, len(widths)))
    best = np.inf
    for scale in scales:
        for _ in range(starts):
            result = minimize(fun, scale * rng.standard_normal(size), jac=True, method="L-BFGS-B",
                              options={"maxiter": 500, "ftol": 1e-14, "gtol": 1e-9})
            best = min(best, float(result.fun))
    return best


def _random_instance(rng, d, noisy):
    """Valid data: A = G G^T/d + 0.1 I, c, E[y^2] = c^T A^{-1} c + 0.5; s2 in [0.1, 1] or 0."""
    G = rng.standard_normal((d, d))
    A = G @ G.T / d + 0.1 * np.eye(d)
    c = rng.standard_normal(d)
    return A, c, float(c @ np.linalg.solve(A, c) + 0.5), float(rng.uniform(0.1, 1.0)) if noisy else 0.0
