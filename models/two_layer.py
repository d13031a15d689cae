"""Two- and three-layer networks of SGJ21 (Simsek et al., arXiv 2105.12221), symbolic and numpy.

Parameters use the layer format of `models.replication`: ``layers = [(W1, b1), ..., (WL, bL)]``,
hidden layers 1..L-1 apply sigma, the output layer is linear.  SGJ21's nets have no biases
(they are folded into x), so the biases here are zero; the two-layer net is
``f(x) = sum_j a_j sigma(w_j . x)`` with W1 rows w_j and W2 = a^T.

The official experiment (jbrea/SymmetrySaddles.jl, `default_target`): teacher of width
r* = 4 with w* = (0.6, 0.5), (-0.5, 0.5), (-0.2, -0.6), (0.1, -0.6), a* = 1, inputs on the
41 x 41 grid {-5, -4.75, ..., 5}^2, mean squared error, activations sigmoid and
g(x) = 1/(1 + e^{-4x}) + log(1 + e^x).
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.optimize import least_squares   # at import: forked workers then share it

# ---------------------------------------------------------------- symbolic

def symbolic_layers(widths, prefix="W"):
    """Layers with one real symbol per weight and zero biases: widths = (d, m_1, ..., m_L)."""
    layers = []
    for l, (n_in, n_out) in enumerate(zip(widths, widths[1:]), start=1):
        W = sp.Matrix(n_out, n_in, lambda i, j: sp.Symbol(f"{prefix}{l}_{i}{j}", real=True))
        layers.append((W, sp.zeros(n_out, 1)))
    return layers


def two_layer(W, a):
    """Layers of f(x) = sum_j a_j sigma(w_j . x): W (m x d) sympy Matrix, a length m."""
    W = sp.Matrix(W)
    return [(W, sp.zeros(W.shape[0], 1)), (sp.Matrix([list(a)]), sp.zeros(1, 1))]


def network_output(layers, x, sigma):
    """f(x) for sympy layers, sigma a sympy function (e.g. `sympy.Function('sigma')`)."""
    h = sp.Matrix(x)
    for l, (W, b) in enumerate(layers):
        z = W * h + b
        h = z.applyfunc(sigma) if l < len(layers) - 1 else z
    return h


def permute_hidden(layers, l, order):
    """Reorder the neurons of hidden layer l: new neuron k is old neuron order[k]."""
    (W_in, b_in), (W_out, b_out) = layers[l - 1], layers[l]
    order = list(order)
    if isinstance(W_in, sp.MatrixBase):
        new_in = sp.Matrix.vstack(*[W_in[k, :] for k in order])
        new_b = sp.Matrix([b_in[k] for k in order])
        new_out = sp.Matrix.hstack(*[W_out[:, k] for k in order])
    else:
        new_in, new_b, new_out = np.asarray(W_in)[order], np.asarray(b_in)[order], np.asarray(W_out)[:, order]
    return layers[:l - 1] + [(new_in, new_b), (new_out, b_out)] + layers[l + 1:]


def empirical_loss(layers, xs, ys, sigma, ell):
    """R_S = sum_n ell(f(x_n), y_n) (scalar output), ell a sympy function of (f, y)."""
    return sum(ell(network_output(layers, x, sigma)[0], y) for x, y in zip(xs, ys))


def gradient_at(layers, xs, ys, sigma, ell):
    """Exact gradient of R_S at the point `layers` (entries may be expressions), in the
    layer format: [(dR/dW1, dR/db1), ...].  Computed on a template net of free symbols of
    the same shape, then evaluated at the point."""
    template = [(sp.Matrix(*W.shape, lambda i, j, l=l: sp.Dummy(f"W{l}_{i}{j}")),
                 sp.Matrix(len(b), 1, lambda i, j, l=l: sp.Dummy(f"b{l}_{i}")))
                for l, (W, b) in enumerate(layers, start=1)]
    loss = empirical_loss(template, xs, ys, sigma, ell)
    point = {}
    for (T_W, T_b), (W, b) in zip(template, layers):
        point.update(zip(list(T_W) + list(T_b), list(W) + list(b)))
    return [(T_W.applyfunc(lambda v: sp.diff(loss, v).subs(point)),
             T_b.applyfunc(lambda v: sp.diff(loss, v).subs(point))) for T_W, T_b in template]


# ---------------------------------------------------------------- connecting paths (SGJ21 Sec. 3)

def interpolate(P, Q, t):
    """The point (1 - t) P + t Q on the segment between two parameter points."""
    return [((1 - t) * W0 + t * W1, (1 - t) * b0 + t * b1) for (W0, b0), (W1, b1) in zip(P, Q)]


def blank_swap_path(layers, l, p, q):
    """Swap neuron p of hidden layer l with the blank neuron q (zero outgoing column).

    Three segments, the SGJ21 path for r* = 1, (w1, w', a1, 0) -> (w1, w1, a1, 0) ->
    (w1, w1, 0, a1) -> (w', w1, 0, a1): the blank takes p's incoming weights (its output
    is zero, nothing changes), p's outgoing column is transferred to it (both compute
    the same feature), and p, now silent, takes the blank's old incoming weights.
    Returns the four corner points [P0, P1, P2, P3].
    """
    (W_in, b_in), (W_out, b_out) = layers[l - 1], layers[l]
    if any(v != 0 for v in W_out[:, q]):
        raise ValueError(f"neuron {q} of hidden layer {l} is not blank (nonzero outgoing column)")
    P1_in, P1_b = W_in.copy(), b_in.copy()
    P1_in[q, :], P1_b[q] = W_in[p, :], b_in[p]
    P2_out = W_out.copy()
    P2_out[:, q], P2_out[:, p] = W_out[:, p], sp.zeros(W_out.shape[0], 1)
    P3_in, P3_b = P1_in.copy(), P1_b.copy()
    P3_in[p, :], P3_b[p] = W_in[q, :], b_in[q]

    def at(inp, out):
        return layers[:l - 1] + [inp, out] + layers[l + 1:]

    return [layers, at((P1_in, P1_b), (W_out, b_out)), at((P1_in, P1_b), (P2_out, b_out)),
            at((P3_in, P3_b), (P2_out, b_out))]


def arrangement_path(layers, l, order, blank, swap=None):
    """Corner points of a zero-loss-preserving path from `layers` to
    `permute_hidden(layers, l, order)`, made of blank swaps (the blank neuron moves with
    its incoming weights, so any rearrangement of the layer is reached).  `swap(layers, l,
    p, q)` gives the corners of one swap (default `blank_swap_path`)."""
    swap = blank_swap_path if swap is None else swap
    current = list(range(layers[l - 1][0].shape[0]))
    target = list(order)
    corners = [layers]
    while current != target:
        q = current.index(blank)
        wanted = target[q]
        if wanted != blank:
            p = current.index(wanted)      # bring the neuron that belongs where the blank is
        else:
            p = next(k for k in range(len(current)) if current[k] != target[k])   # blank home: free it
        corners += swap(corners[-1], l, p, q)[1:]
        current[p], current[q] = current[q], current[p]
    return corners


# ---------------------------------------------------------------- numpy

def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def g_activation(z):
    """g(z) = 1/(1 + e^{-4z}) + log(1 + e^z) (SymmetrySaddles.jl, training_g.jl)."""
    return sigmoid(4.0 * z) + np.logaddexp(0.0, z)


def g_prime(z):
    return 4.0 * sigmoid_prime(4.0 * z) + sigmoid(z)


ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_prime), "g": (g_activation, g_prime), "exp": (np.exp, np.exp)}

OFFICIAL_TEACHER_W = np.array([[0.6, 0.5], [-0.5, 0.5], [-0.2, -0.6], [0.1, -0.6]])
OFFICIAL_TEACHER_A = np.ones(4)


def official_inputs():
    """The 41 x 41 grid {-5, -4.75, ..., 5}^2 as an array of shape (1681, 2)."""
    grid = np.arange(-20, 21) / 4.0
    x, y = np.meshgrid(grid, grid, indexing="ij")
    return np.column_stack([x.ravel(), y.ravel()])


def forward(W, a, X, activation):
    """Outputs f(x_n) = sum_j a_j sigma(w_j . x_n) for the rows x_n of X."""
    sigma, _ = ACTIVATIONS[activation]
    return sigma(X @ W.T) @ a


def forward_layers(layers, X, activation):
    """numpy outputs for layers in the `models.replication` format (any depth), rows of X."""
    sigma, _ = ACTIVATIONS[activation]
    h = X.T
    for l, (W, b) in enumerate(layers):
        z = np.asarray(W) @ h + np.asarray(b).reshape(-1, 1)
        h = sigma(z) if l < len(layers) - 1 else z
    return h.T


def residual_and_jacobian(theta, X, y, activation):
    """Residuals f(x_n) - y_n and their Jacobian in theta = (W.ravel(), a)."""
    m, d = len(theta) // (X.shape[1] + 1), X.shape[1]
    W, a = theta[:m * d].reshape(m, d), theta[m * d:]
    sigma, dsigma = ACTIVATIONS[activation]
    Z = X @ W.T                                   # (N, m)
    S = sigma(Z)
    res = S @ a - y
    dW = (dsigma(Z) * a)[:, :, None] * X[:, None, :]   # (N, m, d)
    jac = np.concatenate([dW.reshape(len(X), m * d), S], axis=1)
    return res, jac


def mse(W, a, X, y, activation):
    r = forward(W, a, X, activation) - y
    return float(np.mean(r * r))


def glorot_student(width, d, rng):
    """Glorot-uniform initial weights (Flux's default, as in SymmetrySaddles.jl)."""
    lim1 = np.sqrt(6.0 / (d + width))
    lim2 = np.sqrt(6.0 / (width + 1))
    return rng.uniform(-lim1, lim1, size=(width, d)), rng.uniform(-lim2, lim2, size=width)


def train_student(width, activation, seed, *, X, y, max_nfev=3000):
    """Full-batch Levenberg-Marquardt on the residuals from a seeded Glorot start.

    The paper trains with Adam and polishes with SLSQP to MSE < 1e-20; a second-order
    method on the residuals reaches the same precision at a fraction of the cost."""
    rng = np.random.default_rng(seed)
    W0, a0 = glorot_student(width, X.shape[1], rng)
    theta0 = np.concatenate([W0.ravel(), a0])
    last = {}

    def evaluated(theta):          # residuals and Jacobian at theta, computed once per point
        key = theta.tobytes()
        if last.get("key") != key:
            last.update(key=key, value=residual_and_jacobian(theta, X, y, activation))
        return last["value"]

    result = least_squares(lambda t: evaluated(t)[0], theta0, jac=lambda t: evaluated(t)[1],
                           method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=max_nfev)
    d = X.shape[1]
    W, a = result.x[:width * d].reshape(width, d), result.x[width * d:]
    return W, a, mse(W, a, X, y, activation), int(result.nfev)


def classify_neurons(W, a, W_star, a_star, *, activation, tol_w=1e-2, tol_a=1e-6):
    """Sort the neurons of a trained student into SGJ21's structures.

    Neurons are clustered by incoming vector (distance < tol_w; the paper used an angle
    below 1 degree, about 0.012 at the teacher norms 0.63 to 0.78).  For the sigmoid a
    cluster also takes the neurons at -w, since sigma(-z) = 1 - sigma(z): such a cluster
    contributes (sum_{+} a - sum_{-} a) sigma(w . x) plus the constant sum_{-} a (a neuron
    at w = 0 is a constant, sigma(0) = 1/2).  Categories:
      copies                 neurons at w = w*_i;
      sign_flipped_copies    neurons at w = -w*_i (sigmoid only);
      zero_type_group_sizes  sizes of the other clusters (w = 0 included), all at +w;
      sign_symmetric_sizes   other clusters with members at -w (sigmoid only);
      unexplained_neurons    members of clusters whose coefficient on sigma(w . x) is not
                             a*_i (teacher direction) or 0 (any other direction), within tol_a.
    `sgj21_structure` is True when every teacher neuron has copies, every cluster balances,
    the constants cancel, and no sigmoid-only structure occurs: the student lies on one of
    the affine subspaces counted by T(r*, m).
    """
    flip = activation == "sigmoid"
    clusters = []                       # [representative w, [(j, +1 or -1)], teacher index or None]
    for i, w in enumerate(W_star):
        clusters.append([np.asarray(w), [], i])
    for j, w in enumerate(W):
        for c in clusters:
            if np.linalg.norm(w - c[0]) < tol_w:
                c[1].append((j, 1))
                break
            if flip and np.linalg.norm(w + c[0]) < tol_w:
                c[1].append((j, -1))
                break
        else:
            clusters.append([np.asarray(w), [(j, 1)], None])
    report = {"copies": 0, "sign_flipped_copies": 0, "zero_type_group_sizes": [],
              "sign_symmetric_sizes": [], "unexplained_neurons": 0}
    constant = 0.0
    teachers_covered = 0
    for w, members, teacher in clusters:
        plus = [j for j, o in members if o > 0]
        minus = [j for j, o in members if o < 0]
        at_origin = np.linalg.norm(w) < tol_w
        coefficient = a[plus].sum() - a[minus].sum()
        if flip:
            constant += a[minus].sum() + (0.5 * a[plus].sum() if at_origin else 0.0)
        target = a_star[teacher] if teacher is not None else 0.0
        if at_origin and flip:
            coefficient, target = 0.0, 0.0          # a constant: only the global balance counts
        if not members:
            continue
        if abs(coefficient - target) >= tol_a:
            report["unexplained_neurons"] += len(members)
        elif teacher is not None:
            teachers_covered += 1
            report["copies"] += len(plus)
            report["sign_flipped_copies"] += len(minus)
        elif minus:
            report["sign_symmetric_sizes"].append(len(members))
        else:
            report["zero_type_group_sizes"].append(len(members))
    report["zero_type_group_sizes"].sort()
    report["sign_symmetric_sizes"].sort()
    report["teachers_covered"] = teachers_covered
    report["constants_cancel"] = bool(abs(constant) < tol_a)
    report["sgj21_structure"] = bool(teachers_covered == len(a_star) and report["unexplained_neurons"] == 0
                                     and report["constants_cancel"] and report["sign_flipped_copies"] == 0
                                     and not report["sign_symmetric_sizes"])
    return report
