"""Benchmarks of the ZLM22 threshold proofs (collected by `make bench`)."""
from __future__ import annotations

import time

from proofs.zlm22.threshold import _DATA, threshold_full_network, threshold_reduced


def benchmarks():
    """Threshold proofs on the full network versus the balanced reduction (scalar input, s2 = 1/2).

    Full-network queries run z3 (and cvc5 on unsat) on every weight; the reduction runs them on
    (P, n^2).  A full-network row that is not proved shows where z3 stalls."""
    rows = []
    for depth, width, timeout in ((2, 1, 5), (2, 2, 20), (3, 1, 20)):
        started = time.perf_counter()
        e = threshold_full_network(depth, width, **_DATA, timeout=timeout)
        rows.append({"name": f"zlm22 full network D={depth} width {width}: 0 global at gamma >= gamma*",
                     "seconds": time.perf_counter() - started, "verdict": e.verdict,
                     "weights": width + width * width * (depth - 1) + width, "timeout_s": timeout,
                     "cross_check": e.details.get("cross_check", "")})
    for depth in (2, 3, 4, 5, 6, 8):
        for width in (1, 2):
            started = time.perf_counter()
            e = threshold_reduced(depth, width, **_DATA, timeout=60)
            rows.append({"name": f"zlm22 balanced reduction D={depth} width {width}",
                         "seconds": time.perf_counter() - started, "verdict": e.verdict,
                         "cross_check": e.details.get("cross_check", "")})
    return rows
