"""Convex-certificate engine: a float solver finds candidates, the exact kernel decides.

Two problem shapes:
- `LMIProblem`: multipliers y with every block S_b(y) = C_b + V_b^T (sum_i y_i W_i) V_b PSD, linear
  equalities v + sum_i y_i b_i = 0, y_i >= 0 where asked, optionally minimising sum_i c_i y_i.
  The W_i are sparse symmetric matrices over a list of vectors (the rows of V_b): for performance
  estimation the vectors are the points and gradients, each interpolation inequality touches four of
  them, so the data grow like n^2, not n^4. This covers Lyapunov inequalities for ODEs, one-step
  Lyapunov certificates of methods, and the duals of performance-estimation problems.
- sums of squares: p = m^T Q m with Q PSD (cvxpy with Clarabel).

The float search for LMI certificates (Clarabel, balancing, polishing onto the optimal face, interior and
Farkas points, rounding) is `checkers.lmi_search`; this module states the problems, keeps the certificates
and turns the kernel's answer into evidence. Only the kernel's acceptance makes the evidence `proved`.
`LMIProblem.capped(bound)` states "min c.y <= bound" without objective: its exact Farkas certificate (a dual
feasible point above the bound) is a certified lower bound on the minimum.

A stored certificate made for the same problem is only re-checked by the kernel (no
solver). One made for a different problem (the claim changed) is re-derived. One whose
digest does not match its contents has been tampered with: `error`, never re-derived
silently.

If the LMI has no objective and no interior point, an exact Farkas certificate (Z_b PSD and w with
sum_b <A_ib, Z_b> + w.b_i = 0 for free y_i, <= 0 for y_i >= 0, and sum_b <C_b, Z_b> + w.v < 0) proves
that no multipliers exist: the LMI statement is `refuted`. Without an accepted one: `unknown`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import sympy

from checkers import kernel, lmi_search
from checkers.lmi_search import DENOMINATORS, SLACK, _round, solve_float  # noqa: F401  (solve_float: public)
from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence

ROOT = Path(__file__).resolve().parent.parent
CERTIFICATES = ROOT / "proofs" / "certificates"
CAP = "cap slack"


def engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"cvxpy {version('cvxpy')}, clarabel {version('clarabel')}; exact kernel"
    except PackageNotFoundError:
        return "cvxpy/clarabel not installed; exact kernel"


def certificate_path(claim_id: str, name: str) -> Path:
    """<certificates>/<claim id>/<name>.json: proofs/certificates, or a claim folder's own certificates/."""
    from checkers.claims import CERTIFICATE_FOLDERS
    return Path(CERTIFICATE_FOLDERS.get(claim_id.split(".")[0], CERTIFICATES)) / claim_id / f"{name}.json"


def q(x) -> Fraction:
    """An exact rational from int, Fraction, sympy Rational or a "p/q" string (never a float)."""
    if type(x) is Fraction:
        return x
    if isinstance(x, float):
        raise ValueError(f"inexact problem data {x!r}: give exact rationals")
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    if isinstance(x, str):
        return kernel.rational(x)
    x = sympy.sympify(x)
    if not x.is_Rational:
        raise ValueError(f"problem data {x} is not rational")
    return Fraction(int(x.p), int(x.q))


def qs(x) -> str:
    return str(q(x))


@dataclass
class LMIBlock:
    """One PSD block S_b(y) = C + V^T (sum_i y_i W_i) V (m x m); C and W_i symmetric, given by their
    upper entries {(i, j): value}; V's rows are the vectors (None: the unit vectors, W_i acts directly)."""
    size: int
    constant: dict
    coefficients: dict
    vectors: list | None = None

    @classmethod
    def dense(cls, constant, coefficients) -> "LMIBlock":
        def upper(M):
            return {(i, j): M[i][j] for i in range(len(M)) for j in range(i, len(M)) if M[i][j] != 0}
        return cls(len(constant), upper(constant), {k: upper(A) for k, A in coefficients.items()})

    def exact(self) -> "LMIBlock":
        def nonzero(d):
            return {key: v for key, v in ((key, q(x)) for key, x in d.items()) if v}
        vectors = None if self.vectors is None else [[q(x) for x in row] for row in self.vectors]
        return LMIBlock(self.size, nonzero(self.constant), {k: nonzero(W) for k, W in self.coefficients.items()},
                        vectors)

    def to_json(self) -> dict:
        """The kernel's block data (computed once: a capped problem shares its parent's blocks)."""
        if self.__dict__.get("_json") is None:
            def items(d):
                return [[i, j, str(x)] for (i, j), x in sorted(d.items())]
            data = {"size": self.size, "constant": items(self.constant),
                    "coefficients": {k: items(W) for k, W in self.coefficients.items() if W}}
            if self.vectors is not None:
                data["vectors"] = [[str(x) for x in row] for row in self.vectors]
            self.__dict__["_json"] = data
        return self.__dict__["_json"]


@dataclass
class LMIProblem:
    """Multipliers y with every block S_b(y) PSD, v + sum_i y_i b_i = 0 and y_i >= 0 where asked,
    optionally minimising sum_i c_i y_i. One dense block can be given as matrix_constant and
    matrix_coefficients {name: matrix}; linear_coefficients are {name: list or {row: value}}."""
    multipliers: list
    nonnegative: list
    matrix_constant: list | None = None
    matrix_coefficients: dict | None = None
    linear_constant: list | None = None
    linear_coefficients: dict | None = None
    objective: dict | None = None
    statement: str = ""
    blocks: list | None = None
    #: set by `capped`: the minimisation this problem caps, and the cap (not part of the kernel's data)
    parent: "LMIProblem | None" = None
    cap: Fraction | None = None

    def exact(self) -> "LMIProblem":
        """The same problem with every number an exact Fraction (ValueError on floats); itself if it is one."""
        if self.__dict__.get("_exact"):
            return self
        blocks = self.blocks if self.blocks is not None else \
            [LMIBlock.dense(self.matrix_constant, self.matrix_coefficients or {})]
        linear = None
        if self.linear_coefficients is not None:
            linear = {k: {i: q(x) for i, x in (b.items() if isinstance(b, dict) else enumerate(b)) if q(x)}
                      for k, b in self.linear_coefficients.items()}
        return LMIProblem(list(self.multipliers), list(self.nonnegative),
                          linear_constant=None if self.linear_constant is None else [q(x) for x in self.linear_constant],
                          linear_coefficients=linear,
                          objective=None if not self.objective else {k: q(x) for k, x in self.objective.items() if q(x)},
                          statement=self.statement, blocks=[b.exact() for b in blocks], parent=self.parent, cap=self.cap)._mark()

    def _mark(self) -> "LMIProblem":
        self.__dict__["_exact"] = True
        return self

    def capped(self, bound) -> "LMIProblem":
        """'min c.y <= bound' as an LMI without objective: the same blocks and equalities plus
        c.y + s = bound with a multiplier s >= 0. Its exact Farkas certificate (Z, w, w_cap = -1) proves
        min c.y > bound: Z PSD with <A_i, Z> + w.b_i <= c_i (= c_i for free y_i) and -(<C, Z> + w.v) > bound,
        a dual feasible point above the bound (for a performance-estimation dual: a worst-case function)."""
        exact, bound = self.exact(), q(bound)
        if not exact.objective:
            raise ValueError("only a minimisation can be capped")
        row = len(exact.linear_constant or [])
        linear = {k: dict(b) for k, b in (exact.linear_coefficients or {}).items()}
        for k, c in exact.objective.items():
            linear.setdefault(k, {})[row] = c
        linear[CAP] = {row: Fraction(1)}
        return LMIProblem(exact.multipliers + [CAP], exact.nonnegative + [CAP], blocks=exact.blocks,
                          linear_constant=(exact.linear_constant or []) + [-bound], linear_coefficients=linear,
                          statement=f"{exact.statement}; capped: objective <= {bound}", parent=exact, cap=bound)._mark()

    def to_json(self) -> dict:
        """The kernel's problem data (call on an `exact()` problem)."""
        data = {"statement": self.statement, "multipliers": list(self.multipliers),
                "nonnegative": sorted(self.nonnegative), "blocks": [b.to_json() for b in self.blocks]}
        if self.linear_constant is not None:
            data["linear_constant"] = [str(x) for x in self.linear_constant]
            data["linear_coefficients"] = {k: [[i, str(x)] for i, x in sorted(b.items())]
                                           for k, b in (self.linear_coefficients or {}).items() if b}
        if self.objective:
            data["objective"] = {k: str(x) for k, x in self.objective.items()}
        return data


def lmi_certificate(problem: LMIProblem, *, path, what: str, claim_id: str = "") -> Evidence:
    """Prove the LMI feasible (and bound its objective) by a kernel-checked rational certificate."""
    path = Path(path)
    claim_id = claim_id or path.parent.name
    try:
        exact = problem.exact()
        pj = exact.to_json()
    except ValueError as e:
        return Evidence(ERROR, "convex", f"malformed LMI problem: {e} — {what}", engine_version="")
    return _certified(path, pj, what, lambda: lmi_search.produce_lmi(exact, pj, claim_id))


# ---------------------------------------------------------------- sums of squares

def _poly_terms(poly, variables):
    P = sympy.Poly(sympy.expand(poly), *variables, domain=sympy.QQ)
    return {tuple(e): Fraction(int(c.numerator), int(c.denominator)) for e, c in P.terms()}


def _exponents(n, max_degree):
    if n == 0:
        yield ()
        return
    for d in range(max_degree + 1):
        for rest in _exponents(n - 1, max_degree - d):
            yield (d,) + rest


def _prune_basis(basis, terms):
    """Drop monomials m whose square m^2 is not in p and is no product of two other basis
    monomials: such an m has a zero Gram diagonal in every certificate (it would force
    Q onto the boundary of the PSD cone). Repeat until nothing changes."""
    basis = list(basis)
    while True:
        def produced_elsewhere(i):
            target = tuple(2 * a for a in basis[i])
            return any(tuple(a + b for a, b in zip(basis[j], basis[k])) == target
                       for j in range(len(basis)) for k in range(j + 1, len(basis)) if i not in (j, k))
        drop = [i for i, m in enumerate(basis)
                if tuple(2 * a for a in m) not in terms and not produced_elsewhere(i)]
        if not drop:
            return basis
        basis = [m for i, m in enumerate(basis) if i not in drop]


def sos_certificate(poly, variables, *, path, what: str, basis=None, claim_id: str = "") -> Evidence:
    """Prove poly >= 0 for all reals by a kernel-checked rational sum-of-squares certificate."""
    path = Path(path)
    claim_id = claim_id or path.parent.name
    variables = list(variables)
    try:
        terms = _poly_terms(poly, variables)
    except (sympy.PolynomialError, sympy.CoercionFailed) as e:
        return Evidence(ERROR, "convex", f"not a polynomial over QQ: {e} — {what}")
    degree = max((sum(e) for e in terms), default=0)
    basis = [tuple(b) for b in basis] if basis is not None else \
        _prune_basis(list(_exponents(len(variables), degree // 2)), terms)
    pj = {"variables": [str(v) for v in variables],
          "polynomial": [[list(e), str(c)] for e, c in sorted(terms.items())],
          "basis": [list(b) for b in basis]}
    evidence = _certified(path, pj, what, lambda: _produce_sos(pj, terms, basis, claim_id), kind="sos")
    if evidence.verdict != UNKNOWN:
        return evidence
    point = negative_point(terms, len(variables))
    if point is None:
        return evidence
    value = evaluate(terms, point)
    return Evidence(REFUTED, "convex", f"no SOS certificate, and p < 0 at an exact rational point (p = {value}) — {what}",
                    engine_version=engine_version(), certificate=evidence.certificate,
                    counterexample={"point": {str(v): str(x) for v, x in zip(variables, point)}, "value": str(value),
                                    "exact": True},
                    details={"sos": evidence.summary, **evidence.details},
                    trust=["exact rational evaluation of p at the point (fractions.Fraction)"])


def evaluate(terms: dict, point) -> Fraction:
    """p(point) exactly, p given as {exponents: Fraction}."""
    total = Fraction(0)
    for exps, c in terms.items():
        term = c
        for x, e in zip(point, exps):
            term *= x ** e
        total += term
    return total


def negative_point(terms: dict, nvars: int, starts: int = 12, seed: int = 0, box: float = 10.0):
    """A rational point where p < 0, exactly, or None: local minimisation (scipy, seeded starts) of
    p(x) / (1 + ||x||^2)^(deg/2) over the box |x_i| <= box (x = box tanh z), each minimiser rounded
    to rationals of growing denominators and evaluated exactly."""
    import scipy.optimize
    exps = np.array(list(terms), dtype=float).reshape(len(terms), nvars)
    coeffs = np.array([float(c) for c in terms.values()])
    degree = float(exps.sum(axis=1).max(initial=0))

    def scaled(z):
        x = box * np.tanh(z)
        return float(coeffs @ np.prod(np.power(x, exps), axis=1)) / (1 + x @ x) ** (degree / 2)

    rng = np.random.default_rng(seed)
    for _ in range(starts):
        result = scipy.optimize.minimize(scaled, rng.normal(size=nvars), method="Nelder-Mead",
                                         options={"maxfev": 2000, "xatol": 1e-10, "fatol": 1e-14})
        if result.fun >= 0:
            continue
        for denominator in (1, 2, 4, 10, 100, 10**4, 10**8):
            point = [Fraction(round(x * denominator), denominator) for x in box * np.tanh(result.x)]
            if evaluate(terms, point) < 0:
                return point
    return None


def _produce_sos(pj, terms, basis, claim_id):
    import cvxpy as cp
    k = len(basis)
    groups: dict[tuple, list] = {}
    for i in range(k):
        for j in range(i, k):
            groups.setdefault(tuple(a + b for a, b in zip(basis[i], basis[j])), []).append((i, j))
    if any(e not in groups for e in terms):
        return None, {"reason": "the basis cannot represent every monomial of p"}
    Q = cp.Variable((k, k), symmetric=True)
    t = cp.Variable()
    cons = [Q >> t * np.eye(k), t <= 1]
    for e, entries in groups.items():
        cons.append(sum(Q[i, j] * (1 if i == j else 2) for i, j in entries) == float(terms.get(e, 0)))
    prob = cp.Problem(cp.Maximize(t), cons)
    try:
        prob.solve(solver=cp.CLARABEL)
    except cp.error.SolverError as e:
        return None, {"reason": f"solver error: {e}"}
    info = {"solver": "CLARABEL", "status": prob.status}
    if prob.status not in ("optimal", "optimal_inaccurate"):
        return None, dict(info, reason=f"float solver status: {prob.status}")
    info["min_eigenvalue"] = float(t.value)
    for denominator in DENOMINATORS:
        Qq = [[_round(Q.value[min(i, j), max(i, j)], denominator, 1e-9) for j in range(k)] for i in range(k)]
        for e, entries in groups.items():  # orthogonal projection onto the coefficient equations
            weights = [(1 if i == j else 2) for i, j in entries]
            r = terms.get(e, Fraction(0)) - sum(w * Qq[i][j] for w, (i, j) in zip(weights, entries))
            norm = sum(w * w for w in weights)
            for w, (i, j) in zip(weights, entries):
                Qq[i][j] += r * w / norm
                Qq[j][i] = Qq[i][j]
        cert = kernel.seal({"kind": "sos", "claim": claim_id, "problem": pj,
                            "producer": {"engine": engine_version(), "rounding_denominator": denominator, **info},
                            "solution": {"gram": [[str(x) for x in r] for r in Qq]}})
        result = kernel.verify_certificate(cert)
        if result.ok:
            return (cert, result), info
    return None, dict(info, reason="rounding did not give a PSD Gram matrix (optimum on the cone's boundary?)")


# ---------------------------------------------------------------- storage and verdicts

def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _certified(path: Path, pj: dict, what: str, produce, kind: str = "lmi") -> Evidence:
    """A stored certificate for this problem is re-checked by the kernel alone; a missing or stale one
    is produced (the producer runs the kernel once on what it returns) and written; a tampered or
    unreadable one is an error, left in place for a human to see."""
    started = time.perf_counter()
    wanted = kernel.problem_hash(pj)
    produced = False
    info: dict = {}
    cert = result = None
    if path.exists():
        try:
            stored = kernel.read(path)
        except (OSError, kernel.CertificateError) as e:
            return _verdict(ERROR, f"unreadable certificate: {e}", path, what, started)
        if not isinstance(stored, dict) or stored.get("digest") != kernel.digest_of(stored):
            return _verdict(ERROR, "certificate file has been tampered with (digest mismatch); "
                                   "delete it to re-derive it", path, what, started)
        if stored.get("problem_sha256") == wanted:
            cert, result = stored, kernel.verify_certificate(stored)
    if cert is None:
        try:
            found, info = produce()
        except ImportError as e:
            return _verdict(ERROR, f"solver missing: {e}", path, what, started)
        if found is None:
            return _verdict(UNKNOWN, f"no certificate: {info.get('reason')}", path, what, started,
                            details={"producer": info, "solver_called": True})
        cert, result = found
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(kernel.dumps(cert, path))
        produced = True
    details = {"kernel": result.reason, "kernel_checks": result.checks, "solver_called": produced}
    if info:
        details["producer"] = info
    elif "producer" in cert:
        details["producer"] = {k: v for k, v in cert["producer"].items() if k != "attempts"}
    if not result.ok:
        return _verdict(ERROR if not produced else UNKNOWN, f"kernel rejected the certificate: {result.reason}",
                        path, what, started, details=details)
    if cert["kind"] == "lmi-infeasible":
        return _verdict(REFUTED, "no multipliers exist: exact Farkas certificate accepted by the kernel",
                        path, what, started, details=details,
                        trust=["Farkas certificate accepted by the exact kernel"])
    if result.value is not None:
        details["value"] = str(result.value)
    return _verdict(PROVED, f"certificate accepted by the exact kernel ({result.reason})", path, what,
                    started, details=details, trust=[f"{cert['kind']} certificate accepted by the exact kernel"])


def _verdict(verdict, summary, path, what, started, details=None, trust=()):
    details = dict(details or {})
    details["seconds"] = round(time.perf_counter() - started, 3)
    return Evidence(verdict, "convex", f"{summary} — {what}", engine_version=engine_version(),
                    options={"solver": "CLARABEL", "rounding_denominators": list(DENOMINATORS),
                             "interior": f"max min-eigenvalue at objective within a relative slack {SLACK[0]:g}, "
                                         f"widened {SLACK[1]:g}x per failed rounding up to {SLACK[2]:g}"},
                    certificate=_relative(path), details=details, trust=list(trust))
