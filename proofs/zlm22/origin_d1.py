"""zlm22.origin-hessian-d1: the Hessian at the origin with one hidden layer."""
from __future__ import annotations

import sympy as sp

from checkers import smt, symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import R, _cross_checked, _hessian_at_origin


def d1_hessian_argument(instances):
    """Hess L(0) for D = 1, every input dimension d and width d_1.

    L(t theta) = E[y^2] + t^2 (gamma_u|U|^2 + gamma_w|W|^2 - 2 U^T W c) + t^4 q, so Hess L(0)
    is block diagonal over hidden units i, with block H_i = 2 [[gamma_u, -c^T], [-c, gamma_w I_d]]
    on (U_i, W_i).  H_i maps (alpha, beta c) to 2 (gamma_u alpha - beta ||c||^2, (gamma_w beta - alpha) c)
    and (0, v) with v orthogonal to c to 2 gamma_w (0, v), in any dimension d.  So its spectrum is
    2 gamma_w (d - 1 times) and the eigenvalues of 2 [[gamma_u, -||c||^2], [-1, gamma_w]], the roots
    of (lam - 2 gamma_u)(lam - 2 gamma_w) - 4 ||c||^2, i.e. (gamma_u + gamma_w) +- sqrt((gamma_u - gamma_w)^2 + 4 ||c||^2).
    """
    lam, gu, gw, C2 = sp.symbols("lambda gamma_u gamma_w C2", positive=True)
    s = sp.sqrt((gu - gw) ** 2 + 4 * C2)
    bracket = (lam - 2 * gu) * (lam - 2 * gw) - 4 * C2
    plane = 2 * sp.Matrix([[gu, -C2], [-1, gw]])
    general = symbolic.identities([
        ("char. polynomial of H_i on span{(1, 0), (0, c)}", (lam * sp.eye(2) - plane).det(), bracket),
        ("root lam+ of the bracket", bracket.subs(lam, gu + gw + s), 0),
        ("root lam- of the bracket", bracket.subs(lam, gu + gw - s), 0),
    ], what="D = 1 Hessian spectrum at the origin, every width and input dimension")
    checks = []
    for d_in, d1 in instances:
        U, Ws = dl.parameters((d_in, d1))
        A, c, Ey2 = dl.symbolic_data(d_in)
        s2 = sp.Symbol("s2", nonnegative=True)
        L = dl.loss(U, Ws, A, c, Ey2, s2, gu, [gw])
        H = _hessian_at_origin(L, dl.flat(U, Ws))
        C2c = sum(ci ** 2 for ci in c)
        expected = ((lam - 2 * gw) ** (d_in - 1) * bracket.subs(C2, C2c)) ** d1
        checks.append(symbolic.identity((lam * sp.eye(H.shape[0]) - H).det(method="berkowitz"), expected,
                                        what=f"char. polynomial of Hess L(0), d = {d_in}, d_1 = {d1}",
                                        instances=[f"d = {d_in}, d_1 = {d1}"]))
    return _cross_checked(general, checks)


def d1_origin_min_iff(factor="1"):
    """lam- > 0 iff ||c||^2 < factor * gamma_u gamma_w (true for factor 1): minimum vs saddle.

    lam- = (gamma_u + gamma_w) - s with s >= 0, s^2 = (gamma_u - gamma_w)^2 + 4 ||c||^2; the
    other eigenvalues, 2 gamma_w and lam+ >= lam-, are then positive too."""
    gu, gw, C2, s = sp.symbols("gamma_u gamma_w C2 s", real=True)
    bound = R(factor) * gu * gw
    return smt.prove(sp.And(sp.Implies(gu + gw - s > 0, C2 < bound), sp.Implies(C2 < bound, gu + gw - s > 0)),
                     assuming=[gu > 0, gw > 0, C2 >= 0, s >= 0, sp.Eq(s ** 2, (gu - gw) ** 2 + 4 * C2)],
                     what=f"smallest eigenvalue positive iff ||c||^2 < {R(factor)} gamma_u gamma_w")


def d1_hessian_wrong_constant():
    """False variant: eigenvalues (gamma_u + gamma_w) +- sqrt((gamma_u - gamma_w)^2 + 2 ||c||^2)."""
    lam, gu, gw, C2 = sp.symbols("lambda gamma_u gamma_w C2", positive=True)
    s = sp.sqrt((gu - gw) ** 2 + 2 * C2)
    bracket = (lam - 2 * gu) * (lam - 2 * gw) - 4 * C2
    return symbolic.identity(bracket.subs(lam, gu + gw + s), 0,
                             what="2 ||c||^2 in place of 4 ||c||^2 under the square root")


PAPER.claim(
    id="zlm22.origin-hessian-d1",
    theorem="Sec. 3, one hidden layer (D = 1): the origin",
    statement=("D = 1: Hess L(0) has eigenvalues (gamma_u + gamma_w) +- sqrt((gamma_u - gamma_w)^2 + 4 ||c||^2), "
               "each d_1 times, and 2 gamma_w, d_1 (d - 1) times. Hence 0 is a strict local minimum iff "
               "||c||^2 < gamma_u gamma_w and a strict saddle iff ||c||^2 > gamma_u gamma_w: with one hidden "
               "layer weight decay creates no bad minimum at 0."),
    uses=["zlm22.noise-averaged-loss"],
    obligations=[
        Obligation("spectrum for every d, d_1 (exact Hessians of instances as cross-checks)",
                   d1_hessian_argument, {"instances": [[1, 1], [2, 2], [3, 2]]}),
        Obligation("strict minimum iff ||c||^2 < gamma_u gamma_w (z3)", d1_origin_min_iff, {}),
    ],
    negative_controls=[
        Obligation("4||c||^2 replaced by 2||c||^2", d1_hessian_wrong_constant, {}),
        Obligation("threshold 2 gamma_u gamma_w instead of gamma_u gamma_w", d1_origin_min_iff, {"factor": "2"}),
    ],
    confirmed=("The abstract's statement (bad minima at zero only with more than one hidden layer) was "
               "read via search; the spectrum itself is derived and checked here."),
)
