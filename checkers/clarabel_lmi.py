"""Floating-point LMI solves with Clarabel's own API (no modelling layer): untrusted candidates only.

An exact `convex.LMIProblem` (blocks S_b(y) = C_b + V_b^T (sum_i y_i W_i) V_b, equalities v + B y = 0,
y_i >= 0 where asked, objective c.y) is converted to floats once, straight from its rationals, and
kept in Clarabel's conic form  min q.x  s.t.  A x + s = b, s in K  (K: zero cone, non-negative cone,
PSD triangle cones, upper triangle column-wise with off-diagonal entries scaled by sqrt 2). The same
matrices serve every phase:
  minimise      c.y                                  (the float optimum)
  interior      max t  s.t. S_b(y) >= t I, c.y <= bound, t <= 1   (a point deep inside the cone)
  farkas        max t  s.t. Z_b >= t I, <A_i, Z> + w.b_i <= 0 (= 0 for free y_i), <C, Z> + w.v = -1
Nothing here is evidence: `convex` rounds the candidates and the exact kernel decides.
"""
from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sparse

SQRT2 = math.sqrt(2.0)


def svec_index(m: int):
    """Row and column of each svec position and its scale (1 on the diagonal, sqrt 2 off it)."""
    rows, cols = np.triu_indices(m)
    order = np.lexsort((rows, cols))            # column-wise upper triangle
    rows, cols = rows[order], cols[order]
    return rows, cols, np.where(rows == cols, 1.0, SQRT2)


def unsvec(x, m: int) -> np.ndarray:
    rows, cols, scale = svec_index(m)
    M = np.zeros((m, m))
    M[rows, cols] = x / scale
    M[cols, rows] = x / scale
    return M


def _settings(**options):
    import clarabel
    s = clarabel.DefaultSettings()
    s.verbose = False
    for k, v in options.items():
        setattr(s, k, v)
    return s


class FloatLMI:
    """The float data of one exact LMI problem, built once."""

    def __init__(self, problem):
        self.names = list(problem.multipliers)
        index = {k: i for i, k in enumerate(self.names)}
        self.K = len(self.names)
        self.nonnegative = np.array(sorted(index[k] for k in problem.nonnegative), dtype=int)
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
        self.blocks = [self._block(b, index) for b in problem.blocks]

    def _block(self, b, index):
        """(size, svec(C_b), A_b with column i = svec(V^T W_i V))."""
        m = b.size
        rows, cols, scale = svec_index(m)
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
            Phi = outer * scale                                             # pairs x svec
            E = sparse.csr_matrix((entry_vals, (entry_cols, entry_rows)), shape=(self.K, len(pairs)))
            A = np.asarray((E @ Phi).T)                                     # svec x K
        else:
            A = np.zeros((len(rows), self.K))
        return m, C[rows, cols] * scale, A

    # ------------------------------------------------------------ phases

    def _solve(self, q, A_parts, b_parts, cones, **options):
        import clarabel
        A = sparse.vstack(A_parts, format="csc")
        b = np.concatenate(b_parts)
        P = sparse.csc_matrix((len(q), len(q)))
        solution = clarabel.DefaultSolver(P, q, A, b, cones, _settings(**options)).solve()
        return str(solution.status), np.array(solution.x), np.array(solution.z), solution

    def _primal_constraints(self, t_col=False):
        """Rows of the multiplier problem: equalities, y >= 0, PSD blocks (S_b(y) - t I with t_col)."""
        import clarabel
        K, width = self.K, self.K + t_col
        parts, rhs, cones = [], [], []

        def pad(M):
            M = sparse.csc_matrix(M)
            return sparse.hstack([M, sparse.csc_matrix((M.shape[0], width - K))]) if width > K else M
        if self.B.shape[0]:
            parts.append(pad(self.B)), rhs.append(-self.v), cones.append(clarabel.ZeroConeT(self.B.shape[0]))
        if len(self.nonnegative):
            sel = sparse.csc_matrix((-np.ones(len(self.nonnegative)), (np.arange(len(self.nonnegative)),
                                     self.nonnegative)), shape=(len(self.nonnegative), K))
            parts.append(pad(sel)), rhs.append(np.zeros(len(self.nonnegative)))
            cones.append(clarabel.NonnegativeConeT(len(self.nonnegative)))
        for m, C, A in self.blocks:
            block = -A
            if t_col:
                rows, cols, _ = svec_index(m)
                block = np.hstack([block, (rows == cols).astype(float)[:, None]])
            parts.append(sparse.csc_matrix(block)), rhs.append(C), cones.append(clarabel.PSDTriangleConeT(m))
        return parts, rhs, cones

    def minimise(self):
        """(status, y, optimum) of min c.y."""
        parts, rhs, cones = self._primal_constraints()
        status, x, _, _ = self._solve(self.c, parts, rhs, cones)
        return status, x, float(self.c @ x)

    def interior(self, bound=None):
        """(status, y, t): max t with S_b(y) >= t I for every block, c.y <= bound, t <= 1."""
        import clarabel
        parts, rhs, cones = self._primal_constraints(t_col=True)
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
        status, x, _, _ = self._solve(q, parts, rhs, cones)
        return status, x[:K], float(x[-1])

    def farkas(self):
        """(status, [Z_b], w, t): a point deep inside the Farkas alternative (no objective)."""
        import clarabel
        sizes = [len(C) for _, C, _ in self.blocks]
        nz, r = sum(sizes), len(self.v)
        width = nz + r + 1
        A_rows = sparse.hstack([sparse.csc_matrix(np.hstack([A.T for _, _, A in self.blocks])) if self.blocks
                                else sparse.csc_matrix((self.K, 0)), sparse.csc_matrix(self.B.T),
                                sparse.csc_matrix((self.K, 1))], format="csr")
        free = np.setdiff1d(np.arange(self.K), self.nonnegative)
        constant = np.concatenate([C for _, C, _ in self.blocks] + [self.v, [0.0]])
        parts, rhs, cones = [], [], []
        normalisation = sparse.csc_matrix(constant[None, :])
        parts.append(sparse.vstack([normalisation, A_rows[free]])), rhs.append(np.r_[-1.0, np.zeros(len(free))])
        cones.append(clarabel.ZeroConeT(1 + len(free)))
        cap = sparse.csc_matrix((np.ones(1), ([0], [width - 1])), shape=(1, width))
        parts.append(sparse.vstack([A_rows[self.nonnegative], cap])), rhs.append(np.r_[np.zeros(len(self.nonnegative)), 1.0])
        cones.append(clarabel.NonnegativeConeT(len(self.nonnegative) + 1))
        start = 0
        for (m, _, _), size in zip(self.blocks, sizes):
            rows, cols, _ = svec_index(m)
            identity = (rows == cols).astype(float)
            M = sparse.lil_matrix((size, width))
            M[np.arange(size), start + np.arange(size)] = -1.0
            M[:, width - 1] = identity[:, None]
            parts.append(M.tocsc()), rhs.append(np.zeros(size)), cones.append(clarabel.PSDTriangleConeT(m))
            start += size
        q = np.zeros(width)
        q[-1] = -1.0
        status, x, _, _ = self._solve(q, parts, rhs, cones)
        Zs, start = [], 0
        for (m, _, _), size in zip(self.blocks, sizes):
            Zs.append(unsvec(x[start:start + size], m))
            start += size
        return status, Zs, x[nz:nz + r], float(x[-1])

    # ------------------------------------------------------------ screening

    def matrices(self, y) -> list:
        """The float S_b(y) of every block."""
        return [unsvec(C + A @ y, m) for m, C, A in self.blocks]
