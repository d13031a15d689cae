"""Textbook steps of the ZLM22 arguments, as lemma nodes.

Each inequality is stated for every size (number of terms, units, columns) and checked by
induction on that size: the base case and the step are exact queries over the partial
sums (accumulators), z3 for the inequalities (cross-checked by cvc5) and sympy for the
identities with a symbolic exponent.  Base and step of one lemma go to the solver as one
conjunction.  Not re-checked: the induction principle itself, and one cited lemma of
calculus (derivatives of a polynomial in arbitrarily many variables).
"""
from __future__ import annotations

import sympy as sp

from checkers import smt, symbolic
from checkers.claims import Obligation
from models import deep_linear as dl
from proofs.zlm22 import PAPER
from proofs.zlm22.common import R, all_of
from proofs.zlm22.sizes import every_size, index_sum, matrix


def _real(names):
    return sp.symbols(names, real=True)


# ---------------------------------------------------------------- Cauchy-Schwarz
def cauchy_schwarz_induction(factor="1"):
    """Partial sums A = sum a_i^2, B = sum b_i^2, C = sum a_i b_i; the next term (x, y).

    Base n = 1: (a b)^2 <= f a^2 b^2.  Step: A, B >= 0, C^2 <= f A B imply
    (C + x y)^2 <= f (A + x^2)(B + y^2).  f = 1 is the lemma; f = 1/2 the false variant."""
    f = R(factor)
    a, b, A, B, C, x, y = _real("a b A B C x y")
    base = (a * b) ** 2 <= f * a ** 2 * b ** 2
    step = sp.Implies(sp.And(A >= 0, B >= 0, C ** 2 <= f * A * B), (C + x * y) ** 2 <= f * (A + x ** 2) * (B + y ** 2))
    return smt.prove(sp.And(base, step), what=f"Cauchy-Schwarz (constant {f}): base n = 1 and step n -> n + 1")


PAPER.lemma(
    id="zlm22.cauchy-schwarz",
    statement="(sum_{i<n} a_i b_i)^2 <= (sum a_i^2)(sum b_i^2) for every n >= 1 and all reals a_i, b_i.",
    source="textbook (Cauchy-Schwarz in R^n); machine-checked here by induction on n",
    obligations=[Obligation("base n = 1 and step n -> n + 1 over the partial sums (z3)", cauchy_schwarz_induction)],
    negative_controls=[Obligation("false step: the bound halved", cauchy_schwarz_induction, {"factor": "1/2"})],
)


# ---------------------------------------------------------------- Frobenius submultiplicativity
def _frobenius_sums(n, m):
    W, v = matrix("W", n, m), matrix("v", n)
    return [("||W^T v||^2 = sum_j (w_j . v)^2 (columns w_j)", ((W.T * v).T * (W.T * v))[0, 0],
             index_sum(lambda j: index_sum(lambda i: W[i, j] * v[i, 0], n) ** 2, m)),
            ("||W||_F^2 of the model's penalty = sum_j ||w_j||^2", dl.layer_penalty(1, W),
             index_sum(lambda j: index_sum(lambda i: W[i, j] ** 2, n), m))]


def frobenius_induction(factor="1"):
    """||W^T v||^2 <= f ||W||_F^2 ||v||^2, by induction on the number m of columns w_j.

    Partial sums S = sum_{j<m} (w_j . v)^2 and F = sum_{j<m} ||w_j||^2, N = ||v||^2 >= 0; the
    next column has p = w_j . v, r = ||w_j||^2 with p^2 <= r N (Cauchy-Schwarz).  Base m = 0:
    S = F = 0.  Step: S <= f F N implies S + p^2 <= f (F + r) N.  The sums are checked to be
    ||W^T v||^2 and the model's ||W||_F^2 for every n, m.  f = 1/2 is the false variant."""
    f = R(factor)
    S, F, N, p, r = _real("S F N p r")
    step = sp.Implies(sp.And(N >= 0, r >= 0, F >= 0, p ** 2 <= r * N, S <= f * F * N), S + p ** 2 <= f * (F + r) * N)
    n, m = sp.symbols("n m", integer=True, positive=True)
    return all_of([every_size(_frobenius_sums, sizes={"n": n, "m": m}, what="the sums of the induction"),
                   smt.prove(step, what=f"||W^T v||^2 <= {f} ||W||_F^2 ||v||^2: step m -> m + 1 (base m = 0: 0 <= 0)")],
                  what="Frobenius submultiplicativity for every n x m matrix")


PAPER.lemma(
    id="zlm22.frobenius",
    statement="||W^T v||^2 <= ||W||_F^2 ||v||^2 for every n x m real matrix W and v in R^n.",
    source="textbook (submultiplicativity of the Frobenius norm); machine-checked here by induction on the columns",
    uses=["zlm22.cauchy-schwarz"],
    obligations=[Obligation("sums for every n, m; base and step over the columns (z3)", frobenius_induction)],
    negative_controls=[Obligation("false step: the bound halved", frobenius_induction, {"factor": "1/2"})],
)


# ---------------------------------------------------------------- the noise step
def noise_lagrange_induction(width_factor="n"):
    """n sum_i D_i >= rho ||sum_i z_i||^2 whenever D_i >= rho ||z_i||^2 (rho >= 0), every n.

    Partial sums Dsum = sum D_i, Q = sum ||z_i||^2 and S = sum z_i, as the Gram entries
    SS = ||S||^2, Sz = <S, z>, zz = ||z||^2 with the next term z (Sz^2 <= SS zz: Cauchy-Schwarz),
    so every inner-product space (every input dimension) is covered.  Invariants Dsum >= rho Q
    and n Q >= SS: base n = 1 (Q = zz = SS), step n -> n + 1, and the conclusion
    n Dsum >= rho SS.  width_factor "1" (no factor n) is the false variant."""
    k = sp.Symbol("n", real=True)
    w = k if width_factor == "n" else sp.Integer(1)
    w1 = w.subs(k, k + 1)
    Ds, Q, SS, Sz, zz, D, rho = _real("Dsum Q SS Sz zz D rho")
    gram = [SS >= 0, zz >= 0, Sz ** 2 <= SS * zz]
    base = sp.Implies(sp.And(D >= rho * zz, zz >= 0), sp.And(D >= rho * zz, w.subs(k, 1) * zz >= zz))
    step = sp.Implies(sp.And(k >= 1, rho >= 0, D >= rho * zz, Ds >= rho * Q, w * Q >= SS, *gram),
                      sp.And(Ds + D >= rho * (Q + zz), w1 * (Q + zz) >= SS + 2 * Sz + zz))
    conclusion = sp.Implies(sp.And(k >= 1, rho >= 0, Ds >= rho * Q, w * Q >= SS), w * Ds >= rho * SS)
    return smt.prove(sp.And(base, step, conclusion),
                     what=f"{width_factor} sum D_i >= rho ||sum z_i||^2: base, step, conclusion")


PAPER.lemma(
    id="zlm22.noise-lagrange",
    statement=("For every n >= 1, rho >= 0, vectors z_1, ..., z_n of an inner-product space and reals D_i >= "
               "rho ||z_i||^2: n sum_i D_i >= rho ||sum_i z_i||^2 (with D_i = ||z_i||^2: n sum ||z_i||^2 >= "
               "||sum z_i||^2, the step where the noise of a layer of n units gains its factor 1 + s2/n)."),
    source="textbook (Cauchy-Schwarz against (1, ..., 1), Lagrange's identity); machine-checked here by induction on n",
    uses=["zlm22.cauchy-schwarz"],
    obligations=[Obligation("base, step n -> n + 1 and conclusion over the partial sums (z3)", noise_lagrange_induction)],
    negative_controls=[Obligation("false variant without the factor n", noise_lagrange_induction, {"width_factor": "1"})],
)


# ---------------------------------------------------------------- Bernoulli, AM-GM, monotone powers
def _power_identities(N):
    """Exponent laws used below, with N a symbolic positive integer and positive bases."""
    h, A, y, m = sp.symbols("h A y m", positive=True)
    return symbolic.identities([
        ("(1 + h)^(N+1) = (1 + h) (1 + h)^N", (1 + h) ** (N + 1), (1 + h) * (1 + h) ** N),
        ("(A y)^(N+1) = A A^N y^(N+1)", sp.expand_power_base((A * y) ** (N + 1)), A * A ** N * y ** (N + 1)),
        ("(m (1 + h))^N = m^N (1 + h)^N", sp.expand_power_base((m * (1 + h)) ** N), m ** N * (1 + h) ** N),
    ], what="exponent laws with a symbolic exponent")


def bernoulli_induction(constant="1"):
    """(1 + h)^N >= 1 + c N h for h >= -1, by induction on N (c = 1; c = 2 is the false variant).

    B stands for (1 + h)^N; base N = 0: 1 >= 1; step: B >= 1 + c N h and 1 + h >= 0 imply
    (1 + h) B >= 1 + c (N + 1) h, and (1 + h) B = (1 + h)^(N+1) (sympy, symbolic N)."""
    c = R(constant)
    N, h, B = _real("N h B")
    step = sp.Implies(sp.And(N >= 0, h >= -1, B >= 1 + c * N * h), (1 + h) * B >= 1 + c * (N + 1) * h)
    return all_of([_power_identities(sp.Symbol("N", integer=True, nonnegative=True)),
                   smt.prove(step, what=f"(1 + h)^N >= 1 + {c} N h: step N -> N + 1 (base N = 0: 1 >= 1)")],
                  what="Bernoulli's inequality for every N")


PAPER.lemma(
    id="zlm22.bernoulli",
    statement="(1 + h)^N >= 1 + N h for every integer N >= 0 and real h >= -1.",
    source="textbook (Bernoulli's inequality); machine-checked here by induction on N",
    obligations=[Obligation("exponent law (sympy), base and step (z3)", bernoulli_induction)],
    negative_controls=[Obligation("false constant 1 + 2 N h", bernoulli_induction, {"constant": "2"})],
)


def am_gm_induction(constant="1", bernoulli=True):
    """(sum_{i<=N} x_i / N)^N >= c prod x_i for x_i >= 0, by induction on N (c = 2: false variant;
    bernoulli=False, the step without Bernoulli's bound on B, is a false step).

    A = S/N >= 0 is the mean of the first N terms, G = prod x_i <= A^N = P (induction
    hypothesis), x >= 0 the next term.  If A > 0: with 1 + h = (N A + x)/((N+1) A) > 0 (so
    h >= -1), ((N A + x)/(N+1))^(N+1) = A P B, B = (1 + h)^(N+1) >= 1 + (N+1) h (Bernoulli), and
    A P B >= A P (1 + (N+1) h) = P x >= G x.  If A = 0: P = 0 so G = 0, and the left side is a
    power of x/(N+1) >= 0."""
    c = R(constant)
    N, A, x, P, G, h, B, L0 = _real("N A x P G h B L0")
    positive_mean = sp.Implies(
        sp.And(N >= 1, A > 0, x >= 0, P > 0, G >= 0, G <= c * P, sp.Eq(h * (N + 1) * A, x - A),
               B >= 1 + (N + 1) * h if bernoulli else B >= 0),
        sp.And(h >= -1, A * P * B >= c * G * x))
    zero_mean = sp.Implies(sp.And(sp.Eq(P, 0), G >= 0, G <= c * P, L0 >= 0, x >= 0), L0 >= c * G * x)
    base = x >= c * x
    return all_of([_power_identities(sp.Symbol("N", integer=True, positive=True)),
                   smt.prove(sp.And(sp.Implies(x >= 0, base), positive_mean, zero_mean),
                             what=f"AM-GM (constant {c}): base N = 1 and step N -> N + 1 (mean > 0 and mean = 0)")],
                  what="AM-GM for every number of terms")


PAPER.lemma(
    id="zlm22.am-gm",
    statement="(sum_{i<=N} x_i / N)^N >= prod_{i<=N} x_i for every N >= 1 and reals x_i >= 0.",
    source="textbook (inequality of arithmetic and geometric means); machine-checked here by induction on N",
    uses=["zlm22.bernoulli"],
    obligations=[Obligation("exponent laws (sympy), base and step (z3)", am_gm_induction)],
    negative_controls=[Obligation("false constant: mean^N >= 2 prod", am_gm_induction, {"constant": "2"}),
                       Obligation("false step: Bernoulli's bound not used", am_gm_induction, {"bernoulli": False})],
)


def power_monotone_argument(least="1"):
    """u > m >= 0 implies u^N > m^N for every integer N >= least (least = 0: the false variant).

    m = 0: u^N > 0 for u > 0 (sympy's sign of a positive base).  m > 0: u = m (1 + h), h > 0,
    u^N = m^N (1 + h)^N = P B with P > 0 and B >= 1 + N h (Bernoulli), so u^N > P = m^N."""
    N, h, P, B = _real("N h P B")
    u = sp.Symbol("u", positive=True)
    sign = symbolic.identity(sp.sign(u ** sp.Symbol("N", integer=True, positive=True)), 1, what="u^N > 0 for u > 0")
    step = sp.Implies(sp.And(N >= R(least), h > 0, P > 0, B >= 1 + N * h), P * B > P)
    return all_of([_power_identities(sp.Symbol("N", integer=True, positive=True)), sign,
                   smt.prove(step, what=f"u = m (1 + h) > m > 0 gives u^N > m^N for N >= {least}")],
                  what="powers are increasing on [0, oo)")


PAPER.lemma(
    id="zlm22.power-monotone",
    statement="For every integer N >= 1 and reals u, m >= 0: u^N <= m^N implies u <= m.",
    source="textbook (monotonicity of t -> t^N on [0, oo)); machine-checked here from Bernoulli's inequality",
    uses=["zlm22.bernoulli"],
    obligations=[Obligation("exponent law and signs (sympy), the strict step (z3)", power_monotone_argument)],
    negative_controls=[Obligation("false variant allowing N = 0", power_monotone_argument, {"least": "0"})],
)


PAPER.lemma(
    id="zlm22.polynomial-calculus",
    statement=("For a real polynomial L in finitely many variables theta: (i) Hess L(0) is the Hessian of the "
               "degree-2 homogeneous part of L, which is the coefficient of t^2 in L(t theta), and a symmetric "
               "matrix is determined by its quadratic form; (ii) at a critical point, a positive definite "
               "Hessian gives a strict local minimum and a Hessian with a negative eigenvalue a strict saddle; "
               "(iii) chain rule: d/dt L(theta with the block W scaled by t) at t = 1 is <W, grad_W L(theta)>."),
    source=("textbook multivariable calculus (e.g. Rudin, Principles of Mathematical Analysis, ch. 9; Nocedal "
            "and Wright, Numerical Optimization, sec. 2.1): cited, not machine-checked for an arbitrary number "
            "of variables (each claim checks its exact Hessians and gradients on instances)"),
)
