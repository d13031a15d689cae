"""ZLM22 — Ziyin, Li, Meng, "Exact Solutions of a Deep Linear Network" (arXiv 2202.04777, NeurIPS 2022).

Model (`models.deep_linear`, the paper's eq. 1): D hidden layers of stochastic linear units
(E eps = 1, Var eps = s2), scalar output, weight decays gamma_u, gamma_1..gamma_D; data
enter through A = E[x x^T], c = E[x y], E[y^2].  Noise-averaged loss
    L = U^T M_D U - 2 U^T m_D + E[y^2] + gamma_u ||U||^2 + sum_k gamma_k ||W_k||_F^2,
    M_k = (W_k M_{k-1} W_k^T) o (11^T + s2 I),  M_0 = A,  m_k = W_k m_{k-1},  m_0 = c.
Write q = U^T M_D U (the fit term), m = U^T m_D (the data term), P for the penalty.
Checked against the paper's own text: eq. (1) in its LaTeX source (found with the search tool);
the theorem bodies were not reached (each claim's `confirmed` says what was).

Statements for every width are checked on the model itself: its one-layer maps run on
matrices of symbolic size (`sizes`), and induction over the layers (base case and step, each
an exact identity or z3 query) covers every depth.  Textbook inequalities are lemma nodes
checked by induction on the size (`textbook`); steps no engine here can state are cited
lemmas (the tower property, calculus of polynomials in arbitrarily many variables, invariant
subspaces, Weierstrass), so the claims resting on them are `proved assuming`.  `mutations`
holds plausible model bugs that the negative controls feed through the same obligations.

Modules: textbook (lemmas), noise_average, scaling (the degree argument), bounds (fit-term
and product bounds, coercivity, D = 1 penalty bound), origin_d1, origin_deep, balance,
threshold, closed_forms / d1_minimum / deep_minimum, variance, init_trap, bench.
"""
from __future__ import annotations

from checkers.claims import Paper

PAPER = Paper(key="zlm22", title="Exact Solutions of a Deep Linear Network",
              authors="Ziyin, Li, Meng", arxiv="2202.04777", venue="NeurIPS 2022", module=__name__)

# the claim modules declare their claims on PAPER (imported after it exists)
from proofs.zlm22 import (textbook, noise_average, scaling, bounds, origin_d1, origin_deep, balance,  # noqa: E402, F401
                          threshold, d1_minimum, deep_minimum, variance, init_trap)
from proofs.zlm22.bench import benchmarks  # noqa: E402, F401
