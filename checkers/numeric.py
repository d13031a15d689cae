"""Numeric stress engine: seeded random instances plus adversarial search for a violation.

`stress(margin, sample, ...)`: a claim "holds at x" is encoded as margin(x) >= 0.
`trials` instances x ~ sample(rng), rng = numpy.random.default_rng(seed); then
`adversarial_starts` local minimisations of margin (scipy, Nelder-Mead, bounded
budget) from the worst instances seen (on by default: an inequality is only as
good as the hardest instance anyone looked for). The search stays in the claim's domain:
a point where margin raises ValueError or ArithmeticError, or is not finite, is outside
it and never counts as a violation. The evidence is numerical, never a proof:
  supported  every margin >= -tolerance
  refuted    a violation beyond the tolerance (the instances are recorded; floating point)
  error      a non-finite margin (the margin function left its domain)
Every trial is summarised: count, min, median and max of the margins, and each
violating instance.

`experiment(...)` records a reproduction (fitted slopes, losses, plots) and whether
its stated criterion held; with `trials` (one dict per trial, each with an "ok" flag)
it reports the count and every trial that contradicts the claim: an unexplained
contradicting trial makes the verdict `refuted`.

`clopper_pearson(k, n)`: the exact two-sided confidence interval of a fraction k/n;
a criterion on a fraction is put on its bound, never on the point estimate.
"""
from __future__ import annotations

import math

import numpy as np
import scipy

from checkers.evidence import ERROR, REFUTED, SUPPORTED, Evidence

VERSION = f"numpy {np.__version__}, scipy {scipy.__version__}"
TRUST = "floating point (numpy/scipy): numerical, not a proof"
#: violating instances listed in full (the count is always complete)
LISTED = 20


def summary_of(values) -> dict:
    """count, min, median, max of a list of numbers."""
    values = [float(v) for v in values]
    if not values:
        return {"count": 0}
    return {"count": len(values), "min": min(values), "median": float(np.median(values)), "max": max(values)}


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper–Pearson) two-sided interval for the success probability after k of n."""
    if not (0 <= k <= n and n > 0) or not 0 < confidence < 1:
        raise ValueError(f"clopper_pearson needs 0 <= k <= n, n > 0 and 0 < confidence < 1 (got {k}, {n}, {confidence})")
    tail = (1 - confidence) / 2
    low = 0.0 if k == 0 else float(scipy.stats.beta.ppf(tail, k, n - k + 1))
    high = 1.0 if k == n else float(scipy.stats.beta.ppf(1 - tail, k + 1, n - k))
    return low, high


def stress(margin, sample, *, trials: int, seed: int, what: str, tolerance: float = 1e-9,
           adversarial_starts: int = 4, max_evaluations: int = 400) -> Evidence:
    rng = np.random.default_rng(seed)
    seen = []
    for _ in range(trials):
        x = np.asarray(sample(rng), dtype=float)
        seen.append((float(margin(x)), x))
    nonfinite = [x for m, x in seen if not math.isfinite(m)]
    if nonfinite:
        return _evidence(ERROR, f"non-finite margin at {len(nonfinite)} sampled instance(s) — {what}",
                         trials, seed, tolerance, adversarial_starts, [], [],
                         counterexample={"instance": nonfinite[0].tolist()})
    starts = [x for _, x in sorted(seen, key=lambda t: t[0])[:adversarial_starts]]
    searched = []
    for x0 in starts:
        result = scipy.optimize.minimize(lambda z: _inside(margin, z), x0, method="Nelder-Mead",
                                         options={"maxfev": max_evaluations, "xatol": 1e-10, "fatol": 1e-14})
        value = _inside(margin, result.x)
        if value < OUTSIDE:
            searched.append((value, result.x))
    violations = [(m, x) for m, x in seen + searched if m < -tolerance]
    worst, where = min(seen + searched, key=lambda t: t[0])
    verdict = REFUTED if violations else SUPPORTED
    summary = (f"margins over {trials} seeded instances: min {worst:.3g}, median "
               f"{float(np.median([m for m, _ in seen])):.3g}; {len(starts)} adversarial searches; "
               f"{len(violations)} violation(s) beyond tolerance {tolerance:g} — {what}")
    counterexample = None
    if violations:
        counterexample = {"instance": where.tolist(), "margin": worst, "exact": False,
                          "violations": len(violations),
                          "listed": [{"instance": x.tolist(), "margin": m} for m, x in sorted(violations, key=lambda t: t[0])[:LISTED]]}
    return _evidence(verdict, summary, trials, seed, tolerance, len(starts), seen, searched, counterexample)


OUTSIDE = 1e300


def _inside(margin, z):
    """margin(z), or OUTSIDE where z leaves the domain (margin raises or is not finite)."""
    try:
        value = float(margin(z))
    except (ValueError, ArithmeticError):
        return OUTSIDE
    return value if math.isfinite(value) else OUTSIDE


def _evidence(verdict, summary, trials, seed, tolerance, starts, seen, searched, counterexample=None):
    sampled = summary_of(m for m, _ in seen)
    everything = [m for m, _ in seen + searched]
    return Evidence(verdict, "numeric", summary, engine_version=VERSION,
                    options={"trials": trials, "seed": seed, "tolerance": tolerance,
                             "adversarial_starts": starts, "local_search": "Nelder-Mead"},
                    margins={"trials": trials, "seed": seed, "tolerance": tolerance,
                             "worst_margin": min(everything) if everything else None,
                             "worst_margin_sampled": sampled.get("min"),
                             "sampled_margins": sampled, "adversarial_margins": summary_of(m for m, _ in searched),
                             "violations": sum(m < -tolerance for m in everything)},
                    counterexample=counterexample, trust=[TRUST])


def experiment(measurements: dict, holds: bool, *, what: str, seed, criterion: str, artifacts=(),
               trials=None) -> Evidence:
    """A reproduction: `holds` says whether `criterion` was met by `measurements`.

    trials: optional list of dicts, one per trial, each with an "ok" flag (the trial agrees with
    the claim) and an optional "explained" string (why a disagreeing trial does not contradict
    it, decided before the run). An unexplained disagreeing trial makes the verdict `refuted`."""
    bad = [k for k, v in measurements.items() if isinstance(v, float) and not math.isfinite(v)]
    if bad:
        return Evidence(ERROR, "numeric", f"non-finite measurements {bad} — {what}", engine_version=VERSION,
                        details={"measurements": measurements})
    margins = {"seed": seed, "criterion": criterion, **measurements}
    contradicting = []
    if trials is not None:
        if any(not isinstance(t, dict) or not isinstance(t.get("ok"), bool) for t in trials):
            return Evidence(ERROR, "numeric", f"every trial must be a dict with a boolean 'ok' — {what}",
                            engine_version=VERSION, details={"measurements": measurements})
        contradicting = [t for t in trials if not t["ok"] and not t.get("explained")]
        margins["trials"] = {"count": len(trials), "agree": sum(t["ok"] for t in trials),
                             "explained": [t for t in trials if not t["ok"] and t.get("explained")],
                             "contradicting": contradicting}
    met = holds and not contradicting
    verdict = SUPPORTED if met else REFUTED
    note = f" ({len(contradicting)} of {len(trials)} trials contradict it)" if contradicting else ""
    return Evidence(verdict, "numeric", f"{'criterion met' if met else 'criterion NOT met'}: {criterion}{note} — {what}",
                    engine_version=VERSION, options={"seed": seed},
                    margins=margins, details={"measurements": measurements,
                                              **({"trials": trials} if trials is not None else {})},
                    artifacts=list(artifacts), trust=[TRUST])
