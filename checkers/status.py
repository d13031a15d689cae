"""Claim status, derived from evidence and propagated along `uses`. Never written by hand.

own status   the weakest verdict among the claim's obligations (error > refuted > the
             order proved > proved for instances > supported > unknown); `error` if any
             negative control came back anything but `refuted` (the checker could not fail).
             A lemma without obligations is `cited`: a step taken on trust.
status       the own status capped by the status of every claim it uses: a claim is
             fully proved only if everything it uses is proved; resting on a refuted
             or erroneous claim makes a positive status `unknown`. Resting on a cited
             step, directly or through other claims, turns `proved` into `proved assuming`
             and `proved for instances` into `proved for instances assuming`.
trust base   what the status rests on: the engine chains of the claim's own evidence
             and of everything it uses, and every cited step (lemma) reached along `uses`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checkers.evidence import ERROR, PROVED, PROVED_FOR_INSTANCES, REFUTED, STRENGTH, UNKNOWN

CITED = "cited"
ASSUMING = " assuming"
PROVED_ASSUMING = PROVED + ASSUMING
PROVED_FOR_INSTANCES_ASSUMING = PROVED_FOR_INSTANCES + ASSUMING

#: Every status word, strongest first (the summary counts each).
ORDER = (PROVED, PROVED_ASSUMING, PROVED_FOR_INSTANCES, PROVED_FOR_INSTANCES_ASSUMING, "supported", UNKNOWN,
         CITED, REFUTED, ERROR)

#: Rank used by the gate: a claim may not fall below its locked rank. `refuted` and `cited`
#: are not on this scale: they must match the lock exactly.
RANK = {PROVED: 6, PROVED_ASSUMING: 5, PROVED_FOR_INSTANCES: 4, PROVED_FOR_INSTANCES_ASSUMING: 3,
        "supported": 2, UNKNOWN: 1, ERROR: 0}

MEANING = {
    PROVED: "every step machine-checked over the whole stated scope",
    PROVED_ASSUMING: "machine-checked over the whole stated scope, except the cited steps in its trust base",
    PROVED_FOR_INSTANCES: "exact, for the finite family of instances listed in the evidence",
    PROVED_FOR_INSTANCES_ASSUMING: "exact for the listed instances, except the cited steps in its trust base",
    "supported": "numerical evidence only (trials, seeds, tolerance, margins recorded)",
    UNKNOWN: "not decided",
    CITED: "a lemma taken from the literature or argued in prose: not machine-checked",
    REFUTED: "a counterexample",
    ERROR: "the check failed, or a negative control was not refuted",
}


@dataclass
class Derived:
    own: str
    status: str
    reasons: list = field(default_factory=list)
    #: cited lemmas the status rests on, directly or through the claims it uses
    assumptions: list = field(default_factory=list)
    #: [{"kind": "engine" | "cited", "step": ..., "claims": [ids]}, ...]
    trust_base: list = field(default_factory=list)

    @property
    def fully_proved(self) -> bool:
        return self.status == PROVED


def base_of(status: str) -> str:
    return status[: -len(ASSUMING)] if status.endswith(ASSUMING) else status


def own_status(evidence, controls) -> tuple[str, list]:
    reasons = []
    for c in controls:
        if c.verdict != REFUTED:
            reasons.append(f"negative control '{c.obligation}' came back {c.verdict}, not refuted: "
                           "the checker could not fail")
    verdicts = [e.verdict for e in evidence]
    if reasons:  # the claim is `error`; its own failing obligations are still named
        return ERROR, reasons + [f"obligation '{e.obligation}' is {e.verdict}: {e.summary}" for e in evidence
                                 if e.verdict in (ERROR, REFUTED)]
    for bad in (ERROR, REFUTED):
        if bad in verdicts:
            return bad, [f"obligation '{e.obligation}' is {bad}: {e.summary}" for e in evidence if e.verdict == bad]
    weakest = min(verdicts, key=STRENGTH.__getitem__)
    if weakest != PROVED:
        reasons += [f"obligation '{e.obligation}' is {e.verdict}: {e.summary}" for e in evidence
                    if e.verdict == weakest]
    return weakest, reasons


def _own_trust(claim, evidence) -> list:
    if claim.cited:
        return [{"kind": CITED, "step": claim.statement, "lemma": claim.id, "source": claim.source,
                 "claims": [claim.id]}]
    steps = []
    for e in evidence:
        for t in e.trust:
            if t not in steps:
                steps.append(t)
    return [{"kind": "engine", "step": t, "claims": [claim.id]} for t in steps]


def _merge_trust(into: list, more: list) -> None:
    for entry in more:
        same = next((x for x in into if x["kind"] == entry["kind"] and x["step"] == entry["step"]), None)
        if same is None:
            into.append(dict(entry, claims=list(entry["claims"])))
        else:
            same["claims"] += [c for c in entry["claims"] if c not in same["claims"]]


def derive(claims, order, results) -> dict[str, Derived]:
    """results: {claim id: (evidence list, control evidence list)}; order: dependencies first.
    A cited lemma needs no results."""
    derived: dict[str, Derived] = {}
    for cid in order:
        claim = claims[cid]
        if claim.cited:
            derived[cid] = Derived(CITED, CITED, [f"cited, not machine-checked: {claim.source}"],
                                   assumptions=[cid], trust_base=_own_trust(claim, []))
            continue
        if cid not in results:
            continue
        evidence, _ = results[cid]
        own, reasons = own_status(*results[cid])
        base, assumptions = own, []
        trust = _own_trust(claim, evidence)
        for u in claim.uses:
            used = derived[u]
            _merge_trust(trust, used.trust_base)
            assumptions += [a for a in used.assumptions if a not in assumptions]
            if base in (ERROR, REFUTED):
                continue
            used_base = base_of(used.status)
            if used.status == CITED:
                reasons.append(f"rests on {u}, a cited step that is not machine-checked")
            elif used_base in (ERROR, REFUTED):
                base = UNKNOWN
                reasons.append(f"uses {u}, which is {used.status}")
            elif STRENGTH[used_base] < STRENGTH[base]:
                base = used_base
                reasons.append(f"capped by {u}, which is {used.status}")
        status = base + ASSUMING if assumptions and base in (PROVED, PROVED_FOR_INSTANCES) else base
        if status != base:
            reasons.append("assumes " + ", ".join(assumptions) + " (cited, not machine-checked)")
        derived[cid] = Derived(own, status, reasons, assumptions, trust)
    return derived
