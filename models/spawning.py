"""Parent-child spawning and the error barrier on the linear path between two networks (jax).

Spawning (Frankle et al. 2020, used by FDP20): a parent trained by SGD to epoch t_s is copied into
children, each trained from there with its own SGD noise (its own minibatch order) to the end.
Linear path between children theta_a, theta_b: theta(alpha) = (1 - alpha) theta_a + alpha theta_b.
Error barrier: B = max_alpha err(theta(alpha)) - (err(theta_a) + err(theta_b)) / 2 over a grid of
alpha in [0, 1] containing both ends, so B >= 0, and B = 0 when theta_a = theta_b.
"""
from __future__ import annotations

from functools import partial

from models import digits  # noqa: F401  (sets the single-threaded CPU backend before jax is imported)
from models.digits import sgd_epoch

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402


@partial(jax.jit, static_argnums=(0, 5))
def _sgd_epoch_each(apply, params, X, y, keys, batch, step):
    """One epoch of SGD per network of a stack (leading axis): network c draws its minibatches from keys[c]."""
    return jax.vmap(lambda p, k: sgd_epoch(apply, p, (), X, y, k, batch, step))(params, keys)


def train_children(apply, parent, X, y, *, step: float, batch: int, child_keys):
    """Children of `parent`, trained together (jax.vmap): child c runs len(child_keys[c]) epochs of SGD,
    epoch e with the minibatches of child_keys[c][e]. Returns the stacked parameters (leading axis c)."""
    X, y = jnp.asarray(X), jnp.asarray(y)
    count = len(child_keys)
    params = jax.tree_util.tree_map(lambda w: jnp.broadcast_to(w, (count,) + w.shape), parent)
    for epoch in range(len(child_keys[0])):
        keys = jnp.stack([keys[epoch] for keys in child_keys])
        params = _sgd_epoch_each(apply, params, X, y, keys, batch, step)
    return params


def member(stack, c):
    """Network c of a stack of parameters."""
    return jax.tree_util.tree_map(lambda w: w[c], stack)


def linear_path(theta_a, theta_b, alpha):
    return jax.tree_util.tree_map(lambda a, b: (1 - alpha) * a + alpha * b, theta_a, theta_b)


@partial(jax.jit, static_argnums=0)
def _path_errors(apply, theta_a, theta_b, alphas, X, y):
    def err(alpha):
        return jnp.mean(jnp.argmax(apply(linear_path(theta_a, theta_b, alpha), X), axis=1) != y)
    return jax.vmap(err)(alphas)


def path_errors(apply, theta_a, theta_b, X, y, points: int = 11) -> np.ndarray:
    """Test error at alpha = 0, 1/(points-1), ..., 1 along the linear path."""
    alphas = jnp.linspace(0.0, 1.0, points)
    return np.asarray(_path_errors(apply, theta_a, theta_b, alphas, jnp.asarray(X), jnp.asarray(y)), dtype=float)


def error_barrier(apply, theta_a, theta_b, X, y, points: int = 11) -> float:
    """max_alpha err(theta(alpha)) - (err(theta_a) + err(theta_b)) / 2."""
    errors = path_errors(apply, theta_a, theta_b, X, y, points)
    return float(errors.max() - (errors[0] + errors[-1]) / 2)
