"""The ALL19 learners and concept classes in jax: two- and three-layer ReLU nets whose hidden
weights are trained by SGD (output weights fixed), and the two baselines, the NTK model (the
two-layer net linearised at its initialisation, `jax.jvp`) and the last-layer-only model (random
ReLU features, only the output weights trained).

Nets (NTK parametrisation, every weight N(0, 1) at initialisation, output scale alpha):
  two-layer    f(x) = alpha / sqrt(m) sum_r a_r relu(<w_r, x> + b_r)                 trained: W, b
  three-layer  f(x) = alpha / sqrt(m2) sum_i a_i relu(n_i(x) + b2_i),
               n_i(x) = 1 / sqrt(m1) sum_j v_ij relu(<w_j, x> + b1_j)               trained: W, b1, V, b2
An initialisation W ~ N(0, 1/m), a ~ N(0, eps_a^2) (the usual form of ALL19's learner; not confirmed from
the paper's text) is the form above with w = w~ / sqrt(m) and alpha = eps_a, and SGD with step eta on w~ is
SGD with step eta / m on w: the same algorithm.

Training: SGD on 1/2 mean_batch (f(x) - y)^2, a fresh permutation of the N samples every epoch,
step lr = lr_factor / tau with tau = mean_x ||grad_theta f(x)||^2 the mean diagonal of the NTK at
initialisation (on the first 128 training points). Since lambda_max(NTK_batch) / B <= trace(NTK_batch) / B,
about tau, the step keeps about the same stability margin lr_factor at every width and depth.

Errors are relative: mean (f - y)^2 / variance(y) on the set (1 = no better than the mean of y).
Everything is seeded by `jax.random.PRNGKey` and deterministic on CPU.
"""
from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

ACTIVATION_LENGTH = 3.0  # phi(z) = sin(3 z) in the two-layer concept


# ---------------------------------------------------------------- random draws, inputs and concept classes

def gaussians(key, shapes):
    """Independent N(0, 1) arrays of the given shapes from one key (one generator call, cheap to compile)."""
    sizes = [math.prod(shape) for shape in shapes]
    flat = jax.random.normal(key, (sum(sizes),))
    cuts = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
    return [flat[a:b].reshape(shape) for a, b, shape in zip(cuts, cuts[1:], shapes)]


def unit_rows(g):
    """The rows of g normalised: for g ~ N(0, I) they are uniform on the unit sphere."""
    return g / jnp.linalg.norm(g, axis=1, keepdims=True)


def sphere_inputs(g, last: float = 0.5):
    """Points of the unit sphere of R^d with last coordinate `last` (ALL19's bias coordinate) from
    g ~ N(0, I_{d-1}) (n x (d-1)): the first d - 1 coordinates are uniform on the sphere of radius
    sqrt(1 - last^2)."""
    return jnp.concatenate([unit_rows(g) * math.sqrt(1 - last**2), jnp.full((g.shape[0], 1), last)], axis=1)


def concept_shapes(d: int, k: int):
    return [(k, d), (k, d), (k,)]


def two_layer_concept(X, g1, g2, ga):
    """f*(x) = sum_{i <= k} a_i phi(<w1_i, x>) <w2_i, x>, phi(z) = sin(3 z), with w1_i, w2_i, a_i the rows of
    g1, g2 normalised and the signs of ga (for N(0, 1) arrays of the shapes concept_shapes(d, k): uniform on the
    unit sphere and on {-1, 1}): ALL19's two-layer concept class with a smooth activation."""
    return (jnp.sin(ACTIVATION_LENGTH * X @ unit_rows(g1).T) * (X @ unit_rows(g2).T)) @ jnp.sign(ga)


def three_layer_target(X):
    """y = (sin 3x1 + sin 3x2 + sin 3x3 - 2)^2 cos 7x4: a smooth function of a smooth feature."""
    s = jnp.sin(3 * X[:, 0]) + jnp.sin(3 * X[:, 1]) + jnp.sin(3 * X[:, 2]) - 2
    return s**2 * jnp.cos(7 * X[:, 3])


# ---------------------------------------------------------------- the nets

def relu(z):
    return jnp.maximum(z, 0.0)


def two_layer_shapes(d: int, m: int):
    return [(m, d), (m,), (m,)]


def two_layer_init(W, b, a):
    """(trained, fixed) = ({W, b}, {a}) from N(0, 1) arrays of the shapes two_layer_shapes(d, m)."""
    return {"W": W, "b": b}, {"a": a}


def two_layer(trained, fixed, X, alpha):
    W, b, a = trained["W"], trained["b"], fixed["a"]
    return alpha / math.sqrt(W.shape[0]) * relu(X @ W.T + b) @ a


def three_layer_shapes(d: int, m1: int, m2: int):
    return [(m1, d), (m1,), (m2, m1), (m2,), (m2,)]


def three_layer_init(W, b1, V, b2, a):
    """(trained, fixed) = ({W, b1, V, b2}, {a}) from N(0, 1) arrays of the shapes three_layer_shapes(d, m1, m2)."""
    return {"W": W, "b1": b1, "V": V, "b2": b2}, {"a": a}


def three_layer(trained, fixed, X, alpha):
    W, b1, V, b2, a = trained["W"], trained["b1"], trained["V"], trained["b2"], fixed["a"]
    hidden = relu(X @ W.T + b1) @ V.T / math.sqrt(W.shape[0])
    return alpha / math.sqrt(V.shape[0]) * relu(hidden + b2) @ a


def linearised(apply, at):
    """The first-order Taylor model of theta -> apply(theta, X) at theta = at (the NTK model):
    apply(at, X) + d/dt apply(at + t (theta - at), X) at t = 0, by `jax.jvp`."""
    def model(theta, X):
        tangent = jax.tree_util.tree_map(jnp.subtract, theta, at)
        value, derivative = jax.jvp(lambda p: apply(p, X), (at,), (tangent,))
        return value + derivative
    return model


# ---------------------------------------------------------------- SGD

def per_sample_jacobian(apply, theta, X):
    """Rows grad_theta apply(theta, x_i) (flattened in `tree_leaves` order)."""
    grads = jax.vmap(lambda x: jax.grad(lambda p: apply(p, x[None])[0])(theta))(X)
    return jnp.concatenate([g.reshape(X.shape[0], -1) for g in jax.tree_util.tree_leaves(grads)], axis=1)


def ntk_trace(apply, theta, X):
    """mean_x ||grad_theta apply(theta, x)||^2 over the rows of X: the mean diagonal of the NTK."""
    return jnp.sum(per_sample_jacobian(apply, theta, X) ** 2) / X.shape[0]


def batch_orders(ranks, batch: int):
    """Minibatch indices for one pass over the n samples per row of ranks (epochs x n, i.i.d. N(0, 1)):
    the argsort of a row is a uniform random permutation. Shape (epochs * n / batch, batch); batch must divide n."""
    epochs, n = ranks.shape
    if n % batch:
        raise ValueError(f"batch size {batch} does not divide the sample size {n}")
    return jnp.argsort(ranks, axis=1).reshape(epochs * (n // batch), batch)


def sgd(apply, theta, X, y, orders, lr):
    """Minibatch SGD on 1/2 mean_batch (apply(theta, x) - y)^2, one step per row of `orders`."""
    grad = jax.grad(lambda p, xb, yb: 0.5 * jnp.mean((apply(p, xb) - yb) ** 2))

    def step(p, idx):
        g = grad(p, X[idx], y[idx])
        return jax.tree_util.tree_map(lambda w, gw: w - lr * gw, p, g), None

    return jax.lax.scan(step, theta, orders)[0]


def relative_error(prediction, y):
    """mean (prediction - y)^2 / variance(y)."""
    return jnp.mean((prediction - y) ** 2) / jnp.var(y)


# ---------------------------------------------------------------- the experiments

def _stacked(draws):
    """A list of equally shaped pytrees stacked along a new leading (seed) axis."""
    return jax.tree_util.tree_map(lambda *v: jnp.stack(v), *draws)


def _fit(apply, theta, X, y, orders, lr_factor, Xt, yt):
    """Train from theta (step lr_factor / NTK trace at theta); (train error, test error, step, initial test error)."""
    lr = lr_factor / ntk_trace(apply, theta, X[:128])
    final = sgd(apply, theta, X, y, orders, lr)
    return (relative_error(apply(final, X), y), relative_error(apply(final, Xt), yt), lr,
            relative_error(apply(theta, Xt), yt))


def two_layer_width_sweep(widths, *, n_train: int, n_test: int, d: int, k: int, seeds, epochs: int,
                          batch: int, alpha: float, lr_factor: float, concept_seed: int) -> dict:
    """Train the two-layer net (hidden weights W, b only) on N = n_train samples of `two_layer_concept`
    at every width, for every seed.

    Every draw is one call of `gaussians` on one key with the same list of shapes: the concept is taken from
    the draw on PRNGKey(concept_seed); seed s takes the training and test inputs (`sphere_inputs`), one
    initialisation at the largest width and the minibatch orders from the draw on PRNGKey(s); the width-m net
    is the first m neurons of that initialisation (nested nets). Returns numpy arrays indexed
    [seed, width]: relative "train" and "test" errors, the step "lr", the "initial test" error."""
    widths = [int(m) for m in widths]
    shapes = [*concept_shapes(d, k), (n_train, d - 1), (n_test, d - 1), *two_layer_shapes(d, max(widths)),
              (epochs, n_train)]

    def assemble(parts, concept):
        *_, g, gt, W, b, a, ranks = parts
        X, Xt = sphere_inputs(g), sphere_inputs(gt)
        return (X, two_layer_concept(X, *concept), Xt, two_layer_concept(Xt, *concept), two_layer_init(W, b, a),
                batch_orders(ranks, batch))

    draw, assemble = jax.jit(lambda key: gaussians(key, shapes)), jax.jit(assemble)
    concept = draw(jax.random.PRNGKey(concept_seed))[:3]
    drawn = _stacked([assemble(draw(jax.random.PRNGKey(int(s))), concept) for s in seeds])
    columns = []
    for m in widths:
        def run(X, y, Xt, yt, init, orders, m=m):
            (trained, fixed) = init
            trained = {"W": trained["W"][:m], "b": trained["b"][:m]}
            fixed = {"a": fixed["a"][:m]}
            return _fit(lambda p, Z: two_layer(p, fixed, Z, alpha), trained, X, y, orders, lr_factor, Xt, yt)

        columns.append([np.asarray(v, dtype=float) for v in jax.jit(jax.vmap(run))(*drawn)])
    names = ("train", "test", "lr", "initial test")
    return {name: np.stack([c[i] for c in columns], axis=1) for i, name in enumerate(names)}


MODELS = ("three-layer", "two-layer", "NTK", "last layer")
NETS = ("three-layer", "two-layer")      # trained by SGD for the stated budget
BASELINES = ("NTK", "last layer")        # linear in their parameters: trained to convergence


def minimum_norm_fit(J, residual):
    """The limit of (S)GD from delta = 0 on 1/2 ||J delta - residual||^2 for J (N x P) of full row rank
    N <= P: the minimum-norm interpolant delta = J^T (J J^T)^(-1) residual."""
    if J.shape[0] > J.shape[1]:
        raise ValueError(f"the minimum-norm interpolant needs N <= P samples per parameter, got J of shape {J.shape}")
    return J.T @ jnp.linalg.solve(J @ J.T, residual)


def _unflatten(delta, like):
    leaves, tree = jax.tree_util.tree_flatten(like)
    cuts = [0]
    for leaf in leaves:
        cuts.append(cuts[-1] + leaf.size)
    return jax.tree_util.tree_unflatten(tree, [delta[a:b].reshape(leaf.shape) for a, b, leaf in
                                               zip(cuts, cuts[1:], leaves)])


def converged_linear_model(apply, theta0, X, y, Xt, yt):
    """The model theta -> apply(theta0) + J (theta - theta0) (`linearised`, jax.jvp) trained to
    convergence from theta0 on (X, y): theta* = theta0 + J^+ (y - apply(theta0, X)), J the
    per-sample Jacobian at theta0. Returns its (train, test) relative errors."""
    J = per_sample_jacobian(apply, theta0, X)
    delta = _unflatten(minimum_norm_fit(J, y - apply(theta0, X)), theta0)
    theta = jax.tree_util.tree_map(jnp.add, theta0, delta)
    model = linearised(apply, theta0)
    return relative_error(model(theta, X), y), relative_error(model(theta, Xt), yt)


def baseline_comparison(models, *, n_train: int, n_test: int, d: int, width3: int, width2: int, seeds,
                        epochs: int, batch: int, alpha: float, lr_factor: float) -> dict:
    """The requested models on N = n_train samples of `three_layer_target` (standardised by the
    training labels' standard deviation), inputs x = g / ||g||, g ~ N(0, I_d); seed s: PRNGKey(s)
    draws data, minibatch orders and initialisations.
      three-layer  widths m1 = m2 = width3, hidden weights trained by SGD (the budget below)
      two-layer    width width2, hidden weights (W, b) trained by SGD (the same budget)
      NTK          the two-layer net linearised at its initialisation (jax.jvp), W and b trained
                   to convergence (the minimum-norm interpolant: kernel regression with the NTK)
      last layer   the two-layer net's random ReLU features fixed, the output weights a trained
                   to convergence (minimum-norm least squares)
    Returns {model: {"train", "test": numpy arrays over seeds}} (relative errors), nets also "lr"."""
    unknown = set(models) - set(MODELS)
    if unknown:
        raise ValueError(f"unknown models {sorted(unknown)}; expected some of {MODELS}")

    def draw(key):
        three, two = three_layer_shapes(d, width3, width3), two_layer_shapes(d, width2)
        g, gt, *init, ranks = gaussians(key, [(n_train, d), (n_test, d), *three, *two, (epochs, n_train)])
        X, Xt = unit_rows(g), unit_rows(gt)
        y, yt = three_layer_target(X), three_layer_target(Xt)
        scale = jnp.std(y)
        return (X, y / scale, Xt, yt / scale, three_layer_init(*init[:len(three)]), two_layer_init(*init[len(three):]),
                batch_orders(ranks, batch))

    compiled = jax.jit(draw)
    drawn = _stacked([compiled(jax.random.PRNGKey(int(s))) for s in seeds])
    X, y, Xt, yt, init3, init2, orders = drawn
    def net(X, y, Xt, yt, init3, init2, orders, name):
        (theta, fixed), f = (init3, three_layer) if name == "three-layer" else (init2, two_layer)
        return _fit(lambda p, Z: f(p, fixed, Z, alpha), theta, X, y, orders, lr_factor, Xt, yt)[:3]

    def converged(X, y, Xt, yt, init2, name):
        trained, fixed = init2
        if name == "NTK":
            return converged_linear_model(lambda p, Z: two_layer(p, fixed, Z, alpha), trained, X, y, Xt, yt)
        return converged_linear_model(lambda p, Z: two_layer(trained, p, Z, alpha), fixed, X, y, Xt, yt)

    out = {}
    for name in models:
        if name in NETS:
            values = jax.jit(jax.vmap(lambda *args, name=name: net(*args, name)))(*drawn)
            out[name] = {key: np.asarray(v, dtype=float) for key, v in zip(("train", "test", "lr"), values)}
        else:
            with jax.enable_x64(True):   # the minimum-norm solves are ill-conditioned in float32
                wide = jax.tree_util.tree_map(lambda v: jnp.asarray(v, jnp.float64), (X, y, Xt, yt, init2))
                values = jax.jit(jax.vmap(lambda *args, name=name: converged(*args, name)))(*wide)
            out[name] = {"train": np.asarray(values[0], dtype=float), "test": np.asarray(values[1], dtype=float)}
    return out
