"""ALL19's three-layer ReLU network, its ReLU patterns, and the sign-randomised perturbation behind the
quadratic approximation. Exact or floating point: the functions take numpy arrays of floats, or object
arrays of sympy numbers and symbols.

  out(x; W, V) = sum_i a_i relu(n_i(x) + b2_i),   n_i(x) = sum_j v_ij relu(<w_j, x> + b1_j)
(W: m1 x d with rows w_j, b1: m1, V: m2 x m1, b2 and a: m2). The learner is perturbed as
W -> W + Sigma W', V -> V + V' Sigma, Sigma = diag(sigma_1, ..., sigma_m1) of independent uniform signs.

Frozen patterns: d1_j = 1[<w_j, x> + b1_j >= 0] and d2_i = 1[n_i(x) + b2_i >= 0] at the base point (W, V).
The frozen-pattern network is a^T D2 (V D1 (W x + b1) + b2), written here as explicit sums
  out_D(x; W, V) = sum_{i, j} T_ij + sum_i B_i,   T_ij = a_i d2_i v_ij d1_j (<w_j, x> + b1_j),  B_i = a_i d2_i b2_i.
After the perturbation T_ij = a_i d2_i (v_ij + sigma_j v'_ij) d1_j (<w_j, x> + b1_j + sigma_j <w'_j, x>) depends
on one sign only, and the second-order term is Q = a^T D2 V' D1 W' x = sum_{i, j} a_i d2_i v'_ij d1_j <w'_j, x>.
"""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp


def relu(t):
    return np.maximum(t, 0)


def step(t):
    """1[t >= 0] elementwise (exact 0/1 for exact entries)."""
    return np.where(np.asarray(t) >= 0, 1, 0)


def output(x, a, W, b1, V, b2):
    """out(x; W, V), the real ReLU network."""
    return a @ relu(V @ relu(W @ x + b1) + b2)


def patterns(x, W, b1, V, b2):
    """(d1, d2): the ReLU patterns of both hidden layers at (W, V)."""
    z1 = W @ x + b1
    return step(z1), step(V @ relu(z1) + b2)


def frozen_terms(x, a, W, b1, V, b2, d1, d2):
    """(T, B), T[i, j] = a_i d2_i v_ij d1_j (<w_j, x> + b1_j) and B[i] = a_i d2_i b2_i: the frozen-pattern
    network is the explicit sum T.sum() + B.sum() over the neurons of both layers."""
    return (a * d2)[:, None] * V * (d1 * (W @ x + b1))[None, :], a * d2 * b2


def frozen_output(x, a, W, b1, V, b2, d1, d2):
    """out_D(x; W, V) with the patterns d1, d2 held fixed."""
    T, B = frozen_terms(x, a, W, b1, V, b2, d1, d2)
    return T.sum() + B.sum()


def sign_perturbed(W, V, Wp, Vp, sigma):
    """(W + Sigma W', V + V' Sigma), Sigma = diag(sigma): row j of W' and column j of V' scaled by sigma_j."""
    sigma = np.asarray(sigma)
    return W + sigma[:, None] * Wp, V + Vp * sigma[None, :]


def quadratic_term(x, a, Wp, Vp, d1, d2):
    """Q = a^T D2 V' D1 W' x = sum_i a_i d2_i sum_j v'_ij d1_j <w'_j, x>."""
    return ((a * d2)[:, None] * Vp * (d1 * (Wp @ x))[None, :]).sum()


def sign_average(f, m: int):
    """The exact mean of f(sigma) over all 2^m sign vectors sigma in {-1, 1}^m."""
    values = [f(np.array(s, dtype=object)) for s in itertools.product((1, -1), repeat=m)]
    return sum(values) * sp.Rational(1, 2**m)


def perturbed_outputs(x, a, W, b1, V, b2, Wp, Vp, signs):
    """out(x; W + Sigma W', V + V' Sigma) for every row sigma of `signs` (S x m1), floating point:
    relu(W~ x + b1) = relu(z + sigma * u) with z = W x + b1, u = W' x, and V~ h = V h + V' (sigma * h)."""
    H = relu((W @ x + b1)[None, :] + signs * (Wp @ x)[None, :])
    return relu(H @ V.T + (signs * H) @ Vp.T + b2[None, :]) @ a


def symbolic_parameters(d: int, m1: int, m2: int):
    """Object arrays of real sympy symbols: x, a, W, b1, V, b2, W', V' and the indicators d1, d2."""
    def arr(name, *shape):
        return np.array(sp.symbols(f"{name}0:{int(np.prod(shape))}", real=True), dtype=object).reshape(shape)
    return {"x": arr("x", d), "a": arr("a", m2), "W": arr("w", m1, d), "b1": arr("b1_", m1),
            "V": arr("v", m2, m1), "b2": arr("b2_", m2), "Wp": arr("wp", m1, d), "Vp": arr("vp", m2, m1),
            "d1": arr("d1_", m1), "d2": arr("d2_", m2)}


def indexed_network(m1, m2, d):
    """The perturbed frozen-pattern network with sums of symbolic length (sympy Sum over IndexedBase entries;
    m1, m2, d may be symbols): "out" = sum_i a_i d2_i (b2_i + sum_j (v_ij + sigma_j v'_ij) d1_j (z_j + sigma_j u_j)),
    z_j = sum_k w_jk x_k + b1_j, u_j = sum_k w'_jk x_k (the matrix products of a^T D2 (V~ D1 (W~ x + b1) + b2)
    entrywise); "T" its summand of the pair (i, j), "B" the bias summand, "Q" = a^T D2 V' D1 W' x, and the
    indices "i", "j" and the signs "sigma"."""
    i, j, k = sp.symbols("i j k", integer=True)
    a, d2, b2, v, vp, d1, b1, w, wp, x, sigma = (sp.IndexedBase(n, real=True)
                                                 for n in ("a", "d2", "b2", "v", "vp", "d1", "b1", "w", "wp", "x", "sigma"))
    z = sp.Sum(w[j, k] * x[k], (k, 0, d - 1)) + b1[j]
    u = sp.Sum(wp[j, k] * x[k], (k, 0, d - 1))
    inner = (v[i, j] + sigma[j] * vp[i, j]) * d1[j] * (z + sigma[j] * u)
    return {"out": sp.Sum(a[i] * d2[i] * (b2[i] + sp.Sum(inner, (j, 0, m1 - 1))), (i, 0, m2 - 1)),
            "T": a[i] * d2[i] * inner, "B": a[i] * d2[i] * b2[i],
            "Q": sp.Sum(a[i] * d2[i] * sp.Sum(vp[i, j] * d1[j] * u, (j, 0, m1 - 1)), (i, 0, m2 - 1)),
            "i": i, "j": j, "sigma": sigma}
