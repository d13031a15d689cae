"""Convex-certificate engine: cvxpy (Clarabel) finds candidates, the exact kernel decides.

Two problem shapes:
- `LMIProblem`: multipliers y with S(y) = C + sum_i y_i A_i PSD, linear equalities
  v + sum_i y_i b_i = 0, y_i >= 0 where asked, optionally minimising sum_i c_i y_i.
  This covers Lyapunov inequalities for ODEs and the duals of performance-estimation
  problems (S-procedure with the interpolation inequalities of a function class).
- sums of squares: p = m^T Q m with Q PSD.

Pipeline (RECIPES.md): solve in floating point, choose a point deep inside the cone
(maximise the smallest eigenvalue of S, at an objective loosened by a relative 1e-6),
round to rationals, restore the equalities exactly in rational arithmetic (SOS: the
orthogonal projection; LMI: re-solving for a few basic multipliers), write the certificate (JSON, "p/q" strings) and hand it to
`checkers.kernel`. Only the kernel's acceptance makes the evidence `proved`.

A stored certificate made for the same problem is only re-checked by the kernel (no
solver). One made for a different problem (the claim changed) is re-derived. One whose
digest does not match its contents has been tampered with: `error`, never re-derived
silently.

If the float problem is infeasible, an exact Farkas certificate (Z PSD and w with
<A_i, Z> + w.b_i = 0 for free y_i, <= 0 for y_i >= 0, and <C, Z> + w.v < 0) proves that
no multipliers exist: the LMI statement is `refuted`. Without an accepted one: `unknown`.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import sympy

from checkers import kernel
from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence

ROOT = Path(__file__).resolve().parent.parent
CERTIFICATES = ROOT / "proofs" / "certificates"
DENOMINATORS = (10**8, 10**10, 10**12, 10**6)


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
class LMIProblem:
    multipliers: list
    nonnegative: list
    matrix_constant: list
    matrix_coefficients: dict
    linear_constant: list | None = None
    linear_coefficients: dict | None = None
    objective: dict | None = None
    statement: str = ""

    def to_json(self) -> dict:
        data = {
            "statement": self.statement,
            "multipliers": list(self.multipliers),
            "nonnegative": sorted(self.nonnegative),
            "matrix_constant": [[qs(x) for x in row] for row in self.matrix_constant],
            "matrix_coefficients": {k: [[qs(x) for x in row] for row in A]
                                    for k, A in self.matrix_coefficients.items() if any(q(x) for r in A for x in r)},
        }
        if self.linear_constant is not None:
            data["linear_constant"] = [qs(x) for x in self.linear_constant]
            data["linear_coefficients"] = {k: [qs(x) for x in v] for k, v in (self.linear_coefficients or {}).items()
                                           if any(q(x) for x in v)}
        if self.objective:
            data["objective"] = {k: qs(v) for k, v in self.objective.items() if q(v)}
        return data


# ---------------------------------------------------------------- exact linear algebra

def _restore_equalities(values: dict, equations: list, support: set) -> dict | None:
    """Make every equation hold exactly by re-solving for one basic multiplier per
    independent equation, keeping every other rounded value.

    equations: list of (coefficients {name: Fraction}, constant), meaning
    constant + sum coefficients[name] * values[name] == 0. The basic multipliers are
    chosen among the largest in `support` (they have the most room to absorb the
    rounding error without changing sign); the denominators stay those of the data
    and the rounding (a least-norm projection would make them hundreds of digits long)."""
    from sympy.polys.matrices import DomainMatrix
    columns = sorted(support, key=lambda k: (-abs(values[k]), k))
    rows = []
    for coeffs, c in equations:
        rhs = -c - sum(a * values[k] for k, a in coeffs.items() if k not in support)
        rows.append([coeffs.get(k, Fraction(0)) for k in columns] + [rhs])
    if not rows:
        return dict(values)
    QQ = sympy.QQ
    M = DomainMatrix([[QQ(x.numerator, x.denominator) for x in r] for r in rows], (len(rows), len(columns) + 1), QQ)
    R, pivots = M.rref()
    if len(columns) in pivots:
        return None  # inconsistent: the support cannot satisfy the equalities
    R = R.to_list()
    out = dict(values)
    for i, p in enumerate(pivots):
        total = Fraction(int(R[i][-1].numerator), int(R[i][-1].denominator))
        for j, k in enumerate(columns):
            if j != p and j not in pivots and R[i][j]:
                total -= Fraction(int(R[i][j].numerator), int(R[i][j].denominator)) * values[k]
        out[columns[p]] = total
    return out


SNAP = 1e-9  # float entries smaller than this are taken to be exact zeros


def _round(x: float, denominator: int) -> Fraction:
    """Nearest multiple of 1/denominator; |x| < SNAP becomes 0 (solvers leave ~1e-10 noise
    where the exact certificate has zeros, as on faces of the PSD cone). A common
    denominator keeps the sums the kernel forms short."""
    return Fraction(0) if abs(x) < SNAP else Fraction(round(x * denominator), denominator)


# ---------------------------------------------------------------- LMI

def _float_data(pj: dict):
    names = pj["multipliers"]
    C = np.array([[float(Fraction(x)) for x in r] for r in pj["matrix_constant"]])
    A = {k: np.array([[float(Fraction(x)) for x in r] for r in M]) for k, M in pj["matrix_coefficients"].items()}
    lin = None
    if "linear_constant" in pj:
        v = np.array([float(Fraction(x)) for x in pj["linear_constant"]])
        B = {k: np.array([float(Fraction(x)) for x in b]) for k, b in pj["linear_coefficients"].items()}
        lin = (v, B)
    c = {k: float(Fraction(x)) for k, x in pj.get("objective", {}).items()}
    return names, C, A, lin, c


NEAR_BOUNDARY = 1e-6  # a min-eigenvalue this close below 0 may still round to an exact certificate


def solve_float(problem: LMIProblem, interior: bool = True) -> dict:
    """The untrusted float solution alone (for benchmarks and diagnostics; never evidence):
    {"status", "multipliers", "float_optimum" (with an objective), "min_eigenvalue" (interior)}.
    interior=False stops after minimising the objective."""
    status, values, info = _solve_lmi(problem.to_json(), interior)
    return dict(info, status=status, multipliers=values)


def _solve_lmi(pj: dict, interior: bool = True):
    """Float candidate: returns (status, {name: float}, info)."""
    import cvxpy as cp
    try:
        return _solve_lmi_with(cp, pj, interior)
    except cp.error.SolverError as e:
        return "failed", None, {"reason": f"solver error: {e}"}


def _solve_lmi_with(cp, pj: dict, interior: bool):
    names, C, A, lin, c = _float_data(pj)
    n = C.shape[0]
    y = cp.Variable(len(names))
    idx = {k: i for i, k in enumerate(names)}
    S = C + sum((y[idx[k]] * M for k, M in A.items()), np.zeros((n, n)))
    S = (S + S.T) / 2
    base = [y[idx[k]] >= 0 for k in pj["nonnegative"]]
    if lin is not None:
        v, B = lin
        if B:
            base.append(v + sum(y[idx[k]] * b for k, b in B.items()) == 0)
        elif np.any(v != 0):
            return "infeasible", None, {"reason": "linear equalities without multipliers"}
    info = {"solver": "CLARABEL"}
    objective = sum((y[idx[k]] * ck for k, ck in c.items()), 0.0)
    if c:
        p1 = cp.Problem(cp.Minimize(objective), base + [S >> 0])
        p1.solve(solver=cp.CLARABEL)
        info["phase1_status"] = p1.status
        if p1.status not in ("optimal", "optimal_inaccurate"):
            return ("infeasible" if "infeasible" in p1.status else "failed"), None, info
        info["float_optimum"] = float(p1.value)
        if not interior:
            return "ok", {k: float(y.value[i]) for k, i in idx.items()}, info
        slack = max(1e-6 * abs(p1.value), 1e-9)
        base.append(objective <= p1.value + slack)
    t = cp.Variable()
    p2 = cp.Problem(cp.Maximize(t), base + [S >> t * np.eye(n), t <= 1])
    p2.solve(solver=cp.CLARABEL)
    info["phase2_status"] = p2.status
    if p2.status not in ("optimal", "optimal_inaccurate"):
        return ("infeasible" if "infeasible" in p2.status else "failed"), None, info
    info["min_eigenvalue"] = float(t.value)
    if t.value < -NEAR_BOUNDARY:
        return "infeasible", None, info
    return "ok", {k: float(y.value[i]) for k, i in idx.items()}, info


def _round_lmi(pj: dict, yf: dict, denominator: int) -> dict | None:
    nonneg = set(pj["nonnegative"])
    values = {k: (Fraction(0) if k in nonneg and v <= 1e-12 else _round(v, denominator)) for k, v in yf.items()}
    if "linear_constant" not in pj:
        return values
    const = [Fraction(x) for x in pj["linear_constant"]]
    B = {k: [Fraction(x) for x in b] for k, b in pj["linear_coefficients"].items()}
    equations = [({k: b[i] for k, b in B.items() if b[i]}, const[i]) for i in range(len(const))]
    support = {k for k in values if k not in nonneg or values[k] > 0}
    for _ in range(5):
        out = _restore_equalities(values, equations, support)
        if out is None:
            return None
        negative = {k for k in nonneg if out[k] < 0}
        if not negative:
            return out
        support -= negative
        values = {k: (Fraction(0) if k in negative else v) for k, v in values.items()}
    return None


def _lmi_certificate_json(claim_id, pj, values, info, denominator):
    cert = {"kind": "lmi", "claim": claim_id, "problem": pj,
            "producer": {"engine": engine_version(), "rounding_denominator": denominator, **info},
            "solution": {"multipliers": {k: str(values[k]) for k in pj["multipliers"]}}}
    if "objective" in pj:
        cert["solution"]["value"] = str(sum((Fraction(c) * values[k] for k, c in pj["objective"].items()),
                                            Fraction(0)))
    return kernel.seal(cert)


def _farkas(pj: dict, claim_id: str):
    """Exact infeasibility certificate for an LMI without objective, or None."""
    import cvxpy as cp
    names, C, A, lin, _ = _float_data(pj)
    n = C.shape[0]
    Z = cp.Variable((n, n), symmetric=True)
    m = len(pj.get("linear_constant", []))
    w = cp.Variable(m) if m else None
    B = lin[1] if lin else {}

    def pairing(k):
        expr = cp.trace(A[k] @ Z) if k in A else 0
        if w is not None and k in B:
            expr = expr + B[k] @ w
        return expr

    cons = [Z >> 0, cp.trace(C @ Z) + (lin[0] @ w if w is not None else 0) == -1]
    for k in names:
        cons.append(pairing(k) <= 0 if k in pj["nonnegative"] else pairing(k) == 0)
    t = cp.Variable()
    prob = cp.Problem(cp.Maximize(t), cons + [Z >> t * np.eye(n), t <= 1])
    try:
        prob.solve(solver=cp.CLARABEL)
    except cp.error.SolverError:
        return None
    if prob.status not in ("optimal", "optimal_inaccurate") or t.value < -1e-9:
        return None
    for denominator in DENOMINATORS:
        Zq = [[_round(Z.value[i][j] if i <= j else Z.value[j][i], denominator) for j in range(n)] for i in range(n)]
        wq = [_round(x, denominator) for x in w.value] if w is not None else []
        cert = kernel.seal({"kind": "lmi-infeasible", "claim": claim_id, "problem": pj,
                            "producer": {"engine": engine_version(), "rounding_denominator": denominator},
                            "solution": {"Z": [[str(x) for x in r] for r in Zq], "w": [str(x) for x in wq]}})
        if kernel.verify_certificate(cert).ok:
            return cert
    return None


def lmi_certificate(problem: LMIProblem, *, path, what: str, claim_id: str = "") -> Evidence:
    """Prove the LMI feasible (and bound its objective) by a kernel-checked rational certificate."""
    path = Path(path)
    claim_id = claim_id or path.parent.name
    try:
        pj = problem.to_json()
    except ValueError as e:
        return Evidence(ERROR, "convex", f"malformed LMI problem: {e} — {what}", engine_version="")
    return _certified(path, pj, what, lambda: _produce_lmi(pj, claim_id))


def _produce_lmi(pj, claim_id):
    status, yf, info = _solve_lmi(pj)
    if status == "ok":
        for denominator in DENOMINATORS:
            values = _round_lmi(pj, yf, denominator)
            if values is not None:
                cert = _lmi_certificate_json(claim_id, pj, values, info, denominator)
                if kernel.verify_certificate(cert).ok:
                    return cert, info
        if info["min_eigenvalue"] >= 0 or "objective" in pj:
            return None, dict(info, reason="rounding did not give a certificate the kernel accepts")
        status = "infeasible"  # on or just outside the boundary: perhaps infeasible after all
    if status == "infeasible" and "objective" not in pj:
        cert = _farkas(pj, claim_id)
        if cert is not None:
            return cert, info
        return None, dict(info, reason="float solver reports infeasible; no exact Farkas certificate found")
    return None, dict(info, reason=f"float solver status: {status}")


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
        Qq = [[_round(Q.value[min(i, j), max(i, j)], denominator) for j in range(k)] for i in range(k)]
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
        if kernel.verify_certificate(cert).ok:
            return cert, info
    return None, dict(info, reason="rounding did not give a PSD Gram matrix (optimum on the cone's boundary?)")


# ---------------------------------------------------------------- storage and verdicts

def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _certified(path: Path, pj: dict, what: str, produce, kind: str = "lmi") -> Evidence:
    started = time.perf_counter()
    wanted = kernel.problem_hash(pj)
    produced = False
    info: dict = {}
    if path.exists():
        try:
            stored = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as e:
            return _verdict(ERROR, f"unreadable certificate: {e}", path, what, started)
        if not isinstance(stored, dict) or stored.get("digest") != kernel.digest_of(stored):
            return _verdict(ERROR, "certificate file has been tampered with (digest mismatch); "
                                   "delete it to re-derive it", path, what, started)
        cert = stored if stored.get("problem_sha256") == wanted else None
    else:
        cert = None
    if cert is None:
        try:
            cert, info = produce()
        except ImportError as e:
            return _verdict(ERROR, f"solver missing: {e}", path, what, started)
        if cert is None:
            return _verdict(UNKNOWN, f"no certificate: {info.get('reason')}", path, what, started,
                            details={"producer": info, "solver_called": True})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cert, indent=1, sort_keys=True) + "\n")
        produced = True
    result = kernel.verify(path)
    details = {"kernel": result.reason, "kernel_checks": result.checks, "solver_called": produced}
    if info:
        details["producer"] = info
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
                             "interior": "max min-eigenvalue at objective within relative 1e-6"},
                    certificate=_relative(path), details=details, trust=list(trust))
