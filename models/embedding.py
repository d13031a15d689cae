"""ZZLX21's embeddings of a narrow fully connected net into a wider one.

An embedding is an affine parameter map T(theta) = A theta + c (theta flattened as in
`models.fully_connected.flatten`).  The maps here:

* one-step splitting T^alpha_{l,s} (NeurIPS Prop. 1 / journal Def. 4.4): neuron s of hidden layer
  l is duplicated (same incoming row and bias), its outgoing column c becomes (1 - alpha) c in
  slot s and alpha c in the new slot (appended last);
* null embedding (journal Def. 4.3): a new neuron of hidden layer l with zero incoming and
  outgoing weights and bias beta;
* their compositions, and widening to any larger widths by repeated one-step splittings;
* the multi-way splitting of one neuron per hidden layer into K_l + 1 copies with free
  fractions (the affine family of journal Thm. 6.1);
* the three-fold global splitting (journal Lemma 6.1): three parallel copies of the whole
  net (block-diagonal hidden weights), output weights [W^[L], W^[L], -W^[L]], shared b^[L].

Each map also has its *gradient map* M, the linear map with grad R_B(T theta) = M grad R_A(theta)
that the paper's proofs establish (NeurIPS Thm. 1); the proofs in `proofs/zzlx21/`
check these relations, they are not assumed.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from models.fully_connected import flatten, forward_np, symbolic_layers, widths_of
from models.replication import add_neuron, split_neuron


# ----------------------------------------------------------------------------- parameter maps
def splitting_embedding(layers, l: int, s: int, alpha):
    """T^alpha_{l,s}: split neuron s of hidden layer l with fractions (1 - alpha, alpha)."""
    return split_neuron(layers, l, s, [1 - alpha, alpha])


def null_embedding(layers, l: int, beta):
    """Append to hidden layer l a neuron with zero incoming row, bias beta, zero outgoing column."""
    m_in, m_out = layers[l - 1][0].shape[1], layers[l][0].shape[0]
    return add_neuron(layers, l, [0] * m_in, beta, [0] * m_out)


def widening(layers, target_widths, alpha):
    """Embed into a wider net (same depth, every width >= the current one) by repeated one-step
    splittings of neuron 0 of each layer that must grow (journal Cor. 4.1).  Returns the new
    layers and the list of steps (l, s)."""
    steps = []
    for l in range(1, len(layers)):
        while layers[l - 1][0].shape[0] < target_widths[l]:
            layers = splitting_embedding(layers, l, 0, alpha)
            steps.append((l, 0))
    if widths_of(layers) != tuple(target_widths):
        raise ValueError(f"cannot widen {widths_of(layers)} to {tuple(target_widths)}")
    return layers, steps


def multi_splitting(layers, splits):
    """Split, for every (l, s, betas) in ``splits``, neuron s of hidden layer l into
    len(betas) + 1 copies with fractions (1 - sum(betas), *betas).  Affine in all betas."""
    for l, s, betas in splits:
        layers = split_neuron(layers, l, s, [1 - sum(betas)] + list(betas))
    return layers


def three_fold_global_splitting(layers):
    """Three parallel copies of the net: W^[1] -> [W; W; W], hidden W^[l] -> diag(W, W, W),
    hidden biases tripled, W^[L] -> [W, W, -W], b^[L] shared.  The output is unchanged:
    F(theta) + F(theta) - F(theta) + b^[L] with F the output without its bias."""
    L = len(layers)
    out = []
    for l, (W, b) in enumerate(layers, start=1):
        if l == L:
            out.append((W.row_join(W).row_join(-W), b))
        elif l == 1:
            out.append((W.col_join(W).col_join(W), b.col_join(b).col_join(b)))
        else:
            out.append((sp.diag(W, W, W), b.col_join(b).col_join(b)))
    return out


def three_fold_direction(v_layers, kind: str):
    """Directions of journal Lemma 6.1 in the wide parameter space, from a narrow direction v.
    Copy j of the net carries v_j; copy 3's stored output weights are -W^[L], so the direction
    that moves copy 3's function F(theta) along v stores -v on its output weights (written P v).
        kind "half": (v/2, v/2, P v)        kind "antisym": (v, -v, 0).
    Cross-block weights and the shared output bias get 0 (v's output-bias part must be 0)."""
    if kind == "half":
        c = (sp.Rational(1, 2), sp.Rational(1, 2), 1)
    elif kind == "antisym":
        c = (1, -1, 0)
    else:
        raise ValueError(kind)
    L = len(v_layers)
    out = []
    for l, (V, b) in enumerate(v_layers, start=1):
        if l == L:
            out.append((sp.Matrix.hstack(c[0] * V, c[1] * V, -c[2] * V), sp.zeros(*b.shape)))
        elif l == 1:
            out.append((sp.Matrix.vstack(*(k * V for k in c)), sp.Matrix.vstack(*(k * b for k in c))))
        else:
            out.append((sp.diag(*(k * V for k in c)), sp.Matrix.vstack(*(k * b for k in c))))
    return out


# ----------------------------------------------------------------------------- linear forms
def linear_form(parameter_map, widths):
    """(A, c) with parameter_map(theta) = A theta + c, read off exactly from the map applied to
    symbolic parameters (the maps are affine, which is checked)."""
    theta = symbolic_layers(widths, prefix="t_")
    image = flatten(parameter_map(theta))
    variables = list(flatten(theta))
    A = image.jacobian(variables)
    if any(sp.diff(A, v) != sp.zeros(*A.shape) for v in variables):
        raise ValueError("the parameter map is not affine")
    c = image.subs({v: 0 for v in variables})
    return A, c


def compose(*maps):
    """(A, c) of T_k o ... o T_1 for maps = ((A_1, c_1), ..., (A_k, c_k))."""
    A, c = maps[0]
    for A2, c2 in maps[1:]:
        A, c = A2 * A, A2 * c + c2
    return A, c


# ----------------------------------------------------------------------------- gradient maps
# Each takes the narrow gradient (layers layout) and returns the wide one that the paper's proof
# asserts; `gradient_matrix` gives the matrix M of such a rule.
def splitting_gradient(g, l: int, s: int, alpha):
    """T^alpha_{l,s} (NeurIPS Thm. 1): the split neuron's incoming row and bias gradients become
    (1 - alpha) and alpha times the old ones; the new outgoing column's gradient equals the old
    column's; every other partial is unchanged."""
    (gW, gb), (gV, gc) = g[l - 1], g[l]
    new_in, new_b = gW.copy(), gb.copy()
    new_in[s, :] = (1 - alpha) * gW[s, :]
    new_b[s] = (1 - alpha) * gb[s]
    return g[:l - 1] + [(new_in.col_join(alpha * gW[s, :]), new_b.col_join(sp.Matrix([alpha * gb[s]]))),
                        (gV.row_join(gV[:, s]), gc)] + g[l + 1:]


def null_gradient(g, l: int, beta, sigma):
    """Null embedding (journal Thm. 4.1): the new neuron's incoming and bias gradients are 0, its
    outgoing column's gradient is sigma(beta) grad_{b^[l+1]} R; every other partial is unchanged."""
    (gW, gb), (gV, gc) = g[l - 1], g[l]
    return g[:l - 1] + [(gW.col_join(sp.zeros(1, gW.shape[1])), gb.col_join(sp.zeros(1, 1))),
                        (gV.row_join(sigma(beta) * gc), gc)] + g[l + 1:]


def three_fold_gradient(g):
    """Three-fold global splitting: copy a's hidden parameters get s_a times the narrow gradient
    (s = (1, 1, -1): copy 3 back-propagates -delta), the cross-block weight from copy b into copy a
    gets s_a grad W^[l], each output block gets grad W^[L], the output bias is unchanged."""
    L, out = len(g), []
    for l, (gW, gb) in enumerate(g, start=1):
        if l == L:
            out.append((gW.row_join(gW).row_join(gW), gb))
        elif l == 1:
            out.append((gW.col_join(gW).col_join(-gW), gb.col_join(gb).col_join(-gb)))
        else:
            out.append((sp.Matrix.vstack(*(k * sp.Matrix.hstack(gW, gW, gW) for k in (1, 1, -1))),
                        gb.col_join(gb).col_join(-gb)))
    return out


def gradient_matrix(rule, widths):
    """The matrix M of a gradient rule: flatten(rule(g)) = M flatten(g)."""
    g = symbolic_layers(widths, prefix="g_")
    return flatten(rule(g)).jacobian(list(flatten(g)))


# ----------------------------------------------------------------------------- numpy helpers
def splitting_matrix_np(layers, X, Y, s: int):
    """Fukumizu-Amari splitting matrix of neuron s of a two-layer scalar-output tanh net with
    square loss: S = (1/n) sum_i a_s (f(x_i) - y_i) sigma''(w_s . x_i + b_s) f~_i f~_i^T, f~ = [x; 1]."""
    (W, b), (V, _) = layers
    residual = (forward_np(layers, X)[-1] - Y)[:, 0]
    t = np.tanh(X @ W[s] + b[s])
    weights = V[0, s] * residual * (-2 * t * (1 - t * t))
    F = np.hstack([X, np.ones((X.shape[0], 1))])
    return (F.T * weights) @ F / X.shape[0]
