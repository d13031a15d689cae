"""`make bench`: time `check` cold (empty cache) and warm (cache filled), and collect each paper
module's `benchmarks()` (a list of {"name", "seconds", ...}, or {"tables": [Markdown], "summary": {...},
"rows": [...]}). Writes benchmarks.json and BENCHMARKS.md at the repository root (committed: the
performance record)."""
from __future__ import annotations

import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from checkers.registry import paper_modules

ROOT = Path(__file__).resolve().parent.parent


def _timed_check(jobs: int, cold: bool) -> float:
    """Cold: the evidence cache is emptied first (certificates stay: they are part of the repository)."""
    if cold:
        shutil.rmtree(ROOT / "build" / "cache", ignore_errors=True)
    cmd = [sys.executable, "-m", "checkers", "check", "--jobs", str(jobs)]
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    return round(time.perf_counter() - started, 2)


def main(jobs: int) -> int:
    results = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform(), "load_average_at_start": os.getloadavg()},
               "jobs": jobs}
    results["check_cold_seconds"] = _timed_check(jobs, cold=True)
    results["check_warm_seconds"] = _timed_check(jobs, cold=False)
    papers = {}
    for name in paper_modules():
        module = importlib.import_module(name)
        if hasattr(module, "benchmarks"):
            papers[name] = module.benchmarks()
    results["papers"] = papers
    results["machine"]["load_average_at_end"] = os.getloadavg()
    (ROOT / "benchmarks.json").write_text(json.dumps(results, indent=1) + "\n")
    load = results["machine"]
    lines = ["# Benchmarks", "", f"Machine: {load['cores']} cores, Python {load['python']}; `make check` with {jobs} "
             f"workers; load average (1, 5, 15 min) {tuple(round(x, 1) for x in load['load_average_at_start'])} at the "
             f"start, {tuple(round(x, 1) for x in load['load_average_at_end'])} at the end (a loaded machine inflates "
             f"every time).", "",
             "| run | seconds | target |", "|---|---|---|",
             f"| `make check` cold (empty evidence cache) | {results['check_cold_seconds']} | < 120 |",
             f"| `make check` warm (cache filled) | {results['check_warm_seconds']} | < 10 |", ""]
    for name, result in papers.items():
        lines += [f"## {name}", ""]
        if isinstance(result, dict):                    # {"tables": [Markdown], "summary": {...}, "rows": [...]}
            if result.get("summary"):
                lines += ["| summary | value |", "|---|---|"]
                lines += [f"| {k} | {v} |" for k, v in result["summary"].items()] + [""]
            for table in result.get("tables", []):
                lines += [table, ""]
            continue
        lines += ["| benchmark | seconds | details |", "|---|---|---|"]
        for row in result:
            extra = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("name", "seconds"))
            lines.append(f"| {row['name']} | {row['seconds']:.3f} | {extra} |")
        lines.append("")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0
