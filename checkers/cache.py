"""Evidence cache, keyed by everything that executes when an obligation runs.

The key hashes: the source of every repository module transitively imported by the
obligation's module (models/, checkers/, proofs/) and of every module those run in a
subprocess (a module-level `SUBPROCESS_MODULES = ("checkers.smt_worker",)`); the
environment (`environment_identity`: the installed engines' versions, the interpreter, the
solver binaries, i.e. every shared library of z3 and cvc5 by size and modification time and
where each package is imported from, and every CHECKERS_* environment variable, the test
hooks, with the content of the files they name); and the obligation's name, function,
arguments and time limit. Change any of them and the obligation re-runs.

An entry is {"key", "digest", "attempts", "evidence"}: `digest` is the sha256 of the
evidence as written; an entry that does not match it (edited by hand, truncated) is deleted
and recomputed, never served. Time limits (`Evidence.time_limits`): an `unknown` that came
from one (a timeout) is never cached, so a stalled machine cannot pin it; any other result
that hit one (a proof whose cvc5 cross-check timed out) is served only once it has hit a
limit on two runs in a row (the next run retries it). Never served: evidence with a
certificate (the kernel re-checks every certificate on every run) and `error`.
`Cache(directory, read=False)` (`check --no-cache`) serves nothing and overwrites every
entry it computes. A cache that cannot be written (a directory where an entry should be, a
read-only build/) is one warning line, and the run goes on without it.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import shlex
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from checkers.evidence import ERROR, UNKNOWN, Evidence

ROOT = Path(__file__).resolve().parent.parent
LOCAL_PACKAGES = ("models", "checkers", "proofs")
ENGINES = ("sympy", "z3-solver", "cvc5", "cvxpy", "clarabel", "scs", "numpy", "scipy", "matplotlib",
           "networkx", "jax", "jaxlib", "scikit-learn")
#: Import names of the packages that ship solver binaries.
SOLVER_PACKAGES = ("z3", "cvc5")
#: Environment variables that change what executes (test hooks); CHECKERS_SOLVER_PARENT is per process.
HOOK_PREFIX, NOT_A_HOOK = "CHECKERS_", ("CHECKERS_SOLVER_PARENT",)
#: Entries that hit a time limit (and are not a timeout's `unknown`) are served after this many attempts.
TIME_LIMIT_ATTEMPTS = 2


def engine_versions() -> dict:
    out = {}
    for name in ENGINES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "missing"
    return out


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        return f"unreadable: {e}"


def solver_binaries() -> dict:
    """{package: {"from": its directory, "libraries": {name: [size, mtime_ns]}}}, or "missing"."""
    out = {}
    for package in SOLVER_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.origin:
            out[package] = "missing"
            continue
        where = Path(spec.origin).parent
        libraries = {}
        for folder, _, files in os.walk(where):
            for f in files:
                if ".so" in f or f.endswith((".dylib", ".dll", ".pyd")):
                    st = os.stat(os.path.join(folder, f))
                    libraries[os.path.relpath(os.path.join(folder, f), where)] = [st.st_size, st.st_mtime_ns]
        out[package] = {"from": spec.origin, "libraries": dict(sorted(libraries.items()))}
    return out


def hook_identity() -> dict:
    """Every CHECKERS_* environment variable, with the sha256 of each file (or `-m` module) it names."""
    out = {}
    for name, value in sorted(os.environ.items()):
        if not name.startswith(HOOK_PREFIX) or name in NOT_A_HOOK:
            continue
        files = {}
        try:
            words = shlex.split(value)
        except ValueError:
            words = value.split()
        for before, word in zip([""] + words, words):
            path = _module_file(word) if before == "-m" else Path(word)
            if path is not None and path.is_file():
                files[str(path)] = _sha(path)
        out[name] = {"value": value, "files": files}
    return out


def environment_identity() -> dict:
    """What, besides the repository's code, decides an obligation's result (computed once per run)."""
    return {"engines": engine_versions(), "python": sys.version, "executable": sys.executable,
            "solvers": solver_binaries(), "hooks": hook_identity()}


def _module_file(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


def _subprocess_modules(tree) -> list[str]:
    """The names in a module-level `SUBPROCESS_MODULES = ("pkg.mod", ...)`."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "SUBPROCESS_MODULES"
                                                for t in node.targets):
            if isinstance(node.value, (ast.Tuple, ast.List)):
                return [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


@lru_cache(maxsize=None)
def _local_imports(path: Path) -> tuple:
    """The repository modules one file imports or runs in a subprocess (and their parent packages)."""
    tree = ast.parse(path.read_text())
    found = _subprocess_modules(tree)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        local = [t for t in targets if t.split(".")[0] in LOCAL_PACKAGES]
        found += local + [".".join(t.split(".")[:i]) for t in local for i in range(1, t.count(".") + 1)]
    return tuple(found)


@lru_cache(maxsize=None)
def local_closure(module: str) -> tuple:
    """Files of the repository modules `module` imports or runs in a subprocess, transitively (sorted)."""
    seen: dict[str, Path] = {}
    stack = [module]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        stack += _local_imports(path)
    return tuple(sorted(str(p) for p in seen.values()))


@lru_cache(maxsize=None)
def _source_digest(path: str, size: int, mtime_ns: int) -> str:
    return _sha(Path(path))


def key(obligation, identity: dict | None = None) -> str:
    h = hashlib.sha256()
    for path in local_closure(obligation.check.__module__):
        st = os.stat(path)
        h.update(path.encode())
        h.update(_source_digest(path, st.st_size, st.st_mtime_ns).encode())
    h.update(json.dumps(identity if identity is not None else environment_identity(), sort_keys=True).encode())
    h.update(json.dumps([obligation.name, obligation.check.__module__, obligation.check.__qualname__,
                         dict(obligation.kwargs), obligation.timeout], sort_keys=True, default=str).encode())
    return h.hexdigest()


def digest(evidence_json: dict) -> str:
    return hashlib.sha256(json.dumps(evidence_json, sort_keys=True).encode()).hexdigest()


class Cache:
    def __init__(self, directory: Path, read: bool = True, warn=None):
        self.directory = Path(directory)
        self.read = read
        self.warnings: list[str] = []
        self._warn = warn or (lambda line: print(line, file=sys.stderr))

    def warn(self, line: str) -> None:
        """Each distinct problem once per run."""
        if line not in self.warnings:
            self.warnings.append(line)
            self._warn(f"warning: {line}")

    def _path(self, k: str) -> Path:
        return self.directory / f"{k}.json"

    def _entry(self, k: str) -> dict | None:
        """The stored entry if it is intact; a damaged one is deleted (and None returned)."""
        path = self._path(k)
        if not path.exists():
            return None
        problem = None
        try:
            entry = json.loads(path.read_text())
            if not isinstance(entry, dict) or entry.get("key") != k or not isinstance(entry.get("attempts"), int):
                problem = "not a cache entry"
            elif entry.get("digest") != digest(entry.get("evidence")):
                problem = "does not match the digest it was written with (edited or damaged)"
            else:
                Evidence.from_json(entry["evidence"])
                return entry
        except IsADirectoryError:
            self.warn(f"cache: {path} is a directory, not an entry: ignored (remove it)")
            return None
        except OSError as e:
            self.warn(f"cache: cannot read {path} ({e.strerror or e}): ignored")
            return None
        except (ValueError, UnicodeDecodeError) as e:
            problem = f"unreadable ({e})"
        self.warn(f"cache: {path.name} {problem}: deleted, recomputed")
        try:
            path.unlink()
        except OSError:
            pass
        return None

    def get(self, k: str) -> Evidence | None:
        if not self.read:
            return None
        entry = self._entry(k)
        if entry is None:
            return None
        evidence = Evidence.from_json(entry["evidence"])
        if evidence.certificate or evidence.verdict == ERROR:
            return None
        if evidence.time_limits and entry["attempts"] < TIME_LIMIT_ATTEMPTS:
            return None  # hit a time limit only once: retried
        evidence.cached = True
        return evidence

    def put(self, k: str, evidence: Evidence) -> None:
        if evidence.verdict == ERROR or evidence.certificate or (evidence.verdict == UNKNOWN and evidence.time_limits):
            return
        data = evidence.to_json()
        data["cached"] = False
        attempts = 1
        if evidence.time_limits:
            previous = self._entry(k)
            if previous is not None and previous["evidence"].get("time_limits"):
                attempts = previous["attempts"] + 1
        entry = {"key": k, "digest": digest(data), "attempts": attempts, "evidence": data}
        target = self._path(k)
        tmp = self.directory / f"{k}.{os.getpid()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(entry, sort_keys=True))
            tmp.replace(target)  # atomic: an interrupted write leaves the old entry or none
        except OSError as e:
            what = "is a directory" if target.is_dir() else (e.strerror or str(e))
            self.warn(f"cache: cannot write {target if target.is_dir() else self.directory} ({what}): "
                      "results are not cached")
        finally:
            if tmp.exists():  # a failed or interrupted write
                tmp.unlink()
