"""Command line: python -m checkers list | check | show ID | verify FILE | lock | bench

  list                      every claim with its paper and theorem
  check [--claim PATTERN]   run claims (glob patterns; the claims they use run too; a partial run
                            keeps the other claims of the last report, marked as from an earlier run),
        [--jobs N]          N worker processes (default: number of cores)
        [--no-cache]        recompute everything (and overwrite the cached evidence)
        [--claims DIR]      a researcher's own claim folder: its claims, DIR/status.lock, DIR/certificates
        [--out DIR]         where the reports, the cache and the plots go (default build/)
        [--scheduler ADDR]  run on a Dask cluster (tcp://HOST:PORT) instead of local processes
                            writes report.{json,md,html} and junit.xml; exits 1 if the gate fails
  show ID                   a claim's statement, obligations and latest evidence
  verify FILE               re-check one certificate with the exact kernel; exit 0 only if accepted
  lock [--claim PATTERN]    run (cached) and record the statuses in proofs/status.lock; refuses to
       [--force]            record `error`, `unknown` from a time limit or a regression unless forced;
                            an improvement is re-checked without the cache before it is recorded
  bench                     time cold and warm runs and collect the papers' benchmarks()

Exit codes (every command; one line on stderr says why whenever it is not 0):
  0    done: check passed the gate, verify accepted, lock recorded
  1    check: the gate failed; verify: the certificate was rejected; lock: a change was refused
  2    bad input or an unusable environment: a claim module that does not import or declares a
       malformed claim (stale build/report.* and build/junit.xml are removed), a malformed
       proofs/status.lock (checked before anything runs), an unknown claim id or pattern, an
       unreadable build/report.json (show), a missing, unreadable or directory FILE (verify), a
       build/ that cannot be written, bad arguments
  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: every worker is killed within a second,
       the cache stays consistent, no new report is written
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread per worker: parallelism comes from the workers

import argparse  # noqa: E402
import fnmatch  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from checkers import outputs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUILD = outputs.default_build()   # --out DIR replaces it
LOCK = ROOT / "proofs" / "status.lock"
REPORTS = ("report.json", "report.md", "report.html", "junit.xml")


class CLIError(Exception):
    """Bad input or an unusable environment: one line on stderr, exit code 2."""


def _remove_stale_reports() -> bool:
    removed = False
    for name in REPORTS:
        try:
            (BUILD / name).unlink()
            removed = True
        except FileNotFoundError:
            pass
        except OSError:
            pass
    return removed


@dataclass
class Scope:
    """What a command works on: every claim (the repository's and those of the --claims folders),
    in dependency order, and the lock files with the claims each records. With --claims folders
    only their claims are selected by default and judged by the gate, each against its folder's
    status.lock (the repository's claims they use run too); without, every claim and
    proofs/status.lock."""
    claims: dict
    order: list
    locks: dict          # {lock path: set of claim ids}
    folders: tuple = ()

    @property
    def gated(self) -> set:
        return set().union(*self.locks.values())


def _load(folders=()) -> Scope:
    from checkers import claims as claims_mod, registry
    from checkers.claims import ClaimDeclarationError
    try:
        own = {Path(f).resolve(): registry.folder_modules(f) for f in folders}
        claims = registry.load_claims(registry.paper_modules() + [m for names in own.values() for m in names])
    except ClaimDeclarationError as e:
        stale = " (the stale build/report.* and junit.xml were removed)" if _remove_stale_reports() else ""
        raise CLIError(f"malformed claim: {e}{stale}") from None
    locks = {LOCK: set(claims)}
    if own:
        locks = {}
        for folder, names in own.items():
            ids = {cid for cid, c in claims.items() if c.module.split(".")[0] in names}
            locks[folder / "status.lock"] = ids
            for cid in ids:
                claims_mod.CERTIFICATE_FOLDERS[claims[cid].paper.key] = folder / "certificates"
    return Scope(claims, registry.dependency_order(claims), locks, tuple(own))


def _read_lock(scope: Scope) -> dict:
    from checkers import gate
    lock = {}
    for path in scope.locks:
        try:
            lock.update(gate.read_lock(path))
        except gate.LockError as e:
            raise CLIError(f"{e}; nothing was run") from None
    return lock


def _writable(folder: Path) -> None:
    """Fail before running anything if the reports could not be written."""
    probe = folder / f".write-probe-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        raise CLIError(f"cannot write to {folder} ({e.strerror or e}): the reports go there; nothing was run") from None


def _select(scope: Scope, patterns):
    """(claim ids to run, in dependency order; whether every claim the gate judges is among them)."""
    if patterns:
        chosen = {cid for cid in scope.claims if any(fnmatch.fnmatch(cid, p) for p in patterns)}
        if not chosen:
            raise CLIError(f"no claim matches {patterns}")
    else:
        chosen = set(scope.gated)
    ran_all = scope.gated <= chosen
    chosen = _closure(scope.claims, chosen)  # the claims they use run too: status propagates along `uses`
    return [cid for cid in scope.order if cid in chosen], ran_all


@dataclass
class Run:
    report: dict
    statuses: dict
    second_opinions: dict
    failures: list
    improvements: list
    results: dict
    claims: dict
    scope: Scope


def _second_opinion_warnings(results) -> list[str]:
    """A missing engine seen by the solver processes themselves (counted over this run's evidence)."""
    lost = sum(any("cvc5 missing" in t for t in e.trust) for evidence, controls in results.values()
               for e in evidence + controls)
    return [f"{lost} z3 answers in this run had no second engine: cvc5 could not be imported by the solver "
            "process (see each trust base)"] if lost else []


def run_check(patterns, jobs, use_cache, progress=True, lock=None, fresh=frozenset(), folders=(),
              scheduler=None) -> Run:
    from checkers import cache, gate, report, runner, smt, status
    scope = _load(folders)
    lock = _read_lock(scope) if lock is None else lock
    claims = scope.claims
    selected, ran_all = _select(scope, patterns)
    _writable(BUILD)
    os.environ[outputs.ENVIRONMENT] = str(BUILD)  # the workers save their plots there
    warnings = smt.missing_engines()
    for line in warnings:
        print(f"WARNING: {line}", file=sys.stderr)
    started = time.perf_counter()
    store = cache.Cache(BUILD / "cache", read=use_cache, warn=lambda line: None)  # printed with the summary
    from checkers.cluster import ClusterError
    try:
        results = runner.run_claims(claims, selected, jobs=jobs, cache=store, progress=progress, fresh=fresh,
                                    scheduler=scheduler)
    except ClusterError as e:
        raise CLIError(f"{e}; nothing was run") from None
    derived = status.derive(claims, selected, results)
    if not warnings:  # the probe saw cvc5, but the solver processes could not import it
        warnings += _second_opinion_warnings(results)
    warnings += store.warnings
    rep = report.build_report(claims, selected, results, derived, cache.engine_versions(), warnings)
    statuses = {r["id"]: r["status"] for r in rep["claims"] if r["id"] in scope.gated}
    seconds = {r["id"]: r["second_opinion"] for r in rep["claims"] if r["id"] in scope.gated}
    failures, improvements = gate.compare(lock, statuses, ran_all, seconds)
    rep["run"] = {"claims": len(selected), "all_claims": ran_all, "jobs": jobs, "cache": use_cache,
                  "seconds": round(time.perf_counter() - started, 2), "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
                  "claim_folders": [str(f) for f in scope.folders]}
    for record in rep["claims"]:
        record["from_run"] = rep["run"]["finished"]
    if not ran_all:  # a partial run: the claims it did not run keep their evidence from the last report
        rep = report.merge_previous(rep, _previous_report(), scope.order)
    try:
        report.write_all(rep, BUILD, failures)
    except OSError as e:
        raise CLIError(f"cannot write the reports in {BUILD} ({e.strerror or e})") from None
    for line in warnings:
        print(f"WARNING: {line}", file=sys.stderr)
    return Run(rep, statuses, seconds, failures, improvements, results, claims, scope)


def _print_summary(run: Run) -> None:
    from checkers import report
    rep = run.report
    width = max(map(len, run.statuses), default=10)
    for r in rep["claims"]:
        print(f"{r['id']:<{width}}  {r['status']}" + ("  [z3 unconfirmed]" if r["second_opinion"] == "unconfirmed"
                                                       else ""))
    print(f"\n{rep['run']['claims']} claims in {rep['run']['seconds']} s: " + report.summary_line(rep["summary"]))
    earlier = rep["run"].get("merged_from_earlier_runs", [])
    if earlier:
        print(f"(a partial run: the report keeps {len(earlier)} claims from earlier runs, marked so)")
    if report.second_opinion_line(rep):
        print("second opinion: " + report.second_opinion_line(rep))
    print(f"reports: {BUILD / 'report.md'}, {BUILD / 'report.json'}, {BUILD / 'junit.xml'}")


def _previous_report() -> dict | None:
    """The last build/report.json, or None if there is none or it is unreadable (it is then replaced)."""
    try:
        return json.loads((BUILD / "report.json").read_text())
    except (OSError, ValueError):
        return None


def cmd_check(args) -> int:
    run = run_check(args.claim, args.jobs, not args.no_cache, folders=args.claims, scheduler=args.scheduler)
    _print_summary(run)
    for line in run.improvements:
        print(f"improved: {line}")
    if run.failures:
        print(f"\nGATE FAILED ({', '.join(map(str, run.scope.locks))}):", file=sys.stderr)
        for line in run.failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("gate: every claim at or above its locked status")
    return 0


def _closure(claims, ids) -> set:
    out, stack = set(), list(ids)
    while stack:
        cid = stack.pop()
        if cid not in out:
            out.add(cid)
            stack += list(claims[cid].uses)
    return out


def _time_limited(claims, results) -> set:
    """Claims whose evidence (or a used claim's) hit a time limit."""
    hit = {cid for cid, (ev, ctl) in results.items() if any(e.time_limits for e in ev + ctl)}
    return {cid for cid in results if _closure(claims, [cid]) & hit}


def cmd_lock(args) -> int:
    from checkers import gate
    scope = _load(args.claims)
    lock = _read_lock(scope)
    run = run_check(args.claim, args.jobs, True, lock=lock, folders=args.claims, scheduler=args.scheduler)
    improved = {line.split(":")[0] for line in run.improvements}
    cached = {cid for cid in _closure(run.claims, improved)
              if any(e.cached for part in run.results.get(cid, ([], [])) for e in part)}
    if cached:
        print(f"lock: re-checking {len(improved)} improved claim(s) without the cache "
              "(an improvement is never recorded from cached evidence)", file=sys.stderr)
        run = run_check(args.claim, args.jobs, True, lock=lock, fresh=frozenset(_closure(run.claims, improved)),
                        folders=args.claims, scheduler=args.scheduler)
    new, recorded, refused = gate.plan_lock(lock, run.statuses, run.second_opinions, run.report["run"]["all_claims"],
                                            _time_limited(run.claims, run.results), force=args.force)
    files = ", ".join(map(str, scope.locks))
    if refused and not args.force:
        print(f"lock REFUSED, {files} unchanged (use --force to record these anyway):", file=sys.stderr)
        for line in refused:
            print(f"  {line}", file=sys.stderr)
        return 1
    for path, ids in scope.locks.items():
        mine = {cid: value for cid, value in new.items() if cid in ids or cid in gate.read_lock(path)}
        try:
            gate.write_lock(path, mine)
        except OSError as e:
            raise CLIError(f"cannot write {path} ({e.strerror or e})") from None
    for line in recorded:
        print(f"locked {line}")
    print(f"{files}: {len(new)} claims ({len(recorded)} changed)")
    return 0


def cmd_list(args) -> int:
    scope = _load(args.claims)
    for cid in scope.order:
        c = scope.claims[cid]
        if cid in scope.gated:
            print(f"{cid:<40} {c.paper.key:<8} {c.kind:<6} {c.theorem}")
    return 0


def _latest_record(cid: str):
    """The claim's record in build/report.json (None if there is no report or no record)."""
    path = BUILD / "report.json"
    if not path.exists():
        return None
    try:
        records = json.loads(path.read_text())["claims"]
        record = next((r for r in records if r["id"] == cid), None)
        if record is not None:
            from checkers.report import trust_lines
            lines = [f"status: {record['status']} (own evidence: {record['own_status']})"]
            lines += [f"  - {r}" for r in record["reasons"]] + ["trust base:"]
            lines += [f"  - {t}" for t in trust_lines(record)]
            for title, items in (("evidence", record["evidence"]), ("negative controls", record["negative_controls"])):
                lines.append(f"{title}:")
                lines += [f"  - {e['verdict']} [{e['engine']}, {float(e['time']):.2f}s] {e['obligation']}: "
                          f"{e['summary']}" for e in items]
            return lines
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise CLIError(f"{path} is unreadable ({type(e).__name__}: {' '.join(str(e).split())[:200]}); "
                       "run `make check` to rewrite it") from None
    return None


def cmd_show(args) -> int:
    claims = _load(args.claims).claims
    if args.id not in claims:
        raise CLIError(f"unknown claim id {args.id!r}")
    c = claims[args.id]
    evidence = _latest_record(c.id)
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
    print("\n" + "\n".join(evidence) if evidence else "\n(no evidence yet: run `make check`)")
    return 0


def cmd_verify(args) -> int:
    from checkers import kernel
    path = Path(args.file)
    if path.is_dir():
        raise CLIError(f"{path} is a directory, not a certificate file")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as e:
        raise CLIError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        result = kernel.verify(path)
    except (ValueError, RecursionError, MemoryError) as e:  # a certificate the kernel cannot even parse
        print(f"REJECTED: malformed certificate ({type(e).__name__}: {' '.join(str(e).split())[:200]})")
        return 1
    print(f"{'ACCEPTED' if result.ok else 'REJECTED'}: {result.reason}"
          + (f" (value {result.value})" if result.value is not None else ""))
    return 0 if result.ok else 1


def cmd_bench(args) -> int:
    from checkers import bench
    return bench.main(args.jobs)


def _parser() -> argparse.ArgumentParser:
    command = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(prog=command if command == "landscape-check" else "python -m checkers",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"landscape-check {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    jobs_default = os.cpu_count() or 1

    def scoped(p, run=True):
        p.add_argument("--claims", action="append", default=[], metavar="DIR",
                       help="also load the claim modules (*.py) of this folder, and work on its claims only, "
                            "with DIR/status.lock and DIR/certificates (repeatable)")
        p.add_argument("--out", metavar="DIR", help=f"folder for the reports and the cache (default {BUILD})")
        if run:
            p.add_argument("--claim", action="append", default=[], metavar="PATTERN",
                           help="run only the claims matching this glob (repeatable); the claims they use run too")
            p.add_argument("--jobs", type=int, default=jobs_default, help=f"worker processes (default {jobs_default})")
            p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                           help="run the obligations on this Dask cluster instead of local worker processes "
                                "(each still in its own process with its time limit; needs distributed)")
        return p

    p = scoped(sub.add_parser("check", help="run claims, write the reports, apply the status gate"))
    p.add_argument("--no-cache", action="store_true", help="recompute everything and overwrite the cache")
    p.set_defaults(func=cmd_check)
    p = scoped(sub.add_parser("lock", help="run (cached) and record the statuses in the status lock"))
    p.add_argument("--force", action="store_true",
                   help="record error, unknown from a time limit and regressions too")
    p.set_defaults(func=cmd_lock)
    scoped(sub.add_parser("list", help="list the claims and lemmas"), run=False).set_defaults(func=cmd_list)
    p = scoped(sub.add_parser("show", help="a claim's statement, obligations, trust base and latest evidence"), run=False)
    p.add_argument("id", help="a claim id, e.g. zlm22.balance")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("verify", help="re-check one certificate with the exact kernel")
    p.add_argument("file", help="a certificate file (JSON)")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("bench", help="time cold and warm runs; collect benchmarks")
    p.add_argument("--jobs", type=int, default=jobs_default, help=f"worker processes (default {jobs_default})")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv=None) -> int:
    from checkers.runner import Interrupted, raise_interrupted
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be at least 1")
    global BUILD
    if getattr(args, "out", None):
        BUILD = Path(args.out).resolve()
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {s: signal.signal(s, raise_interrupted) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return args.func(args)
    except CLIError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Interrupted as e:
        print(f"interrupted by {signal.Signals(e.signum).name}: every worker was stopped, the cache is "
              "consistent, no new report was written", file=sys.stderr)
        return e.code
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version as installed
    from checkers import __version__
    try:
        return installed("landscape-check")
    except PackageNotFoundError:
        return __version__


def console() -> None:
    """The `landscape-check` command (the same verbs as `python -m checkers`)."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` ends quietly
    sys.exit(main())


if __name__ == "__main__":
    console()
