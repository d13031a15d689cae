"""The neural tangent kernel of a two-layer ReLU net and its training by HB and NAG (numpy).

Net (BXC21, Du et al. 2019 scaling): u(x) = (1/sqrt m) sum_r a_r relu(w_r . x), inputs ||x|| = 1,
w_r ~ N(0, I_d), a_r uniform on {-1, +1}; loss 1/2 ||u - y||^2 over n samples, full batch.

Gram matrices (entries for unit inputs with cosine c = x_i . x_j, angle theta = arccos c):
  H_inf_ij = E_w[x_i . x_j 1{w.x_i >= 0, w.x_j >= 0}] = c (pi - theta) / (2 pi)          (first layer)
  K_ij     = E_w[relu(w.x_i) relu(w.x_j)] = (sin theta + (pi - theta) c) / (2 pi)        (second layer)
At width m the NTK is H(W, a) = J J^T with J the Jacobian of the outputs in (W, a); its first-layer
part tends to H_inf and its second-layer part to K as m -> infinity. With both layers trained the
frozen-kernel prediction uses H_inf + K.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp


def angles(X: np.ndarray) -> np.ndarray:
    """Angles between the rows of X (unit vectors), accurate to a few ulps even for nearly parallel rows:
    theta = 2 atan2(||x_i - x_j||, ||x_i + x_j||) (arccos of the cosine loses half the digits there,
    an error of about sqrt(eps) ~ 1e-8)."""
    diff = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    total = np.linalg.norm(X[:, None, :] + X[None, :, :], axis=-1)
    return 2 * np.arctan2(diff, total)


def ntk_gram(X: np.ndarray) -> np.ndarray:
    """H_inf for the rows of X (unit vectors), closed form, with stable angles (see `angles`)."""
    theta = angles(X)
    return np.cos(theta) * (np.pi - theta) / (2 * np.pi)


def second_layer_gram(X: np.ndarray) -> np.ndarray:
    """K (the arc-cosine kernel of degree 1) for the rows of X (unit vectors), closed form."""
    C = np.clip(X @ X.T, -1.0, 1.0)
    theta = np.arccos(C)
    return (np.sin(theta) + (np.pi - theta) * C) / (2 * np.pi)


def ntk_gram_exact(cosines) -> sp.Matrix:
    """H_inf as an exact sympy matrix from the matrix of cosines x_i . x_j (exact numbers)."""
    C = sp.Matrix(cosines)
    return C.applyfunc(lambda c: sp.nsimplify(c * (sp.pi - sp.acos(c)) / (2 * sp.pi)))


def ntk_gram_monte_carlo(X: np.ndarray, samples: int, rng: np.random.Generator, chunk: int = 20000):
    """Monte Carlo estimate of H_inf with `samples` Gaussian w (and the per-entry summands' range [-1, 1])."""
    n, dim = X.shape
    total = np.zeros((n, n))
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        active = (rng.standard_normal((k, dim)) @ X.T >= 0).astype(float)     # k x n
        total += active.T @ active
        done += k
    return (X @ X.T) * total / samples


def unit_sphere_sample(n: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    X = rng.standard_normal((n, dim))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def root_system_cosines(name: str) -> list:
    """Exact cosine matrices of normalised root vectors, whose pairwise cosines lie in
    {0, +-1/2, +-1}, so H_inf is rational: 'A3+' (positive roots of A3, 6 vectors), 'A4+' (10),
    'D4+' (12), 'A3' (all 12 roots of A3: six antipodal pairs x, -x)."""
    def roots_a(k, both_signs):
        out = []
        for i in range(k + 1):
            for j in range(i + 1, k + 1):
                r = [0] * (k + 1)
                r[i], r[j] = 1, -1
                out.append(r)
                if both_signs:
                    out.append([-c for c in r])
        return out

    def roots_d4():
        out = []
        for i in range(4):
            for j in range(i + 1, 4):
                for s in (1, -1):
                    r = [0] * 4
                    r[i], r[j] = 1, s
                    out.append(r)
        return out

    roots = {"A3+": lambda: roots_a(3, False), "A4+": lambda: roots_a(4, False),
             "D4+": roots_d4, "A3": lambda: roots_a(3, True)}[name]()
    return [[sp.Rational(sum(p * q for p, q in zip(r, s)), 2) for s in roots] for r in roots]


# ---------------------------------------------------------------- the wide net and its training

class TwoLayerReLU:
    """u(x) = (1/sqrt m) sum_r a_r relu(w_r . x); parameters W (m x d) and a (m), both trained."""

    def __init__(self, width: int, dim: int, rng: np.random.Generator):
        self.W = rng.standard_normal((width, dim))
        self.a = rng.choice([-1.0, 1.0], size=width)

    @property
    def width(self) -> int:
        return self.W.shape[0]

    def outputs(self, X, W=None, a=None):
        W = self.W if W is None else W
        a = self.a if a is None else a
        return np.maximum(X @ W.T, 0.0) @ a / np.sqrt(W.shape[0])

    def gradients(self, X, y, W, a):
        """d/dW and d/da of 1/2 ||u - y||^2."""
        pre = X @ W.T                                         # n x m
        e = np.maximum(pre, 0.0) @ a / np.sqrt(W.shape[0]) - y
        gW = ((e[:, None] * (pre >= 0)) * a[None, :]).T @ X / np.sqrt(W.shape[0])
        ga = np.maximum(pre, 0.0).T @ e / np.sqrt(W.shape[0])
        return gW, ga, e

    def gram(self, X, W=None, a=None):
        """The NTK J J^T at (W, a): first-layer part plus second-layer part."""
        W = self.W if W is None else W
        a = self.a if a is None else a
        pre = X @ W.T
        m = W.shape[0]
        active = (pre >= 0) * a[None, :]
        relu = np.maximum(pre, 0.0)
        return (X @ X.T) * (active @ active.T) / m + relu @ relu.T / m


def train(net: TwoLayerReLU, X, y, *, step, momentum, iterations: int):
    """Full-batch training from the net's parameters (left unchanged):
       z_{k+1} = z_k + momentum(k) (z_k - z_{k-1}) - step grad(z_k + nesterov * momentum(k) (z_k - z_{k-1}))
    momentum(k) -> (beta_k, evaluate_at_lookahead). Returns the prediction errors u(x_i) - y_i at every
    iterate (iterations x n; the loss is half their squared norm) and the final (W, a)."""
    W, a = net.W.copy(), net.a.copy()
    W_prev, a_prev = W.copy(), a.copy()
    errors = []
    for k in range(iterations):
        beta, lookahead = momentum(k)
        dW, da = beta * (W - W_prev), beta * (a - a_prev)
        if lookahead:
            gW, ga, e = net.gradients(X, y, W + dW, a + da)
            e = net.outputs(X, W, a) - y
        else:
            gW, ga, e = net.gradients(X, y, W, a)
        errors.append(e)
        W_prev, a_prev = W, a
        W, a = W + dW - step * gW, a + da - step * ga
    return np.array(errors), W, a


def loss(errors: np.ndarray) -> np.ndarray:
    """1/2 ||u - y||^2 for each row of prediction errors."""
    return 0.5 * np.sum(errors**2, axis=-1)


def heavy_ball_momentum(beta):
    return lambda k: (beta, False)


def nesterov_momentum(r):
    """NAG with beta_k = (k - 1)/(k + r - 1) for the k-th step (k = 1, 2, ...; here k is 0-based)."""
    return lambda k: (k / (k + r), True)


def heavy_ball_mode_rate(lam, step, beta) -> float:
    """Spectral radius of the HB companion matrix on the mode lam (frozen kernel: e -> e - step lam e + beta (e - e_prev))."""
    return float(max(abs(np.roots([1.0, -(1 + beta - step * lam), beta]))))


# ---------------------------------------------------------------- kernel distance (FDP20)

def kernel_distance(K1, K2):
    """S(K1, K2) = 1 - <K1, K2>_F / (||K1||_F ||K2||_F) for square arrays of one shape.

    numpy (or anything np.asarray accepts): a float, computed as ||K1/||K1|| - K2/||K2|| ||_F^2 / 2 (the same
    number, without cancellation for nearby kernels) with correctly rounded sums (math.fsum), so it does not
    depend on summation order or memory layout. sympy matrices: the exact sympy expression;
    a sympy matrix expression of symbolic size n x n (e.g. FunctionMatrix(n, n, ...)) gives
    <K1, K2>_F as a formal Sum over i, j = 0..n-1, so identities can be proved for every n.
    ValueError for non-square, mismatched, zero or non-finite input."""
    if isinstance(K1, (sp.MatrixBase, sp.MatrixExpr)) or isinstance(K2, (sp.MatrixBase, sp.MatrixExpr)):
        return _kernel_distance_exact(K1, K2)
    A, B = np.asarray(K1, dtype=float), np.asarray(K2, dtype=float)
    for name, M in (("K1", A), ("K2", B)):
        if M.ndim != 2 or M.shape[0] != M.shape[1]:
            raise ValueError(f"kernel_distance: {name} must be a square matrix, got shape {M.shape}")
        if not np.all(np.isfinite(M)):
            raise ValueError(f"kernel_distance: {name} has non-finite entries")
    if A.shape != B.shape:
        raise ValueError(f"kernel_distance: shapes differ, {A.shape} vs {B.shape}")
    n1, n2 = math.sqrt(math.fsum((A * A).ravel())), math.sqrt(math.fsum((B * B).ravel()))
    if n1 == 0 or n2 == 0:
        raise ValueError("kernel_distance: a zero matrix has no direction (||K||_F = 0)")
    D = A / n1 - B / n2          # S = ||K1/||K1|| - K2/||K2||||_F^2 / 2: no cancellation when S is small
    return 0.5 * math.fsum((D * D).ravel())


def frobenius_inner(K1, K2):
    """<K1, K2>_F = sum_ij K1_ij K2_ij of two sympy matrices (a formal Sum for symbolic size)."""
    rows, cols = K1.shape
    if all(isinstance(d, (int, sp.Integer)) for d in (rows, cols)):
        return sp.Add(*[K1[i, j] * K2[i, j] for i in range(rows) for j in range(cols)])
    i, j = sp.Dummy("i", integer=True), sp.Dummy("j", integer=True)
    return sp.Sum(K1[i, j] * K2[i, j], (i, 0, rows - 1), (j, 0, cols - 1))


def _kernel_distance_exact(K1, K2):
    mats = []
    for name, M in (("K1", K1), ("K2", K2)):
        M = M if isinstance(M, sp.MatrixExpr) else sp.Matrix(M)
        if len(M.shape) != 2 or sp.simplify(M.shape[0] - M.shape[1]) != 0:
            raise ValueError(f"kernel_distance: {name} must be a square matrix, got shape {M.shape}")
        if isinstance(M, sp.MatrixBase) and any(e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for e in M):
            raise ValueError(f"kernel_distance: {name} has non-finite entries")
        if isinstance(M, sp.MatrixBase) and M.is_zero_matrix:
            raise ValueError("kernel_distance: a zero matrix has no direction (||K||_F = 0)")
        mats.append(M)
    A, B = mats
    if sp.simplify(A.shape[0] - B.shape[0]) != 0:
        raise ValueError(f"kernel_distance: shapes differ, {A.shape} vs {B.shape}")
    return 1 - frobenius_inner(A, B) / sp.sqrt(frobenius_inner(A, A) * frobenius_inner(B, B))
