"""bxc21.pep-worst-case: exact worst cases of HB and NAG on F_{mu,L} by performance estimation (n = 1..50,
proofs.bxc21.pep_bounds) and rates valid for every n (one-step Lyapunov certificates, proofs.bxc21.pep_rate)."""
from __future__ import annotations

from checkers.claims import Obligation
from proofs.bxc21.lemmas import GRAM_FACTOR, GRAM_PSD, INTERPOLATION
from proofs.bxc21.paper import PAPER, PAPER_TEXT
from proofs.bxc21.pep_bounds import PEP_CLAIM, pep_certified_bounds, pep_false_bound
from proofs.bxc21.pep_rate import INDUCTION, nine_tenths_rate, pep_rates_every_n

PAPER.claim(
    id=PEP_CLAIM,
    theorem="Worst case of HB and NAG on F_{mu,L} by performance estimation (Drori–Teboulle 2014; "
            "Taylor–Hendrickx–Glineur 2017)",
    statement="""The worst case of f(x_n) - f* over all L-smooth mu-strongly convex f (every dimension) after n steps is the
value of a small SDP in the Gram matrix of (x0 - x*, gradients) and the function values, built from the smooth strongly
convex interpolation inequalities. Certified in exact rationals for n = 1..50 (certificates committed): HB with
mu = 1/10, L = 1, alpha = 1/2, beta = 1/2 from f(x0) - f* <= 1, and NAG with mu = 1/25, L = 1, step 1/L, momentum
(1 - sqrt(mu/L))/(1 + sqrt(mu/L)) = 2/3 from f(x0) - f* + mu/2 ||x0 - x*||^2 <= 1 (reference rate
(1 - sqrt(mu/L))^n = (4/5)^n). Each upper bound is a rational dual certificate (multipliers, exact f-equalities, exact
PSD residual), within a relative slack of the float optimum (1e-6, widened 10x where the rounding needs it; recorded);
each lower bound is an exact primal worst case (a Farkas certificate of the dual capped at a bound 1e-7 below the
float optimum, widened 10x where needed; recorded), so the true worst case lies between them. make check re-checks
n = 1..10 (derived if missing; its report lists those instances); make slow re-checks the committed n = 11..50
and derives n = 21..50 from scratch; make bench derives n = 1..30, 40 and 50 beside PEPit.
For every n: one-step Lyapunov certificates give f(x_n) - f* <= C rho^n (initial measure) with
HB rho = 79/100, NAG rho = 3/4 (exact C in the report, pep_rate_all_n); no one-step certificate of the same form
exists at 9/10 of either rate (exact Farkas certificates). The steps: the interpolation theorem (cited), a Gram
matrix is PSD and every PSD matrix is a Gram matrix (cited), the induction over n (machine-checked lemma).""",
    uses=[INTERPOLATION, GRAM_PSD, GRAM_FACTOR, INDUCTION],
    obligations=[
        Obligation("two-sided certified bounds, n = 1..10", pep_certified_bounds, timeout=300, cache=False),
        Obligation("every-n rates: one-step Lyapunov certificates for HB and NAG", pep_rates_every_n, timeout=300,
                   cache=False),
    ],
    negative_controls=[
        Obligation("HB: rho 10% below the certified rate has no one-step certificate (exact Farkas)",
                   nine_tenths_rate, {"method": "hb"}, timeout=300, cache=False),
        Obligation("NAG: rho 10% below the certified rate has no one-step certificate (exact Farkas)",
                   nine_tenths_rate, {"method": "nag"}, timeout=300, cache=False),
        Obligation("HB n = 5: 9/10 of the certified bound", pep_false_bound,
                   {"method": "hb", "n": 5, "kind": "nine-tenths"}, timeout=300, cache=False),
        Obligation("NAG n = 5: the squared rate (4/5)^10", pep_false_bound,
                   {"method": "nag", "n": 5, "kind": "rate-squared"}, timeout=300, cache=False),
    ],
    confirmed=PAPER_TEXT + "the PEP formulation follows Taylor–Hendrickx–Glineur (Math. Program. 2017, Thm. 4) and "
              "PEPit's examples heavy_ball_momentum.py and accelerated_gradient_strongly_convex.py (iteration order, "
              "x_{-1} = x_0, initial conditions) read with the search tool; our float dual reproduces PEPit's documented "
              "HB value 0.7534930 at n = 2 (beta = sqrt(19/40)).",
)
