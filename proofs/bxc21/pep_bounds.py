"""Exact worst cases of HB and NAG on F_{mu,L} for each n (bxc21.pep-worst-case): kernel-checked dual
certificates (upper bounds) and Farkas certificates of the capped dual (lower bounds: explicit worst cases)."""
from __future__ import annotations

import math
import time
from fractions import Fraction
from functools import lru_cache

from checkers import convex, kernel
from checkers.evidence import ERROR, PROVED, PROVED_FOR_INSTANCES, REFUTED, UNKNOWN, Evidence

PEP_CLAIM = "bxc21.pep-worst-case"
PEP_SETTINGS = {"hb": {"mu": "1/10", "L": "1", "alpha": "1/2", "beta": "1/2"},
                "nag": {"mu": "1/25", "L": "1", "momentum": "2/3"}}
#: make check derives these if a certificate is missing
PEP_STEPS = range(1, 11)
#: certified and committed (make slow / make bench derive n = 11..50 from scratch)
PEP_RANGE = range(1, 51)
#: a lower bound is certified at (1 - gap) min(upper bound, float optimum), gap 1e-7 first, widened 10x
#: where the Farkas point does not round to an exact certificate (the gap used is recorded)
LOWER_GAPS = tuple(Fraction(1, 10**k) for k in (7, 6, 5, 4, 3, 2, 1))


@lru_cache(maxsize=8)
def pep_problem(method: str, n: int):
    """The PEP of the stated setting (cached: its interpolation inequalities serve every bound checked)."""
    from models import pep
    c = {k: Fraction(v) for k, v in PEP_SETTINGS[method].items()}
    if method == "hb":
        return pep.heavy_ball_pep(n, c["mu"], c["L"], c["alpha"], c["beta"])
    return pep.nesterov_pep(n, c["mu"], c["L"], c["momentum"])


@lru_cache(maxsize=4)
def dual(method: str, n: int):
    """The dual LMI, exact (cached: the upper bound, the lower bound and the controls share it)."""
    from models import pep
    return pep.dual_lmi(pep_problem(method, n)).exact()


def certificate(method: str, n: int, which: str):
    return convex.certificate_path(PEP_CLAIM, f"{method}-n{n}-{which}").with_suffix(".json.gz")


def pep_upper_bound(method: str, n: int) -> Evidence:
    """Kernel-checked dual certificate: worst f(x_n) - f* <= tau (exact rational tau) over F_{mu,L}. A stored
    current certificate is only re-checked by the kernel; a missing or stale one is produced by the convex engine
    (Clarabel, interior point at an adaptive objective slack from 1e-6, rounding, exact restoration of the
    f-equalities, one kernel run)."""
    return convex.lmi_certificate(dual(method, n), path=certificate(method, n, "upper"),
                                  what=f"{method.upper()} n = {n}: upper bound on f(x_n) - f*")


def pep_bound_is_false(method: str, n: int, bound, name: str) -> Evidence:
    """'worst f(x_n) - f* <= bound' refuted (verdict refuted) by an exact Farkas certificate of the dual capped
    at tau <= bound: a Gram matrix and function values satisfying every interpolation inequality, with the initial
    quantity <= 1 and f(x_n) - f* > bound (by the interpolation theorem, a function in F_{mu,L})."""
    return convex.lmi_certificate(dual(method, n).capped(bound), path=certificate(method, n, name),
                                  what=f"{method.upper()} n = {n}: is {bound} an upper bound on f(x_n) - f*?")


def lower_bound_below(base: Fraction, gap: Fraction) -> Fraction:
    """(1 - gap) base, rounded down to 12 significant digits."""
    digits = 10 ** (12 - math.floor(math.log10(base)))
    return Fraction(math.floor(base * (1 - gap) * digits), digits)


def stored_cap(path) -> Fraction | None:
    """The bound a stored lower-bound certificate refutes (its cap row: tau + s = bound), or None."""
    try:
        return -kernel.rational(kernel.read(path)["problem"]["linear_constant"][-1])
    except (OSError, kernel.CertificateError, KeyError, IndexError, TypeError):
        return None


def two_sided(method: str, n: int) -> tuple:
    """(upper Evidence, lower Evidence or None, lower value, 1 - lower / upper). An existing lower certificate is
    re-checked; otherwise the lower bound is derived at the gaps of LOWER_GAPS below the least of the upper bound and
    the float optima (the minimisation's and its polished dual point's)."""
    up = pep_upper_bound(method, n)
    if up.verdict != PROVED:
        return up, None, None, None
    upper = Fraction(up.details["value"])
    path = certificate(method, n, "lower")
    cap = stored_cap(path) if path.exists() else None
    if cap is not None:
        low = pep_bound_is_false(method, n, cap, "lower")
        if low.verdict in (REFUTED, ERROR):
            return up, low, cap, float(1 - cap / upper)
    producer = up.details.get("producer", {})
    base = min([upper] + [Fraction(producer[k]) for k in ("float_optimum", "float_dual_optimum") if producer.get(k)])
    for gap in LOWER_GAPS:
        cap = lower_bound_below(base, gap)
        low = pep_bound_is_false(method, n, cap, "lower")
        if low.verdict == REFUTED:
            break
    return up, low, cap, float(1 - cap / upper)


def nag_rate() -> Fraction:
    """1 - sqrt(mu/L) for the NAG setting (mu/L a rational square)."""
    mu = Fraction(PEP_SETTINGS["nag"]["mu"]) / Fraction(PEP_SETTINGS["nag"]["L"])
    return 1 - Fraction(math.isqrt(mu.numerator), math.isqrt(mu.denominator))


def pep_certified_bounds(first: int = 1, last: int = 10, committed_only: int = 0) -> Evidence:
    """For HB and NAG and n = first..last: an exact upper bound (dual certificate) and an exact lower bound
    (Farkas certificate = explicit worst-case data), both re-checked by the kernel on every run.
    committed_only = 1: a missing certificate is not derived here (make slow / make bench derive them)."""
    started = time.perf_counter()
    steps = range(first, last + 1)
    upper, lower, failures, errors, seconds, slack, gaps = {}, {}, [], [], {}, {}, {}
    for method in PEP_SETTINGS:
        upper[method], lower[method] = {}, {}
        for n in steps:
            t0 = time.perf_counter()
            if committed_only and not (certificate(method, n, "upper").exists() and certificate(method, n, "lower").exists()):
                failures.append(f"{method} n={n}: no committed certificate (run make slow to derive it)")
                continue
            up, low, low_value, gap = two_sided(method, n)
            for e in (up, low):
                if e is not None and e.verdict == ERROR:
                    errors.append(f"{method} n={n}: {e.summary}")
            if up.verdict != PROVED:
                failures.append(f"{method} n={n} upper: {up.verdict}: {up.summary}")
                continue
            upper[method][n] = Fraction(up.details["value"])
            slack[f"{method} n={n}"] = up.details.get("producer", {}).get("slack")
            if low.verdict == REFUTED:
                lower[method][n] = low_value
                gaps[f"{method} n={n}"] = gap
            else:
                failures.append(f"{method} n={n} lower {low_value}: {low.verdict}: {low.summary}")
            seconds[f"{method} n={n}"] = round(time.perf_counter() - t0, 3)
    reference = {n: nag_rate()**n for n in steps}
    from proofs.bxc21.pep_rate import every_n_bounds
    rates = every_n_bounds()
    suffix = "" if first == 1 else f"_{first}_{last}"
    fields = {
        f"pep_bounds{suffix}": {m: {str(n): str(u) for n, u in upper[m].items()} for m in upper},
        f"pep_lower_bounds{suffix}": {m: {str(n): str(lw) for n, lw in lower[m].items()} for m in lower},
        f"pep_bounds_float{suffix}": {m: {str(n): float(u) for n, u in upper[m].items()} for m in upper},
        f"pep_slack{suffix}": slack,
        f"pep_lower_gap{suffix}": gaps,
        f"pep_every_n_vs_exact{suffix}": {m: {str(n): {"every_n_bound": float(rates[m](n)), "exact_upper": float(u),
                                                         "bound / exact": float(rates[m](n) / u),
                                                         "bound >= exact": rates[m](n) >= u}
                                              for n, u in upper[m].items()} for m in upper if m in rates},
        f"pep_nag_reference{suffix}": {str(n): {"(1 - sqrt(mu/L))^n": str(reference[n]),
                                                "certified bound <= reference": upper["nag"][n] <= reference[n],
                                                "ratio": float(upper["nag"][n] / reference[n])}
                                       for n in steps if n in upper["nag"]},
    }
    if first == 1:
        fields["pep_settings"] = {**PEP_SETTINGS, "hb_initial": "f(x0) - f* <= 1",
                                  "nag_initial": "f(x0) - f* + mu/2 ||x0 - x*||^2 <= 1"}
    instances = [f"{m} n={n}" for m in PEP_SETTINGS for n in steps]
    common = dict(engine="convex", engine_version=convex.engine_version(), report_fields=fields,
                  certificate=f"proofs/certificates/{PEP_CLAIM}", time=round(time.perf_counter() - started, 3),
                  details={"seconds_per_instance": seconds, "lower_gaps": [str(g) for g in LOWER_GAPS], "slack": slack},
                  trust=["lmi certificate accepted by the exact kernel", "Farkas certificate accepted by the exact kernel"])
    if errors:
        return Evidence(ERROR, summary=f"{len(errors)} certificate(s) rejected or tampered with: {errors[0]}", **common)
    if failures:
        return Evidence(UNKNOWN, summary=f"{len(failures)} of {2 * len(instances)} certificates missing: {failures[0]}",
                        **common)
    below = all(upper["nag"][n] <= reference[n] for n in steps)
    return Evidence(PROVED_FOR_INSTANCES, instances=instances, **common,
                    summary=f"{len(instances)} two-sided bounds, n = {first}..{last}: each upper bound a kernel-checked "
                            f"dual certificate, each lower bound a kernel-checked Farkas certificate (an explicit worst "
                            f"case) at most {max(gaps.values()):.0e} (relative) below its upper bound; NAG's bound is below "
                            f"(1 - sqrt(mu/L))^n at every n: {below}")


def pep_false_bound(method: str, n: int, kind: str) -> Evidence:
    """A false bound: 9/10 of the certified upper bound, or NAG's rate squared (1 - sqrt(mu/L))^(2n)."""
    if kind == "nine-tenths":
        up = pep_upper_bound(method, n)
        if up.verdict != PROVED:
            return up
        bound = lower_bound_below(Fraction(up.details["value"]), Fraction(1, 10))
    else:
        bound = nag_rate() ** (2 * n)
    return pep_bound_is_false(method, n, bound, kind)
