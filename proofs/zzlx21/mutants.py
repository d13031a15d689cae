"""False models for the negative controls: plausible bugs in an embedding map, a gradient rule
or the parametric back-propagation.  Each works on concrete and on block layers (sympy matrices),
so a control feeds it through the very function that checks the true model."""
from __future__ import annotations

import sympy as sp

from models import parametric
from models.embedding import splitting_embedding, splitting_gradient
from models.replication import add_neuron


def _replace_layer(layers, l, layer):
    return layers[:l - 1] + [layer] + layers[l:]


def split_copying_next_row(layers, l, s, alpha):
    """Off-by-one: the copy gets the incoming row and bias of neuron s + 1 (mod m_l), the outgoing
    columns are split as for neuron s."""
    wide = splitting_embedding(layers, l, s, alpha)
    (W0, b0), m = layers[l - 1], layers[l - 1][0].shape[0]
    W, b = wide[l - 1][0].copy(), wide[l - 1][1].copy()
    W[m, :], b[m] = W0[(s + 1) % m, :], b0[(s + 1) % m]
    return _replace_layer(wide, l, (W, b))


def split_wrong_fraction(layers, l, s, alpha):
    """Wrong fraction: the new outgoing column is alpha^2 c instead of alpha c."""
    wide = splitting_embedding(layers, l, s, alpha)
    V, d = wide[l][0].copy(), wide[l][1]
    V[:, -1] = alpha * V[:, -1]
    return _replace_layer(wide, l + 1, (V, d))


def split_copy_without_bias(layers, l, s, alpha):
    """Dropped term: the copy's bias is left out (0)."""
    wide = splitting_embedding(layers, l, s, alpha)
    W, b = wide[l - 1][0], wide[l - 1][1].copy()
    b[-1] = 0
    return _replace_layer(wide, l, (W, b))


def split_rescaling_layer_below(layers, l, s, alpha):
    """Touches a layer it must not: the split also rescales the weights of layer l - 1 (if there is
    one) by (1 - alpha)."""
    wide = splitting_embedding(layers, l, s, alpha)
    if l < 2:
        return wide
    W, b = wide[l - 2]
    return _replace_layer(wide, l - 1, ((1 - alpha) * W, b))


def split_rule_new_column_alpha(g, l, s, alpha):
    """Wrong gradient rule: the new outgoing column's gradient is alpha times the old column's."""
    rule = splitting_gradient(g, l, s, alpha)
    gV, gc = rule[l][0].copy(), rule[l][1]
    gV[:, -1] = alpha * gV[:, -1]
    return rule[:l] + [(gV, gc)] + rule[l + 1:]


def null_with_outgoing(layers, l, beta):
    """Not a null embedding: the new neuron keeps zero incoming weights but gets the outgoing column
    of neuron 0 (its constant feature sigma(beta) changes the next layer)."""
    column = list(layers[l][0][:, 0])
    return add_neuron(layers, l, [0] * layers[l - 1][0].shape[1], beta, column)


def null_wrong_bias_gradient(g, l, beta, sigma):
    """Wrong gradient rule: the null neuron's outgoing gradient is taken to be 0 at every theta."""
    (gW, gb), (gV, gc) = g[l - 1], g[l]
    return g[:l - 1] + [(gW.col_join(sp.zeros(1, gW.shape[1])), gb.col_join(sp.zeros(1, 1))),
                        (gV.row_join(sp.zeros(gV.shape[0], 1)), gc)] + g[l + 1:]


def error_below_touched_only(W, delta):
    """Dropped terms in the parametric back-propagation: where a layer has the touched block row,
    W^T delta keeps only that row's contribution (the errors of the other neurons, and of the copy in
    the wide net, are lost)."""
    if W.shape[0] <= parametric.TOUCHED:
        return parametric.input_error(W, delta)
    keep = slice(parametric.TOUCHED, parametric.TOUCHED + 1)
    return parametric.input_error(W[keep, :], delta[keep, :])


def compose_dropping_shift(*maps):
    """Wrong composition of affine maps: T2 o T1 = (A2 A1, c2), the term A2 c1 dropped."""
    A, c = maps[0]
    for A2, c2 in maps[1:]:
        A, c = A2 * A, c2
    return A, c
