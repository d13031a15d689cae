"""zlm22.balance: weight norms balance at every stationary point."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import _cross_checked, _decays, _generic_summand_scaling


def balance_euler_argument(instances, decay_weighted=True):
    """<W_k, grad_{W_k} L> - 2 gamma_k ||W_k||^2 = 2 q - 2 m for every layer k (U included).

    Scaling one layer, W_k -> t W_k, multiplies every generic term of M_j (j >= k) by t^2 and
    of m_j by t, so q(t W_k) = t^2 q, m(t W_k) = t m; Euler: <W_k, grad_{W_k} f> = d/dt f(t W_k)
    at t = 1.  Hence at a stationary point 2 gamma_k ||W_k||^2 = 2 m - 2 q for every k: balance
    gamma_u ||U||^2 = gamma_D ||W_D||^2 = ... = gamma_1 ||W_1||^2.
    `decay_weighted=False` is the false variant <W_k, grad L> equal across layers (no penalty term).
    Cross-checks: the gradient identity on the exact loss of the listed widths.
    """
    t, q, m, P, gk, nk = sp.symbols("t q m P gamma_k n_k", real=True)
    layer_scaled = (t ** 2 * q - 2 * t * m + gk * t ** 2 * nk + P)   # L(t W_k), nk = ||W_k||^2
    euler = sp.diff(layer_scaled, t).subs(t, 1)
    penalty_term = 2 * gk * nk if decay_weighted else 0
    general = symbolic.identities(_generic_summand_scaling() + [
        ("Euler identity for one layer", euler - penalty_term, 2 * q - 2 * m),
    ], what="<W_k, grad_k L> - 2 gamma_k ||W_k||^2 = 2q - 2m for every layer, depth and width")
    checks = []
    for widths in instances:
        depth = len(widths) - 1
        U, Ws = dl.parameters(tuple(widths))
        A, c, Ey2 = dl.symbolic_data(widths[0])
        gu, gs = _decays(depth)
        s2 = sp.Symbol("s2", nonnegative=True)
        L = dl.loss(U, Ws, A, c, Ey2, s2, gu, gs)
        q_, m_ = dl.second_moments(U, Ws, A, c, s2)
        name = f"widths {tuple(widths)}"
        for layer, g in [(U, gu)] + list(zip(Ws, gs)):
            lhs = sum(p * sp.diff(L, p) for p in layer)
            if decay_weighted:
                lhs -= 2 * g * sum(p ** 2 for p in layer)
            checks.append(symbolic.identity(lhs, 2 * q_ - 2 * m_, what=f"Euler identity, {name}",
                                            instances=[name]))
    if decay_weighted:
        return _cross_checked(general, checks)
    return general


PAPER.claim(
    id="zlm22.balance",
    theorem="Sec. 3 (rescaling invariance of the data term)",
    statement=("At every stationary point of L (any D >= 1, widths, s2, decays): "
               "gamma_u ||U||^2 = gamma_D ||W_D||_F^2 = ... = gamma_1 ||W_1||_F^2."),
    uses=["zlm22.noise-averaged-loss"],
    obligations=[Obligation("Euler identity per layer, all depths and widths (instances as cross-checks)",
                            balance_euler_argument, {"instances": [[2, 2], [2, 2, 2], [1, 2, 1, 2]]})],
    negative_controls=[Obligation("penalty dropped: <W_k, grad L> equal across layers",
                                  balance_euler_argument, {"instances": [], "decay_weighted": False})],
    confirmed="Derived from the loss (eq. 1); the paper's own statement of balance was not reached.",
)
