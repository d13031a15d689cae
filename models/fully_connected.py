"""The L-layer fully connected network of ZZLX21, symbolic (uninterpreted sigma and ell) and numpy.

Widths m_0 = d, m_1, ..., m_L = d'.  Parameters ``layers = [(W^[1], b^[1]), ..., (W^[L], b^[L])]``
(the layout of `models.replication`), W^[l] of shape (m_l, m_{l-1}).  The net is
    f^[0] = x,   f^[l] = sigma(W^[l] f^[l-1] + b^[l])  (l < L),   f_theta(x) = W^[L] f^[L-1] + b^[L],
and the risk is R_S(theta) = E_S ell(f_theta(x), y).

Symbolic side.  sigma is an uninterpreted function; its derivatives are the uninterpreted
functions ``sigma_1, sigma_2, ...`` linked only by d/dz sigma_k(z) = sigma_{k+1}(z).  ell is an
uninterpreted function of (u_1..u_d', y_1..y_d'); its partials in u are ``ell_i``, ``ell_ij``
(i <= j, so mixed partials commute).  Every statement about R_S is linear in the per-sample
loss r(x, y) = ell(f_theta(x), y), so an identity proved for one symbolic sample (x, y) holds for
every data set S and every averaging weight: the proofs work with a single symbolic sample.

Pre-activations are kept *canonical* (expanded at each layer) and formal values are hash-consed
(`Atoms`), so identities between a net and its embeddings reduce to small polynomial identities
in parameters, inputs and atoms.

Numpy side: sigma = tanh, ell(u, y) = ||u - y||^2 / 2, R_S the mean over the samples.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp


# ----------------------------------------------------------------------------- symbolic
@lru_cache(maxsize=None)
def activation(order: int = 0):
    """The uninterpreted activation's derivative of the given order (0: sigma itself)."""
    def fdiff(self, argindex=1):
        return activation(order + 1)(self.args[0])
    return sp.Function("sigma" if order == 0 else f"sigma_{order}", fdiff=fdiff)


@lru_cache(maxsize=None)
def loss_function(outputs: int, partials: tuple = ()):
    """The uninterpreted loss ell(u_1..u_d', y_1..y_d') or its partial derivative in the u's
    listed in ``partials`` (1-based, sorted)."""
    def fdiff(self, argindex=1):
        if argindex <= outputs:
            return loss_function(outputs, tuple(sorted(partials + (argindex,))))(*self.args)
        return sp.Function.fdiff(self, argindex)
    name = "ell" + ("_" + "".join(str(i) for i in partials) if partials else "")
    return sp.Function(name, fdiff=fdiff)


def symbolic_layers(widths, prefix: str = ""):
    """Layers of fresh symbols W{l}_{i}_{j}, b{l}_{i} (layer l 1-based, neurons 0-based)."""
    return [(sp.Matrix(widths[l], widths[l - 1], lambda i, j: sp.Symbol(f"{prefix}W{l}_{i}_{j}")),
             sp.Matrix(widths[l], 1, lambda i, j: sp.Symbol(f"{prefix}b{l}_{i}")))
            for l in range(1, len(widths))]


def sample_symbols(widths):
    """One symbolic sample: x in R^{m_0}, y in R^{m_L}."""
    return (sp.Matrix(widths[0], 1, lambda i, j: sp.Symbol(f"x{i}")),
            sp.Matrix(widths[-1], 1, lambda i, j: sp.Symbol(f"y{i}")))


def widths_of(layers) -> tuple:
    return (layers[0][0].shape[1],) + tuple(W.shape[0] for W, _ in layers)


def flatten(layers):
    """theta as one vector: layer by layer, W^[l] row-major, then b^[l]."""
    if isinstance(layers[0][0], sp.MatrixBase):
        return sp.Matrix([e for W, b in layers for e in list(W) + list(b)])
    return np.concatenate([np.concatenate([np.ravel(W), np.ravel(b)]) for W, b in layers])


def unflatten(vector, widths):
    """Inverse of `flatten` for the given widths."""
    layers, k = [], 0
    symbolic = isinstance(vector, sp.MatrixBase)
    for l in range(1, len(widths)):
        m, n = widths[l], widths[l - 1]
        if symbolic:
            W = sp.Matrix(m, n, list(vector[k:k + m * n]))
            b = sp.Matrix(list(vector[k + m * n:k + m * n + m]))
        else:
            W = np.reshape(vector[k:k + m * n], (m, n))
            b = np.asarray(vector[k + m * n:k + m * n + m])
        layers.append((W, b))
        k += m * n + m
    return layers


class Atoms:
    """Hash-consed formal values, so that every expression stays a small polynomial.

    * ``sigma_k(z)`` and ``ell_I(f, y)``: one symbol per (expanded, hence canonical) argument;
      equal arguments give the same symbol, as sympy does for equal applications of an
      undefined function.
    * back-propagated errors: ``delta`` symbols standing for one-level polynomials P (in lower
      atoms and weights); an error E = c * P with c a polynomial in the embedding scalars
      (``scalars``, e.g. alpha) and numbers only is stored as c * delta(P), so that
      (1 - alpha) P and alpha P share the atom of P.

    Soundness: an identity that holds with every atom an independent indeterminate holds after
    substituting the atoms' definitions (substitution is a ring homomorphism); so checking in
    the free polynomial ring proves the identity for every activation and loss.  `as_functions`
    performs that substitution, giving nested applications of `activation(k)` and
    `loss_function` that sympy can differentiate directly (the tests compare both)."""

    def __init__(self, scalars=()):
        self.scalars = frozenset(scalars)
        self.table = {}      # (name, args) -> Symbol
        self.key_of = {}     # Symbol -> (name, args)
        self.memo = {}       # cached layer computations, see `_memo`

    def apply(self, name: str, *args):
        key = (name, args)
        symbol = self.table.get(key)
        if symbol is None:
            symbol = sp.Symbol(f"{name}[{len(self.table)}]")
            self.table[key] = symbol
            self.key_of[symbol] = key
        return symbol

    def sigma(self, z, order: int = 0):
        return self.apply("sigma" if order == 0 else f"sigma_{order}", z)

    def ell(self, f, y, partials: tuple = ()):
        name = "ell" + ("_" + "".join(map(str, partials)) if partials else "")
        return self.apply(name, *(tuple(f) + tuple(y)))

    def delta(self, E):
        """E (expanded) as c * delta(P), c a polynomial in the scalars, P free of them."""
        if E == 0:
            return sp.S.Zero
        if E.free_symbols & self.scalars:
            parts = sp.Poly(E, *sorted(self.scalars, key=str)).terms()
        else:
            parts = [((), E)]
        base = sp.Add.make_args(parts[0][1])
        pivot = base[0].as_coeff_Mul()
        base_terms = dict(t.as_coeff_Mul()[::-1] for t in base)
        scale = sp.S.Zero
        gens = sorted(self.scalars, key=str)
        for monomial, coefficient in parts:
            terms = dict(t.as_coeff_Mul()[::-1] for t in sp.Add.make_args(coefficient))
            r = terms.get(pivot[1], 0) / pivot[0]
            if r == 0 or terms != {m: r * c for m, c in base_terms.items()}:
                return self.apply("delta", E)     # not of the form c * P: one atom for E
            scale += r * sp.Mul(*(g ** k for g, k in zip(gens, monomial)))
        return times(sp.expand(scale * pivot[0]), self.apply("delta", sp.expand(parts[0][1] / pivot[0])))

    def as_functions(self, expr):
        """Substitute every atom's definition (recursively)."""
        memo = {}

        def convert(symbol):
            if symbol not in memo:
                name, args = self.key_of[symbol]
                args = [substitute(a) for a in args]
                if name == "delta":
                    memo[symbol] = args[0]
                elif name.startswith("sigma"):
                    memo[symbol] = activation(0 if name == "sigma" else int(name.split("_")[1]))(*args)
                else:
                    partials = tuple(int(c) for c in name.split("_")[1]) if "_" in name else ()
                    memo[symbol] = loss_function(len(args) // 2, partials)(*args)
            return memo[symbol]

        def substitute(e):
            e = sp.sympify(e)
            return e.xreplace({s: convert(s) for s in e.free_symbols if s in self.key_of})

        return substitute(expr)


def _expand(M):
    return M.applyfunc(sp.expand)


def times(p, q):
    """Product of two expanded polynomials, expanded (term by term: much faster than `expand`)."""
    return sp.Add(*[a * b for a in sp.Add.make_args(p) for b in sp.Add.make_args(q)])


def canonical(e):
    """Expanded form of a product of expanded factors (e.g. (1 - alpha) * P), computed fast."""
    result = sp.S.One
    for factor in sp.Mul.make_args(e):
        result = times(result, factor)
    return result


def _affine(W, h, b):
    """W h + b expanded; h and b expanded, entries of W expanded."""
    return sp.Matrix([sp.Add(*[times(W[i, j], h[j]) for j in range(W.shape[1])], b[i])
                      for i in range(W.shape[0])])


def _memo(atoms, kind, key, compute):
    """Per-`Atoms` cache of layer computations: identical inputs give identical (canonical)
    outputs, so a net and its embeddings share the work of their common layers."""
    table = atoms.memo.setdefault(kind, {})
    value = table.get(key)
    if value is None:
        value = table[key] = compute()
    return value


def _key(*matrices):
    return tuple((M.shape, tuple(M)) for M in matrices)


def forward(layers, x, atoms: Atoms):
    """Pre-activations z^[1..L] (expanded) and features f^[0..L] (f^[L] = output)."""
    pre, post = [], [x]
    for l, (W, b) in enumerate(layers, start=1):
        h = post[-1]
        z = _memo(atoms, "affine", _key(W, b, h), lambda: _affine(_expand(W), h, _expand(b)))
        pre.append(z)
        post.append(z.applyfunc(atoms.sigma) if l < len(layers) else z)
    return pre, post


def output(layers, x, atoms: Atoms):
    return forward(layers, x, atoms)[1][-1]


def nested_output(layers, x):
    """f_theta(x) as nested applications of `activation(0)`, without atoms or expansion."""
    h = x
    for l, (W, b) in enumerate(layers, start=1):
        z = W * h + b
        h = z.applyfunc(activation(0)) if l < len(layers) else z
    return h


def sample_loss(layers, x, y):
    """r(x, y) = ell(f_theta(x), y) as one nested sympy expression of undefined functions."""
    return loss_function(len(y))(*(list(nested_output(layers, x)) + list(y)))


def gradient(layers, x, y, atoms: Atoms):
    """grad_theta ell(f_theta(x), y) in the layout of ``layers``, by the exact chain rule:
    delta^[L] = (ell_i(f, y))_i,  delta^[l] = sigma_1(z^[l]) o (W^[l+1]^T delta^[l+1]),
    dr/dW^[l] = delta^[l] f^[l-1]^T,  dr/db^[l] = delta^[l].
    Each delta^[l] is used as an expression in the atoms of delta^[l+1] (tests check the result
    against sympy's direct differentiation of `sample_loss`)."""
    pre, post = forward(layers, x, atoms)
    f, L = post[-1], len(layers)
    delta = sp.Matrix([atoms.ell(f, y, (i + 1,)) for i in range(len(y))])
    grads = [None] * L
    for l in range(L, 0, -1):
        d, h = delta, post[l - 1]
        grads[l - 1] = (_memo(atoms, "outer", _key(d, h), lambda: sp.Matrix(
            len(d), len(h), lambda i, j: times(d[i], h[j]))), d)
        if l > 1:
            W, z = layers[l - 1][0], pre[l - 2]
            delta = _memo(atoms, "backward", _key(W, d, z), lambda: sp.Matrix(
                [times(atoms.sigma(z[i], 1), e) for i, e in enumerate(
                    _affine(_expand(W.T), d.applyfunc(atoms.delta), sp.zeros(W.shape[1], 1)))]))
    return grads


def interpret(expr, sigma, ell):
    """Replace the formal sigma_k and ell (and its partials) by concrete functions:
    ``sigma(t)`` a sympy expression in one symbol's function form (e.g. ``sp.tanh``),
    ``ell(u, y)`` a callable returning a sympy expression of the lists u, y."""
    t = sp.Dummy("t")

    def concrete_sigma(order):
        body = sp.diff(sigma(t), t, order)
        return lambda z: body.subs(t, z)

    def concrete_ell(outputs, partials):
        us = [sp.Dummy(f"u{i}") for i in range(outputs)]
        ys = [sp.Dummy(f"v{i}") for i in range(outputs)]
        body = ell(us, ys)
        for i in partials:
            body = sp.diff(body, us[i - 1])
        return lambda *a: body.subs(dict(zip(us + ys, a)), simultaneous=True)

    def walk(e):
        if not e.args:
            return e
        new_args = [walk(a) for a in e.args]
        name = getattr(e.func, "__name__", "")
        if name == "sigma" or name.startswith("sigma_"):
            order = 0 if name == "sigma" else int(name.split("_")[1])
            return concrete_sigma(order)(new_args[0])
        if name == "ell" or name.startswith("ell_"):
            partials = () if name == "ell" else tuple(int(c) for c in name.split("_")[1])
            return concrete_ell(len(new_args) // 2, partials)(*new_args)
        return e.func(*new_args)

    return walk(expr)


# ----------------------------------------------------------------------------- numpy
def forward_np(layers, X):
    """Features for a batch X of shape (n, m_0): list f^[0..L] of shape (n, m_l); tanh."""
    post = [X]
    for l, (W, b) in enumerate(layers, start=1):
        z = post[-1] @ W.T + b
        post.append(np.tanh(z) if l < len(layers) else z)
    return post


def risk_np(layers, X, Y):
    """R_S = (1/n) sum_i ||f(x_i) - y_i||^2 / 2."""
    r = forward_np(layers, X)[-1] - Y
    return 0.5 * np.sum(r * r) / X.shape[0]


def gradient_np(layers, X, Y):
    """grad R_S by backpropagation (complex-safe: used with complex steps for the Hessian)."""
    post = forward_np(layers, X)
    n, L = X.shape[0], len(layers)
    delta = (post[-1] - Y) / n
    grads = [None] * L
    for l in range(L, 0, -1):
        grads[l - 1] = (delta.T @ post[l - 1], delta.sum(axis=0))
        if l > 1:
            delta = (delta @ layers[l - 1][0]) * (1 - post[l - 1] ** 2)
    return grads


def hessian_np(layers, X, Y, step: float = 1e-30):
    """Hessian of R_S by complex-step differentiation of the gradient (exact to rounding)."""
    widths = widths_of(layers)
    theta = flatten(layers).astype(complex)
    H = np.empty((theta.size, theta.size))
    for k in range(theta.size):
        e = theta.copy()
        e[k] += 1j * step
        H[:, k] = flatten(gradient_np(unflatten(e, widths), X, Y)).imag / step
    return 0.5 * (H + H.T)


def jacobian_np(layers, X, step: float = 1e-30):
    """d f(x_i) / d theta for scalar-output nets, shape (n, P), by complex steps."""
    widths = widths_of(layers)
    theta = flatten(layers).astype(complex)
    J = np.empty((X.shape[0], theta.size))
    for k in range(theta.size):
        e = theta.copy()
        e[k] += 1j * step
        J[:, k] = forward_np(unflatten(e, widths), X)[-1][:, 0].imag / step
    return J


def residual_hessian_np(layers, X, Y):
    """H^(2) = (1/n) sum_i (f(x_i) - y_i) Hess_theta f(x_i) = H - J^T J / n (square loss, scalar output)."""
    J = jacobian_np(layers, X)
    return hessian_np(layers, X, Y) - J.T @ J / X.shape[0]


def gradient_descent(layers, X, Y, *, rate: float, steps: int, record_every: int = 1):
    """Full-batch gradient descent theta <- theta - rate grad R_S; returns the final layers and
    the risks recorded every ``record_every`` steps (step 0 included)."""
    risks = []
    for k in range(steps + 1):
        if k % record_every == 0:
            risks.append(risk_np(layers, X, Y))
        if k < steps:
            layers = [(W - rate * gW, b - rate * gb) for (W, b), (gW, gb) in zip(layers, gradient_np(layers, X, Y))]
    return layers, np.array(risks)


def newton_polish(layers, X, Y, *, tolerance: float = 1e-13, iterations: int = 100):
    """Damped Newton steps on grad R_S = 0 (least-squares solves with the exact complex-step Hessian;
    a step is halved until ||grad R_S|| decreases) until ||grad R_S|| < tolerance.  Converges to the
    nearby critical point of any index.  Returns the layers and the final gradient norm."""
    widths = widths_of(layers)
    theta = flatten(layers)

    def norm_at(t):
        return float(np.linalg.norm(flatten(gradient_np(unflatten(t, widths), X, Y))))

    current = norm_at(theta)
    for _ in range(iterations):
        if current < tolerance:
            break
        g = flatten(gradient_np(unflatten(theta, widths), X, Y))
        step = np.linalg.lstsq(hessian_np(unflatten(theta, widths), X, Y), g, rcond=None)[0]
        t = 1.0
        while t > 1e-6 and norm_at(theta - t * step) >= current:
            t /= 2
        theta = theta - t * step
        current = norm_at(theta)
    return unflatten(theta, widths), current


def numeric_inertia(H, tolerance: float):
    """(n+, n0, n-) of a symmetric matrix, eigenvalues with |lambda| <= tolerance * max(1, ||H||) as zero."""
    eigenvalues = np.linalg.eigvalsh(H)
    scale = tolerance * max(1.0, float(np.abs(eigenvalues).max()))
    return (int(np.sum(eigenvalues > scale)), int(np.sum(np.abs(eigenvalues) <= scale)),
            int(np.sum(eigenvalues < -scale)))
