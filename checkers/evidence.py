"""Evidence: what one checker run established about one obligation.

A checker never sets a claim's status; it returns `Evidence` with a *verdict*, and
`checkers.status` derives the claim's status from all of its evidence.

Verdicts (strongest first):
  proved                 exact argument covering the obligation's whole stated scope
                         (sympy identity, z3 `unsat`, a kernel-accepted certificate)
  proved for instances   exact, but only for the finite family listed in `instances`
  supported              numerical: trials, seeds, tolerance and worst margin recorded
  unknown                the checker could not decide (timeout, unconfirmed model, ...)
  refuted                a counterexample (exact where `counterexample` says so)
  error                  the check itself failed (bad input, crash, tampered certificate)

`trust` is the engine chain the verdict rests on, as data ("sympy identity", "z3 unsat
confirmed by cvc5", "certificate accepted by the kernel", "floating point"): the engines
set it; evidence assembled by hand gets its engine's default, which never claims more
than the engine alone guarantees. Margins must be finite numbers (or strings, lists,
None): a NaN or infinite margin is an error in the check, never a pass.

`validate()` checks all of this again (the runner calls it before a worker sends its
result, so evidence changed after construction cannot slip through). `time_limits` names
every time limit that was hit while producing the evidence ("cvc5 at 5 s"): such a result
may differ on an idle machine, so the cache never keeps a timeout's `unknown` (and retries
any other such result once), and `lock` will not record an `unknown` that came from one.
Engines report a hit with `note_time_limit`.

`second_opinion(trust steps)` classifies what a claim's z3 answers rest on: "confirmed" (every
z3 unsat confirmed by cvc5), "unconfirmed" (one was not: undecided, skipped, engine missing,
or not recorded), None (no z3 unsat involved).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from fractions import Fraction

PROVED = "proved"
PROVED_FOR_INSTANCES = "proved for instances"
SUPPORTED = "supported"
UNKNOWN = "unknown"
REFUTED = "refuted"
ERROR = "error"
VERDICTS = (PROVED, PROVED_FOR_INSTANCES, SUPPORTED, UNKNOWN, REFUTED, ERROR)

#: Order used to combine evidence: a claim is only as strong as its weakest obligation.
STRENGTH = {PROVED: 4, PROVED_FOR_INSTANCES: 3, SUPPORTED: 2, UNKNOWN: 1}

#: What a verdict rests on when the producer did not say (`trust`).
DEFAULT_TRUST = {"symbolic": "sympy exact arithmetic",
                 "smt": "z3 (no second opinion recorded)",
                 "convex": "certificate accepted by the exact kernel",
                 "numeric": "floating point (numpy/scipy): numerical, not a proof",
                 "runner": "runner"}


@dataclass
class Evidence:
    verdict: str
    engine: str
    summary: str
    engine_version: str = ""
    options: dict = field(default_factory=dict)
    instances: list = field(default_factory=list)
    margins: dict = field(default_factory=dict)
    certificate: str | None = None
    counterexample: dict | None = None
    details: dict = field(default_factory=dict)
    #: keys copied into the claim's object in report.json (e.g. ``pep_bounds``)
    report_fields: dict = field(default_factory=dict)
    #: files written under build/ (plots), linked from the report
    artifacts: list = field(default_factory=list)
    #: the engine chain this verdict rests on (see the module docstring)
    trust: list = field(default_factory=list)
    time: float = 0.0
    obligation: str = ""
    cached: bool = False
    #: time limits hit while producing this evidence ("z3 at 5 s", "obligation at 120 s")
    time_limits: list = field(default_factory=list)

    def __post_init__(self):
        if isinstance(self.engine, str) and not self.trust:
            self.trust = [DEFAULT_TRUST.get(self.engine, self.engine)]
        self.validate()

    def validate(self) -> "Evidence":
        """Raise ValueError naming the first inconsistency; return self."""
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}; expected one of {VERDICTS}")
        for name, kind in (("engine", str), ("summary", str), ("engine_version", str), ("options", dict),
                           ("instances", list), ("margins", dict), ("details", dict), ("report_fields", dict),
                           ("artifacts", list), ("trust", list), ("obligation", str), ("time_limits", list)):
            if not isinstance(getattr(self, name), kind):
                raise ValueError(f"evidence field {name!r} must be a {kind.__name__}, "
                                 f"not {type(getattr(self, name)).__name__}")
        for name in ("certificate", "counterexample"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str if name == "certificate" else dict):
                raise ValueError(f"evidence field {name!r} has the wrong type {type(value).__name__}")
        if not self.trust or not all(isinstance(t, str) and t for t in self.trust):
            raise ValueError("evidence 'trust' must be a non-empty list of strings")
        if not all(isinstance(t, str) for t in self.time_limits):
            raise ValueError("evidence 'time_limits' must be a list of strings")
        if isinstance(self.time, bool) or not isinstance(self.time, (int, float)) or not math.isfinite(self.time):
            raise ValueError(f"evidence 'time' must be a finite number of seconds, not {self.time!r}")
        if self.verdict == PROVED_FOR_INSTANCES and not self.instances:
            raise ValueError("'proved for instances' must name its instances")
        if self.verdict == SUPPORTED and not self.margins:
            raise ValueError("'supported' must record its margins (trials, seeds, tolerance, worst margin)")
        if self.verdict != ERROR:
            bad = nonfinite_entries(self.margins)
            if bad:
                raise ValueError(f"non-finite margins {bad}: a NaN or infinite margin is an error, not a "
                                 f"'{self.verdict}'")
        return self

    def to_json(self) -> dict:
        return jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> "Evidence":
        """Evidence from its JSON form; ValueError (naming the problem) if it is not valid evidence."""
        if not isinstance(data, dict):
            raise ValueError(f"evidence must be a JSON object, not {type(data).__name__}")
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown evidence fields {unknown}")
        try:
            return cls(**data)
        except TypeError as e:  # a required field is missing
            raise ValueError(f"incomplete evidence: {e}") from None


_TIME_LIMITS_HIT: list = []


def note_time_limit(what: str) -> None:
    """Record, for the obligation running in this process, that a time limit was hit ("cvc5 at 5 s")."""
    if what not in _TIME_LIMITS_HIT:
        _TIME_LIMITS_HIT.append(what)


def time_limits_hit(reset: bool = False) -> list:
    """The time limits noted in this process so far (and forget them, with reset=True)."""
    hits = list(_TIME_LIMITS_HIT)
    if reset:
        _TIME_LIMITS_HIT.clear()
    return hits


#: The trust step of a z3 unsat that cvc5 confirmed; any other "z3 unsat, ..." step, or the smt
#: default, is a z3 answer that no second engine confirmed.
CONFIRMED_UNSAT = "z3 unsat confirmed by cvc5"


def second_opinion(steps) -> str | None:
    """"confirmed" / "unconfirmed" / None for a list of trust steps (see the module docstring)."""
    unsat = [s for s in steps if s.startswith("z3 unsat") or s == DEFAULT_TRUST["smt"]]
    if not unsat:
        return None
    return "confirmed" if all(s == CONFIRMED_UNSAT for s in unsat) else "unconfirmed"


def nonfinite_entries(value, path="margins") -> list[str]:
    """Paths of the NaN or infinite floats in a (nested) margins payload."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nonfinite_entries(v, f"{path}.{k}")]
    if isinstance(value, (list, tuple)):
        return [p for i, v in enumerate(value) for p in nonfinite_entries(v, f"{path}[{i}]")]
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value, "shape", None) == ()):
        try:
            return [] if math.isfinite(float(value)) else [path]
        except (TypeError, ValueError):
            return []
    return []


def jsonable(value):
    """Turn evidence payloads into strict JSON: exact rationals become "p/q" strings,
    numpy scalars become Python numbers, non-finite floats become strings ("nan", "inf")."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():  # numpy scalar
        return jsonable(value.item())
    if hasattr(value, "tolist"):  # numpy array
        return jsonable(value.tolist())
    if hasattr(value, "is_Rational") and value.is_Rational:  # sympy Rational / Integer
        return str(value)
    return str(value)
