"""The untrusted float search for LMI certificates (used by `checkers.convex`; nothing here is evidence).

Upper bounds: minimise with Clarabel (again in a power-of-two balanced basis if the first solve's S and Z are
graded), polish the minimiser onto the optimal face and move it towards one interior point by a relative objective
slack (1e-6 first, widened 10x per failed rounding), or else take the interior point of each slack; round relative
to the data's scale, restore the equalities exactly, screen in floating point, and hand the kernel one candidate
per rounding. Lower bounds (capped problems): the minimisation's own dual point, Gauss-Newton polished on its active
set, mixed with a point deep inside the dual feasible set, rounded entry by entry. Objective-less problems without
an interior point: a Farkas point with margins. Only the exact kernel's acceptance turns a candidate into a proof.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from checkers import kernel
from checkers.clarabel_lmi import OK, FloatLMI, svec_index, unsvec

DENOMINATORS = (10**10, 10**12, 10**8, 10**6)
#: for points with tiny margins: a polished face point moved a little inwards, a Farkas point near the optimum
FINE_DENOMINATORS = (10**12, 10**14, 10**16)
#: relative objective slack of the interior point: start, factor per failed rounding, last
SLACK = (1e-6, 10.0, 1e-2)
FAR_SLACK = 1e-3      # the interior point the polished optimum is moved towards
NEAR_BOUNDARY = 1e-6  # a min-eigenvalue this close below 0 may still round to an exact certificate
#: bits of the PSD hints R (S - R^T R / 4^HINT_BITS must be diagonally dominant)
HINT_BITS = 60


def _engine() -> str:
    from checkers.convex import engine_version
    return engine_version()


# ---------------------------------------------------------------- exact linear algebra

def _solve_exact(rows: list, columns: list) -> dict | None:
    """Exact solution of the square system sum_j rows[i][j] x_j = rhs_i (rows: ({col: a}, rhs)),
    or None if it is singular; Gaussian elimination in Fractions on sparse rows."""
    eqs = [(dict(a), r) for a, r in rows]
    pivots = []
    for col in columns:
        best = max((i for i in range(len(eqs)) if i not in {p for p, _ in pivots} and eqs[i][0].get(col)),
                   key=lambda i: abs(eqs[i][0][col]), default=None)
        if best is None:
            return None
        a, r = eqs[best]
        inv = 1 / a[col]
        a = {k: x * inv for k, x in a.items()}
        r *= inv
        eqs[best] = (a, r)
        for i, (b, s) in enumerate(eqs):
            if i != best and b.get(col):
                f = b[col]
                for k, x in a.items():
                    b[k] = b.get(k, Fraction(0)) - f * x
                    if not b[k]:
                        del b[k]
                eqs[i] = (b, s - f * r)
        pivots.append((best, col))
    return {col: eqs[i][1] for i, col in pivots}


def _independent(columns: np.ndarray, wanted: int) -> list:
    """Indices of the first `wanted` linearly independent columns, in order (Gram-Schmidt, float test)."""
    chosen, Q = [], np.zeros((columns.shape[0], 0))
    for j in range(columns.shape[1]):
        v = columns[:, j]
        norm = np.linalg.norm(v)
        if not norm:
            continue
        for _ in range(2):
            v = v - Q @ (Q.T @ v)
        if np.linalg.norm(v) > 1e-9 * norm:
            chosen.append(j)
            Q = np.hstack([Q, (v / np.linalg.norm(v))[:, None]])
            if len(chosen) == wanted:
                break
    return chosen


def _restore_equalities(values: dict, equations: list, support: set) -> dict | None:
    """Make every equation hold exactly by re-solving for one basic variable per independent
    equation, keeping every other rounded value.

    equations: list of (coefficients {name: Fraction}, constant), meaning
    constant + sum coefficients[name] * values[name] == 0. The basic variables are the largest in
    `support` that keep the equations independent, so they have the most room to absorb the rounding
    error without changing sign; the denominators stay those of the data and the rounding (a least-norm
    projection would make them hundreds of digits long)."""
    if not equations:
        return dict(values)
    columns = sorted(support, key=lambda k: (-abs(values[k]), k))
    used = [k for k in columns if any(k in c for c, _ in equations)]
    M = np.array([[float(c.get(k, 0)) for k in used] for c, _ in equations]).reshape(len(equations), len(used))
    rank = np.linalg.matrix_rank(M) if M.size else 0
    basis = [used[j] for j in _independent(M, rank)]
    rows = [({k: coeffs[k] for k in basis if coeffs.get(k)},
             -c - sum(a * values[k] for k, a in coeffs.items() if k not in basis)) for coeffs, c in equations]
    keep = _independent(np.array([[float(a.get(k, 0)) for k in basis] for a, _ in rows]).reshape(len(rows), len(basis)).T,
                        len(basis))
    solved = _solve_exact([rows[i] for i in keep], basis)
    if solved is None:
        return None
    out = dict(values)
    out.update(solved)
    if any(c + sum(a * out[k] for k, a in coeffs.items()) for coeffs, c in equations):
        return None  # inconsistent: the support cannot satisfy the equalities
    return out


SNAP = 1e-12  # entries below SNAP times the largest are taken to be exact zeros


def _unit(values) -> int:
    """A power of ten that brings the largest |value| to [1, 10): rounding is relative to the data's scale."""
    top = max((abs(x) for x in values), default=0.0)
    return 10 ** max(0, -math.floor(math.log10(top))) if top else 1


def _round(x: float, denominator: int, snap: float = 0.0) -> Fraction:
    """Nearest multiple of 1/denominator; |x| <= snap becomes 0 (solvers leave tiny noise where the exact
    certificate has zeros, as on faces of the PSD cone). A common denominator keeps the kernel's sums short."""
    return Fraction(0) if abs(x) <= snap else Fraction(round(x * denominator), denominator)


# ---------------------------------------------------------------- LMI

def solve_float(problem: LMIProblem, interior: bool = True) -> dict:
    """The untrusted float solution alone (for benchmarks and diagnostics; never evidence):
    {"status", "multipliers", "float_optimum" (with an objective), "min_eigenvalue" (interior)}.
    interior=False stops after minimising the objective."""
    fl = FloatLMI(problem.exact())
    info = {"solver": "CLARABEL"}
    bound = None
    if fl.c.any():
        status, y, value, _ = fl.minimise()
        info.update(phase1_status=status, float_optimum=value)
        if not interior:
            return dict(info, status=status, multipliers=dict(zip(fl.names, y.tolist())))
        bound = value + SLACK[0] / 2 * abs(value)
    status, y, t, _ = fl.interior(bound)
    return dict(info, status=status, min_eigenvalue=t, multipliers=dict(zip(fl.names, y.tolist())))


def _refine(fl, y: np.ndarray, targets: list) -> np.ndarray:
    """Remove the solver's residual: the least change of y, relative to each multiplier (so none changes
    sign), with S_b(y') equal to the PSD targets and the equalities holding, in floating point. The solver's
    residual (~1e-10) is larger than the margin of an interior point at a small slack."""
    weights = np.abs(y)
    weights[fl.nonnegative[y[fl.nonnegative] <= 0]] = 0.0
    rows, rhs = [], []
    for (m, C, A), T in zip(fl.blocks, targets):
        i, j, scale = svec_index(m)
        rows.append(A.toarray()), rhs.append(T[i, j] * scale - C - A @ y)
    if fl.B.shape[0]:
        rows.append(fl.B.toarray()), rhs.append(-(fl.B @ y + fl.v))
    delta = np.linalg.lstsq(np.vstack(rows) * weights, np.concatenate(rhs), rcond=None)[0]
    return y + weights * delta


def _round_lmi(problem: LMIProblem, y, denominator: int) -> dict | None:
    """Round to multiples of 1/(denominator * unit) (unit: the data's scale), tiny non-negative multipliers to 0,
    then restore the equalities exactly (re-solving for basic multipliers, dropping any that turn negative)."""
    nonneg = set(problem.nonnegative)
    unit, top = _unit(y), float(np.max(np.abs(y), initial=0.0))
    values = {k: (Fraction(0) if k in nonneg and v <= SNAP * top else _round(v, denominator * unit, SNAP * top))
              for k, v in zip(problem.multipliers, y)}
    if problem.linear_constant is None:
        return values
    B = problem.linear_coefficients or {}
    equations = [({k: b[i] for k, b in B.items() if b.get(i)}, c) for i, c in enumerate(problem.linear_constant)]
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


def psd_hint(S: np.ndarray):
    """A hint for the kernel: exponents e with diag(2^e) S diag(2^e) of unit diagonal (within a factor 2) and R
    (upper triangular, integers over 2^HINT_BITS), the float Cholesky factor of that matrix minus delta I (delta half
    its smallest eigenvalue), so that the remainder is diagonally dominant; None if S is not safely positive
    definite in floating point."""
    S = (S + S.T) / 2
    m, diagonal = len(S), np.diag(S)
    if not np.all(diagonal > 0):
        return None
    e = -np.round(np.log2(np.sqrt(diagonal))).astype(int)
    scaled = S * np.outer(2.0**e, 2.0**e)
    delta = float(np.linalg.eigvalsh(scaled)[0]) / 2
    if not delta > 64 * m * m * np.finfo(float).eps * max(1.0, float(np.abs(scaled).max())):
        return None
    try:
        R = np.linalg.cholesky(scaled - delta * np.eye(m)).T
    except np.linalg.LinAlgError:
        return None
    return {"scale": HINT_BITS, "R": [[int(round(x * 2.0**HINT_BITS)) for x in row] for row in np.triu(R)],
            "exponents": [int(x) for x in e]}


def _screen(fl, y_exact, names) -> tuple[bool, list, float]:
    """Float screen of a rounded candidate: (every block's min eigenvalue > 0, hints, min eigenvalue), in the float
    layer's balanced basis; each hint's exponents are then those of diag(2^e) S diag(2^e) in the problem's basis."""
    y = np.array([float(y_exact[k]) for k in names])
    mats = fl.matrices(y)
    lows = [float(np.linalg.eigvalsh(M)[0]) for M in mats]
    hints = [psd_hint(M) for M in mats]
    for hint, e in zip(hints, fl.exponents):
        if hint is not None:
            hint["exponents"] = [int(a + b) for a, b in zip(hint["exponents"], e)]
    return min(lows) > 0, hints, min(lows)


def _lmi_certificate_json(claim_id, pj, values, info, hints):
    cert = {"kind": "lmi", "claim": claim_id, "problem": pj,
            "producer": {"engine": _engine(), **info},
            "solution": {"multipliers": {k: str(values[k]) for k in pj["multipliers"]}, "hints": hints}}
    if "objective" in pj:
        cert["solution"]["value"] = str(sum((Fraction(c) * values[k] for k, c in pj["objective"].items()),
                                            Fraction(0)))
    return kernel.seal(cert)


def _farkas(problem: LMIProblem, pj: dict, claim_id: str, point, info: dict):
    """Round a float point (Zs, w, margin) of the Farkas alternative and keep the first rounding the kernel
    accepts. Each entry is rounded relative to its own scale: Z_b = S Z~ S with S = diag(2^e_i) ~ sqrt(diag Z_b),
    Z~ rounded to 1/denominator (a worst case's basis vectors shrink geometrically); each w_i to its own power of
    ten. The free multipliers' equalities are then restored exactly."""
    Zs, w, margin = point
    free = [k for k in problem.multipliers if k not in set(problem.nonnegative)]
    exps = [np.round(np.log2(np.sqrt(np.maximum(np.diag(Z), 1e-300)))).astype(int) for Z in Zs]
    for denominator in FINE_DENOMINATORS:
        Zq = []
        for Z, e in zip(Zs, exps):
            S = [Fraction(2) ** int(k) for k in e]
            Zq.append([[_round(Z[min(i, j), max(i, j)] / float(S[i] * S[j]), denominator) * S[i] * S[j]
                        for j in range(len(Z))] for i in range(len(Z))])
        wq = [_round(x, denominator * _unit([x])) for x in w]
        if problem.cap is not None:
            wq[-1] = Fraction(-1)
        if free:
            Zq, wq = _restore_farkas(problem, Zq, wq, free)
            if Zq is None:
                continue
        hints = [psd_hint(np.array([[float(x) for x in row] for row in Z])) for Z in Zq]
        cert = kernel.seal({"kind": "lmi-infeasible", "claim": claim_id, "problem": pj,
                            "producer": {"engine": _engine(), **info, "rounding_denominator": denominator},
                            "solution": {"Z": [[[str(x) for x in r] for r in Z] for Z in Zq],
                                         "w": [str(x) for x in wq], "hints": hints}})
        result = kernel.verify_certificate(cert)
        if result.ok:
            return (cert, result), dict(info, rounding_denominator=denominator)
        info.setdefault("rejected", []).append({"denominator": denominator, "kernel": result.reason})
    return None, dict(info, reason="rounding did not give a Farkas certificate the kernel accepts")


def _capped_point(problem: LMIProblem, solved) -> tuple:
    """A point of the capped problem's Farkas alternative with margins: (1 - theta) (Z*, w*) + theta (Z_c, w_c),
    (Z*, w*) the dual point of the minimisation (objective D* > cap), (Z_c, w_c) a point deep inside the
    dual feasible set (margin t_c), theta half the largest value that keeps the objective above the cap.
    Returns ((Zs, w + [-1], theta t_c), info) or (None, info)."""
    status = solved.minimum[0]
    fl, Z1, w1 = solved.polished
    cstatus, Z2, w2, t2 = solved.center
    cap = float(problem.cap)
    objective = lambda Zs, w: -float(fl.constant_row() @ _flat(Zs, w))
    D1, D2 = objective(Z1, w1), objective(Z2, w2)
    info = {"minimise_status": status, "dual_objective": D1, "center_status": cstatus, "center_margin": t2}
    if status not in OK or cstatus not in OK or not t2 > 0 or not D1 > cap:
        return None, dict(info, reason=f"no dual point above the cap {cap:.6g} (dual objective {D1:.6g}, "
                                       f"center margin {t2:.3g})")
    theta = 0.5 * min(1.0, (D1 - cap) / (D1 - D2)) if D2 < D1 else 0.5
    Zs = fl.unscaled([(1 - theta) * a + theta * b for a, b in zip(Z1, Z2)])
    return (Zs, list((1 - theta) * w1 + theta * w2) + [-1.0], theta * t2), dict(info, theta=theta)


def _lstsq(J, r):
    """Least-norm least squares, singular values below eps max(J.shape) of the largest dropped (as numpy's)."""
    import scipy.linalg
    return scipy.linalg.lstsq(J, r, cond=np.finfo(float).eps * max(J.shape), lapack_driver="gelsy",
                              check_finite=False)[0]


def _dense_columns(fl, columns) -> list:
    """The matrices A_ib of the given multipliers, one array per block (columns x m x m)."""
    return [np.array([unsvec(A[:, i].toarray().ravel(), m) for i in columns]).reshape(len(columns), m, m)
            for m, _, A in fl.blocks]


def _active(fl, y, Zs, w, ratio: float) -> np.ndarray:
    """The free multipliers and the active constraints by complementarity: y_i / max y exceeds `ratio` times the
    dual slack c_i - p_i(Z, w) relative to its terms."""
    _, nu = fl.natural_scale(Zs, w)
    slack = ((fl.c - fl.pairing_rows() @ _flat(Zs, w)) / nu)[fl.nonnegative]
    multiplier = y[fl.nonnegative] / max(float(np.max(y[fl.nonnegative], initial=0.0)), 1e-300)
    return np.union1d(fl.free, fl.nonnegative[multiplier > ratio * np.abs(slack)])


def _polish_dual(fl, y, Zs, w, steps=12):
    """Gauss-Newton on the solver's dual point: Z_b = U_b U_b^T (U_b its leading eigenvectors at a numerical
    rank: eigenvalues above 1e-7, 1e-10 or 1e-13 of the largest), w free, solving p_i(Z, w) = c_i to double precision
    for the free constraints and the active ones (complementarity: the multiplier y_i, relative to the largest,
    exceeds `ratio` times the slack c_i - p_i relative to its terms; ratio 1e6, 1e3 or 1e9). The solver leaves
    residuals ~1e-9 of the terms, larger than a lower bound's margin. Of the polishes that move the objective
    by under 1e-6 (relative), the one with the least largest excess p_i - c_i (relative to its terms) is kept
    if that is below the solver's (the first below 1e-14 at once); otherwise the input is returned."""
    _, nu = fl.natural_scale(Zs, w)
    rows = fl.pairing_rows()

    def excess(x):
        e = (rows @ x - fl.c) / nu
        return max(float(np.abs(e[fl.free]).max(initial=0.0)), float(e[fl.nonnegative].max(initial=0.0)))
    start = _flat(Zs, w)
    objective = -float(fl.constant_row() @ start)
    candidates = _active(fl, y, Zs, w, 1e3)
    dense = _dense_columns(fl, candidates)
    B_all = fl.B.toarray().T[candidates] if fl.B.shape[0] else np.zeros((len(candidates), 0))
    spectra = [np.linalg.eigh(Z) for Z in Zs]
    best, best_excess = (Zs, w), excess(start)
    tried = set()                      # a (ranks, active set) pair already polished gives the same point again
    for rank_tol in (1e-7, 1e-10, 1e-13):
        kept = [values > rank_tol * max(values[-1], 0.0) for values, _ in spectra]
        factors = [vectors[:, keep] * np.sqrt(values[keep]) for (values, vectors), keep in zip(spectra, kept)]
        for ratio in (1e6, 1e3, 1e9):
            chosen = np.isin(candidates, _active(fl, y, Zs, w, ratio))
            key = (tuple(int(keep.sum()) for keep in kept), chosen.tobytes())
            if not chosen.any() or key in tried:
                continue
            tried.add(key)
            As, B, c = [A[chosen] for A in dense], B_all[chosen], fl.c[candidates[chosen]]
            Us, v = [U.copy() for U in factors], w.copy()
            for _ in range(steps):
                r = sum(np.einsum("ijk,jl,kl->i", A, U, U) for A, U in zip(As, Us)) + B @ v - c
                if np.abs(r).max(initial=0.0) < 1e-16:             # converged (the terms are at most ~1)
                    break
                J = np.hstack([np.einsum("ijk,kl->ijl", 2 * A, U).reshape(len(c), -1) for A, U in zip(As, Us)] + [B])
                delta, at = _lstsq(J, -r), 0
                for k, U in enumerate(Us):
                    Us[k] = U + delta[at:at + U.size].reshape(U.shape)
                    at += U.size
                v = v + delta[at:]
            polished = [U @ U.T for U in Us]
            x = _flat(polished, v)
            if abs(-float(fl.constant_row() @ x) - objective) < 1e-6 * abs(objective) and excess(x) < best_excess:
                best, best_excess = (polished, v), excess(x)
                if best_excess < 1e-14:
                    return (*best, best_excess)
    return (*best, best_excess)


def _polish_primal(fl, y, optimum: float, dual_point, steps=12):
    """Gauss-Newton on the minimiser: the inactive multipliers (complementarity with the polished dual point, see
    `_active`; ratio 1e6, 1e3 or 1e9) set to 0, the active ones and U_b (the eigenvectors of S_b(y) below 1e-7 of
    its largest eigenvalue) solving S_b(y) U_b = 0 and the equalities to double precision (gauge U0_b^T U_b = I).
    The result lies on the optimal face with S_b exactly singular along U_b and its other eigenvalues untouched, so
    a small step towards an interior point gives a margin that does not drown in the solver's residual (~1e-10).
    Of the polishes that converge, keep every sign and move the objective by under 1e-3, the lowest objective is
    returned (the slacks below its move are then skipped), or None."""
    U0 = []
    for S in fl.matrices(y):
        values, vectors = np.linalg.eigh(S)
        U0.append(vectors[:, values < 1e-7 * np.abs(values).max()])
    best = None
    for ratio in (1e6, 1e3, 1e9):
        candidate = _face_point(fl, y.copy(), _active(fl, y, *dual_point, ratio), U0, steps)
        if candidate is not None and abs(float(fl.c @ candidate) - optimum) < 1e-3 * abs(optimum) and \
                (best is None or fl.c @ candidate < fl.c @ best):
            best = candidate
    return best


def _face_point(fl, y, active, U0, steps):
    """Gauss-Newton for (y_active, U): S_b(y) U_b = 0, B y + v = 0, U0_b^T U_b = I, the other y_i = 0; the point
    if it converges to 1e-13 with S_b PSD (to 1e-12) and no negative multiplier, else None (also when no multiplier
    is active: there is nothing to move)."""
    if len(active) == 0:
        return None
    y = np.where(np.isin(np.arange(fl.K), active), y, 0.0)
    As = _dense_columns(fl, active)
    B = fl.B.toarray()[:, active] if fl.B.shape[0] else np.zeros((0, len(active)))
    Us, ya = [U.copy() for U in U0], y[active].copy()
    for _ in range(steps):
        y[active] = ya
        Ss = fl.matrices(y)
        r = np.concatenate([(S @ U).ravel() for S, U in zip(Ss, Us)] + [B @ ya + fl.v]
                           + [(V.T @ U - np.eye(U.shape[1])).ravel() for V, U in zip(U0, Us)])
        if np.abs(r).max(initial=0.0) < 1e-16:
            break
        blocks_y = [np.einsum("kij,jl->ilk", A, U).reshape(-1, len(active)) for A, U in zip(As, Us)]
        J = np.zeros((len(r), len(active) + sum(U.size for U in Us)))
        row, col = 0, len(active)
        for S, U, Jy in zip(Ss, Us, blocks_y):
            J[row:row + U.size, :len(active)] = Jy
            J[row:row + U.size, col:col + U.size] = np.kron(S, np.eye(U.shape[1]))
            row, col = row + U.size, col + U.size
        J[row:row + len(fl.v), :len(active)] = B
        row, col = row + len(fl.v), len(active)
        for V, U in zip(U0, Us):
            q = U.shape[1]
            J[row:row + q * q, col:col + U.size] = np.kron(V.T, np.eye(q))
            row, col = row + q * q, col + U.size
        delta = _lstsq(J, -r)
        ya = ya + delta[:len(active)]
        at = len(active)
        for k, U in enumerate(Us):
            Us[k] = U + delta[at:at + U.size].reshape(U.shape)
            at += U.size
    y[active] = ya
    Ss = fl.matrices(y)
    scale = max(1.0, max(float(np.abs(S).max()) for S in Ss))
    residual = max([float(np.abs(S @ U).max(initial=0.0)) for S, U in zip(Ss, Us)]
                   + [float(np.abs(fl.B @ y + fl.v).max(initial=0.0))])
    lowest = min(float(np.linalg.eigvalsh(S)[0]) for S in Ss)
    if residual < 1e-13 * scale and lowest > -1e-12 * scale and np.all(y[fl.nonnegative] >= 0):
        return y
    return None


def _flat(Zs, w) -> np.ndarray:
    """[svec Z_b ..., w]."""
    return np.concatenate([Z[svec_index(len(Z))[:2]] * svec_index(len(Z))[2] for Z in Zs] + [w])


def _balancing(fl, minimum, spread=1e3):
    """Power-of-two exponents e_b with diag(2^e) (S_b, Z_b^-1) balanced: 2^(4 e_i) ~ Z_ii / S_ii, so that S~ and
    Z~ = diag(2^-e) Z diag(2^-e) have the diagonal sqrt(S_ii Z_ii); None if every block's diagonals of S and Z
    already vary by less than `spread` (a worst case whose iterates shrink geometrically grades both)."""
    status, y, _, (Zs, _) = minimum
    if status not in OK:
        return None
    exponents, graded = [], False
    for S, Z in zip(fl.matrices(y), Zs):
        s, z = np.diag(S), np.diag(Z)
        if not (np.all(s > 0) and np.all(z > 0)):
            return None
        graded |= s.max() / s.min() > spread or z.max() / z.min() > spread
        exponents.append(np.round(np.log2(z / s) / 4).astype(int))
    return exponents if graded else None


class _Solved:
    """The float data of one problem with its minimisation, kept while its bounds are derived (upper bound, then
    capped lower bounds). A graded problem is solved twice: as given, and in a balanced basis (`_balancing`); the
    upper bound uses the balanced solve, the lower bounds the dual point that polishes best of the two."""

    def __init__(self, problem: LMIProblem):
        from checkers.clarabel_lmi import FloatLMI
        self.solves = [(FloatLMI(problem), None)]
        if problem.objective:
            fl = self.solves[0][0]
            self.solves = [(fl, fl.minimise())]
            exponents = _balancing(fl, self.solves[0][1])
            if exponents is not None:
                balanced = FloatLMI(problem, exponents)
                self.solves.append((balanced, balanced.minimise()))
        self.fl, self.minimum = self.solves[-1]
        self.problem = problem
        self._center = self._polished = self._face = None

    @property
    def polished(self):
        """(fl, Zs, w): the solves' dual points polished by `_polish_dual`; of those that hold to 1e-11 of their
        terms the one with the highest objective (a graded plain solve can be far off), else the least excess.
        While none holds, the last solve is balanced again (twice at most: each pass refines the scales)."""
        if self._polished is None:
            candidates = []
            for fl, (status, y, _, (Zs, w)) in self.solves:
                if status in OK:
                    Zp, wp, excess = _polish_dual(fl, y, Zs, w)
                    candidates.append((excess, -float(fl.constant_row() @ _flat(Zp, wp)), fl, Zp, wp))
            for _ in range(2):
                if any(c[0] < 1e-11 for c in candidates) or self.minimum[0] not in OK:
                    break
                step = _balancing(self.fl, self.minimum, spread=1.0)
                if step is None or not any(e.any() for e in step):
                    break
                fl = FloatLMI(self.problem, [a + b for a, b in zip(self.fl.exponents, step)])
                self.solves.append((fl, fl.minimise()))
                self.fl, self.minimum = self.solves[-1]
                status, y, _, (Zs, w) = self.minimum
                if status in OK:
                    Zp, wp, excess = _polish_dual(fl, y, Zs, w)
                    candidates.append((excess, -float(fl.constant_row() @ _flat(Zp, wp)), fl, Zp, wp))
            good = [c for c in candidates if c[0] < 1e-11]
            best = max(good, key=lambda c: c[1]) if good else min(candidates, key=lambda c: c[0], default=None)
            self._polished = best[2:] if best else (self.fl, *self.minimum[3])
        return self._polished

    def dual_point(self, fl):
        """The polished dual point in fl's basis."""
        source, Zs, w = self.polished
        return [Z * np.outer(2.0 ** (a - b), 2.0 ** (a - b)) for Z, a, b in zip(Zs, source.exponents, fl.exponents)], w

    @property
    def face(self):
        """The minimiser polished onto the optimal face (see `_polish_primal`), or None."""
        if self._face is None:
            status, y, optimum, _ = self.minimum
            self._face = (_polish_primal(self.fl, y.copy(), optimum, self.dual_point(self.fl)),)
        return self._face[0]

    @property
    def center(self):
        """A point deep inside the dual feasible set (in the polished dual point's basis), its margins in the
        units of that point."""
        if self._center is None:
            fl, Zs, w = self.polished
            self._center = fl.dual(scale=fl.natural_scale(Zs, w))
        return self._center


_SOLVED: dict = {}


def _solved(problem: LMIProblem, pj: dict) -> _Solved:
    key = kernel.problem_hash(pj)
    if key not in _SOLVED:
        if len(_SOLVED) >= 4:
            _SOLVED.pop(next(iter(_SOLVED)))
        _SOLVED[key] = _Solved(problem)
    return _SOLVED[key]


def _restore_farkas(problem, Zq, wq, free):
    """Make <A_i, Z> + w.b_i = 0 hold exactly for the free multipliers by re-solving for a few
    entries of Z (upper entries, mirrored) and of w."""
    unknowns = {}
    for b, Z in enumerate(Zq):
        for i in range(len(Z)):
            for j in range(i, len(Z)):
                unknowns[("Z", b, i, j)] = Z[i][j]
    for i, x in enumerate(wq):
        unknowns[("w", i)] = x
    equations = []
    pairings = [_pairing_coefficients(block) for block in problem.blocks]
    B = problem.linear_coefficients or {}
    for k in free:
        coeffs = {}
        for b, pairing in enumerate(pairings):
            for (i, j), a in pairing.get(k, {}).items():
                coeffs[("Z", b, i, j)] = coeffs.get(("Z", b, i, j), Fraction(0)) + a
        for i, a in B.get(k, {}).items():
            coeffs[("w", i)] = coeffs.get(("w", i), Fraction(0)) + a
        equations.append(({u: a for u, a in coeffs.items() if a}, Fraction(0)))
    out = _restore_equalities(unknowns, equations, set(unknowns))
    if out is None:
        return None, None
    Zr = [[[out[("Z", b, min(i, j), max(i, j))] for j in range(len(Z))] for i in range(len(Z))] for b, Z in enumerate(Zq)]
    return Zr, [out[("w", i)] for i in range(len(wq))]


def _pairing_coefficients(block: LMIBlock) -> dict:
    """{name: {(i, j): a}} with <A_k, Z> = sum a * Z_ij over the upper entries (i <= j) of a symmetric Z."""
    m = block.size
    V = [[Fraction(int(i == j)) for j in range(m)] for i in range(m)] if block.vectors is None else block.vectors
    out = {}
    for k, W in block.coefficients.items():
        A = {}
        for (a, b), c in W.items():
            for i, x in enumerate(V[a]):
                for j, z in enumerate(V[b]):
                    if x and z:
                        for key in ((i, j), (j, i)) if a != b else ((i, j),):
                            key = (min(key), max(key))
                            A[key] = A.get(key, Fraction(0)) + c * x * z
        out[k] = {key: a for key, a in A.items() if a}
    return out


def produce_lmi(problem: LMIProblem, pj, claim_id):
    """Float solve (Clarabel), interior point at an adaptive objective slack, the solver's residual removed,
    rounding relative to the data's scale screened in floating point, the exact kernel run once per screened
    candidate. A capped problem: the Farkas point from the minimisation's dual. Without an objective and an
    interior point: an exact Farkas certificate. Returns ((cert, kernel result), info) or (None, info)."""
    info = {"solver": "CLARABEL"}
    if problem.cap is not None:
        parent = _solved(problem.parent, problem.parent.to_json())
        point, info = _capped_point(problem, parent)
        info["solver"] = "CLARABEL"
        if point is not None:
            return _farkas(problem, pj, claim_id, point, info)
        if parent.minimum[0] in OK and parent.minimum[2] > float(problem.cap):
            return None, info              # the float optimum is above the cap, but no exact certificate came out
    solved = _solved(problem, pj)          # (a cap at or above the float optimum: the capped LMI may be feasible)
    optimum = None
    if problem.objective:
        dual_fl, Zs, w = solved.polished              # first: it may re-balance, settling the solve used below
        status, _, optimum, _ = solved.minimum
        info.update(phase1_status=status, float_optimum=optimum, float_dual_optimum=-float(dual_fl.constant_row() @ _flat(Zs, w)))
        if status not in OK:
            return None, dict(info, reason=f"float solver status: {status}")
    fl, tried = solved.fl, []
    if optimum is not None and solved.face is not None:         # the face point moved towards one interior point
        status, y_far, t, targets = fl.interior(optimum * (1 + FAR_SLACK / 2))
        tried.append({"slack": FAR_SLACK, "status": status, "min_eigenvalue": t, "face": True})
        if status in OK and t > 0:
            y_face = solved.face
            slack = SLACK[0]
            while slack < FAR_SLACK:
                theta = (optimum * (1 + slack / 2) - fl.c @ y_face) / (fl.c @ (y_far - y_face))
                info.update(slack=slack, attempts=tried, theta=float(theta))
                if theta > 0:
                    found = _round_and_check(problem, pj, claim_id, fl, (1 - theta) * y_face + theta * y_far,
                                             slack, optimum, info, tried, FINE_DENOMINATORS)
                    if found:
                        return found
                slack = float(f"{slack * SLACK[1]:.0e}")
    slack = SLACK[0]
    while True:
        bound = None if optimum is None else optimum + (slack / 2 * abs(optimum) or slack)   # room for the rounding
        status, y, t, targets = fl.interior(bound)
        tried.append({"slack": slack, "status": status, "min_eigenvalue": t})
        info.update(interior_status=status, min_eigenvalue=t, slack=slack if optimum is not None else None,
                    attempts=tried)
        if status not in OK or (optimum is None and t < -NEAR_BOUNDARY):
            break
        if t > 0:
            y = _refine(fl, y, targets)
        found = _round_and_check(problem, pj, claim_id, fl, y, slack, optimum, info, tried, DENOMINATORS)
        if found:
            return found
        if optimum is None or slack >= SLACK[2]:
            break
        slack = float(f"{slack * SLACK[1]:.0e}")
    if optimum is not None:
        return None, dict(info, reason=f"rounding did not give a certificate the kernel accepts (slack up to {slack:g})")
    status, Zs, w, t = fl.farkas()
    info.update(farkas_status=status, farkas_margin=t)
    if status not in OK or Zs is None or not t > 0:
        return None, dict(info, reason=f"no certificate and no Farkas alternative (status {status}, margin {t:.3g})")
    return _farkas(problem, pj, claim_id, (fl.unscaled(Zs), w, t), info)


def _round_and_check(problem, pj, claim_id, fl, y, slack, optimum, info, tried, denominators):
    """Round y (relative to its scale), restore the equalities, screen in floating point, check the objective is
    within the slack, run the kernel: ((cert, result), info) for the first accepted rounding, or None."""
    for denominator in denominators:
        values = _round_lmi(problem, y, denominator)
        if values is None:
            continue
        ok, hints, low = _screen(fl, values, problem.multipliers)
        tried[-1].setdefault("screened", []).append({"denominator": denominator, "min_eigenvalue": low})
        if not ok and low < -1e-15:
            continue
        if optimum is not None:
            value = sum((c * values[k] for k, c in problem.objective.items()), Fraction(0))
            gap = float(value) / optimum - 1 if optimum else 0.0
            tried[-1]["screened"][-1]["relative_gap"] = gap
            if gap > slack:
                continue
            info["relative_gap"] = gap
        cert = _lmi_certificate_json(claim_id, pj, values, dict(info, rounding_denominator=denominator), hints)
        result = kernel.verify_certificate(cert)
        if result.ok:
            return (cert, result), dict(info, rounding_denominator=denominator)
    return None
