"""ZZLX21 — Zhang, Zhang, Luo, Xu, "Embedding Principle of Loss Landscape of Deep Neural Networks"
(arXiv 2105.14573, NeurIPS 2021) and the journal version "Embedding Principle: a hierarchical
structure of loss landscape of deep neural networks" (Zhang, Li, Zhang, Luo, Xu; arXiv 2111.15527,
J. Mach. Learn. 1(1), 2022).

Setting: the L-layer fully connected net of `models.fully_connected`, R_S(theta) = E_S ell(f_theta(x), y)
with sigma and ell differentiable and otherwise arbitrary (uninterpreted sympy functions here).
Embeddings (one-step splitting, null embedding, compositions, three-fold global splitting) are in
`models.embedding`.  What could be checked against the papers' own text: only the abstracts and the
NeurIPS introduction (recorded in each claim's `confirmed`).

Modules, one per claim or small group (importing them declares the claims, in this order):
`one_step` (split-output, split-gradient, null-embedding: every size, on the block networks of
`models.parametric`, arguments in `every_size`), `composition`, `average` (the lemma carrying
per-sample identities to every data set), `instances` (cross-checks on concrete nets),
`degeneracy`, `inertia`, `split_inertia`, `three_fold`, `wide`.  `maps` and `mutants` name the
true and the false maps the obligations and their negative controls feed through the same checks.
"""
from __future__ import annotations

import time

from checkers import symbolic
from proofs.zzlx21.common import PAPER

# importing a claim module declares its claims; this order is the report's
from proofs.zzlx21 import one_step  # noqa: E402,F401,I001
from proofs.zzlx21 import composition  # noqa: E402,I001
from proofs.zzlx21 import average  # noqa: E402,I001
from proofs.zzlx21 import instances  # noqa: E402,I001
from proofs.zzlx21 import degeneracy, inertia, split_inertia, three_fold, wide  # noqa: E402,F401,I001
from proofs.zzlx21 import every_size  # noqa: E402,I001

__all__ = ["PAPER", "benchmarks"]


def benchmarks():
    """Time of each every-size obligation (block networks, inductions), and per net of the instance
    cross-checks of `make check` (atom engine and block specialisation on 45 nets)."""
    rows = []
    output = (every_size.touched_output, every_size.output_every_depth)
    gradient = (every_size.touched_gradient, every_size.gradient_every_depth)
    every = ([("split-output", check, "split") for check in output]
             + [("split-gradient", check, "split") for check in gradient]
             + [("null-embedding", check, "null") for check in output + gradient]
             + [("composition", check, composition.TWO_STEP) for check in output + gradient])
    for claim, check, name in every:
        started = time.perf_counter()
        verdict = check(name).verdict
        rows.append({"name": f"zzlx21.{claim} every size: {check.__name__}",
                     "seconds": round(time.perf_counter() - started, 4), "verdict": verdict})
    for check in (composition.composition_every_length, average.sample_sums):
        started = time.perf_counter()
        verdict = check().verdict
        rows.append({"name": f"zzlx21 induction: {check.__name__}", "seconds": round(time.perf_counter() - started, 4),
                     "verdict": verdict})
    for widths in instances.check_family():
        started = time.perf_counter()
        items = (instances.output_items(widths) + instances.gradient_items(widths)
                 + instances.output_items(widths, "null") + instances.gradient_items(widths, "null"))
        evidence = symbolic.identities(items, what="benchmark", instances=[str(widths)])
        rows.append({"name": f"zzlx21 instance cross-checks {widths}",
                     "seconds": round(time.perf_counter() - started, 4), "identities": len(items),
                     "verdict": evidence.verdict})
    return rows
