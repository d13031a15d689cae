"""Declaring claims: one `Paper` per module in `proofs/`, one `Claim` per theorem.

    PAPER = Paper(key="zlm22", title="Exact Solutions of a Deep Linear Network",
                  authors="Ziyin, Li, Meng", arxiv="2202.04777", venue="NeurIPS 2022")

    PAPER.claim(
        id="zlm22.balance",
        theorem="Sec. 3 (rescaling invariance)",
        statement="At every stationary point gamma_u ||U||^2 = gamma_k ||W_k||_F^2 for all k.",
        uses=["zlm22.noise-averaged-loss"],
        obligations=[Obligation("Euler identity for every layer", balance_identity, {"depth": 3})],
        negative_controls=[Obligation("unequal decays break balance", balance_wrong_decay)],
    )

An obligation is a module-level function returning `checkers.evidence.Evidence`; it
runs in a worker process with its own time limit. A negative control is an
obligation checking a deliberately false variant: the runner requires it to come
back `refuted`, otherwise the claim's checker could not fail and the claim is `error`.

A **lemma** is a node of the `uses` graph for one step of an argument:

    PAPER.lemma(id="bxc21.gram-psd", statement="A Gram matrix is PSD.",
                source="textbook: x^T G x = ||sum_i x_i v_i||^2 >= 0")

With obligations (and negative controls) a lemma is checked like any claim. Without
obligations it is a *cited* step: a fact taken from the literature or argued in prose,
not machine-checked. Its status is `cited`, and every claim resting on it (directly or
through other claims) says so: `proved assuming` instead of `proved`. Its `source`
(the reference, or where the prose argument is written) is required.

Declaration mistakes (no obligation, no negative control, a duplicate id, an id
outside the paper's namespace, an unknown `uses` id) raise `ClaimDeclarationError`
naming the claim, at load time.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

CLAIM_ID = re.compile(r"^[a-z0-9]+\.[a-z0-9][a-z0-9-]*$")

#: Where the certificates of a paper whose claims live in a researcher's own folder are kept
#: (`check --claims DIR`: DIR/certificates), by paper key; the repository's papers keep theirs
#: in proofs/certificates.
CERTIFICATE_FOLDERS: dict = {}


class ClaimDeclarationError(ValueError):
    """A claim is malformed; the message names the claim."""


@dataclass(frozen=True)
class Obligation:
    """One thing to check: ``check(**kwargs) -> Evidence``, within ``timeout`` seconds.

    ``cache=False`` re-runs it every time (kernel re-checks of certificates).
    """
    name: str
    check: Callable
    kwargs: Mapping = field(default_factory=dict)
    timeout: float = 120.0
    cache: bool = True
    #: the fixed pass criterion of a numerical obligation and its rationale (shown in the report)
    criterion: str = ""

    def __post_init__(self):
        object.__setattr__(self, "kwargs", MappingProxyType(dict(self.kwargs)))


@dataclass(frozen=True)
class Claim:
    id: str
    paper: "Paper"
    theorem: str
    statement: str
    obligations: tuple
    negative_controls: tuple
    uses: tuple = ()
    confirmed: str = ""   # what was checked against the paper's own text, and how
    kind: str = "claim"   # "claim" or "lemma"
    source: str = ""      # a lemma's reference (or where its prose argument is written)

    @property
    def module(self) -> str:
        return self.paper.module

    @property
    def cited(self) -> bool:
        """A lemma without obligations: a step taken on trust, not machine-checked."""
        return self.kind == "lemma" and not self.obligations


@dataclass
class Paper:
    """A source of claims: a paper (with its arXiv id) or one's own unpublished results (arxiv="")."""
    key: str
    title: str
    authors: str
    arxiv: str = ""
    venue: str = ""
    module: str = ""
    claims: list = field(default_factory=list)
    #: heavy libraries its obligations import (e.g. "jax"): a local run imports them once, before
    #: forking its workers, instead of once per worker (an import, not a computation: results are unchanged)
    preload: tuple = ()

    def __post_init__(self):
        if not self.module:  # the module that declares the paper: the first frame outside this module
            frame = sys._getframe(1)
            while frame is not None and frame.f_globals.get("__name__") == __name__:
                frame = frame.f_back
            self.module = frame.f_globals.get("__name__", "") if frame is not None else ""

    @property
    def citation(self) -> str:
        where = ", ".join(x for x in (f"arXiv {self.arxiv}" if self.arxiv else "", self.venue) if x)
        return f"{self.authors}, \"{self.title}\"" + (f" ({where})" if where else "")

    def claim(self, *, id, theorem, statement, obligations, negative_controls,
              uses=(), confirmed="") -> Claim:
        return self._declare(id=id, theorem=theorem, statement=statement, obligations=obligations,
                             negative_controls=negative_controls, uses=uses, confirmed=confirmed)

    def lemma(self, *, id, statement, source, obligations=(), negative_controls=(), uses=(),
              theorem="lemma", confirmed="") -> Claim:
        """A step of an argument as its own node: checked (with obligations and controls) or cited."""
        if not isinstance(source, str) or not source.strip():
            raise ClaimDeclarationError(f"lemma {id!r} ({self.module}): a lemma needs its source "
                                        "(a reference, or where its argument is written)")
        return self._declare(id=id, theorem=theorem, statement=statement, obligations=obligations,
                             negative_controls=negative_controls, uses=uses, confirmed=confirmed,
                             kind="lemma", source=source.strip())

    def _declare(self, *, id, theorem, statement, obligations, negative_controls, uses, confirmed,
                 kind="claim", source="") -> Claim:
        def fail(why):
            raise ClaimDeclarationError(f"{kind} {id!r} ({self.module}): {why}")

        if not isinstance(id, str) or not CLAIM_ID.match(id):
            fail("id must look like 'paper.claim-name' (lower case, digits, dashes)")
        if id.split(".")[0] != self.key:
            fail(f"id must start with the paper key '{self.key}.'")
        if any(c.id == id for c in self.claims):
            fail("duplicate claim id")
        if not statement or not str(statement).strip():
            fail("missing statement")
        obligations, negative_controls = tuple(obligations), tuple(negative_controls)
        cited = kind == "lemma" and not obligations
        if cited and negative_controls:
            fail("a cited lemma (no obligations) cannot have negative controls: nothing is checked")
        if not obligations and not cited:
            fail("no obligations: nothing would be checked")
        if not negative_controls and not cited:
            fail("no negative control: every claim needs a false variant its checker refutes")
        names = [o.name for o in obligations + negative_controls]
        for o in obligations + negative_controls:
            if not isinstance(o, Obligation):
                fail(f"{o!r} is not an Obligation")
            if not callable(o.check) or "<" in getattr(o.check, "__qualname__", "<"):
                fail(f"obligation {o.name!r}: check must be a module-level function")
        if len(set(names)) != len(names):
            fail("obligation and control names must be unique within the claim")
        uses = tuple(uses)
        if id in uses:
            fail("a claim cannot use itself")
        c = Claim(id=id, paper=self, theorem=theorem, statement=str(statement).strip(),
                  obligations=obligations, negative_controls=negative_controls,
                  uses=uses, confirmed=confirmed, kind=kind, source=source)
        self.claims.append(c)
        return c
