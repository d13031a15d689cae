"""Evidence cache, keyed by the code an obligation can reach and the engines' versions.

The key hashes: the source of every repository module transitively imported by the
obligation's module (models/, checkers/, proofs/), the installed versions of the
engines, and the obligation's name, function, arguments and time limit. Change any of
them and the obligation re-runs. Evidence that carries a certificate is never served
from the cache: the kernel re-checks every certificate on every run.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from checkers.evidence import Evidence

ROOT = Path(__file__).resolve().parent.parent
LOCAL_PACKAGES = ("models", "checkers", "proofs")
ENGINES = ("sympy", "z3-solver", "cvc5", "cvxpy", "clarabel", "scs", "numpy", "scipy", "matplotlib",
           "networkx", "jax", "jaxlib", "scikit-learn")


def engine_versions() -> dict:
    out = {}
    for name in ENGINES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "missing"
    return out


def _module_file(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


@lru_cache(maxsize=None)
def local_closure(module: str) -> tuple:
    """Files of the repository modules `module` imports, transitively (sorted)."""
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
        for node in ast.walk(ast.parse(path.read_text())):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            stack += [t for t in targets if t.split(".")[0] in LOCAL_PACKAGES]
            stack += [".".join(t.split(".")[:i]) for t in targets if t.split(".")[0] in LOCAL_PACKAGES
                      for i in range(1, t.count(".") + 1)]
    return tuple(sorted(str(p) for p in seen.values()))


def key(obligation) -> str:
    h = hashlib.sha256()
    for path in local_closure(obligation.check.__module__):
        h.update(path.encode())
        h.update(Path(path).read_bytes())
    h.update(json.dumps(engine_versions(), sort_keys=True).encode())
    h.update(json.dumps([obligation.name, obligation.check.__module__, obligation.check.__qualname__,
                         dict(obligation.kwargs), obligation.timeout], sort_keys=True, default=str).encode())
    return h.hexdigest()


class Cache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def get(self, k: str) -> Evidence | None:
        path = self.directory / f"{k}.json"
        try:
            evidence = Evidence.from_json(json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        if evidence.certificate:
            return None
        evidence.cached = True
        return evidence

    def put(self, k: str, evidence: Evidence) -> None:
        if evidence.verdict == "error" or evidence.certificate:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f"{k}.tmp"
        tmp.write_text(json.dumps(evidence.to_json(), sort_keys=True))
        tmp.replace(self.directory / f"{k}.json")
