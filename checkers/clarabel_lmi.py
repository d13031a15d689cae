"""Floating-point LMI solves with Clarabel's own API (no modelling layer): untrusted candidates only.

An exact `convex.LMIProblem` (blocks S_b(y) = C_b + V_b^T (sum_i y_i W_i) V_b, equalities v + B y = 0,
y_i >= 0 where asked, objective c.y) is converted to floats once, straight from its rationals, and
kept in Clarabel's conic form  min q.x  s.t.  A x + s = b, s in K  (K: zero cone, non-negative cone,
PSD triangle cones, upper triangle column-wise with off-diagonal entries scaled by sqrt 2). The same
matrices serve every phase. Over y:
  minimise   min c.y                                       (the float optimum; its dual variables are a
                                                            point (Z, w) with <A_i, Z> + w.b_i <= c_i)
  interior   max t  s.t. S_b(y) >= t I, c.y <= bound, t <= 1        (a point deep inside the cone)
Over the alternative (Z_b, w), with the pairings p_i = <A_i, Z> + w.b_i and a right-hand side r_i:
  dual       max t  s.t. Z_b >= t I, p_i + t <= r_i (p_i = r_i for free y_i), sum tr Z_b <= 1, t <= 1
             r = c: a point deep inside the dual feasible set; r = 0 (no objective): see `farkas`
  farkas     max -(<C, Z> + w.v) = M with r = 0, t = 0 and sum tr Z_b = 1, then the `dual` point with
             <C, Z> + w.v <= -M/2 (margins on every condition of an exact Farkas certificate)
Nothing here is evidence: `convex` rounds the candidates and the exact kernel decides.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import scipy.sparse as sparse

SQRT2 = math.sqrt(2.0)
#: Clarabel tolerances: performance-estimation optima go down to 1e-5 and below, under the default absolute
#: gap tolerance (1e-8), and an interior point's margin is about slack * optimum / trace(worst-case Gram)
TOLERANCES = {"tol_gap_abs": 1e-14, "tol_gap_rel": 1e-10, "tol_feas": 1e-10}
OK = ("Solved", "AlmostSolved")


@lru_cache(maxsize=None)
def svec_index(m: int):
    """Row and column of each svec position and its scale (1 on the diagonal, sqrt 2 off it); read-only arrays,
    computed once per size."""
    rows, cols = np.triu_indices(m)
    order = np.lexsort((rows, cols))            # column-wise upper triangle
    rows, cols = rows[order], cols[order]
    index = (rows, cols, np.where(rows == cols, 1.0, SQRT2))
    for a in index:
        a.flags.writeable = False
    return index


def unsvec(x, m: int) -> np.ndarray:
    rows, cols, scale = svec_index(m)
    M = np.zeros((m, m))
    M[rows, cols] = x / scale
    M[cols, rows] = x / scale
    return M


def _svec_identity(m: int) -> np.ndarray:
    rows, cols, _ = svec_index(m)
    return (rows == cols).astype(float)


class FloatLMI:
    """The float data of one exact LMI problem, built once."""

    def __init__(self, problem, exponents=None):
        """exponents: optional integers e_b per block: every block is solved as diag(2^e) S_b diag(2^e) (a
        congruence: the same PSD-ness and multipliers; balances a basis whose vectors shrink geometrically)."""
        self.exponents = exponents or [np.zeros(b.size, dtype=int) for b in problem.blocks]
        self.names = list(problem.multipliers)
        index = {k: i for i, k in enumerate(self.names)}
        self.K = len(self.names)
        self.nonnegative = np.array(sorted(index[k] for k in problem.nonnegative), dtype=int)
        self.free = np.setdiff1d(np.arange(self.K), self.nonnegative)
        self.c = np.zeros(self.K)
        for k, ck in (problem.objective or {}).items():
            self.c[index[k]] = float(ck)
        v = problem.linear_constant or []
        self.v = np.array([float(x) for x in v])
        rows, cols, vals = [], [], []
        for k, col in (problem.linear_coefficients or {}).items():
            for i, x in col.items():
                rows.append(i), cols.append(index[k]), vals.append(float(x))
        self.B = sparse.csc_matrix((vals, (rows, cols)), shape=(len(v), self.K))
        self.blocks = [self._block(b, index, e) for b, e in zip(problem.blocks, self.exponents)]

    def _block(self, b, index, exponents):
        """(size, svec(C_b), A_b sparse with column i = svec(V^T W_i V)), congruence-scaled by diag(2^e)."""
        m = b.size
        rows, cols, scale = svec_index(m)
        scale = scale * 2.0 ** (np.asarray(exponents)[rows] + np.asarray(exponents)[cols])
        C = np.zeros((m, m))
        for (i, j), x in b.constant.items():
            C[i, j] += float(x)
            if i != j:
                C[j, i] += float(x)
        V = np.eye(m) if b.vectors is None else np.array([[float(x) for x in row] for row in b.vectors])
        pairs, entry_rows, entry_cols, entry_vals = {}, [], [], []
        for k, W in b.coefficients.items():
            for (a, c), x in W.items():
                p = pairs.setdefault((a, c), len(pairs))
                entry_rows.append(p), entry_cols.append(index[k]), entry_vals.append(float(x))
        if pairs:
            a, c = np.array(list(pairs)).T
            # svec(v_a v_c^T + v_c v_a^T) for a != c, svec(v_a v_a^T) for a = c
            outer = V[a][:, rows] * V[c][:, cols] + V[c][:, rows] * V[a][:, cols]
            outer[a == c] /= 2
            E = sparse.csr_matrix((entry_vals, (entry_cols, entry_rows)), shape=(self.K, len(pairs)))
            A = sparse.csc_matrix((E @ sparse.csr_matrix(outer * scale)).T)           # svec x K
        else:
            A = sparse.csc_matrix((len(rows), self.K))
        return m, C[rows, cols] * scale, A

    def _solve(self, q, A_parts, b_parts, cones):
        import clarabel
        settings = clarabel.DefaultSettings()
        settings.verbose = False
        for k, v in TOLERANCES.items():
            setattr(settings, k, v)
        A = sparse.vstack(A_parts, format="csc")
        P = sparse.csc_matrix((len(q), len(q)))
        solution = clarabel.DefaultSolver(P, q, A, np.concatenate(b_parts), cones, settings).solve()
        return str(solution.status), np.array(solution.x), np.array(solution.s), np.array(solution.z)

    # ------------------------------------------------------------ over y

    def _primal(self, t_col=False):
        """Rows of the multiplier problem: equalities, y >= 0, PSD blocks (S_b(y) - t I with t_col)."""
        import clarabel
        K, width = self.K, self.K + t_col
        nn = len(self.nonnegative)
        parts, rhs, cones = [], [], []
        if self.B.shape[0]:
            parts.append(sparse.hstack([self.B, sparse.csc_matrix((self.B.shape[0], width - K))]))
            rhs.append(-self.v), cones.append(clarabel.ZeroConeT(self.B.shape[0]))
        if nn:
            parts.append(sparse.csc_matrix((-np.ones(nn), (np.arange(nn), self.nonnegative)), shape=(nn, width)))
            rhs.append(np.zeros(nn)), cones.append(clarabel.NonnegativeConeT(nn))
        for m, C, A in self.blocks:
            block = sparse.hstack([-A, sparse.csc_matrix(_svec_identity(m)[:, None])]) if t_col else -A
            parts.append(block), rhs.append(C), cones.append(clarabel.PSDTriangleConeT(m))
        return parts, rhs, cones

    def minimise(self):
        """(status, y, optimum, (Z, w)): min c.y and the solver's dual point, which satisfies
        <A_i, Z> + w.b_i <= c_i (= c_i for free y_i) with -(<C, Z> + w.v) = the dual objective."""
        parts, rhs, cones = self._primal()
        status, x, _, z = self._solve(self.c, parts, rhs, cones)
        r, start = self.B.shape[0], self.B.shape[0] + len(self.nonnegative)
        Zs = []
        for m, C, _ in self.blocks:
            Zs.append(unsvec(z[start:start + len(C)], m))
            start += len(C)
        return status, x, float(self.c @ x), (Zs, -z[:r])

    def interior(self, bound=None):
        """(status, y, t, targets): max t with S_b(y) >= t I for every block, c.y <= bound, t <= 1;
        targets are unsvec(s_b) + t I of the solver's cone slacks s_b (PSD by construction: what S_b(y)
        is, up to the solver's residual)."""
        import clarabel
        parts, rhs, cones = self._primal(t_col=True)
        K = self.K
        extra, extra_rhs = [np.append(np.zeros(K), 1.0)], [1.0]
        if bound is not None:
            extra.append(np.append(self.c, 0.0)), extra_rhs.append(bound)
        at = len(parts) - len(self.blocks)
        parts.insert(at, sparse.csc_matrix(np.array(extra)))
        rhs.insert(at, np.array(extra_rhs))
        cones.insert(at, clarabel.NonnegativeConeT(len(extra)))
        q = np.zeros(K + 1)
        q[-1] = -1.0
        status, x, s, _ = self._solve(q, parts, rhs, cones)
        t, targets, end = float(x[-1]), [], len(s)
        for m, C, _ in reversed(self.blocks):
            targets.insert(0, unsvec(s[end - len(C):end], m) + t * np.eye(m))
            end -= len(C)
        return status, x[:K], t, targets

    # ------------------------------------------------------------ over the alternative (Z, w)

    def pairing_rows(self):
        """Row i: the coefficients of p_i = <A_i, Z> + w.b_i over [svec Z_b ..., w] (built once)."""
        if getattr(self, "_pairing", None) is None:
            self._pairing = sparse.hstack([A.T for _, _, A in self.blocks] + [self.B.T], format="csr")
        return self._pairing

    def constant_row(self) -> np.ndarray:
        """The coefficients of <C, Z> + w.v over [svec Z_b ..., w]."""
        return np.concatenate([C for _, C, _ in self.blocks] + [self.v])

    def _alternative(self, q, rhs, margin=True, extra=(), scale=None):
        """Solve over x~ = [svec Z~_b ..., w~, t] with x = E x~ (first part; E = `scale[0]`, default ones) and rows
        divided by nu (`scale[1]`): p~_i + t <= rhs_i / nu_i (nonneg; t only with margin), p~_i = rhs_i / nu_i
        (free), Z~_b - t I PSD, extra rows (row over x, cone "zero"/"nonneg", value). Returns (status, x, t):
        a margin t in the units E and nu (a worst case's basis vectors shrink geometrically: plain units would
        ask the solver for margins far below its accuracy)."""
        import clarabel
        sizes = [len(C) for _, C, _ in self.blocks]
        nz, r = sum(sizes), len(self.v)
        width = nz + r + 1
        E, nu = scale or (np.ones(nz + r), np.ones(self.K))
        pair = sparse.diags(1 / nu) @ self.pairing_rows() @ sparse.diags(E)
        pair = sparse.hstack([pair, sparse.csc_matrix((self.K, 1))], format="csr")
        nn = len(self.nonnegative)
        t_col = sparse.csc_matrix((np.ones(nn), (np.arange(nn), np.full(nn, width - 1))), shape=(nn, width))
        rows = {"zero": [pair[self.free]], "nonneg": [pair[self.nonnegative] + t_col if margin else pair[self.nonnegative]]}
        values = {"zero": [(rhs / nu)[self.free]], "nonneg": [(rhs / nu)[self.nonnegative]]}
        for row, cone, value in extra:
            row = np.append(row, np.zeros(width - len(row)))
            row[:nz + r] *= E
            rows[cone].append(sparse.csc_matrix(row[None, :]))
            values[cone].append(np.array([value]))
        parts = [sparse.vstack(rows["zero"]), sparse.vstack(rows["nonneg"])]
        b = [np.concatenate(values["zero"]), np.concatenate(values["nonneg"])]
        cones = [clarabel.ZeroConeT(parts[0].shape[0]), clarabel.NonnegativeConeT(parts[1].shape[0])]
        start = 0
        for (m, _, _), size in zip(self.blocks, sizes):
            M = sparse.lil_matrix((size, width))
            M[np.arange(size), start + np.arange(size)] = -1.0
            if margin:
                M[:, width - 1] = _svec_identity(m)[:, None]
            parts.append(M.tocsc()), b.append(np.zeros(size)), cones.append(clarabel.PSDTriangleConeT(m))
            start += size
        q = np.append(q[:nz + r] * E, q[nz + r:])
        status, x, _, _ = self._solve(q, parts, b, cones)
        return status, np.append(x[:nz + r] * E, x[nz + r:])

    def _split(self, x):
        """[svec Z_b ..., w, t] -> (Zs, w, t)."""
        Zs, start = [], 0
        for m, C, _ in self.blocks:
            Zs.append(unsvec(x[start:start + len(C)], m))
            start += len(C)
        return Zs, x[start:start + len(self.v)], float(x[-1])

    def _trace_row(self):
        return np.concatenate([_svec_identity(m) for m, _, _ in self.blocks] + [np.zeros(len(self.v))])

    def _t_row(self):
        row = np.zeros(sum(len(C) for _, C, _ in self.blocks) + len(self.v) + 1)
        row[-1] = 1.0
        return row

    def dual(self, rhs=None, extra=(), scale=None):
        """(status, Zs, w, t): max t with Z~_b >= t I, p~_i + t <= rhs~_i (= for free y_i), sum tr Z~_b <= sum of
        the sizes, t <= 1, in the units `scale` (see `_alternative`; default plain): a point deep inside {p <= rhs};
        rhs defaults to c (the dual feasible set)."""
        rhs = self.c if rhs is None else rhs
        q = np.zeros(sum(len(C) for _, C, _ in self.blocks) + len(self.v) + 1)
        q[-1] = -1.0
        E = scale[0] if scale else np.ones(len(q) - 1)
        trace = self._trace_row() / np.where(E > 0, E, 1.0)       # sum tr Z~ over x = E x~
        status, x = self._alternative(q, rhs, scale=scale,
                                      extra=[(trace, "nonneg", float(sum(m for m, _, _ in self.blocks))),
                                             (self._t_row(), "nonneg", 1.0), *extra])
        return (status, *self._split(x))

    def natural_scale(self, Zs, w, floor=1e-12):
        """Units from a point (Z, w): E = sqrt(Z_ii Z_jj) for the entry (i, j) of each Z_b and |w_k| for w, each
        floored at `floor` times its largest, and nu_i = sum_j |P_ij| E_j (the size of p_i's terms)."""
        parts = []
        for Z in Zs:
            d = np.sqrt(np.maximum(np.diag(Z), 0.0))
            d = np.maximum(d, floor * max(d.max(), 0.0) + 1e-300)
            rows, cols, _ = svec_index(len(Z))
            parts.append(d[rows] * d[cols])
        a = np.abs(w)
        E = np.concatenate(parts + [np.maximum(a, floor * max(a.max(initial=0.0), 0.0) + 1e-300)])
        nu = abs(self.pairing_rows()) @ E
        return E, np.maximum(nu, floor * max(nu.max(initial=0.0), 0.0) + 1e-300)

    def farkas(self):
        """(status, Zs, w, t) for an LMI without objective: first M = max -(<C, Z> + w.v) with p_i <= 0
        (= 0 free), Z_b PSD, sum tr Z_b = 1 (the alternative exists iff M > 0), then the `dual` point with
        rhs 0 and <C, Z> + w.v <= -M/2; (status, None, None, M) when M is not positive."""
        constant = self.constant_row()
        zero = np.zeros(self.K)
        status, x = self._alternative(np.append(constant, 0.0), zero, margin=False,
                                      extra=[(self._trace_row(), "zero", 1.0), (self._t_row(), "zero", 0.0)])
        M = -float(constant @ x[:-1])
        if status not in OK or not M > 0:
            return status, None, None, M
        return self.dual(zero, extra=[(constant, "nonneg", -M / 2)])

    # ------------------------------------------------------------ screening

    def matrices(self, y) -> list:
        """The float S_b(y) of every block (scaled: diag(2^e) S_b diag(2^e))."""
        return [unsvec(C + A @ y, m) for m, C, A in self.blocks]

    def unscaled(self, Zs) -> list:
        """Matrices of the alternative in the problem's own basis: Z_b = diag(2^e) Z~_b diag(2^e)."""
        return [Z * np.outer(2.0**e, 2.0**e) for Z, e in zip(Zs, self.exponents)]
