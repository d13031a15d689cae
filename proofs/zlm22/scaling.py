"""zlm22.degree-argument: how the loss scales when the weights (or one layer) are scaled.

The model builds the loss as a fold over layers: M_0 = A, m_0 = c, then per layer
M_k = layer_second_moment(W_k, M_{k-1}), m_k = layer_mean(W_k, m_{k-1}), and finally the
readout (U^T M_D U, U^T m_D) and the penalty, a sum of layer_penalty terms.  The scaling
laws of these one-layer maps are checked on the model for every width (matrices of symbolic
size); induction over the fold gives the laws for every depth, and exact instance
expansions of the full loss cross-check the fold itself.
"""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import _cross_checked, _symbolic_network
from proofs.zlm22.mutations import mutated
from proofs.zlm22.sizes import every_size, matrix

T, S, RHO = sp.symbols("t S rho", real=True)
S2 = sp.Symbol("s2", nonnegative=True)
GAMMA = sp.Symbol("gamma", positive=True)


def _one_layer_laws(n, m):
    """The one-layer maps of the model on an n x m layer, scaled: W -> t W, inputs by S and rho."""
    W, M, v, U = matrix("W", n, m), matrix("M", m, m), matrix("v", m), matrix("U", m)
    q, mean = dl.second_moments(U, [], M, v, S2)
    q_scaled, mean_scaled = dl.second_moments(T * U, [], S * M, RHO * v, S2)
    return [
        ("layer_second_moment(t W, S M) = t^2 S layer_second_moment(W, M)",
         dl.layer_second_moment(T * W, S * M, S2), T ** 2 * S * dl.layer_second_moment(W, M, S2)),
        ("layer_mean(t W, rho v) = t rho layer_mean(W, v)", dl.layer_mean(T * W, RHO * v), T * RHO * dl.layer_mean(W, v)),
        ("readout q: (t U)^T (S M) (t U) = t^2 S q", q_scaled, T ** 2 * S * q),
        ("readout m: (t U)^T (rho v) = t rho m", mean_scaled, T * RHO * mean),
        ("layer_penalty(gamma, t W) = t^2 layer_penalty(gamma, W)", dl.layer_penalty(GAMMA, T * W),
         T ** 2 * dl.layer_penalty(GAMMA, W)),
    ]


def one_layer_scaling(mutation=None):
    """The model's one-layer maps scale as stated, for every width n x m (symbolic sizes).

    `mutation` runs the same check on a mutated model (a negative control)."""
    n, m = sp.symbols("n m", integer=True, positive=True)
    with mutated(mutation):
        return every_size(_one_layer_laws, sizes={"n": n, "m": m},
                          what="scaling laws of the one-layer maps" + (f" (mutated model: {mutation})" if mutation else ""))


def fold_induction(instances, mutation=None):
    """Induction over the layers, and the full loss expanded on instances as cross-checks.

    Ray theta -> t theta: the layer-k moments carry t^(2k) and t^k (base k = 0: t^0; step
    t^2 t^(2(k-1)) = t^(2k), t t^(k-1) = t^k), the readout with t U gives t^(2D+2) q and
    t^(D+1) m, every penalty term t^2.  One block scaled (W_k, or U for k = D + 1): the moments
    below are unchanged, layer k gives t^2 and t, the layers above keep the factor (S = t^2,
    rho = t with their own W unscaled), the readout gives t^2 q and t m, only that penalty term t^2.
    Cross-checks: for the listed widths the exact loss satisfies L(t theta) = E[y^2] + t^2 P
    - 2 t^(D+1) m + t^(2D+2) q, and scaling each block alone gives t^2 q, t m (`mutation`: the
    same on a mutated model, a negative control)."""
    k, D = sp.symbols("k D", integer=True, positive=True)
    exponents = symbolic.identities([
        ("second moment, step: t^2 t^(2(k-1))", 2 + 2 * (k - 1), 2 * k),
        ("mean, step: t t^(k-1)", 1 + (k - 1), k),
        ("readout q: t^2 t^(2D)", 2 + 2 * D, 2 * D + 2),
        ("readout m: t t^D", 1 + D, D + 1),
    ], what="exponents of t in the induction over the layers (symbolic k, D)")
    with mutated(mutation):
        checks = [_full_loss_scaling(widths) for widths in instances]
    return _cross_checked(exponents, checks)


def _full_loss_scaling(widths):
    depth = len(widths) - 1
    U, Ws, A, c, Ey2, gu, gs = _symbolic_network(widths)
    q, mean = dl.second_moments(U, Ws, A, c, S2)
    P = dl.penalty(U, Ws, gu, gs)
    ray = dl.loss(T * U, [T * W for W in Ws], A, c, Ey2, S2, gu, gs)
    items = [("L(t theta)", ray, Ey2 + T ** 2 * P - 2 * T ** (depth + 1) * mean + T ** (2 * depth + 2) * q)]
    for block in range(depth + 1):
        Us = T * U if block == depth else U
        Wt = [T * W if i == block else W for i, W in enumerate(Ws)]
        qs, ms = dl.second_moments(Us, Wt, A, c, S2)
        items += [(f"block {block + 1} scaled: q", qs, T ** 2 * q), (f"block {block + 1} scaled: m", ms, T * mean)]
    name = f"widths {tuple(widths)}"
    return symbolic.identities(items, what=f"scaling of the full loss, {name}", instances=[name])


PAPER.lemma(
    id="zlm22.degree-argument",
    statement=("For every depth D >= 1 and all widths: L(t theta) = E[y^2] + t^2 P(theta) - 2 t^(D+1) m(theta) + "
               "t^(2D+2) q(theta), with P the penalty, m = U^T m_D and q = U^T M_D U; scaling one block (U or one "
               "W_k) by t multiplies q by t^2, m by t and that block's penalty term by t^2."),
    source=("derived here from the model: the scaling laws of its one-layer maps for every width (symbolic "
            "sizes) and induction over its fold of layers"),
    obligations=[
        Obligation("one-layer scaling laws of the model, every width (symbolic sizes)", one_layer_scaling),
        Obligation("induction over the layers (symbolic k, D); full-loss expansions as cross-checks", fold_induction,
                   {"instances": [[1, 2, 2], [2, 1, 2, 1]]}),
    ],
    negative_controls=[
        Obligation("mutated model: noise variance added independently of the signal", one_layer_scaling,
                   {"mutation": "additive-noise"}),
        Obligation("mutated model in the fold's cross-checks: noise variance added independently of the signal",
                   fold_induction, {"instances": [[1, 2, 2]], "mutation": "additive-noise"}),
    ],
)
