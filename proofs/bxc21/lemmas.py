"""The textbook steps BXC21's proofs rest on, each a node of its own in the `uses` graph.

They are *cited* (no obligations): facts from the literature that the suite does not machine-check.
Every claim that uses one is `proved assuming` (or `proved for instances assuming`) and names it
in its trust base. The steps the suite does check (the Jury criterion, the every-n induction) are
lemmas with obligations in the modules that use them.
"""
from __future__ import annotations

from proofs.bxc21.paper import PAPER

GRAM_PSD = "bxc21.gram-psd"
GRAM_FACTOR = "bxc21.gram-factor"
FIRST_ORDER = "bxc21.first-order-conditions"
INTERPOLATION = "bxc21.interpolation"
MONOTONE = "bxc21.monotone-from-derivative"
QUADRATIC_MODES = "bxc21.quadratic-modes"
ONE_DIMENSIONAL_CLASS = "bxc21.one-dimensional-class"
BESSEL_ASYMPTOTICS = "bxc21.bessel-asymptotics"

PAPER.lemma(
    id=GRAM_PSD,
    statement="""For vectors v_1, ..., v_m in a real inner-product space of any dimension, the Gram matrix
G_ij = <v_i, v_j> is PSD: a^T G a = ||sum_i a_i v_i||^2 >= 0 for every real a. Hence every principal minor of G
is >= 0 (each principal submatrix is itself a Gram matrix, its determinant a product of non-negative
eigenvalues), and <S, G> = trace(S G) = sum_k d_k ||sum_i l_ki v_i||^2 >= 0 for every PSD S = sum_k d_k l_k l_k^T.""",
    source="textbook: Horn & Johnson, Matrix Analysis (2nd ed., 2013), Thm. 7.2.10 (Gram matrices), "
           "Cor. 7.1.5 (principal submatrices), Cor. 7.5.4 (trace of a product of PSD matrices)")

PAPER.lemma(
    id=GRAM_FACTOR,
    statement="""Every PSD m x m matrix Z is a Gram matrix: Z = B^T B for a real B (m x m), i.e. Z_ij = <b_i, b_j>
for the columns b_i of B (vectors in R^m).""",
    source="textbook: Horn & Johnson, Matrix Analysis (2nd ed., 2013), Thm. 7.2.7")

PAPER.lemma(
    id=FIRST_ORDER,
    statement="""For a differentiable mu-strongly convex f (mu >= 0; mu = 0: convex) with minimiser x*:
f(y) >= f(x) + <grad f(x), y - x> + mu/2 ||y - x||^2 for all x, y (the definition), and grad f(x*) = 0, so
f* >= f(X) + <grad f(X), x* - X> + mu/2 ||X - x*||^2 and f(X) >= f* + mu/2 ||X - x*||^2 at every X.""",
    source="textbook: Nesterov, Lectures on Convex Optimization (2018), Def. 2.1.3, Thm. 2.1.10 and Thm. 1.2.1")

PAPER.lemma(
    id=INTERPOLATION,
    statement="""Smooth strongly convex interpolation: data (x_i, g_i, f_i), i in I, are the points, gradients and
values of some f in F_{mu,L} (L-smooth, mu-strongly convex, 0 <= mu < L) iff for every ordered pair i != j
f_i >= f_j + <g_j, x_i - x_j> + 1/(2(1 - mu/L)) (||g_i - g_j||^2/L + mu ||x_i - x_j||^2 - 2 mu/L <g_j - g_i, x_j - x_i>).
("only if": every bound proved from these inequalities holds for every f in F_{mu,L}; "if": a Farkas
certificate, a point satisfying them, is a function in F_{mu,L}.)""",
    source="Taylor, Hendrickx, Glineur, Smooth strongly convex interpolation and exact worst-case performance "
           "of first-order methods, Math. Program. 161 (2017), Thm. 4")

PAPER.lemma(
    id=MONOTONE,
    statement="A differentiable function phi on an interval with phi'(t) <= 0 everywhere is non-increasing.",
    source="textbook: the mean value theorem (Rudin, Principles of Mathematical Analysis, 3rd ed., Thm. 5.11)")

PAPER.lemma(
    id=QUADRATIC_MODES,
    statement="""For f(x) = 1/2 x^T Q x with Q = U diag(lam_1, ..., lam_d) U^T (U orthogonal), HB in the coordinates
U^T x is a direct sum of the scalar iterations on the modes lam_i, each the 2 x 2 companion matrix T(lam_i) acting
on (x_{k+1}, x_k); the spectral radius of the iteration is max_i rho(T(lam_i)).""",
    source="Polyak, Introduction to Optimization (1987), Sec. 3.2.1; Lessard, Recht, Packard, SIAM J. Optim. "
           "26 (2016), Sec. 2 (spectral theorem for the symmetric Q)")

PAPER.lemma(
    id=ONE_DIMENSIONAL_CLASS,
    statement="""A C^1 function f of one real variable is in F_{mu,L} iff mu (y - x) <= f'(y) - f'(x) <= L (y - x)
for all x < y.""",
    source="textbook: Nesterov, Lectures on Convex Optimization (2018), Thm. 2.1.5 and Thm. 2.1.10 "
           "(monotonicity and Lipschitz characterisations of F_{mu,L})")

PAPER.lemma(
    id=BESSEL_ASYMPTOTICS,
    statement="""J_nu(z) = sqrt(2/(pi z)) (cos(z - nu pi/2 - pi/4) + O(1/z)) as z -> infinity (real nu): the
envelope of Gamma(nu+1) (2/z)^nu J_nu(z) decays like z^(-nu - 1/2), polynomially, with no exponential factor.""",
    source="DLMF 10.17.3 (Hankel's expansion); Watson, A Treatise on the Theory of Bessel Functions, Sec. 7.21")
