"""ZLM22 — Ziyin, Li, Meng, "Exact Solutions of a Deep Linear Network" (arXiv 2202.04777).

Model (`models.deep_linear`, the paper's eq. 1): D hidden layers of stochastic linear units
(E eps = 1, Var eps = s2), scalar output, weight decays gamma_u, gamma_1..gamma_D; data
enter through A = E[x x^T], c = E[x y], E[y^2].  Noise-averaged loss
    L = U^T M_D U - 2 U^T m_D + E[y^2] + gamma_u ||U||^2 + sum_k gamma_k ||W_k||_F^2,
    M_k = (W_k M_{k-1} W_k^T) o (11^T + s2 I),  M_0 = A,  m_k = W_k m_{k-1},  m_0 = c.
Write q = U^T M_D U (the fit term), m = U^T m_D (the data term), P for the penalty.

Two facts carry most arguments below.
* Generic-summand scaling.  Entry (i, j) of M_k is a finite sum of terms
  W_k[i,a] * (a term of M_{k-1}[a,b]) * W_k[j,b] * (11^T + s2 I)[i,j]: each term holds
  exactly two entries of W_k, and M_k is linear in M_{k-1}.  Checking the scaling law on
  one generic term checks it for every width, because a finite sum of terms that scale
  alike scales alike.  By induction on k: under theta -> t theta, M_k -> t^{2k} M_k and
  m_k -> t^k m_k; under W_k -> t W_k alone, q -> t^2 q and m -> t m.
* So L(t theta) = E[y^2] + t^2 P(theta) - 2 t^{D+1} m(theta) + t^{2D+2} q(theta).
"""
from __future__ import annotations

from checkers.claims import Paper

PAPER = Paper(key="zlm22", title="Exact Solutions of a Deep Linear Network",
              authors="Ziyin, Li, Meng", arxiv="2202.04777", venue="NeurIPS 2022", module=__name__)

# the claim modules declare their claims on PAPER (imported after it exists)
from proofs.zlm22 import (textbook, noise_average, scaling, bounds, origin_d1, origin_deep, balance,  # noqa: E402, F401
                          threshold, d1_minimum, deep_minimum, variance, init_trap)
from proofs.zlm22.bench import benchmarks  # noqa: E402, F401
