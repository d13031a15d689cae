"""sgj21.replication-critical and its lemma sgj21.replication-any-copies.

Replacing neuron i by k copies (w_i, beta_1 a_i), ..., (w_i, beta_k a_i), sum_l beta_l = 1.  The
argument, every step machine-checked on the reduced net of `proofs.sgj21.common` (every width,
input dimension, data set, activation and loss):

1. lemma, by induction on k: the k-copy net computes the original function, for every k >= 1
   and every beta with sum 1.  Base k = 1: `split_neuron` with the single fraction 1 is the
   original net.  Step k -> k + 1: copies with fractions (beta_1, ..., beta_{k-1}, b + b')
   become (..., b, b') when the last copy hands b' a_i to a new copy (`add_neuron`); every
   beta' with sum 1 comes so from a predecessor with sum 1.
2. k-free: the partials of one copy at the k-copy point depend on everything else only
   through the output F(x); with F unchanged (1.), copy l's partials are beta_l dL/dw_i,
   beta_l dL/du_i and dL/da_i, and every other parameter's partial (ell'(F) times its own,
   unchanged, derivative) is unchanged.  So the gradient maps linearly at every point:
   critical points go to critical points with the same loss.
3. the shared model `models.replication.split_neuron` realises the map: its copy has
   (w_i, beta a_i) in 2., and for k = 2, 3 its whole output satisfies 1. and 2. at once.

Negative controls feed mutated replications through the same functions: a split whose copies
take the next copy's fraction (off by one), one whose first copy keeps its whole outgoing
weight (a dropped factor), and an induction step in which the last copy keeps its weight.
"""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models.replication import split_neuron
from proofs.sgj21.common import (ABSTRACT_ONLY, ELL, PAPER, SIGMA, X, Y, append_step, flat, induction, net_gradient,
                                 net_output, neuron_net, neurons_of)

W, U, A, R = sp.symbols("w u a R", real=True)   # the replicated neuron (w, u, a) and the rest R of the net


def _split_off_by_one(layers, l, s, fractions):
    """Mutated replication: copy j gets the fraction of copy j + 1 (a plausible indexing bug)."""
    fractions = list(fractions)
    return split_neuron(layers, l, s, fractions[1:] + fractions[:1])


def _split_dropped_fraction(layers, l, s, fractions):
    """Mutated replication: the copy in slot s keeps its whole outgoing column (the factor
    beta_1 dropped), so the outgoing weights no longer sum to the old ones."""
    new = split_neuron(layers, l, s, fractions)
    (W_out, b_out) = new[l]
    W_out = W_out.copy()
    W_out[:, s] = layers[l][0][:, s]
    return new[:l] + [(W_out, b_out)] + new[l + 1:]


SPLITS = {"split_neuron": split_neuron, "off-by-one": _split_off_by_one, "dropped-fraction": _split_dropped_fraction}


def copies_induction(keep_weight=False):
    """Lemma 1 by induction on the number of copies k (see the module docstring).  The step's
    reduced net holds the last copy (w, u, (b + b') a) of a k-copy net; R is everything else
    (the other neurons and the first k - 1 copies); `keep_weight` is the mutated step of the
    negative control."""
    b, b2 = sp.symbols("b b2", real=True)
    original = neuron_net([(W, U, A)], R)
    one_copy = split_neuron(original, 1, 0, [1])
    return induction(
        [("k = 1: split_neuron with the fraction 1 gives the original parameters", flat(one_copy), flat(original)),
         ("k = 1: the same function", net_output(one_copy), net_output(original))],
        append_step(b, b2, A, R, members="copies", keep_weight=keep_weight),
        what="k copies (w, u, beta_l a) with sum beta = 1 compute the function of the original neuron",
        variable="the number of copies k")


def copy_gradients(split="split_neuron"):
    """Step 2 (k-free): one copy l, fraction beta, taken from the model's replication of (w, u, a);
    at the replicated point everything but copy l contributes F - c_l sigma(w x + u), where F is
    the output at x (the same before and after, by the lemma); before, everything but the
    neuron contributes F - a sigma(w x + u)."""
    F, beta = sp.symbols("F beta", real=True)
    copy_w, copy_u, copy_c = neurons_of(SPLITS[split](neuron_net([(W, U, A)], R), 1, 0, [beta, 1 - beta]))[0]
    new = net_gradient(neuron_net([(copy_w, copy_u, copy_c)], F - copy_c * SIGMA(copy_w * X + copy_u)))
    old = net_gradient(neuron_net([(W, U, A)], F - A * SIGMA(W * X + U)))
    (new_w, new_u), (new_c, new_rest) = [(dW[0], db[0]) for dW, db in new]
    (old_w, old_u), (old_a, old_rest) = [(dW[0], db[0]) for dW, db in old]
    return symbolic.identities([
        ("the copy has incoming (w, u)", sp.Matrix([copy_w, copy_u]), sp.Matrix([W, U])),
        ("the copy's outgoing weight is beta a", copy_c, beta * A),
        ("dL/dw of the copy = beta dL/dw", new_w, beta * old_w),
        ("dL/du of the copy = beta dL/du", new_u, beta * old_u),
        ("dL/dc of the copy = dL/da", new_c, old_a),
        ("every other parameter: ell'(F) unchanged", new_rest, old_rest),
    ], what=f"partials of one copy (fraction beta) of a replication by {split} (every k, width, sigma, ell)")


def replication_gradient_identities(copies=3, split="split_neuron"):
    """Step 3: the whole output of the model's replication for k = 2 and k = `copies`: the loss is
    unchanged, copy l gets beta_l dL/dw and beta_l dL/du and dL/da, the rest's partial is unchanged."""
    base = neuron_net([(W, U, A)], R)
    base_loss = ELL(net_output(base), Y)
    (dw, du), (da, dR) = net_gradient(base)
    items = []
    for k in sorted({2, int(copies)}):
        betas = list(sp.symbols(f"beta1:{k}", real=True))
        fractions = betas + [1 - sum(betas)]
        new = SPLITS[split](base, 1, 0, fractions)
        (gw, gu), (ga, gR) = net_gradient(new)
        items.append((f"k={k}: loss unchanged", ELL(net_output(new), Y), base_loss))
        for l, beta in enumerate(fractions):
            items.append((f"k={k}: dL/dw of copy {l + 1} = beta_{l + 1} dL/dw", gw[l], beta * dw[0]))
            items.append((f"k={k}: dL/du of copy {l + 1} = beta_{l + 1} dL/du", gu[l], beta * du[0]))
            items.append((f"k={k}: dL/da of copy {l + 1} = dL/da", ga[l], da[0]))
        items.append((f"k={k}: partials of all other neurons unchanged (through R)", gR[0], dR[0]))
    return symbolic.identities(items, what=f"{split} maps the gradient exactly (k = 2, {copies}; uninterpreted "
                                           "sigma, ell)")


PAPER.lemma(
    id="sgj21.replication-any-copies",
    statement="For every k >= 1, every beta in R^k with sum 1 and every net: replacing a neuron (w, a) by the copies "
              "(w, beta_1 a), ..., (w, beta_k a) leaves the network function unchanged (every activation).",
    source="induction on k, base case and step checked exactly (proofs/sgj21/replication.py)",
    obligations=[Obligation("induction on the number of copies", copies_induction, timeout=60)],
    negative_controls=[Obligation("step in which the last copy keeps its weight", copies_induction,
                                  {"keep_weight": True}, timeout=60)],
)

PAPER.claim(
    id="sgj21.replication-critical",
    theorem="Sec. 4 (symmetry-induced critical points by neuron replication)",
    statement="Replacing neuron i of a critical point of the width-r net by k copies (w_i, beta_1 a_i), ..., "
              "(w_i, beta_k a_i) with sum_l beta_l = 1 gives a critical point of the width-(r+k-1) net with the "
              "same loss, for every k >= 1 and every real beta: an affine subspace of dimension k-1 (a_i != 0) per "
              "replication. Stronger form checked: the gradient maps linearly at every point (copy l: beta_l "
              "dL/dw_i, dL/da_i; other partials unchanged), for any activation sigma, loss ell and data. Every k: "
              "the function by induction (sgj21.replication-any-copies), the gradient one copy at a time. (The "
              "dimension k-1 = m-r is checked by exact rank in sgj21.count-symmetry-critical.)",
    uses=["sgj21.replication-any-copies"],
    obligations=[
        Obligation("partials of one copy (every k)", copy_gradients, timeout=60),
        Obligation("gradient map of split_neuron (reduced net, k = 2 and 3)", replication_gradient_identities,
                   {"copies": 3}, timeout=60),
    ],
    negative_controls=[
        Obligation("copies take the next copy's fraction (off by one)", copy_gradients, {"split": "off-by-one"},
                   timeout=60),
        Obligation("first copy keeps its whole outgoing weight", replication_gradient_identities,
                   {"copies": 3, "split": "dropped-fraction"}, timeout=60),
    ],
    confirmed=ABSTRACT_ONLY + "The replication map matches `duplicate` in SymmetrySaddles.jl (src/SymmetrySaddles.jl: "
                              "copies share w, the outgoing weight is split by fractions asserted to sum to 1, the "
                              "first fraction stays in the old slot).",
)
