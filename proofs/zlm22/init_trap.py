"""zlm22.init-trap: gradient descent from standard initialisations and the bad minimum at 0."""
from __future__ import annotations

import numpy as np

from checkers import numeric
from checkers.claims import Obligation
from models import deep_linear as dl
from models import zlm22_solutions as sol
from proofs.zlm22 import PAPER
from proofs.zlm22.common import R


def init_trap(depth, d, width, signal, gamma_factor, runs, steps, lrs, seed):
    """GD on the noise-averaged loss from Kaiming and Xavier initialisations, weak signal.

    Data: A = I_d, c = signal * e_1, so the problem reduces to scalar input along e_1 and
    gamma* = origin_global_threshold(D, 1, signal, width); gamma = gamma_factor * gamma* < gamma*:
    the nonzero solution is global (loss E[y^2] + gap, gap < 0) and, for D >= 2, the origin is a
    strict local minimum.  Full-batch GD with step sizes `lrs` for `steps` iterations each.  A
    run is trapped if it ends with loss >= E[y^2] (on the origin's side: approaching it from
    above), and reaches the good minimum if its loss is below E[y^2] + gap/2.  Supported if some
    run is trapped for each initialisation (the fractions are the result); depth = 1 is the false
    variant: then 0 is a saddle and no run should be trapped."""
    rng = np.random.default_rng(seed)
    A, c = np.eye(d), np.zeros(d)
    c[0] = signal
    gstar = float(dl.origin_global_threshold(depth, 1, R(signal).limit_denominator(10 ** 6), width=width))
    gamma = gamma_factor * gstar
    widths = (d,) + (width,) * depth
    n_best = sol.np_global_norm(depth, 1.0, signal, gamma)
    gap = n_best ** 2 * (n_best ** (2 * depth) - 2 * signal * n_best ** (depth - 1) + gamma * (depth + 1))
    measured = {}
    for init in ("kaiming", "xavier"):
        scale = (lambda fan_in, fan_out: np.sqrt(2 / fan_in)) if init == "kaiming" else \
            (lambda fan_in, fan_out: np.sqrt(2 / (fan_in + fan_out)))
        Ws = [scale(widths[k - 1], widths[k]) * rng.standard_normal((runs, widths[k], widths[k - 1]))
              for k in range(1, depth + 1)]
        U = scale(width, 1) * rng.standard_normal((runs, width))
        for n_steps, lr in zip(steps, lrs):
            for _ in range(n_steps):
                _, gU, gWs = dl.np_loss_and_grad(U, Ws, A, c, 1.0, 0.0, gamma, [gamma] * depth)
                U, Ws = U - lr * gU, [W - lr * g for W, g in zip(Ws, gWs)]
        final = dl.np_loss(U, Ws, A, c, 1.0, 0.0, gamma, [gamma] * depth)
        measured[f"trapped_fraction_{init}"] = float(np.mean(final >= 1.0))
        measured[f"reached_fraction_{init}"] = float(np.mean(final < 1.0 + gap / 2))
    holds = gap < 0 and min(measured["trapped_fraction_kaiming"], measured["trapped_fraction_xavier"]) > 0
    measured.update({"gamma": gamma, "gamma_star": gstar, "loss_gap_of_global_minimum": gap, "runs": runs,
                     "steps": list(steps), "lrs": list(lrs)})
    trapped = (f"trapped: Kaiming {measured['trapped_fraction_kaiming']:.1%}, "
               f"Xavier {measured['trapped_fraction_xavier']:.1%} of {runs} runs")
    return numeric.experiment(measured, holds, seed=seed,
                              what=f"D = {depth}, d = {d}, width {width}, signal {signal}, gamma = {gamma_factor} "
                                   f"gamma*; {trapped}",
                              criterion="some GD runs end on the origin's side (loss >= E[y^2]) for both Kaiming and "
                                        "Xavier initialisation while a nonzero minimum has lower loss; fractions reported")


PAPER.claim(
    id="zlm22.init-trap",
    theorem="Sec. 4 discussion (practical implication: initialisation)",
    statement=("D >= 2, weak signal, gamma below gamma* (the nonzero solution is global, 0 a bad local minimum): "
               "gradient descent from standard (Kaiming / Xavier scale) initialisations can converge to the origin. "
               "Measured here: the fraction of trapped runs for each initialisation."),
    uses=["zlm22.origin-local-min-deep", "zlm22.zero-global-threshold"],
    obligations=[Obligation("GD from Kaiming and Xavier, D = 2, d = 100, width 4", init_trap,
                            {"depth": 2, "d": 100, "width": 4, "signal": 0.1, "gamma_factor": 0.9, "runs": 40,
                             "steps": [400, 2000], "lrs": [0.02, 0.1], "seed": 0})],
    negative_controls=[Obligation("the same experiment at D = 1 (0 is a saddle)", init_trap,
                                  {"depth": 1, "d": 100, "width": 4, "signal": 0.1, "gamma_factor": 0.9,
                                   "runs": 10, "steps": [400, 2000], "lrs": [0.02, 0.1], "seed": 0})],
    confirmed=("Abstract (NeurIPS version) via search: 'common deep learning initialization methods are "
               "insufficient to ease the optimization of neural networks in general'. At this scale only a "
               "minority of runs is trapped (more with Xavier than Kaiming, and more as the input dimension "
               "grows: 30-70% Xavier / 10% Kaiming at d = 400 in a trial sweep); the catalogue's 'converges to "
               "the origin' is supported only in that weaker sense."),
)
