"""zlm22.noise-averaged-loss: the Hadamard recursion is the noise average of eq. (1)."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import _cross_checked


def _expect_noise(expr, eps, s2):
    """E over independent eps with E eps = 1, E eps^2 = 1 + s2 (expr has degree <= 2 in each)."""
    poly = sp.Poly(sp.expand(expr), *eps)
    moment = {0: 1, 1: 1, 2: 1 + s2}
    return sum(coeff * sp.prod([moment[e] for e in exps]) for exps, coeff in poly.terms())


def _expect_data(expr, x, y, A, c, Ey2):
    """E over (x, y) for an expression of degree 2 in (x, y): x x^T -> A, x y -> c, y^2 -> Ey2."""
    poly = sp.Poly(sp.expand(expr), *x, y)
    n, total = len(x), 0
    for exps, coeff in poly.terms():
        idx = [i for i, e in enumerate(exps[:n]) for _ in range(e)]
        if exps[n] == 2:
            total += coeff * Ey2
        elif exps[n] == 1:
            total += coeff * c[idx[0]]
        elif len(idx) == 2:
            total += coeff * A[idx[0], idx[1]]
        else:
            raise ValueError(f"monomial {exps} is not of degree 2 in (x, y)")
    return total


def _stochastic_loss_average(widths):
    U, Ws = dl.parameters(widths)
    A, c, Ey2 = dl.symbolic_data(widths[0])
    s2 = sp.Symbol("s2", nonnegative=True)
    x = sp.Matrix(widths[0], 1, lambda i, _: sp.Symbol(f"x_{i}", real=True))
    y = sp.Symbol("y", real=True)
    eps = [sp.Matrix(n, 1, lambda i, _, k=k: sp.Symbol(f"eps{k}_{i}", real=True))
           for k, n in enumerate(widths[1:], start=1)]
    f = dl.stochastic_output(U, Ws, x, eps)
    averaged = _expect_data(_expect_noise((f - y) ** 2, [e for v in eps for e in v], s2), list(x), y, A, c, Ey2)
    return averaged, (U, Ws, A, c, Ey2, s2)


def _one_layer_moments(kernel):
    """E over one layer's noise of (eps o g)(eps o g)^T and of eps o g, g a generic 2-vector."""
    g = sp.Matrix(sp.symbols("g_1 g_2", real=True))
    eps = sp.Matrix(sp.symbols("eps_1 eps_2", real=True))
    s2 = sp.Symbol("s2", nonnegative=True)
    h = g.multiply_elementwise(eps)
    second = (h * h.T).applyfunc(lambda e: _expect_noise(e, list(eps), s2))
    first = h.applyfunc(lambda e: _expect_noise(e, list(eps), s2))
    return [("E[h h^T | g] = (g g^T) o kernel (entries i = j and i != j)", second,
             (g * g.T).multiply_elementwise(kernel(s2))),
            ("E[h | g] = g", first, g)]


def noise_average_identity(widths_list):
    """E_x E_eps (f - y)^2 = q - 2 m + E[y^2] for every depth and width.

    Hidden vectors h_0 = x, h_k = eps^(k) o (W_k h_{k-1}).  Given h_{k-1}, the entry (i, j)
    of E[h_k h_k^T] is E[eps_i eps_j] g_i g_j with g = W_k h_{k-1}, and E[eps_i eps_j] = 1 + s2 [i = j]
    depends only on whether i = j: a generic pair of units checks every width.  By the tower
    property and linearity, E h_k h_k^T = (W_k E[h_{k-1} h_{k-1}^T] W_k^T) o (11^T + s2 I) = M_k
    (M_0 = E x x^T = A) and E[h_k y] = W_k E[h_{k-1} y] = m_k (m_0 = c); then
    E (U^T h_D - y)^2 = U^T M_D U - 2 U^T m_D + E[y^2].
    Cross-checks: the full expectation expanded with symbolic moments for the listed widths.
    """
    general = symbolic.identities(_one_layer_moments(lambda s2: dl.noise_kernel(2, s2)),
                                  what="one stochastic layer: second moment (g g^T) o (11^T + s2 I), mean g")
    checks = []
    for widths in widths_list:
        averaged, (U, Ws, A, c, Ey2, s2) = _stochastic_loss_average(tuple(widths))
        q, m = dl.second_moments(U, Ws, A, c, s2)
        name = f"widths (d, d_1, ..., d_D) = {tuple(widths)}, symbolic A, c, E[y^2], s2"
        checks.append(symbolic.identity(averaged, q - 2 * m + Ey2, what=f"E_x E_eps (f - y)^2, {name}",
                                        instances=[name]))
    return _cross_checked(general, checks)


def noise_average_wrong_kernel():
    """False variant: noise as a global factor, E[h h^T | g] = (1 + s2) g g^T."""
    return symbolic.identities(_one_layer_moments(lambda s2: (1 + s2) * sp.ones(2, 2)),
                               what="one stochastic layer with kernel (1 + s2) 11^T instead of 11^T + s2 I")


PAPER.claim(
    id="zlm22.noise-averaged-loss",
    theorem="eq. (1) and its noise average (Sec. 2)",
    statement=("E_x E_eps (U^T diag(eps_D) W_D ... diag(eps_1) W_1 x - y)^2 = U^T M_D U - 2 U^T m_D + E[y^2] "
               "with M_1 = (W_1 A W_1^T) o (11^T + s2 I), M_k = (W_k M_{k-1} W_k^T) o (11^T + s2 I), "
               "m_k = W_k ... W_1 c, for independent unit noises with E eps = 1, Var eps = s2."),
    obligations=[Obligation("one-layer moments + tower property, every depth and width "
                            "(full symbolic expectations of instances as cross-checks)", noise_average_identity,
                            {"widths_list": [[2, 2], [2, 2, 2], [1, 2, 1, 2]]})],
    negative_controls=[Obligation("noise as a global factor (1 + s2)", noise_average_wrong_kernel, {})],
    confirmed=("eq. (1) (the loss with E_x E_eps, noise eps^(k)_{i_k} on every hidden unit, depth = number "
               "of hidden layers, L2 penalties gamma_u ||U||^2 + sum gamma_i ||W^(i)||_F^2) read in the "
               "paper's LaTeX source (SPIQA copy of 2202.04777v7) via search; the Hadamard recursion is "
               "derived here, not quoted."),
)
