"""Deep linear network with weight decay and stochastic neurons (ZLM22, eq. 1).

Depth D = number of hidden layers; widths d = (d_0, d_1, ..., d_D) with d_0 the input
dimension; W_1 is d_1 x d_0, W_k is d_k x d_{k-1}, U is a d_D-vector; the output is
scalar, there are no biases.  Every hidden unit carries an independent noise eps with
E eps = 1 and Var eps = s2 (dropout of rate p with 1/(1-p) rescaling: s2 = p/(1-p)).

    f(x, eps) = sum U_{i_D} eps^(D)_{i_D} W^(D)_{i_D i_{D-1}} ... eps^(1)_{i_1} W^(1)_{i_1 i} x_i

Data enter only through A = E[x x^T], c = E[x y] and E[y^2].  The noise-averaged loss is
the polynomial

    M_1 = (W_1 A W_1^T) o (11^T + s2 I),   M_k = (W_k M_{k-1} W_k^T) o (11^T + s2 I),
    m_k = W_k ... W_1 c,
    L = U^T M_D U - 2 U^T m_D + E[y^2] + gamma_u ||U||^2 + sum_k gamma_k ||W_k||_F^2

(o = Hadamard product); `zlm22.noise-averaged-loss` proves it equals E_x E_eps (f - y)^2 +
penalties.  This module gives the sympy loss (built from the one-layer maps
`layer_second_moment`, `layer_mean` and `layer_penalty`; it also runs on sympy matrix symbols of symbolic size,
which is how the claims check statements for every width), a vectorised numpy loss with its
gradient, and `origin_global_threshold`.
"""
from __future__ import annotations

import numpy as np
import sympy as sp


# ----------------------------------------------------------------------------- sympy
def parameters(widths, name="w"):
    """Symbolic parameters (U, [W_1, ..., W_D]) for widths (d_0, ..., d_D)."""
    Ws = [sp.Matrix(widths[k], widths[k - 1],
                    lambda i, j: sp.Symbol(f"{name}{k}_{i}{j}", real=True))
          for k in range(1, len(widths))]
    U = sp.Matrix(widths[-1], 1, lambda i, _: sp.Symbol(f"u_{i}", real=True))
    return U, Ws


def symbolic_data(d0):
    """Symbolic second moments: symmetric A = E[x x^T], c = E[x y], Ey2 = E[y^2]."""
    A = sp.Matrix(d0, d0, lambda i, j: sp.Symbol(f"a_{min(i, j)}{max(i, j)}", real=True))
    c = sp.Matrix(d0, 1, lambda i, _: sp.Symbol(f"c_{i}", real=True))
    return A, c, sp.Symbol("Ey2", real=True)


def noise_kernel(n, s2):
    """11^T + s2 I, entry (i, j) = 1 + s2 [i = j]: E[eps eps^T] for one layer of n stochastic units.

    Explicit for an integer n; for a symbolic width n the same entry rule as a matrix
    expression (so every model function below also runs on matrices of symbolic size)."""
    i, j = sp.Dummy("i", integer=True), sp.Dummy("j", integer=True)
    kernel = sp.FunctionMatrix(n, n, sp.Lambda((i, j), 1 + s2 * sp.KroneckerDelta(i, j)))
    return kernel.as_explicit() if sp.sympify(n).is_Integer else kernel


def layer_second_moment(W, M, s2):
    """One stochastic layer: M_k = (W_k M_{k-1} W_k^T) o (11^T + s2 I)."""
    return sp.hadamard_product(W * M * W.T, noise_kernel(W.shape[0], s2))


def layer_mean(W, v):
    """One layer of the mean: m_k = W_k m_{k-1}."""
    return W * v


def second_moments(U, Ws, A, c, s2):
    """(q, m) = (U^T M_D U, U^T m_D): E[f^2] and E[f y] of the stochastic net."""
    M, v = A, c
    for W in Ws:
        M, v = layer_second_moment(W, M, s2), layer_mean(W, v)
    return (U.T * M * U)[0, 0], (U.T * v)[0, 0]


def layer_penalty(gamma, W):
    """gamma ||W||_F^2 (U is a d_D x 1 matrix: gamma_u ||U||^2)."""
    return gamma * sp.trace(W.T * W)


def penalty(U, Ws, gamma_u, gammas):
    """gamma_u ||U||^2 + sum_k gamma_k ||W_k||_F^2 (gammas = [gamma_1, ..., gamma_D])."""
    return layer_penalty(gamma_u, U) + sum(layer_penalty(g, W) for g, W in zip(gammas, Ws))


def loss(U, Ws, A, c, Ey2, s2, gamma_u, gammas):
    """The noise-averaged loss L(U, W_D, ..., W_1) as a sympy polynomial."""
    q, m = second_moments(U, Ws, A, c, s2)
    return q - 2 * m + Ey2 + penalty(U, Ws, gamma_u, gammas)


def stochastic_output(U, Ws, x, eps):
    """f(x, eps) = U^T diag(eps_D) W_D ... diag(eps_1) W_1 x (eps = list of noise vectors)."""
    h = x
    for W, e in zip(Ws, eps):
        h = (W * h).multiply_elementwise(e)
    return (U.T * h)[0, 0]


def flat(U, Ws):
    """All parameters in the order (U, W_D, ..., W_1), row-major."""
    return list(U) + [w for W in reversed(Ws) for w in W]


# ----------------------------------------------------------------------------- numpy
def _times_moment(W, M):
    """W M, where a 1-d M stands for the diagonal matrix diag(M) (a cheap A = E[x x^T])."""
    return W * M if M.ndim == 1 else W @ M


def np_second_moments(U, Ws, A, c, s2):
    """Vectorised (q, m): U has shape (..., d_D), W_k shape (..., d_k, d_{k-1}); a 1-d A is diag(A)."""
    M, v = np.asarray(A, float), np.asarray(c, float)
    for W in Ws:
        E = np.ones((W.shape[-2],) * 2) + s2 * np.eye(W.shape[-2])
        M = _times_moment(W, M) @ np.swapaxes(W, -1, -2) * E
        v = np.einsum("...ij,...j->...i", W, v)
    return np.einsum("...i,...ij,...j->...", U, M, U), np.einsum("...i,...i->...", U, v)


def np_loss(U, Ws, A, c, Ey2, s2, gamma_u, gammas):
    """The noise-averaged loss, broadcast over leading axes of the parameters."""
    q, m = np_second_moments(U, Ws, A, c, s2)
    pen = gamma_u * np.sum(U ** 2, axis=-1) + sum(g * np.sum(W ** 2, axis=(-2, -1))
                                                 for g, W in zip(gammas, Ws))
    return q - 2 * m + Ey2 + pen


def np_loss_and_grad(U, Ws, A, c, Ey2, s2, gamma_u, gammas):
    """L and (dL/dU, [dL/dW_1, ..., dL/dW_D]) by reverse mode, broadcast over leading axes (a 1-d A is diag(A))."""
    A, c = np.asarray(A, float), np.asarray(c, float)
    T = lambda X: np.swapaxes(X, -1, -2)
    mv = lambda X, v: np.einsum("...ij,...j->...i", X, v)
    outer = lambda u, v: np.einsum("...i,...j->...ij", u, v)
    Ms, vs, Es, WMs = [A], [c], [], []      # WMs[k] = W_k M_{k-1}, shared by both passes
    for W in Ws:
        Es.append(np.ones((W.shape[-2],) * 2) + s2 * np.eye(W.shape[-2]))
        WMs.append(_times_moment(W, Ms[-1]))
        Ms.append(WMs[-1] @ T(W) * Es[-1])
        vs.append(mv(W, vs[-1]))
    pen = gamma_u * np.sum(U ** 2, axis=-1) + sum(g * np.sum(W ** 2, axis=(-2, -1)) for g, W in zip(gammas, Ws))
    MU = mv(Ms[-1], U)
    value = np.sum(U * MU, axis=-1) - 2 * np.sum(U * vs[-1], axis=-1) + Ey2 + pen
    gU = 2 * MU - 2 * vs[-1] + 2 * gamma_u * U
    G, g = outer(U, U), -2 * U            # dL/dM_k and dL/dm_k, from k = D down
    gWs = [None] * len(Ws)
    for k in range(len(Ws) - 1, -1, -1):
        W, GE = Ws[k], G * Es[k]
        gWs[k] = 2 * GE @ WMs[k] + outer(g, vs[k]) + 2 * gammas[k] * W
        if k:                                # dL/dM_{k-1}, dL/dm_{k-1} (not needed below the first layer)
            G, g = T(W) @ GE @ W, mv(T(W), g)
    return value, gU, gWs


def np_unflatten(theta, widths):
    """Inverse of `flat` for a numpy vector."""
    theta = np.asarray(theta, float)
    U, pos, Ws = theta[:widths[-1]], widths[-1], [None] * (len(widths) - 1)
    for k in range(len(widths) - 1, 0, -1):
        size = widths[k] * widths[k - 1]
        Ws[k - 1] = theta[pos:pos + size].reshape(widths[k], widths[k - 1])
        pos += size
    return U, Ws


def np_flatten(U, Ws):
    return np.concatenate([np.ravel(U)] + [np.ravel(W) for W in reversed(Ws)])


# ----------------------------------------------------------------------------- threshold
def origin_global_threshold(depth, a, c, width=1, noise_var=0):
    """Smallest weight decay gamma* for which the origin is a global minimum (ZLM22).

    Scalar input with a = E[x^2] > 0 and c = E[x y]; `depth` D hidden layers of equal
    `width` d_0, equal decay gamma on every layer, noise variance s2 = `noise_var`.
    The origin is a global minimum of L iff gamma >= gamma*, where

        D = 1:   gamma* = |c|                      (gamma_u gamma_w >= c^2 at equal decays)
        D >= 2:  gamma* = (|c|/D) ((D-1) |c| / (D a kappa))^((D-1)/(D+1)),
                 kappa = (1 + s2/d_0)^D,

    equivalently [d_0^((D-1)/2) |c| ((D-1)/(K a))^((D-1)/(2D)) / D]^(2D/(D+1)) with
    K = (d_0 + s2)^D; for D = 2, gamma* = [d_0 c^2 / (4 (d_0 + s2) sqrt(a))]^(2/3).

    Arguments are exact numbers (int, Fraction, sympy Rational or a "p/q" string); the
    result is an exact sympy number, e.g. origin_global_threshold(2, 1, 1) = 2**(-4/3).
    """
    D, a, c = int(depth), sp.nsimplify(a), sp.Abs(sp.nsimplify(c))
    width, s2 = sp.nsimplify(width), sp.nsimplify(noise_var)
    if D < 1 or not a > 0 or width < 1 or s2 < 0:
        raise ValueError("need depth >= 1, a > 0, width >= 1, noise_var >= 0")
    if D == 1:
        return c
    kappa = (1 + s2 / width) ** D
    return sp.simplify(c / D * ((D - 1) * c / (D * a * kappa)) ** sp.Rational(D - 1, D + 1))
