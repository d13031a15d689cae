"""bxc21.hb-not-global: the quadratic-optimal HB tuning cycles on the Lessard–Recht–Packard function."""
from __future__ import annotations

from fractions import Fraction

import sympy as sp

from checkers import smt, symbolic
from checkers.claims import Obligation
from checkers.evidence import PROVED, REFUTED, Evidence
from models import momentum as hb
from proofs.bxc21.lemmas import ONE_DIMENSIONAL_CLASS
from proofs.bxc21.paper import PAPER, PAPER_TEXT

xa, xb, ga, gb = sp.symbols("x_a x_b g_a g_b", real=True)


def lrp_function_class() -> Evidence:
    """grad f of the LRP function satisfies (y - x) <= grad f(y) - grad f(x) <= 25 (y - x) for x < y:
    for a C^1 function of one variable this is f in F_{1,25} (1-strongly convex, 25-smooth)."""
    return smt.prove(sp.And(xb - xa <= gb - ga, gb - ga <= 25 * (xb - xa)),
                     assuming=[xa < xb, hb.lrp_piece_condition(xa, ga), hb.lrp_piece_condition(xb, gb)],
                     timeout=30, what="LRP gradient: difference quotients in [1, 25]")


def lrp_smooth_pieces() -> Evidence:
    """f is C^1 with gradient grad f: each piece's derivative is its gradient piece, and values and
    gradients agree at the break points 1 and 2; and (1/9, 4/9) is Polyak's tuning for (mu, L) = (1, 25)."""
    xs = sp.Symbol("xs", real=True)
    values = [sp.Rational(25, 2) * xs**2, sp.Rational(1, 2) * xs**2 + 24 * xs - 12, sp.Rational(25, 2) * xs**2 - 24 * xs + 36]
    grads = [slope * xs + icpt for _, slope, icpt in hb.LRP_PIECES]
    alpha, beta = hb.polyak_tuning(1, 25)
    items = [(f"piece {i}: f' = grad f", sp.diff(values[i], xs), grads[i]) for i in range(3)]
    items += [(f"f continuous at {c}", values[i].subs(xs, c), values[i + 1].subs(xs, c)) for i, c in ((0, 1), (1, 2))]
    items += [(f"grad f continuous at {c}", grads[i].subs(xs, c), grads[i + 1].subs(xs, c)) for i, c in ((0, 1), (1, 2))]
    items += [("values match models.momentum.lrp_value",
               sp.Matrix([hb.lrp_value(Fraction(c, 2)) for c in (-3, 1, 3, 5)]),
               sp.Matrix([values[0 if c < 2 else (1 if c < 4 else 2)].subs(xs, sp.Rational(c, 2)) for c in (-3, 1, 3, 5)])),
              ("alpha = 4/(sqrt L + sqrt mu)^2 = 1/9", alpha, sp.Rational(1, 9)),
              ("beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2 = 4/9", beta, sp.Rational(4, 9))]
    return symbolic.identities(items, what="LRP function is C^1 with the stated gradient; Polyak tuning for kappa = 25")


def lrp_periodic_orbit(alpha: str = "1/9", beta: str = "4/9", max_period: int = 6, max_orbits: int = 4) -> Evidence:
    """Search, period by period, for a non-stationary periodic orbit of HB(alpha, beta) on the LRP function
    (z3 on the exact cycle equations with the piece disjunctions). At the first period with an orbit, further
    orbits are searched with every rotation of the ones found excluded (up to max_orbits); each orbit is
    re-checked by iterating the method in exact rational arithmetic (models.momentum.heavy_ball)."""
    alpha_q, beta_q = sp.Rational(alpha), sp.Rational(beta)
    tried, orbits, first = {}, [], None
    for period in range(1, max_period + 1):
        xs, gs, conditions = hb.heavy_ball_cycle_conditions(period, alpha_q, beta_q)
        while len(orbits) < max_orbits:
            exclude = [sp.Or(*[sp.Ne(xs[i], o[(i + shift) % period]) for i in range(period)])
                       for o in orbits for shift in range(period)]
            e = smt.find(sp.And(*conditions, *exclude), timeout=30,
                         what=f"period-{period} orbit of HB(alpha={alpha}, beta={beta}) on the LRP function"
                              + (f", other than the {len(orbits)} found" if orbits else ""))
            tried.setdefault(period, []).append(e.verdict)
            if e.verdict != PROVED:
                break
            orbit = [Fraction(e.counterexample[str(xi)]) for xi in xs]
            replay = hb.heavy_ball(hb.lrp_gradient, orbit[0], Fraction(alpha), Fraction(beta), period,
                                   previous=orbit[-1])
            if replay != orbit + orbit[:1]:
                return Evidence("error", "smt", f"z3's orbit does not replay exactly under models.momentum: {orbit}")
            orbits.append([sp.Rational(p.numerator, p.denominator) for p in orbit])
            first = first or e
        if orbits:
            as_text = [[str(p) for p in o] for o in orbits]
            first.details.update({"orbits": as_text, "orbits_float": [[float(p) for p in o] for o in orbits],
                                  "periods_tried": tried, "replayed_exactly": True,
                                  "search_ended_with": e.verdict})
            first.counterexample = {"orbits": as_text}
            first.summary = (f"{len(orbits)} period-{period} orbit(s) {as_text} (exact, replayed; "
                             f"{'no further orbit of this period' if e.verdict == REFUTED else 'search stopped'}) — "
                             + first.summary)
            return first
        if e.verdict != REFUTED:
            return e
    e.details["periods_tried"] = tried
    e.summary = f"no non-stationary orbit of period <= {max_period} (z3 unsat for each) — " + e.summary
    return e


PAPER.claim(
    id="bxc21.hb-not-global",
    theorem="Limit of the linear-rate claim beyond quadratics (Lessard, Recht, Packard 2016, Sec. 4.6)",
    statement="""The quadratic-optimal HB tuning is not globally convergent on smooth strongly convex functions:
for L = 25, mu = 1, alpha = 1/9, beta = 4/9 and the C^1 piecewise quadratic f with grad f(x) = 25x (x < 1),
x + 24 (1 <= x < 2), 25x - 24 (x >= 2), which lies in F_{1,25}, HB has a non-stationary periodic orbit
(so from its points it never converges to the minimiser 0). So the paper's linear rate for HB rests on the
quadratic (frozen-kernel) structure of F(e) = 1/2 e^T H e, not on strong convexity alone.""",
    uses=["bxc21.hb-polyak-rate", ONE_DIMENSIONAL_CLASS],
    obligations=[
        Obligation("LRP function is in F_{1,25} (z3)", lrp_function_class),
        Obligation("LRP function is C^1; the tuning is Polyak's", lrp_smooth_pieces),
        Obligation("periodic orbit found by the suite (z3, exact)", lrp_periodic_orbit, timeout=120),
    ],
    negative_controls=[
        Obligation("gradient descent with step 1/L has a periodic orbit", lrp_periodic_orbit,
                   {"alpha": "1/25", "beta": "0"}, timeout=120),
    ],
    confirmed=PAPER_TEXT + "the function and tuning are Lessard–Recht–Packard's (SIAM J. Optim. 2016); the suite "
              "finds all period-3 orbits by itself: 792/1225, -2208/1225, 2592/1225 (about 0.65, -1.80, 2.12, the "
              "attracting one LRP report; tests/test_bxc21.py checks numerically that it attracts) and "
              "792/1367, -2208/1367, 2592/1367 (unstable).",
)
