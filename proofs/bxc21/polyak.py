"""bxc21.hb-polyak-rate: Polyak's heavy-ball tuning has spectral radius exactly q on every quadratic, and no
tuning does better."""
from __future__ import annotations

import sympy as sp

from checkers import smt
from checkers.claims import Obligation
from checkers.evidence import Evidence
from models import momentum as hb
from proofs.bxc21.paper import PAPER, PAPER_TEXT

# a = sqrt(mu), b = sqrt(L); q = (b - a)/(b + a) = (sqrt kappa - 1)/(sqrt kappa + 1); alpha (a + b)^2 = 4, beta = q^2.
a, b, lam_, q_, alpha_, beta_, u_, w_, rad = sp.symbols("a b lambda q alpha beta u w rho", real=True)
POLYAK = [a > 0, b >= a, sp.Eq(q_ * (a + b), b - a), sp.Eq(alpha_ * (a + b) ** 2, 4)]


def polyak_eigenvalue_moduli(radius_percent: int = 100) -> Evidence:
    """For all 0 < a <= b, lam in [a^2, b^2]: every root z = u + i w of det(z I - T(lam)) =
    z^2 - (1 + beta - alpha lam) z + beta has |z|^2 = q^2 (so the spectral radius is exactly q); with
    radius_percent < 100 the (false) bound |z|^2 <= (radius q)^2 is checked instead."""
    z = sp.Symbol("z")
    charpoly = hb.heavy_ball_companion(lam_, alpha_, q_**2).charpoly(z).as_expr()
    real_part, imaginary_part = sp.expand(charpoly.subs(z, u_ + sp.I * w_)).as_real_imag()
    root = [sp.Eq(real_part, 0), sp.Eq(imaginary_part, 0)]
    if radius_percent == 100:
        goal = sp.Eq(u_**2 + w_**2, q_**2)
    else:
        goal = u_**2 + w_**2 <= sp.Rational(radius_percent, 100) ** 2 * q_**2
    return smt.prove(goal, assuming=POLYAK + [lam_ >= a**2, lam_ <= b**2] + root, timeout=60,
                     what=("every eigenvalue of every HB companion matrix has modulus exactly q, all kappa >= 1"
                           if radius_percent == 100 else f"spectral radius <= {radius_percent}% of q"))


def polyak_optimality(radius_percent: int = 100) -> Evidence:
    """No HB tuning (alpha, beta) has spectral radius rho < q on both end modes mu and L: the Schur–Cohn
    (Jury) conditions for the closed disk of radius rho > 0, |beta| <= rho^2 and
    |1 + beta - alpha lam| rho <= rho^2 + beta at lam = mu and lam = L, imply rho >= q."""
    def disk(lmb):
        c = 1 + beta_ - alpha_ * lmb
        return [beta_ <= rad**2, -rad**2 <= beta_, c * rad <= rad**2 + beta_, -c * rad <= rad**2 + beta_]
    return smt.prove(rad >= sp.Rational(radius_percent, 100) * q_,
                     assuming=[a > 0, b >= a, sp.Eq(q_ * (a + b), b - a), rad > 0] + disk(a**2) + disk(b**2),
                     timeout=60, what=f"every HB tuning has radius >= {radius_percent}% of q on {{mu, L}}")


PAPER.claim(
    id="bxc21.hb-polyak-rate",
    theorem="Polyak's heavy-ball rate on quadratics (Polyak 1964), the paper's linear-rate benchmark",
    statement="""On quadratics with mu I <= Q <= L I, HB with alpha = 4/(sqrt L + sqrt mu)^2 and
beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2 (kappa = L/mu) has spectral radius exactly
q = (sqrt kappa - 1)/(sqrt kappa + 1), for every kappa >= 1: in an eigenbasis of Q the iteration is a direct sum
of 2x2 companion matrices T(lam) = [[1 + beta - alpha lam, -beta], [1, 0]], lam in [mu, L], and every eigenvalue of
every T(lam) has modulus exactly q. It is optimal: no (alpha, beta) has radius < q on both modes mu and L.""",
    obligations=[
        Obligation("every companion eigenvalue has modulus q (z3, all kappa)", polyak_eigenvalue_moduli, timeout=90),
        Obligation("optimal among all HB tunings (z3, Schur-Cohn conditions)", polyak_optimality, timeout=90),
    ],
    negative_controls=[
        Obligation("radius 10% smaller", polyak_eigenvalue_moduli, {"radius_percent": 90}, timeout=90),
        Obligation("a tuning 10% faster than q", polyak_optimality, {"radius_percent": 110}, timeout=90),
    ],
    confirmed=PAPER_TEXT + "Polyak's tuning and rate are textbook (Polyak 1964; Lessard–Recht–Packard 2016, Sec. 2); "
              "the optimality step uses the Schur–Cohn/Jury criterion for real quadratics (roots in the closed "
              "disk of radius rho iff |p0| <= rho^2 and |p1| rho <= rho^2 + p0), stated, not re-proved.",
)
