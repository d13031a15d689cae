"""Lower bounds on the loss for every depth, width and input dimension.

Notation: Phi_k = W_k ... W_1 (the mean path, m_k = Phi_k c), beta = Phi_D^T U (the net's mean
linear map, m = U^T m_D = beta^T c), kappa_k = prod_{j<=k} (1 + s2/d_j), kappa = kappa_D, and
A >= lambda I.  The chain:
  fit-term bound    v^T M_k v >= kappa_k lambda ||Phi_k^T v||^2 for every v, so q >= kappa lambda ||beta||^2
  product bound     ||beta||^2 <= ||U||^2 prod_k ||W_k||_F^2
  coercivity        L >= E[y^2] - ||c||^2/(kappa lambda) + P
Each step: identities of the model for every width (matrices of symbolic size) and an
induction over the layers whose step is one z3 query (cross-checked by cvc5).
"""
from __future__ import annotations

import sympy as sp

from checkers import smt
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import R, all_of
from proofs.zlm22.mutations import mutated
from proofs.zlm22.sizes import every_size, index_sum, matrix

S2 = sp.Symbol("s2", nonnegative=True)
SIZES = dict(zip("nmd", sp.symbols("n m d", integer=True, positive=True)))


def _real(names):
    return sp.symbols(names, real=True)


# ---------------------------------------------------------------- the fit term
def _layer_quadratic_form(n, m, d):
    """An n x m layer W after a layer with second moment M (m x m) and mean path Phi (m x d)."""
    W, M, v, Phi = matrix("W", n, m), matrix("M", m, m), matrix("v", n), matrix("Phi", m, d)
    u, X = W.T * v, W * M * W.T
    return [
        ("v^T M_k v = u^T M_{k-1} u + s2 sum_i v_i^2 (W M_{k-1} W^T)_ii, u = W^T v",
         (v.T * dl.layer_second_moment(W, M, S2) * v)[0, 0],
         (u.T * M * u)[0, 0] + S2 * index_sum(lambda i: v[i, 0] ** 2 * X[i, i], n)),
        ("the mean path: v^T layer_mean(W, Phi) = (W^T v)^T Phi", v.T * dl.layer_mean(W, Phi), u.T * Phi),
    ]


def fit_term_induction(noise_factor="1 + s2/n", mutation=None):
    """v^T M_k v >= rho_k ||Phi_k^T v||^2 with rho_k = kappa_k lambda, by induction on k.

    Base k = 0: v^T A v >= lambda ||v||^2 (A >= lambda I, kappa_0 = 1, Phi_0 = I).  Step, layer k of
    n units (z3 over the quantities F = v^T M_k v, Fu = u^T M_{k-1} u, the diagonal terms
    D_i = v_i^2 (W M_{k-1} W^T)_ii and B = ||Phi_k^T v||^2 = ||Phi_{k-1}^T u||^2, rho = rho_{k-1}):
    F = Fu + s2 sum D_i (the model, every width); Fu >= rho B (hypothesis at u); per unit,
    (W M W^T)_ii = w_i^T M w_i >= rho ||Phi^T w_i||^2 (hypothesis at the row w_i) gives
    D_i >= rho ||z_i||^2, z_i = v_i Phi^T w_i; sum_i z_i = Phi^T W^T v, so n sum D_i >= rho B
    (`zlm22.noise-lagrange`); hence F >= rho (1 + s2/n) B.  Readout: q = U^T M_D U >=
    kappa lambda ||beta||^2.  noise_factor "1 + s2" (the 1/n forgotten) and `mutation` are false variants."""
    factor = sp.sympify(noise_factor, locals={"s2": sp.Symbol("s2", real=True), "n": sp.Symbol("n", real=True)})
    F, Fu, Dsum, B, rho, s2, n, X, Bw, v2, Di, zi = _real("F Fu Dsum B rho s2 n X Bw v2 D_i z2_i")
    per_unit = sp.Implies(sp.And(X >= rho * Bw, v2 >= 0, sp.Eq(Di, v2 * X), sp.Eq(zi, v2 * Bw)), Di >= rho * zi)
    step = sp.Implies(sp.And(n >= 1, s2 >= 0, rho >= 0, B >= 0, sp.Eq(F, Fu + s2 * Dsum), Fu >= rho * B, n * Dsum >= rho * B),
                      n * F >= rho * sp.expand(n * factor) * B)
    with mutated(mutation):
        identities = every_size(_layer_quadratic_form, sizes=SIZES, what="the layer's quadratic form, every width"
                                + (f" (mutated model: {mutation})" if mutation else ""))
    return all_of([identities, smt.prove(sp.And(per_unit, step), what=f"step k - 1 -> k with factor {factor}")],
                  what="fit-term bound for every depth, width and input dimension")


PAPER.lemma(
    id="zlm22.fit-term-bound",
    statement=("For every depth D >= 1, input dimension d, widths d_1, ..., d_D, s2 >= 0 and A >= lambda I "
               "(lambda >= 0): v^T M_k v >= kappa_k lambda ||Phi_k^T v||^2 for every v and k, kappa_k = "
               "prod_{j<=k} (1 + s2/d_j); so q = U^T M_D U >= kappa lambda ||beta||^2 (beta = W_1^T ... W_D^T U). "
               "Scalar input (A = a): q >= a kappa P^2 with P = U^T W_D ... W_1."),
    source="derived here: the model's layer maps for every width (symbolic sizes) and induction over the layers",
    uses=["zlm22.noise-lagrange"],
    obligations=[Obligation("the layer's quadratic form for every width; per-unit bound and step (z3)", fit_term_induction)],
    negative_controls=[
        Obligation("false step: a layer of n units gains 1 + s2 (the 1/n forgotten)", fit_term_induction,
                   {"noise_factor": "1 + s2"}),
        Obligation("mutated model: noise variance added independently of the signal", fit_term_induction,
                   {"mutation": "additive-noise"}),
    ],
)


# ---------------------------------------------------------------- the product bound
def _mean_readout(n, m, d):
    W, u, v = matrix("W", n, m), matrix("u", n), matrix("v", m)
    return [("u^T layer_mean(W, v) = (W^T u)^T v", u.T * dl.layer_mean(W, v), (W.T * u).T * v)]


def product_induction(factor="1"):
    """||beta_k||^2 <= ||U||^2 prod_{j>k} ||W_j||_F^2 for beta_D = U, beta_{k-1} = W_k^T beta_k.

    Base k = D: equality.  Step: ||W_k^T beta_k||^2 <= ||W_k||_F^2 ||beta_k||^2 (`zlm22.frobenius`)
    and the hypothesis give the bound with one more factor (z3).  m = U^T m_D = beta_0^T c by the
    model's mean map (every width).  factor 1/2 is the false variant."""
    f = R(factor)
    X, Fk, N, Pi = _real("X F N Pi")
    step = sp.Implies(sp.And(Fk >= 0, N >= 0, X <= Fk * N, N <= Pi), X <= f * Fk * Pi)
    return all_of([every_size(_mean_readout, sizes=SIZES, what="the mean readout, every width"),
                   smt.prove(step, what=f"product bound, step with constant {f}")],
                  what="||beta||^2 <= ||U||^2 prod ||W_k||_F^2 for every depth and width")


PAPER.lemma(
    id="zlm22.product-bound",
    statement=("For every depth and all widths: ||beta||^2 <= ||U||^2 prod_k ||W_k||_F^2 with beta = W_1^T ... W_D^T U "
               "and m = U^T m_D = beta^T c (scalar input: P^2 <= ||U||^2 prod_k ||W_k||_F^2)."),
    source="derived here from the model's mean map and the Frobenius bound, by induction over the layers",
    uses=["zlm22.frobenius"],
    obligations=[Obligation("mean readout for every width; step (z3)", product_induction)],
    negative_controls=[Obligation("false step: the bound halved", product_induction, {"factor": "1/2"})],
)


# ---------------------------------------------------------------- coercivity
def coercivity_bound(constant="1"):
    """q - 2 m >= -C^2/(kappa lambda): with b = ||beta||, q >= kappa lambda b^2 (`zlm22.fit-term-bound`)
    and m = beta^T c <= C b (`zlm22.cauchy-schwarz`), C = ||c||.  So L = q - 2 m + E[y^2] + P >=
    E[y^2] - C^2/(kappa lambda) + P (the model's loss is q - 2 m + E[y^2] + P by definition).
    constant 1/2 (the bound -C^2/(2 kappa lambda)) is the false variant."""
    q, m, b, C, rho = _real("q m b C rho")
    return smt.prove(sp.Implies(sp.And(rho > 0, b >= 0, C >= 0, q >= rho * b ** 2, m <= C * b),
                                rho * (q - 2 * m) >= -R(constant) * C ** 2),
                     what=f"q - 2m >= -{R(constant)} C^2 / (kappa lambda)")


PAPER.lemma(
    id="zlm22.coercivity",
    statement=("For every depth, width, input dimension, s2 >= 0 and A >= lambda I with lambda > 0: L(theta) >= "
               "E[y^2] - ||c||^2 / (kappa lambda) + P(theta); with every decay > 0, L(theta) -> infinity as "
               "||theta|| -> infinity."),
    source="derived here from the fit-term bound and Cauchy-Schwarz (z3)",
    uses=["zlm22.fit-term-bound", "zlm22.cauchy-schwarz"],
    obligations=[Obligation("q - 2m >= -||c||^2/(kappa lambda) (z3)", coercivity_bound)],
    negative_controls=[Obligation("false constant -||c||^2/(2 kappa lambda)", coercivity_bound, {"constant": "1/2"})],
)

PAPER.lemma(
    id="zlm22.minimiser-exists",
    statement=("A continuous function on R^N that tends to infinity as ||theta|| -> infinity attains its minimum; "
               "with zlm22.coercivity, L has a global minimiser (and every global minimiser is stationary)."),
    source="textbook analysis (Weierstrass' extreme value theorem on a compact sublevel set; Fermat): cited",
    uses=["zlm22.coercivity"],
)


# ---------------------------------------------------------------- one hidden layer: the penalty dominates
def _d1_quadratic_part(n, d):
    """D = 1: penalty - 2 m as a sum over the hidden units (rows w_i of W, n units, input dimension d)."""
    U, W, c = matrix("U", n), matrix("W", n, d), matrix("c", d)
    gu, gw = sp.symbols("gamma_u gamma_w", positive=True)
    _, m = dl.second_moments(U, [W], matrix("A", d, d), c, S2)
    per_unit = index_sum(lambda i: gu * U[i, 0] ** 2 + gw * index_sum(lambda a: W[i, a] ** 2, d)
                         - 2 * U[i, 0] * index_sum(lambda a: W[i, a] * c[a, 0], d), n)
    return [("P - 2m = sum_i (gamma_u U_i^2 + gamma_w ||w_i||^2 - 2 U_i w_i . c)",
             dl.penalty(U, [W], gu, [gw]) - 2 * m, per_unit)]


def d1_penalty_bound(factor="1"):
    """||c||^2 <= f gamma_u gamma_w implies gamma_u ||U||^2 + gamma_w ||W||_F^2 - 2 U^T W c >= 0.

    The model's penalty minus 2 m is a sum over units (every width and input dimension); per unit,
    with p = w_i . c, p^2 <= ||w_i||^2 C^2 (`zlm22.cauchy-schwarz`), gamma_u u^2 + gamma_w n^2 - 2 u p >= 0
    (z3); a sum of such terms is >= 0 (step S >= 0, t >= 0 => S + t >= 0).  f = 2 is the false variant."""
    u, nn, p, C, gu, gw, S, t = _real("u n2 p C gamma_u gamma_w S t")
    unit = sp.Implies(sp.And(gu > 0, gw > 0, nn >= 0, C >= 0, p ** 2 <= nn * C ** 2, C ** 2 <= R(factor) * gu * gw),
                      gu * u ** 2 + gw * nn - 2 * u * p >= 0)
    total = sp.Implies(sp.And(S >= 0, t >= 0), S + t >= 0)
    n, d = sp.symbols("n d", integer=True, positive=True)
    return all_of([every_size(_d1_quadratic_part, sizes={"n": n, "d": d}, what="D = 1 quadratic part, every width"),
                   smt.prove(sp.And(unit, total), what=f"per unit >= 0 when ||c||^2 <= {R(factor)} gamma_u gamma_w")],
                  what="D = 1: the penalty dominates the data term")


PAPER.lemma(
    id="zlm22.d1-penalty-bound",
    statement=("D = 1, every input dimension d and width d_1: if ||c||^2 <= gamma_u gamma_w then "
               "gamma_u ||U||^2 + gamma_w ||W||_F^2 - 2 U^T W c >= 0."),
    source="derived here from the model (a sum over hidden units) and Cauchy-Schwarz per unit (z3)",
    uses=["zlm22.cauchy-schwarz"],
    obligations=[Obligation("sum over units for every width; per unit and sum (z3)", d1_penalty_bound)],
    negative_controls=[Obligation("threshold 2 gamma_u gamma_w", d1_penalty_bound, {"factor": "2"})],
)
