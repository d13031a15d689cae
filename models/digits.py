"""The handwritten-digits task and small jax classifiers trained by SGD.

Data: scikit-learn's digits (`sklearn.datasets.load_digits`: 1797 images of 8x8 pixels with values
0..16, ten classes; it ships inside the package). A seeded permutation splits it once into
`TRAIN` training and 1797 - TRAIN test images; inputs are x / 16 in [0, 1]^64.

Networks (logits f(x; theta) in R^10):
  MLP      f(x) = W_L relu(... relu(W_1 x + b_1) ...) + b_L, He-uniform weights (variance 2/fan_in,
           1/fan_in in the last layer), zero biases;
  linear   f(x) = W x + b (multinomial logistic regression), linear in its parameters.
Loss: mean softmax cross-entropy. Error: fraction misclassified (argmax of the logits).
SGD: theta <- theta - step * grad of the minibatch loss; each epoch visits the training set in the
order of a permutation drawn from its own PRNG key, in floor(TRAIN / batch) full minibatches.

CPU only and single-threaded XLA (set before jax is imported), so runs are bit-for-bit repeatable
and leave the other core to the other worker.
"""
from __future__ import annotations

import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

from functools import lru_cache, partial  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

TRAIN = 1280          # 40 minibatches of 32; the other 517 images are the test set
CLASSES = 10


@lru_cache(maxsize=None)
def digits_split(seed: int = 0):
    """(X_train, y_train, X_test, y_test) as float32 / int32 numpy arrays, split by a seeded permutation."""
    from sklearn.datasets import load_digits
    data = load_digits()
    order = np.random.default_rng(seed).permutation(len(data.target))
    X = (data.data[order] / 16.0).astype(np.float32)
    y = data.target[order].astype(np.int32)
    return X[:TRAIN], y[:TRAIN], X[TRAIN:], y[TRAIN:]


def balanced_subset(y, per_class: int) -> np.ndarray:
    """Indices of the first `per_class` examples of each class (in order of appearance)."""
    return np.concatenate([np.flatnonzero(y == c)[:per_class] for c in range(CLASSES)])


# ---------------------------------------------------------------- networks

@partial(jax.jit, static_argnames="sizes")
def mlp_init(key, sizes=(64, 64, 64, CLASSES)):
    """[(W, b), ...] with W of shape (fan_out, fan_in): He-uniform weights (variance 2/fan_in; 1/fan_in in the
    last layer), zero biases (one compiled program for all layers)."""
    params = []
    keys = jax.random.split(key, len(sizes) - 1)
    for layer, (k, fan_in, fan_out) in enumerate(zip(keys, sizes[:-1], sizes[1:])):
        bound = jnp.sqrt((6.0 if layer < len(sizes) - 2 else 3.0) / fan_in)
        params.append((jax.random.uniform(k, (fan_out, fan_in), minval=-bound, maxval=bound), jnp.zeros(fan_out)))
    return params


def mlp_apply(params, x):
    """Logits of one input x (shape (64,)) or of a batch (shape (n, 64))."""
    h = x
    for W, b in params[:-1]:
        h = jax.nn.relu(h @ W.T + b)
    W, b = params[-1]
    return h @ W.T + b


@partial(jax.jit, static_argnames=("dim", "classes"))
def linear_init(key, dim: int = 64, classes: int = CLASSES):
    """W uniform with variance 1/dim, b = 0."""
    bound = jnp.sqrt(3.0 / dim)
    return [(jax.random.uniform(key, (classes, dim), minval=-bound, maxval=bound), jnp.zeros(classes))]


def linear_apply(params, x):
    (W, b), = params
    return x @ W.T + b


# ---------------------------------------------------------------- loss, error, SGD

def cross_entropy(logits, y):
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))


@partial(jax.jit, static_argnums=0)
def _error(apply, params, aux, X, y):
    return jnp.mean(jnp.argmax(apply(params, X, *aux), axis=1) != y)


def error(apply, params, X, y, aux=()) -> float:
    """Fraction of (X, y) misclassified by argmax of the logits apply(params, X, *aux)."""
    return float(_error(apply, params, tuple(aux), jnp.asarray(X), jnp.asarray(y)))


def epoch_batches(key, n: int, batch: int):
    """The minibatches of one epoch: a permutation of range(n) cut into floor(n / batch) rows."""
    return jax.random.permutation(key, n)[: n // batch * batch].reshape(-1, batch)


def sgd_epoch(apply, params, aux, X, y, key, batch, step):
    """One epoch of SGD (lax.scan over the minibatches drawn from key); aux is held fixed."""
    def one(p, idx):
        grads = jax.grad(lambda q: cross_entropy(apply(q, X[idx], *aux), y[idx]))(p)
        return jax.tree_util.tree_map(lambda w, g: w - step * g, p, grads), None
    return jax.lax.scan(one, params, epoch_batches(key, len(y), batch))[0]


_sgd_epoch = jax.jit(sgd_epoch, static_argnums=(0, 6))


def epoch_keys(key, epochs: int):
    """One PRNG key per epoch (epoch e of every run with this key sees the same minibatches)."""
    return list(jax.random.split(key, epochs))


def train(apply, params, X, y, *, step: float, batch: int, keys, aux=()):
    """SGD on apply(params, x, *aux) for len(keys) epochs (epoch e uses keys[e]); returns the
    parameters after every epoch, [theta_1, ..., theta_E] (theta_0 = params is not repeated)."""
    X, y = jnp.asarray(X), jnp.asarray(y)
    out = []
    for k in keys:
        params = _sgd_epoch(apply, params, tuple(aux), X, y, k, batch, step)
        out.append(params)
    return out
