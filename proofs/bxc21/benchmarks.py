"""`make bench` rows for BXC21: PEP certificates timed per n."""
from __future__ import annotations

import time
from pathlib import Path

from checkers import convex
from checkers.evidence import PROVED
from proofs.bxc21.pep_bounds import PEP_CLAIM, PEP_SETTINGS, PEP_STEPS, pep_problem

def benchmarks() -> list:
    """Per PEP instance: a float-only solve (Clarabel, minimise tau), the certificate from scratch
    (convex.lmi_certificate: float solve, interior re-solve, rounding, exact restoration, kernel check), and the
    kernel-only re-check of the committed file. Certificates made here go to a temporary directory."""
    import tempfile
    from checkers import kernel
    from models import pep
    rows = []
    convex.solve_float(pep.dual_lmi(pep_problem("hb", 1)), interior=False)   # warm-up: solver imports are not timed
    with tempfile.TemporaryDirectory() as scratch:
        for method in PEP_SETTINGS:
            for n in PEP_STEPS:
                problem = pep.dual_lmi(pep_problem(method, n))
                t0 = time.perf_counter()
                float_only = convex.solve_float(problem, interior=False)
                t1 = time.perf_counter()
                certificate = convex.lmi_certificate(problem, path=Path(scratch) / f"{method}-{n}.json", what="bench")
                t2 = time.perf_counter()
                committed = kernel.verify(convex.certificate_path(PEP_CLAIM, f"{method}-n{n}-upper"))
                t3 = time.perf_counter()
                rows.append({"name": f"pep {method} n={n}", "seconds": round(t2 - t1, 3),
                             "float_only_seconds": round(t1 - t0, 3),
                             "certificate_over_float": round((t2 - t1) / (t1 - t0), 1),
                             "kernel_only_seconds": round(t3 - t2, 3),
                             "float_value": float_only.get("float_optimum"),
                             "certified_value": certificate.details.get("value"),
                             "certified": certificate.verdict == PROVED and committed.ok})
    return rows
