"""Command line: python -m checkers list | check | show ID | verify FILE | lock | bench

  list                      every claim with its paper and theorem
  check [--claim PATTERN]   run claims (glob patterns; the claims they use run too),
        [--jobs N]          N worker processes (default: number of cores)
        [--no-cache]        ignore cached evidence
                            writes build/report.{json,md,html} and build/junit.xml; exits 1 if the gate fails
  show ID                   a claim's statement, obligations and latest evidence
  verify FILE               re-check one certificate with the exact kernel; exit 0 only if accepted
  lock [--claim PATTERN]    run (cached) and record the statuses in proofs/status.lock
  bench                     time cold and warm runs and collect the papers' benchmarks()

Exit codes: 0 fine, 1 gate failed or certificate rejected, 2 bad input (malformed claim, unknown id).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread per worker: parallelism comes from the workers

import argparse  # noqa: E402
import fnmatch  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
LOCK = ROOT / "proofs" / "status.lock"


def _load():
    from checkers.claims import ClaimDeclarationError
    from checkers.registry import dependency_order, load_claims
    try:
        claims = load_claims()
    except ClaimDeclarationError as e:
        print(f"error: malformed claim: {e}", file=sys.stderr)
        sys.exit(2)
    return claims, dependency_order(claims)


def _select(claims, order, patterns):
    if not patterns:
        return list(order), True
    chosen = {cid for cid in claims if any(fnmatch.fnmatch(cid, p) for p in patterns)}
    if not chosen:
        print(f"error: no claim matches {patterns}", file=sys.stderr)
        sys.exit(2)
    stack = list(chosen)
    while stack:  # the claims they use run too: status propagates along `uses`
        for u in claims[stack.pop()].uses:
            if u not in chosen:
                chosen.add(u)
                stack.append(u)
    return [cid for cid in order if cid in chosen], chosen == set(claims)


def run_check(patterns, jobs, use_cache, progress=True):
    from checkers import cache, gate, report, runner, status
    claims, order = _load()
    selected, ran_all = _select(claims, order, patterns)
    started = time.perf_counter()
    store = cache.Cache(BUILD / "cache") if use_cache else None
    results = runner.run_claims(claims, selected, jobs=jobs, cache=store, progress=progress)
    derived = status.derive(claims, selected, results)
    statuses = {cid: d.status for cid, d in derived.items()}
    failures, improvements = gate.compare(gate.read_lock(LOCK), statuses, ran_all)
    rep = report.build_report(claims, selected, results, derived, cache.engine_versions())
    rep["run"] = {"claims": len(selected), "all_claims": ran_all, "jobs": jobs, "cache": use_cache,
                  "seconds": round(time.perf_counter() - started, 2)}
    report.write_all(rep, BUILD, failures)
    return rep, statuses, failures, improvements


def cmd_check(args) -> int:
    from checkers import report
    rep, statuses, failures, improvements = run_check(args.claim, args.jobs, not args.no_cache)
    width = max(map(len, statuses), default=10)
    for r in rep["claims"]:
        print(f"{r['id']:<{width}}  {r['status']}")
    print(f"\n{rep['run']['claims']} claims in {rep['run']['seconds']} s: " + report.summary_line(rep["summary"]))
    print(f"reports: {BUILD / 'report.md'}, {BUILD / 'report.json'}, {BUILD / 'junit.xml'}")
    for line in improvements:
        print(f"improved: {line}")
    if failures:
        print("\nGATE FAILED (proofs/status.lock):", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("gate: every claim at or above its locked status")
    return 0


def cmd_lock(args) -> int:
    from checkers import gate
    rep, statuses, failures, _ = run_check(args.claim, args.jobs, True)
    lock = gate.read_lock(LOCK)
    changed = {cid: s for cid, s in statuses.items() if lock.get(cid) != s}
    lock.update(statuses)
    if rep["run"]["all_claims"]:
        lock = {cid: s for cid, s in lock.items() if cid in statuses}
    gate.write_lock(LOCK, lock)
    for cid, s in sorted(changed.items()):
        print(f"locked {cid}: {s}")
    print(f"{LOCK}: {len(lock)} claims ({len(changed)} changed)")
    return 0


def cmd_list(args) -> int:
    claims, order = _load()
    for cid in order:
        c = claims[cid]
        print(f"{cid:<40} {c.paper.key:<8} {c.theorem}")
    return 0


def cmd_show(args) -> int:
    claims, _ = _load()
    if args.id not in claims:
        print(f"error: unknown claim id {args.id!r}", file=sys.stderr)
        return 2
    c = claims[args.id]
    print(f"{c.id}{' (lemma)' if c.kind == 'lemma' else ''}\n{c.paper.citation}, {c.theorem}\n\n{c.statement}\n")
    if c.source:
        print(f"source: {c.source}")
    if c.uses:
        print("uses: " + ", ".join(c.uses))
    if c.cited:
        print("cited: no obligations (a step taken on trust, not machine-checked)")
    else:
        print("obligations:\n" + "\n".join(f"  - {o.name} ({o.check.__module__}.{o.check.__qualname__})"
                                           + (f"\n    criterion: {o.criterion}" if o.criterion else "")
                                           for o in c.obligations))
        print("negative controls:\n" + "\n".join(f"  - {o.name}" for o in c.negative_controls))
    path = BUILD / "report.json"
    record = None
    if path.exists():
        record = next((r for r in json.loads(path.read_text())["claims"] if r["id"] == c.id), None)
    if record is None:
        print("\n(no evidence yet: run `make check`)")
        return 0
    from checkers.report import trust_lines
    print(f"\nstatus: {record['status']} (own evidence: {record['own_status']})")
    for r in record["reasons"]:
        print(f"  - {r}")
    print("trust base:")
    for t in trust_lines(record):
        print(f"  - {t}")
    for title, items in (("evidence", record["evidence"]), ("negative controls", record["negative_controls"])):
        print(f"{title}:")
        for e in items:
            print(f"  - {e['verdict']} [{e['engine']}, {e['time']:.2f}s] {e['obligation']}: {e['summary']}")
    return 0


def cmd_verify(args) -> int:
    from checkers import kernel
    result = kernel.verify(args.file)
    print(f"{'ACCEPTED' if result.ok else 'REJECTED'}: {result.reason}"
          + (f" (value {result.value})" if result.value is not None else ""))
    return 0 if result.ok else 1


def cmd_bench(args) -> int:
    from checkers import bench
    return bench.main(args.jobs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checkers", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"landscape-check {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    jobs_default = os.cpu_count() or 1
    p = sub.add_parser("check", help="run claims and write the reports")
    p.add_argument("--claim", action="append", default=[], metavar="PATTERN")
    p.add_argument("--jobs", type=int, default=jobs_default)
    p.add_argument("--no-cache", action="store_true")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("lock", help="record the current statuses in proofs/status.lock")
    p.add_argument("--claim", action="append", default=[], metavar="PATTERN")
    p.add_argument("--jobs", type=int, default=jobs_default)
    p.set_defaults(func=cmd_lock)
    sub.add_parser("list", help="list the claims").set_defaults(func=cmd_list)
    p = sub.add_parser("show", help="show one claim")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("verify", help="re-check one certificate with the exact kernel")
    p.add_argument("file")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("bench", help="time cold and warm runs; collect benchmarks")
    p.add_argument("--jobs", type=int, default=jobs_default)
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be at least 1")
    return args.func(args)


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version as installed
    from checkers import __version__
    try:
        return installed("landscape-check")
    except PackageNotFoundError:
        return __version__


def console() -> None:
    """The `landscape-check` command (the same verbs as `python -m checkers`)."""
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` ends quietly
    sys.exit(main())


if __name__ == "__main__":
    console()
