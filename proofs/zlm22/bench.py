"""Benchmarks of the ZLM22 proofs (collected by `make bench`).

Rows: the every-size arguments (each obligation function timed alone), and the brute-force
alternative, z3 on every weight of the full network, which stalls beyond the smallest sizes."""
from __future__ import annotations

import time

from proofs.zlm22 import bounds, scaling, textbook, threshold


def _timed(name, check, **kwargs):
    started = time.perf_counter()
    e = check(**kwargs)
    return {"name": name, "seconds": time.perf_counter() - started, "verdict": e.verdict,
            "trust": "; ".join(e.trust)}


def benchmarks():
    rows = [_timed(f"zlm22 {name}", check) for name, check in (
        ("Cauchy-Schwarz, every n (induction)", textbook.cauchy_schwarz_induction),
        ("Frobenius bound, every n x m (induction)", textbook.frobenius_induction),
        ("noise step, every width (induction)", textbook.noise_lagrange_induction),
        ("AM-GM, every number of terms (induction)", textbook.am_gm_induction),
        ("monotone powers, every N", textbook.power_monotone_argument),
        ("one-layer scaling laws, every width", scaling.one_layer_scaling),
        ("fit-term bound, every depth and width", bounds.fit_term_induction),
        ("product bound, every depth and width", bounds.product_induction),
        ("threshold: full net >= scalar problem, every D", threshold.threshold_chain),
        ("threshold: scalar problem, every D", threshold.threshold_scalar),
        ("threshold: attained, every D and width", threshold.threshold_attained),
    )]
    for depth, width, timeout in ((2, 1, 5), (2, 2, 20), (3, 1, 20)):
        row = _timed(f"zlm22 brute force: z3 on the full network D={depth} width {width}",
                     threshold.threshold_full_network, depth=depth, width=width, **threshold._DATA, timeout=timeout)
        rows.append(dict(row, weights=width + width * width * (depth - 1) + width, timeout_s=timeout))
    return rows
