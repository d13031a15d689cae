"""`make bench` for BXC21: the exact PEP certificates side by side with PEPit 0.5.1 (an optional benchmark
dependency, never needed by make check or make test), for HB and NAG at every n of BENCH_STEPS, in one run.

Per (method, n): PEPit's value and time with Clarabel and with its default solver (MOSEK if licensed, else SCS);
the suite's float solve (Clarabel on the exact problem's data); the suite's exact upper bound from scratch (model,
solve, interior point, rounding, kernel) and exact lower bound; the kernel-only re-check of the committed
certificates; the certified bounds; and for every PEPit value below the certified lower bound, the exact
refutation: a kernel-accepted Farkas certificate (a worst-case function) showing the value is not an upper bound.
Times are wall-clock and CPU seconds (time.process_time) on the same machine in the same process; the speed targets
are judged on CPU time (less sensitive to the machine's load), both are recorded."""
from __future__ import annotations

import math
import statistics
import time
from fractions import Fraction
from pathlib import Path

from checkers import convex, kernel, lmi_search
from checkers.evidence import PROVED, REFUTED
from proofs.bxc21 import pep_bounds
from proofs.bxc21.pep_bounds import PEP_SETTINGS, certificate, stored_cap

BENCH_STEPS = tuple(range(1, 31)) + (40, 50)
TARGETS = {"exact / PEPit (Clarabel)": 1.5, "kernel re-check / PEPit (Clarabel)": 0.2}


def repeats(n: int) -> int:
    """Timed runs per (method, n) of the two tools compared: 3 up to n = 10 (tens of milliseconds), else 1."""
    return 3 if n <= 10 else 1


def timed(f, *args, **kwargs):
    """(result, wall seconds, CPU seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = f(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def pepit_value(method: str, n: int, solver) -> tuple:
    """PEPit's worst case for the same setting (iteration order and initial conditions as models.pep), and the
    name of the solver that ran."""
    from PEPit import PEP
    from PEPit.functions import SmoothStronglyConvexFunction
    c = {k: float(Fraction(v)) for k, v in PEP_SETTINGS[method].items()}
    problem = PEP()
    f = problem.declare_function(SmoothStronglyConvexFunction, mu=c["mu"], L=c["L"])
    xs = f.stationary_point()
    fs = f(xs)
    x0 = problem.set_initial_point()
    if method == "hb":
        problem.set_initial_condition(f(x0) - fs <= 1)
        x, previous = x0, x0
        for _ in range(n):
            x, previous = x - c["alpha"] * f.gradient(x) + c["beta"] * (x - previous), x
    else:
        problem.set_initial_condition(f(x0) - fs + c["mu"] / 2 * (x0 - xs) ** 2 <= 1)
        x = y = x0
        for _ in range(n):
            x, previous = y - f.gradient(y) / c["L"], x
            y = x + c["momentum"] * (x - previous)
    problem.set_performance_metric(f(x) - fs)
    value = problem.solve(wrapper="cvxpy", solver=solver, verbose=0)
    return value, problem.wrapper.solver_name if hasattr(problem, "wrapper") else str(solver)


def _above(value: float) -> Fraction:
    """The float rounded up to 12 significant digits (refuting it refutes the float itself)."""
    digits = 10 ** (12 - math.floor(math.log10(abs(value))))
    return Fraction(math.ceil(Fraction(value) * digits), digits)


def _fresh():
    lmi_search._SOLVED.clear()
    pep_bounds.pep_problem.cache_clear()
    pep_bounds.dual.cache_clear()


def _pepit(method: str, n: int, solver) -> dict:
    try:
        (value, name), wall, cpu = timed(pepit_value, method, n, solver)
        return {"value": value, "solver": name, "wall": wall, "cpu": cpu}
    except Exception as e:                                       # a solver failure is a result, not a crash
        return {"error": f"{type(e).__name__}: {e}"[:200]}


def _fresh_upper(method: str, n: int, scratch: Path):
    """The exact upper bound derived from scratch (empty caches, a new certificate folder): (Evidence, wall, CPU)."""
    _fresh()
    convex.CERTIFICATES, committed = scratch, convex.CERTIFICATES
    try:
        return timed(pep_bounds.pep_upper_bound, method, n)
    finally:
        convex.CERTIFICATES = committed


def _median_times(samples: list) -> dict:
    return {"wall": statistics.median(s["wall"] for s in samples), "cpu": statistics.median(s["cpu"] for s in samples),
            "cpu_samples": [s["cpu"] for s in samples]}


def bench_row(method: str, n: int, scratch: Path) -> dict:
    """One (method, n). PEPit with Clarabel and the suite's exact upper bound are timed repeats(n) times in
    alternation (medians reported: runs of tens of milliseconds are noisy), everything else once."""
    import cvxpy as cp
    row = {"method": method, "n": n}
    pepit_runs, upper_runs = [], []
    for k in range(repeats(n)):
        pepit_runs.append(_pepit(method, n, cp.CLARABEL))
        upper, wall, cpu = _fresh_upper(method, n, scratch / f"upper-{k}")
        upper_runs.append({"wall": wall, "cpu": cpu})
    row["pepit_clarabel"] = pepit_runs[-1] if "error" in pepit_runs[-1] else {**pepit_runs[-1], **_median_times(pepit_runs)}
    row["pepit_default"] = _pepit(method, n, None)
    row["suite_exact_upper"] = {"verdict": upper.verdict, "value": upper.details.get("value"),
                                "slack": upper.details.get("producer", {}).get("slack"), **_median_times(upper_runs)}
    _fresh()
    floating, wall, cpu = timed(lambda: convex.solve_float(pep_bounds.dual(method, n), interior=False))
    row["suite_float"] = {"value": floating["float_optimum"], "status": floating["status"], "wall": wall, "cpu": cpu}
    _fresh()
    convex.CERTIFICATES, committed = scratch / f"upper-{repeats(n) - 1}", convex.CERTIFICATES
    try:
        (_, low, cap, gap), wall, cpu = timed(pep_bounds.two_sided, method, n)   # re-checks the upper bound first
        row["suite_exact_lower"] = {"verdict": low.verdict if low else None, "value": str(cap), "wall": wall,
                                    "cpu": cpu, "gap": gap}
        refutations = {}
        for label in ("clarabel", "default"):
            value = row[f"pepit_{label}"].get("value")
            if value is not None and cap is not None and value < float(cap):
                bound = _above(value)
                e, wall, cpu = timed(pep_bounds.pep_bound_is_false, method, n, bound, f"pepit-{label}")
                refutations[label] = {"bound": str(bound), "verdict": e.verdict, "wall": wall, "cpu": cpu,
                                      "kernel": e.details.get("kernel", e.summary)[:120]}
        row["refutations"] = refutations
    finally:
        convex.CERTIFICATES = committed
    for which in ("upper", "lower"):
        path = certificate(method, n, which)
        if path.exists():                                # the least of 3 (a re-check takes milliseconds)
            runs = [timed(kernel.verify, path) for _ in range(3)]
            row[f"recheck_{which}"] = {"ok": all(r.ok for r, _, _ in runs), "wall": min(w for _, w, _ in runs),
                                       "cpu": min(c for _, _, c in runs)}
    row["committed_bounds"] = {"upper": _committed_value(method, n), "lower": str(stored_cap(certificate(method, n, "lower")))}
    return row


def _committed_value(method, n):
    path = certificate(method, n, "upper")
    return kernel.read(path)["solution"]["value"] if path.exists() else None


def _fmt(x, digits=3):
    return "-" if x is None else (f"{x:.{digits}g}" if isinstance(x, float) else str(x))


def tables(rows: list) -> list:
    """One Markdown table per method, and the speed targets' summary."""
    out = []
    for method in PEP_SETTINGS:
        lines = [f"### {method.upper()} ({', '.join(f'{k} = {v}' for k, v in PEP_SETTINGS[method].items())})", "",
                 "| n | PEPit Clarabel value | s | PEPit default value (solver) | s | suite float s | "
                 "suite exact upper s (slack) | exact / PEPit | suite exact lower s | kernel re-check upper s | "
                 "re-check / PEPit | kernel re-check lower s | certified lower | certified upper | "
                 "PEPit below the lower bound: exact refutation |",
                 "|" + "---|" * 15]
        for r in (r for r in rows if r["method"] == method):
            pc, pd = r["pepit_clarabel"], r["pepit_default"]
            exact, recheck = r["suite_exact_upper"]["cpu"], r.get("recheck_upper", {}).get("cpu", 0)
            recheck_lower = r.get("recheck_lower", {}).get("cpu", 0)
            refuted = "; ".join(f"{label}: {v['bound']} {v['verdict']} ({v['cpu']:.2f} s)"
                                for label, v in r["refutations"].items()) or "none"
            lines.append(
                f"| {r['n']} | {_fmt(pc.get('value'), 9)} | {_fmt(pc.get('cpu'))} | {_fmt(pd.get('value'), 9)} "
                f"({pd.get('solver', pd.get('error', '?'))}) | {_fmt(pd.get('cpu'))} | {r['suite_float']['cpu']:.3g} | "
                f"{exact:.3g} (slack {_fmt(r['suite_exact_upper']['slack'])}) | "
                f"{_ratio(exact, pc.get('cpu'))} | {r['suite_exact_lower']['cpu']:.3g} | {recheck:.3g} | "
                f"{_ratio(recheck, pc.get('cpu'))} | {recheck_lower:.3g} | "
                f"{float(Fraction(r['suite_exact_lower']['value'])):.9g} | "
                f"{float(Fraction(r['suite_exact_upper']['value'])):.9g} | {refuted} |")
        out.append("\n".join(lines))
    return out


def _ratio(a, b):
    return "-" if not b else f"{a / b:.2f}"


def summary(rows: list) -> dict:
    """Worst and median ratios against the targets over n <= 30, and the refutation count."""
    def ratios(time_of):
        values = [time_of(r) / r["pepit_clarabel"]["cpu"] for r in rows if r["n"] <= 30 and r["pepit_clarabel"].get("cpu")]
        return {"max": round(max(values), 3), "median": round(statistics.median(values), 3)} if values else {}
    refutations = [(r["method"], r["n"], label, v["verdict"]) for r in rows for label, v in r["refutations"].items()]
    return {"exact upper bound (fresh) / PEPit (Clarabel), CPU, n <= 30": ratios(lambda r: r["suite_exact_upper"]["cpu"]),
            "kernel re-check of the upper certificate / PEPit (Clarabel), CPU, n <= 30":
                ratios(lambda r: r.get("recheck_upper", {}).get("cpu", 0)),
            "kernel re-check of upper + lower / PEPit (Clarabel), CPU, n <= 30":
                ratios(lambda r: r.get("recheck_upper", {}).get("cpu", 0) + r.get("recheck_lower", {}).get("cpu", 0)),
            "targets": TARGETS,
            "PEPit values below the certified lower bound": len(refutations),
            "of them refuted exactly": sum(v == REFUTED for *_, v in refutations),
            "certified (upper proved and lower refuted) at every n": all(
                r["suite_exact_upper"]["verdict"] == PROVED and r["suite_exact_lower"]["verdict"] == REFUTED
                for r in rows)}


def benchmarks(steps=BENCH_STEPS) -> dict:
    """Rows for every (method, n), the tables and the summary; certificates made here go to a scratch directory."""
    import tempfile
    try:
        import PEPit  # noqa: F401
    except ImportError:
        return {"rows": [], "tables": ["PEPit is not installed: `make bench` installs pepit==0.5.1 first."],
                "summary": {}}
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        bench_row("hb", 1, Path(scratch) / "warm-up")      # warm-up of both tools' whole paths (imports, first
        _fresh()                                           # solver calls, caches): not timed, not reported
        for n in steps:
            for method in PEP_SETTINGS:
                rows.append(bench_row(method, n, Path(scratch)))
    return {"rows": rows, "tables": tables(rows), "summary": summary(rows)}
