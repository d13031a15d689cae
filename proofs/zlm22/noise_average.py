"""zlm22.noise-averaged-loss: the Hadamard recursion is the noise average of eq. (1)."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import _cross_checked, all_of
from proofs.zlm22.mutations import mutated
from proofs.zlm22.sizes import every_size, matrix


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


def _noise_moments(s2):
    """E[eps_i eps_j] and E[eps_i] from the noise assumptions, for two generic units i != j and i = j."""
    e1, e2 = sp.symbols("eps_1 eps_2", real=True)
    return _expect_noise(e1 ** 2, [e1, e2], s2), _expect_noise(e1 * e2, [e1, e2], s2), _expect_noise(e1, [e1, e2], s2)


def _one_layer(n, m):
    """One stochastic layer of n units on an input h of size m, and linearity of the model's layer map."""
    s2, r = sp.Symbol("s2", nonnegative=True), sp.Symbol("r", real=True)
    W, h, M1, M2 = matrix("W", n, m), matrix("h", m), matrix("M", m, m), matrix("N", m, m)
    same, other, mean = _noise_moments(s2)
    i, j = sp.Dummy("i", integer=True), sp.Dummy("j", integer=True)
    moments = sp.FunctionMatrix(n, n, sp.Lambda((i, j), other + (same - other) * sp.KroneckerDelta(i, j)))
    moments = moments.as_explicit() if isinstance(W, sp.MatrixBase) else moments
    g = W * h
    return [
        ("E[h_k h_k^T | h_{k-1} = h] = (g g^T) o E[eps eps^T], g = W h", dl.layer_second_moment(W, h * h.T, s2),
         sp.hadamard_product(g * g.T, moments)),
        ("E[h_k | h_{k-1} = h] = E[eps] o g", dl.layer_mean(W, h), mean * g),
        ("layer map additive in M", dl.layer_second_moment(W, M1 + M2, s2),
         dl.layer_second_moment(W, M1, s2) + dl.layer_second_moment(W, M2, s2)),
        ("layer map homogeneous in M", dl.layer_second_moment(W, r * M1, s2), r * dl.layer_second_moment(W, M1, s2)),
    ]


def noise_average_identity(widths_list, mutation=None):
    """E_x E_eps (f - y)^2 = q - 2 m + E[y^2] for every depth and width.

    Hidden vectors h_0 = x, h_k = eps^(k) o (W_k h_{k-1}).  Checked on the model for every
    width (symbolic sizes): given h_{k-1} = h, the entry (i, j) of E[h_k h_k^T] is
    E[eps_i eps_j] g_i g_j with g = W_k h and E[eps_i eps_j] from the noise assumptions (1 + s2
    for i = j, 1 otherwise), and that is the model's layer_second_moment(W_k, h h^T); the mean
    is the model's layer_mean; the layer map is linear in its matrix argument.  With the cited
    `zlm22.tower-property`, E h_k h_k^T = layer_second_moment(W_k, E h_{k-1} h_{k-1}^T) = M_k by
    induction on k (M_0 = E x x^T = A, m_0 = E x y = c) and E (U^T h_D - y)^2 = q - 2 m + E[y^2].
    Cross-checks (independent of the cited step): the full expectation expanded with symbolic
    moments for the listed widths.  `mutation` runs the same on a mutated model."""
    n, m = sp.symbols("n m", integer=True, positive=True)
    with mutated(mutation):
        general = all_of([every_size(_one_layer, sizes={"n": n, "m": m}, what="one stochastic layer, every width")],
                         what="the noise average of one layer, every width" + (f" (mutated: {mutation})" if mutation else ""))
        checks = []
        for widths in widths_list:
            averaged, (U, Ws, A, c, Ey2, s2) = _stochastic_loss_average(tuple(widths))
            q, mean = dl.second_moments(U, Ws, A, c, s2)
            name = f"widths (d, d_1, ..., d_D) = {tuple(widths)}, symbolic A, c, E[y^2], s2"
            checks.append(symbolic.identity(averaged, q - 2 * mean + Ey2, what=f"E_x E_eps (f - y)^2, {name}",
                                            instances=[name]))
    return _cross_checked(general, checks)


PAPER.lemma(
    id="zlm22.tower-property",
    statement=("Expectation is linear; E X = E[E[X | Y]] (tower property); for eps independent of g, "
               "E[(eps o g)(eps o g)^T | g] = (g g^T) o E[eps eps^T] and E[eps o g | g] = E[eps] o g. Hence, "
               "with the noise of each layer independent of (x, y) and of the other layers, E h_k h_k^T = "
               "layer_second_moment(W_k, E h_{k-1} h_{k-1}^T) for a map linear in its matrix argument, and "
               "E (U^T h_D - y)^2 = U^T E[h_D h_D^T] U - 2 U^T E[h_D y] + E[y^2]."),
    source=("textbook probability (linearity, the tower property and independence for conditional "
            "expectations; e.g. Durrett, Probability: Theory and Examples, ch. 4): cited, not machine-checked"),
)

PAPER.claim(
    id="zlm22.noise-averaged-loss",
    theorem="eq. (1) and its noise average (Sec. 2)",
    statement=("E_x E_eps (U^T diag(eps_D) W_D ... diag(eps_1) W_1 x - y)^2 = U^T M_D U - 2 U^T m_D + E[y^2] "
               "with M_1 = (W_1 A W_1^T) o (11^T + s2 I), M_k = (W_k M_{k-1} W_k^T) o (11^T + s2 I), "
               "m_k = W_k ... W_1 c, for independent unit noises with E eps = 1, Var eps = s2. Every depth and "
               "width: the one-layer moments and the linearity of the layer map are machine-checked on the model "
               "for symbolic widths, the induction over layers rests on the cited zlm22.tower-property; exact "
               "full expectations of instances as cross-checks."),
    uses=["zlm22.tower-property"],
    obligations=[Obligation("one-layer moments and linearity for every width (symbolic sizes); full symbolic "
                            "expectations of instances as cross-checks", noise_average_identity,
                            {"widths_list": [[2, 2], [1, 2, 2]]})],
    negative_controls=[Obligation("mutated model: noise as one global factor, kernel (1 + s2) 11^T",
                                  noise_average_identity, {"widths_list": [[2, 2]], "mutation": "shared-noise-kernel"})],
    confirmed=("eq. (1) (the loss with E_x E_eps, noise eps^(k)_{i_k} on every hidden unit, depth = number "
               "of hidden layers, L2 penalties gamma_u ||U||^2 + sum gamma_i ||W^(i)||_F^2) read in the "
               "paper's LaTeX source (SPIQA copy of 2202.04777v7) via search; the Hadamard recursion is "
               "derived here, not quoted."),
)
