"""Discover every claim declared in `proofs/*.py` (and in researchers' own claim folders) and
validate the claim graph."""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
import traceback
from pathlib import Path

from checkers.claims import Claim, ClaimDeclarationError, Paper


def paper_modules(package: str = "proofs") -> list[str]:
    pkg = import_paper_module(package)
    return sorted(f"{package}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)
                  if not m.name.startswith("_"))


def folder_modules(folder) -> list[str]:
    """Make the claim modules of a researcher's folder importable (the folder goes on sys.path, so
    worker processes and the evidence cache see its files like the repository's) and return their
    names: every `*.py` and package in it whose name does not start with `_`. A module name that
    another importable module already has is refused: it would shadow one or be shadowed."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise ClaimDeclarationError(f"--claims {folder}: not a folder")
    names = sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_"))
    if not names:
        raise ClaimDeclarationError(f"--claims {folder}: no claim modules (*.py) in it")
    if str(folder) not in sys.path:
        for name in names:
            origin = _origin(name)
            if origin is not None:
                raise ClaimDeclarationError(f"--claims {folder}: module name {name!r} is taken by {origin}; "
                                            "rename the file")
        sys.path.insert(0, str(folder))
    return names


def import_paper_module(name: str):
    """Import one paper module; any failure (a SyntaxError, an exception at import) becomes a
    ClaimDeclarationError naming the module, the file and the line."""
    try:
        return importlib.import_module(name)
    except ClaimDeclarationError:
        raise
    except SyntaxError as e:
        raise ClaimDeclarationError(f"module {name} does not compile ({e.filename}, line {e.lineno}): "
                                    f"{e.msg}") from None
    except Exception as e:
        frames = traceback.extract_tb(e.__traceback__)
        origin = _origin(name)
        own = [f for f in frames if f.filename == origin]
        where = [f"{f.filename}, line {f.lineno}" for f in own[-1:] + frames[-1:]]
        where = "; in ".join(dict.fromkeys(where)) or "no traceback"
        message = " ".join(str(e).split())
        raise ClaimDeclarationError(f"module {name} raised {type(e).__name__} at import ({where}): "
                                    f"{message}") from None


def _origin(name: str) -> str | None:
    try:
        return getattr(importlib.util.find_spec(name), "origin", None)
    except (ImportError, ValueError):
        return None


def load_claims(modules: list[str] | None = None) -> dict[str, Claim]:
    """Import the paper modules and return {claim id: Claim} in declaration order.

    A Paper reached from several modules (one imports another's PAPER) counts once; its claims
    belong to the module that declared it. Raises ClaimDeclarationError for a module that does
    not import, duplicate ids across papers, unknown `uses` ids and cycles in the `uses` graph."""
    claims: dict[str, Claim] = {}
    seen: set[int] = set()
    for name in modules if modules is not None else paper_modules():
        module = import_paper_module(name)
        for paper in (v for v in vars(module).values() if isinstance(v, Paper)):
            if id(paper) in seen:
                continue
            seen.add(id(paper))
            for c in paper.claims:
                if c.id in claims:
                    raise ClaimDeclarationError(
                        f"claim {c.id!r}: duplicate id (declared in {claims[c.id].module} and {c.module})")
                claims[c.id] = c
    for c in claims.values():
        for u in c.uses:
            if u not in claims:
                raise ClaimDeclarationError(f"claim {c.id!r} ({c.module}): uses unknown claim id {u!r}")
    _reject_cycles(claims)
    return claims


def _reject_cycles(claims: dict[str, Claim]) -> None:
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(cid, path):
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            cycle = " -> ".join(path[path.index(cid):] + [cid])
            raise ClaimDeclarationError(f"claim {cid!r}: cycle in 'uses': {cycle}")
        state[cid] = 1
        for u in claims[cid].uses:
            visit(u, path + [cid])
        state[cid] = 2

    for cid in claims:
        visit(cid, [])


def dependency_order(claims: dict[str, Claim]) -> list[str]:
    """Claim ids with every claim after the claims it uses."""
    order, seen = [], set()

    def visit(cid):
        if cid in seen:
            return
        seen.add(cid)
        for u in claims[cid].uses:
            visit(u)
        order.append(cid)

    for cid in claims:
        visit(cid)
    return order
