"""sgj21.one-neuron-connects: one extra neuron per layer connects the permuted minima.

The path is built from blank swaps (`models.two_layer.blank_swap_path`): a neuron p and a
blank q (outgoing 0) exchange places in three segments, q first copying p's incoming weights,
then taking over its outgoing column, then p taking q's old incoming weights.  Checked: the
swap lemma on an abstract net (any width, input dimension and hidden layer) and every
arrangement of small two- and three-layer nets joined to the base minimum (instances).  That
the minima are isolated without the extra neuron is the paper's assumption, not checked.

Negative controls feed mutated swaps through the same functions: one that hands over the
outgoing column before the blank has copied the incoming weights, and one that skips the
middle corner (incoming and outgoing weights move at once).
"""
from __future__ import annotations

import itertools

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models.two_layer import arrangement_path, blank_swap_path, interpolate, network_output, permute_hidden, two_layer
from proofs.sgj21.common import ABSTRACT_ONLY, PAPER, SIGMA, X, flat, symbolic_teacher


def _swap_transfer_first(layers, l, p, q):
    """Mutated swap: the outgoing column moves to the blank before it copies p's incoming weights."""
    P0, _, P2, P3 = blank_swap_path(layers, l, p, q)
    early = layers[:l] + [P2[l]] + layers[l + 1:]
    return [P0, early, P2, P3]


def _swap_skip_middle(layers, l, p, q):
    """Mutated swap: the middle corner is skipped (outgoing and incoming weights move together)."""
    P0, P1, _, P3 = blank_swap_path(layers, l, p, q)
    return [P0, P1, P3]


SWAPS = {"blank_swap_path": blank_swap_path, "transfer-first": _swap_transfer_first, "skip-middle": _swap_skip_middle}


def _segment_items(corners, output_of, target, label):
    t = sp.Symbol("t", real=True)
    return [(f"{label}, segment {k + 1}", output_of(interpolate(P, Q, t)), target)
            for k, (P, Q) in enumerate(zip(corners, corners[1:]))]


def blank_swap_lemma(swap="blank_swap_path"):
    """The swap of a neuron p = (w_p, u_p) with a blank q = (w_q, u_q) in a hidden layer keeps
    every point of every segment at the same network function: the layer's input is abstract
    (one coordinate x, the rest of each pre-activation u), the next layer's pre-activations
    have two coordinates with arbitrary rests R1, R2 and p's outgoing column (c1, c2), and
    everything downstream is an undefined function G of them.  So every width, input
    dimension, hidden layer and depth."""
    wp, up, wq, uq, c1, c2, R1, R2 = sp.symbols("w_p u_p w_q u_q c1 c2 R1 R2", real=True)
    G = sp.Function("G")
    start = [(sp.Matrix([wp, wq]), sp.Matrix([up, uq])), (sp.Matrix([[c1, 0], [c2, 0]]), sp.Matrix([R1, R2]))]

    def downstream(layers):
        return G(*network_output(layers, [X], SIGMA))

    corners = SWAPS[swap](start, 1, 0, 1)
    items = _segment_items(corners, downstream, downstream(start), "swap with the blank")
    items.append(("end point: p and q exchanged", flat(corners[-1]), flat(permute_hidden(start, 1, [1, 0]))))
    return symbolic.identities(items, what=f"{swap} keeps the function along every segment (uninterpreted sigma, "
                                           "downstream G)")


def two_layer_minima_connected(r_max=3, d=2, swap="blank_swap_path"):
    """For r* = 1..r_max (symbolic teacher, d inputs, uninterpreted sigma) and one extra neuron
    (w', 0): every one of the (r*+1)! arrangements of the teacher neurons and the extra
    neuron (in particular the r*! permuted minima) is joined to the base minimum by a path
    of blank swaps; every segment keeps the teacher's function, and the end point is the
    permuted net exactly."""
    x = sp.Matrix(sp.symbols(f"x0:{d}", real=True))
    items, count = [], 0
    for r in range(1, int(r_max) + 1):
        W, a = symbolic_teacher(r, d)
        extra = sp.Matrix([[sp.Symbol(f"v{j}", real=True) for j in range(d)]])
        base = two_layer(W.col_join(extra), list(a) + [0])
        target = network_output(base, x, SIGMA)[0]
        for order in itertools.permutations(range(r + 1)):
            corners = arrangement_path(base, 1, order, blank=r, swap=SWAPS[swap])
            items += _segment_items(corners, lambda L: network_output(L, x, SIGMA)[0], target, f"r*={r}, {order}")
            goal = permute_hidden(base, 1, order)
            items.append((f"r*={r}, {order}: end point", flat(corners[-1]), flat(goal)))
            count += 1
    e = symbolic.identities(items, what=f"{count} arrangements joined to the base minimum on zero-loss paths",
                            instances=[f"two-layer, r* = 1..{r_max}, d = {d}, all (r*+1)! arrangements"])
    e.report_fields = {"connected_arrangements": count}
    return e


def three_layer_minima_connected(d=2, r1=2, r2=2, swap="blank_swap_path"):
    """Three layers (widths d, r1, r2, 1; uninterpreted sigma; symbolic teacher) with one extra
    neuron per hidden layer (incoming weights free, outgoing weights 0): each of the
    r1! r2! permuted minima is joined to the base by blank swaps in layer 1 then layer 2,
    every segment keeping the teacher's function."""
    x = sp.Matrix(sp.symbols(f"x0:{d}", real=True))
    W1 = sp.Matrix(r1 + 1, d, lambda i, j: sp.Symbol(f"p{i}_{j}", real=True))
    W2 = sp.Matrix(r2 + 1, r1 + 1, lambda i, j: sp.Symbol(f"q{i}_{j}", real=True) if j < r1 or i == r2 else 0)
    W2[:, r1] = sp.zeros(r2 + 1, 1)
    W3 = sp.Matrix([[sp.Symbol(f"s{i}", real=True) for i in range(r2)] + [0]])
    base = [(W1, sp.zeros(r1 + 1, 1)), (W2, sp.zeros(r2 + 1, 1)), (W3, sp.zeros(1, 1))]
    target = network_output(base, x, SIGMA)[0]
    output = lambda L: network_output(L, x, SIGMA)[0]  # noqa: E731
    items, count = [], 0
    for order1 in itertools.permutations(range(r1)):
        for order2 in itertools.permutations(range(r2)):
            corners1 = arrangement_path(base, 1, list(order1) + [r1], blank=r1, swap=SWAPS[swap])
            corners2 = arrangement_path(corners1[-1], 2, list(order2) + [r2], blank=r2, swap=SWAPS[swap])
            label = f"layer-1 order {order1}, layer-2 order {order2}"
            items += _segment_items(corners1 + corners2[1:], output, target, label)
            goal = permute_hidden(permute_hidden(base, 1, list(order1) + [r1]), 2, list(order2) + [r2])
            items.append((f"{label}: end point", flat(corners2[-1]), flat(goal)))
            count += 1
    e = symbolic.identities(items, what=f"the {count} = r1! r2! permuted minima joined on zero-loss paths",
                            instances=[f"three-layer, widths ({d}, {r1}+1, {r2}+1, 1)"])
    return e


PAPER.claim(
    id="sgj21.one-neuron-connects",
    theorem="Sec. 3 (one extra neuron per layer connects the r_1*! ... r_{L-1}*! isolated minima)",
    statement="With one extra neuron (incoming w' free, outgoing 0) any two permutations of the minimum are joined "
              "by a path of zero-loss points. For r* = 1: (w1, w', a1, 0) -> (w1, w1, a1, 0) -> (w1, w1, 0, a1) -> "
              "(w', w1, 0, a1); such swaps with the extra neuron generate every permutation. With one extra neuron "
              "in every hidden layer, the same holds layer by layer for deeper nets. (That the r*! minima at m = r* "
              "are isolated is the paper's assumption.) Checked: the swap for every width, input dimension and "
              "hidden layer; all arrangements for two-layer nets with r* <= 3 and a three-layer net with widths "
              "(2, 3, 3, 1).",
    uses=["sgj21.zero-type-global"],
    obligations=[
        Obligation("blank-swap lemma (any width, input dimension, hidden layer)", blank_swap_lemma, timeout=60),
        Obligation("two-layer: all arrangements connected, r* = 1, 2, 3", two_layer_minima_connected,
                   {"r_max": 3, "d": 2}, timeout=120),
        Obligation("three-layer: all r1! r2! minima connected", three_layer_minima_connected,
                   {"d": 2, "r1": 2, "r2": 2}, timeout=120),
    ],
    negative_controls=[
        Obligation("swap handing over the outgoing column first", blank_swap_lemma, {"swap": "transfer-first"},
                   timeout=60),
        Obligation("arrangement paths skipping the middle corner", two_layer_minima_connected,
                   {"r_max": 1, "d": 2, "swap": "skip-middle"}, timeout=60),
        Obligation("three-layer paths handing over the outgoing column first", three_layer_minima_connected,
                   {"d": 2, "r1": 2, "r2": 2, "swap": "transfer-first"}, timeout=60),
    ],
    confirmed=ABSTRACT_ONLY + "The abstract confirms that one extra neuron per layer connects the r_1*! ... "
                              "r_{L-1}*! minima; a review of the paper quotes Fig. 4's path for r* = 1 "
                              "((w1, w', a1, 0), shifting w' towards w1 first), as encoded.",
)
