"""The empirical neural tangent kernel and the network linearised around a point (jax).

For logits f(x; theta) in R^k and inputs x_1..x_n, the Jacobian J has rows d f_a(x_i) / d theta
(row index i k + a), and the empirical NTK is the (n k) x (n k) matrix
    K(theta)_{(i,a),(j,b)} = <d f_a(x_i)/d theta, d f_b(x_j)/d theta> = (J J^T)_{(i,a),(j,b)},
a Gram matrix, so PSD. For a linear model f(x) = W x (one output) it is X X^T at every theta.

The network linearised at theta_bar (the NTK machine of FDP20, a first-order Taylor expansion):
    f_lin(x; theta) = f(x; theta_bar) + J(x; theta_bar) (theta - theta_bar),
evaluated with one jax.jvp; its NTK is K(theta_bar) for every theta.
"""
from __future__ import annotations

from functools import lru_cache, partial

from models import digits  # noqa: F401  (sets the single-threaded CPU backend before jax is imported)

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402


def _jacobian(apply, params, aux, X):
    """J of shape (n k, P): per-example Jacobians (jax.vmap of jax.jacrev), flattened."""
    per_example = jax.vmap(jax.jacrev(lambda p, x: apply(p, x, *aux)), in_axes=(None, 0))(params, X)
    leaves = jax.tree_util.tree_leaves(per_example)
    n, k = leaves[0].shape[:2]
    return jnp.concatenate([leaf.reshape(n * k, -1) for leaf in leaves], axis=1)


@partial(jax.jit, static_argnums=0)
def _ntk(apply, params, aux, X):
    J = _jacobian(apply, params, aux, X)
    return J @ J.T


def empirical_ntk(apply, params, X, aux=()) -> np.ndarray:
    """K(theta) = J J^T on the rows of X (computed in float32 by XLA, returned as float64)."""
    return np.asarray(_ntk(apply, params, tuple(aux), jnp.asarray(X)), dtype=np.float64)


@lru_cache(maxsize=None)
def linearised(apply):
    """apply_lin(theta, x, theta_bar) = f(x; theta_bar) + J(x; theta_bar)(theta - theta_bar) (one jax.jvp).
    Cached per network, so every linearisation of one network shares one compiled SGD step."""
    def apply_lin(params, x, center):
        delta = jax.tree_util.tree_map(jnp.subtract, params, center)
        value, tangent = jax.jvp(lambda p: apply(p, x), (center,), (delta,))
        return value + tangent
    return apply_lin
