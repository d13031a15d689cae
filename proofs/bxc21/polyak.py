"""bxc21.hb-polyak-rate: Polyak's heavy-ball tuning has spectral radius exactly q on every quadratic, and no
tuning does better."""
from __future__ import annotations

import sympy as sp

from checkers import smt, symbolic
from checkers.claims import Obligation
from checkers.evidence import Evidence
from models import momentum as hb
from proofs.bxc21.lemmas import QUADRATIC_MODES
from proofs.bxc21.paper import PAPER, PAPER_TEXT

JURY = "bxc21.jury-criterion"
z1, z2, p1, p0, disc, root = sp.symbols("z_1 z_2 p_1 p_0 D s", real=True)


def jury_conditions(p1_, p0_, radius, wrong=0):
    """Schur–Cohn/Jury for z^2 + p1 z + p0 and the closed disk of radius rho > 0:
    |p0| <= rho^2 and |p1| rho <= rho^2 + p0 (wrong = 1: the false variant |p1| <= rho^2 + p0)."""
    scale = 1 if wrong else radius
    return [p0_ <= radius**2, -radius**2 <= p0_, p1_ * scale <= radius**2 + p0_, -p1_ * scale <= radius**2 + p0_]


def jury_real_roots(direction: str, wrong: int = 0) -> Evidence:
    """Real roots z1, z2 (p1 = -(z1 + z2), p0 = z1 z2): both in [-rho, rho] iff the Jury conditions hold.
    direction "roots->jury" or "jury->roots"."""
    inside = [z1 <= rad, -rad <= z1, z2 <= rad, -rad <= z2]
    jury = jury_conditions(-(z1 + z2), z1 * z2, rad, wrong)
    goal, assuming = (sp.And(*jury), inside) if direction == "roots->jury" else (sp.And(*inside), jury)
    return smt.prove(goal, assuming=[rad > 0] + assuming, timeout=30,
                     what=f"Jury criterion, real roots, {direction}" + (" (false variant)" if wrong else ""))


def jury_complex_roots(direction: str) -> Evidence:
    """Complex roots u +- i w, w != 0 (p1 = -2u, p0 = u^2 + w^2): u^2 + w^2 <= rho^2 iff the Jury conditions."""
    inside = [u_**2 + w_**2 <= rad**2]
    jury = jury_conditions(-2 * u_, u_**2 + w_**2, rad)
    goal, assuming = (sp.And(*jury), inside) if direction == "roots->jury" else (sp.And(*inside), jury)
    return smt.prove(goal, assuming=[rad > 0, sp.Ne(w_, 0)] + assuming, timeout=30,
                     what=f"Jury criterion, complex roots, {direction}")


def quadratic_formula() -> Evidence:
    """Every real z^2 + p1 z + p0 has real roots or a pair u +- i w: with D = p1^2 - 4 p0 and s^2 = |D|,
    (z - (-p1 + s)/2)(z - (-p1 - s)/2) = z^2 + p1 z + p0 when D = s^2 >= 0, and
    (z + p1/2)^2 + (s/2)^2 = z^2 + p1 z + p0 when -D = s^2 > 0 (so the two cases cover every real quadratic)."""
    z = sp.Symbol("z")
    real_case = sp.expand((z - (-p1 + root) / 2) * (z - (-p1 - root) / 2)).subs(root**2, p1**2 - 4 * p0)
    complex_case = sp.expand((z + p1 / 2) ** 2 + (root / 2) ** 2).subs(root**2, 4 * p0 - p1**2)
    return symbolic.identities([("D >= 0: real roots (-p1 +- s)/2", real_case, z**2 + p1 * z + p0),
                                ("D < 0: roots -p1/2 +- i s/2", complex_case, z**2 + p1 * z + p0)],
                               what="quadratic formula: the real and the complex-pair cases cover every real quadratic")


PAPER.lemma(
    id=JURY,
    statement="""Schur–Cohn/Jury criterion for real quadratics: for real p1, p0 and rho > 0, both roots of
z^2 + p1 z + p0 have modulus <= rho iff |p0| <= rho^2 and |p1| rho <= rho^2 + p0. Machine-checked in both directions,
for real roots z1, z2 (p1 = -(z1 + z2), p0 = z1 z2) and for complex roots u +- i w (p1 = -2u, p0 = u^2 + w^2), and
the quadratic formula shows the two cases cover every real quadratic.""",
    source="Jury, Theory and Application of the z-Transform Method (1964); Schur (1917), Cohn (1922); checked here",
    obligations=[
        *[Obligation(f"real roots, {d} (z3)", jury_real_roots, {"direction": d}) for d in ("roots->jury", "jury->roots")],
        *[Obligation(f"complex roots, {d} (z3)", jury_complex_roots, {"direction": d})
          for d in ("roots->jury", "jury->roots")],
        Obligation("the two cases cover every real quadratic (quadratic formula)", quadratic_formula),
    ],
    negative_controls=[Obligation("the variant |p1| <= rho^2 + p0 (rho dropped) is not the criterion",
                                  jury_real_roots, {"direction": "jury->roots", "wrong": 1})],
)

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
    """No HB tuning (alpha, beta) has spectral radius rho < q on both end modes mu and L: the Jury conditions
    (bxc21.jury-criterion) of det(z I - T(lam)) = z^2 - (1 + beta - alpha lam) z + beta for the closed disk of
    radius rho > 0 at lam = mu and lam = L imply rho >= q."""
    def disk(lmb):
        return jury_conditions(-(1 + beta_ - alpha_ * lmb), beta_, rad)
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
    uses=[JURY, QUADRATIC_MODES],
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
              "disk of radius rho iff |p0| <= rho^2 and |p1| rho <= rho^2 + p0), machine-checked as the lemma "
              "bxc21.jury-criterion; the reduction to 2 x 2 companion matrices is the cited lemma bxc21.quadratic-modes.",
)
