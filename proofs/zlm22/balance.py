"""zlm22.balance: weight norms balance at every stationary point."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import _cross_checked, _symbolic_network
from proofs.zlm22.mutations import mutated


def balance_euler_argument(instances, mutation=None):
    """<W_k, grad_{W_k} L> - 2 gamma_k ||W_k||^2 = 2 q - 2 m for every block (U included).

    `zlm22.degree-argument`: scaling one block, W_k -> t W_k, gives q -> t^2 q, m -> t m and that
    block's penalty gamma_k t^2 ||W_k||^2, so L(t W_k) = t^2 q - 2 t m + gamma_k t^2 ||W_k||^2 +
    (the other penalty terms) + E[y^2]; by the chain rule (`zlm22.polynomial-calculus` (iii))
    <W_k, grad_{W_k} L> = d/dt L(t W_k) at t = 1.  At a stationary point the left side is 0, so
    2 gamma_k ||W_k||^2 = 2 m - 2 q for every k: gamma_u ||U||^2 = gamma_D ||W_D||^2 = ... =
    gamma_1 ||W_1||^2.  Cross-checks: the gradient identity on the exact loss of the listed
    widths.  `mutation` runs them on a mutated model (a negative control)."""
    t, q, m, P, gk, nk = sp.symbols("t q m P gamma_k n_k", real=True)
    scaled = t ** 2 * q - 2 * t * m + gk * t ** 2 * nk + P       # L(t W_k) - E[y^2], nk = ||W_k||^2
    general = symbolic.identity(sp.diff(scaled, t).subs(t, 1) - 2 * gk * nk, 2 * q - 2 * m,
                                what="<W_k, grad_k L> - 2 gamma_k ||W_k||^2 = 2q - 2m for every block, depth and width")
    with mutated(mutation):
        checks = [check for widths in instances for check in _euler_identities(widths)]
    return _cross_checked(general, checks)


def _euler_identities(widths):
    depth = len(widths) - 1
    U, Ws, A, c, Ey2, gu, gs = _symbolic_network(widths)
    s2 = sp.Symbol("s2", nonnegative=True)
    L = dl.loss(U, Ws, A, c, Ey2, s2, gu, gs)
    q, m = dl.second_moments(U, Ws, A, c, s2)
    name = f"widths {tuple(widths)}"
    return [symbolic.identity(sum(p * sp.diff(L, p) for p in block) - 2 * g * sum(p ** 2 for p in block), 2 * q - 2 * m,
                              what=f"Euler identity, {name}", instances=[name])
            for block, g in [(U, gu)] + list(zip(Ws, gs))]


PAPER.claim(
    id="zlm22.balance",
    theorem="Sec. 3 (rescaling invariance of the data term)",
    statement=("At every stationary point of L (any D >= 1, widths, s2, decays): "
               "gamma_u ||U||^2 = gamma_D ||W_D||_F^2 = ... = gamma_1 ||W_1||_F^2. Covered for every depth and "
               "width by the one-block scaling law (zlm22.degree-argument, machine-checked on the model) and the "
               "chain rule (zlm22.polynomial-calculus, cited); exact gradient identities of instances as cross-checks."),
    uses=["zlm22.noise-averaged-loss", "zlm22.degree-argument", "zlm22.polynomial-calculus"],
    obligations=[Obligation("Euler identity per block, all depths and widths (instances as cross-checks)",
                            balance_euler_argument, {"instances": [[2, 2], [1, 2, 1, 2]]})],
    negative_controls=[
        Obligation("mutated model: the output layer's decay dropped from the penalty", balance_euler_argument,
                   {"instances": [[1, 2, 2]], "mutation": "no-output-penalty"}),
        Obligation("mutated model: noise variance added independently of the signal", balance_euler_argument,
                   {"instances": [[1, 2, 2]], "mutation": "additive-noise"}),
    ],
    confirmed="Derived from the loss (eq. 1); the paper's own statement of balance was not reached.",
)
