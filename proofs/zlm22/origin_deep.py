"""zlm22.origin-local-min-deep: the origin is a strict local minimum for D >= 2."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import _cross_checked, _decays, _hessian_at_origin, _symbolic_network, all_of
from proofs.zlm22.mutations import mutated
from proofs.zlm22.sizes import every_size, index_sum, matrix


def _penalty_form(n, m, p):
    """The model's penalty on U (p), W_2 (p x m), W_1 (m x n): the quadratic form of diag(gamma)."""
    U, W2, W1 = matrix("U", p), matrix("W2", p, m), matrix("W1", m, n)
    gu, (g1, g2) = _decays(2)
    squares = lambda W, rows, cols: index_sum(lambda i: index_sum(lambda j: W[i, j] ** 2, cols), rows)
    return [("P(U, W_2, W_1) = gamma_u sum U_i^2 + gamma_2 sum W2_ij^2 + gamma_1 sum W1_ij^2",
             dl.penalty(U, [W1, W2], gu, [g1, g2]), gu * squares(U, p, 1) + g2 * squares(W2, p, m) + g1 * squares(W1, m, n))]


def origin_hessian_argument(instances, depth="k + 2", mutation=None):
    """Hess L(0) = 2 diag(gamma_u I, gamma_D I, ..., gamma_1 I) for every D >= 2 and all widths.

    `zlm22.degree-argument`: L(t v) = E[y^2] + t^2 P(v) - 2 t^(D+1) m(v) + t^(2D+2) q(v).  With
    D = k + 2 (k >= 0 an integer symbol), d/dt L(t v) at 0 is 0 and d^2/dt^2 at 0 is 2 P(v): the
    data term (degree D + 1 >= 3) and the fit/noise term (degree 2D + 2 >= 6) do not reach the
    Hessian (`zlm22.polynomial-calculus` (i)).  The model's penalty is checked, for every width, to
    be sum gamma (sum of squares of the block's entries), the quadratic form of diag(gamma); with
    every gamma > 0 it is positive definite, so 0 is a strict local minimum (ii) for every data
    distribution and s2.  Cross-checks: exact Hessians of the full loss at 0 for the listed widths.
    depth "1" (the dropped assumption D >= 2) and `mutation` (a mutated model) are false variants."""
    k = sp.Symbol("k", integer=True, nonnegative=True)
    D = sp.sympify(depth, locals={"k": k})
    t = sp.Symbol("t", real=True)
    P, m, q, Ey2 = sp.symbols("P m q Ey2", real=True)
    ray = Ey2 + t ** 2 * P - 2 * t ** (D + 1) * m + t ** (2 * D + 2) * q
    n, mid, out = sp.symbols("n m p", integer=True, positive=True)
    with mutated(mutation):
        general = all_of([
            symbolic.identities([
                ("first derivative of L(t v) at t = 0", sp.expand(sp.diff(ray, t)).subs(t, 0), 0),
                ("second derivative of L(t v) at t = 0", sp.expand(sp.diff(ray, t, 2)).subs(t, 0), 2 * P),
            ], what=f"derivatives of the ray expansion at depth D = {D}"),
            every_size(_penalty_form, sizes={"n": n, "m": mid, "p": out}, what="the model's penalty, every width"),
        ], what=f"Hess L(0) = 2 diag(gamma) for depth D = {D} (k >= 0 any integer) and all widths")
        checks = [_exact_hessian(widths) for widths in instances]
    return _cross_checked(general, checks)


def _exact_hessian(widths):
    depth = len(widths) - 1
    U, Ws, A, c, Ey2, gu, gs = _symbolic_network(widths)
    L = dl.loss(U, Ws, A, c, Ey2, sp.Symbol("s2", nonnegative=True), gu, gs)
    params = dl.flat(U, Ws)
    decay_of = {p: gu for p in U}
    decay_of.update({p: g for g, W in zip(gs, Ws) for p in W})
    name = f"widths {tuple(widths)}, symbolic A, c, s2, decays"
    return symbolic.identity(_hessian_at_origin(L, params), sp.diag(*[2 * decay_of[p] for p in params]),
                             what=f"exact Hess L(0), {name}", instances=[name])


PAPER.claim(
    id="zlm22.origin-local-min-deep",
    theorem="Sec. 3 (D >= 2): the origin is a local minimum",
    statement=("For every depth D >= 2, all widths, every data distribution and every s2 >= 0: "
               "Hess L(0) = 2 diag(gamma_u I, gamma_D I, ..., gamma_1 I), positive definite when every "
               "gamma > 0, so the origin is a strict local minimum (a bad one whenever a nonzero point has "
               "lower loss). Covered for every depth and width by the degree argument (zlm22.degree-argument, "
               "machine-checked on the model) and the cited calculus facts (zlm22.polynomial-calculus); exact "
               "Hessians of instances as cross-checks."),
    uses=["zlm22.noise-averaged-loss", "zlm22.degree-argument", "zlm22.polynomial-calculus"],
    obligations=[
        Obligation("Hessian from the ray expansion, every D >= 2 and width (exact instance Hessians as cross-checks)",
                   origin_hessian_argument, {"instances": [[1, 1, 1], [2, 2, 2], [2, 3, 1], [2, 1, 2, 1]]}),
    ],
    negative_controls=[
        Obligation("dropped assumption D >= 2: the same argument at D = 1", origin_hessian_argument,
                   {"instances": [], "depth": "1"}),
        Obligation("mutated model: the output layer's decay dropped from the penalty", origin_hessian_argument,
                   {"instances": [[1, 2, 2]], "mutation": "no-output-penalty"}),
    ],
    confirmed=("Abstract and summaries reached via search: 'weight decay ... can create bad minima at zero "
               "in a network with more than 1 hidden layer'. The Hessian formula is derived and checked here."),
)
