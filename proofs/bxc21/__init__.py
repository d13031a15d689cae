"""BXC21 — Bu, Xu, Chen, "A Dynamical View on Optimization Algorithms of Overparameterized Neural
Networks" (arXiv 2010.13165, AISTATS 2021).

The paper: in the NTK regime of a wide two-layer ReLU net the prediction error e = u - y follows,
with the kernel frozen at H_inf, the algorithms applied to F(e) = 1/2 e^T H_inf e, which is
lambda_0-strongly convex (lambda_0 = lambda_min(H_inf) > 0); through the limiting ODEs, Heavy Ball
converges linearly and Nesterov (momentum (k-1)/(k+r-1)) only sublinearly. The claims are the exact
mathematics the result rests on, the known limits of momentum methods around it (Polyak's rate, the
Lessard–Recht–Packard cycle, performance estimation with an every-n Lyapunov rate) and a scaled-down
reproduction of the experiments. What could be checked against the paper's text: only its abstract
(each claim's `confirmed` says so).

One module per claim (or small group), each declaring on the shared `PAPER`:
  lemmas           the textbook steps the proofs rest on (Gram matrices, interpolation, ...)
  hb_ode           bxc21.hb-ode-linear          nag_ode          bxc21.nag-ode-sublinear
  polyak           bxc21.hb-polyak-rate and the Jury-criterion lemma
  lrp              bxc21.hb-not-global          ntk_gram         bxc21.ntk-gram
  pep_worst_case   bxc21.pep-worst-case: pep_bounds (exact worst cases n = 1..50), pep_rate (every n)
  ntk_experiments  bxc21.ntk-hb-linear, bxc21.ntk-nag-sublinear
  benchmarks       `make bench` rows (PEP timings, PEPit side by side)

Reading guide: models.momentum (maps, ODEs, Gram forms, Lyapunov functions, the LRP function),
models.pep (performance estimation, its dual LMI, the one-step Lyapunov LMI), models.ntk (Gram
matrices and the wide net).
"""
from .paper import PAPER
from . import lemmas, hb_ode, nag_ode, polyak, lrp, ntk_gram, pep_worst_case, ntk_experiments  # noqa: F401  (declare)
from .benchmarks import benchmarks

__all__ = ["PAPER", "benchmarks"]
