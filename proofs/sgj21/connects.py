"""sgj21.one-neuron-connects: one extra neuron per layer connects the permuted minima."""
from __future__ import annotations

import itertools

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models.two_layer import arrangement_path, blank_swap_path, interpolate, network_output, permute_hidden, two_layer
from proofs.sgj21.common import ABSTRACT_ONLY, PAPER, SIGMA, _reduced_net, _reduced_output, _symbolic_teacher

def _segment_items(corners, output_of, target, label):
    t = sp.Symbol("t", real=True)
    return [(f"{label}, segment {k + 1}", output_of(interpolate(P, Q, t)), target)
            for k, (P, Q) in enumerate(zip(corners, corners[1:]))]


def blank_swap_lemma():
    """The swap of a neuron p = (z_p, a_p) with a blank q = (z_q, 0) (three segments) keeps the
    network function at every point of every segment, on the reduced net: any other neurons
    (R), any input dimension, any data.  In a deeper net the same holds coordinatewise for
    the outgoing column (the next layer's pre-activation is linear in it) and upstream
    layers only set the pre-activations, so one lemma covers every hidden layer."""
    zp, ap, zq, R = sp.symbols("z_p a_p z_q R", real=True)
    start = _reduced_net([zp, zq], [ap, 0], R)
    corners = blank_swap_path(start, 1, 0, 1)
    items = _segment_items(corners, _reduced_output, _reduced_output(start), "swap with the blank")
    items.append(("end point is the swapped net", sp.Matrix(list(corners[-1][0][0]) + list(corners[-1][1][0])),
                  sp.Matrix([zq, zp, 0, ap])))
    return symbolic.identities(items, what="blank swap preserves the function (uninterpreted sigma)")


def two_layer_minima_connected(r_max=3, d=2):
    """For r* = 1..r_max (symbolic teacher, d inputs, uninterpreted sigma) and one extra neuron
    (w', 0): every one of the (r*+1)! arrangements of the teacher neurons and the extra
    neuron (in particular the r*! permuted minima) is joined to the base minimum by a path
    of blank swaps; every segment keeps the teacher's function, and the end point is the
    permuted net exactly."""
    x = sp.Matrix(sp.symbols(f"x0:{d}", real=True))
    items, count = [], 0
    for r in range(1, int(r_max) + 1):
        W, a = _symbolic_teacher(r, d)
        extra = sp.Matrix([[sp.Symbol(f"v{j}", real=True) for j in range(d)]])
        base = two_layer(W.col_join(extra), list(a) + [0])
        target = network_output(base, x, SIGMA)[0]
        for order in itertools.permutations(range(r + 1)):
            corners = arrangement_path(base, 1, order, blank=r)
            items += _segment_items(corners, lambda L: network_output(L, x, SIGMA)[0], target, f"r*={r}, {order}")
            goal = permute_hidden(base, 1, order)
            items.append((f"r*={r}, {order}: end point", _flat(corners[-1]), _flat(goal)))
            count += 1
    e = symbolic.identities(items, what=f"{count} arrangements joined to the base minimum on zero-loss paths",
                            instances=[f"two-layer, r* = 1..{r_max}, d = {d}, all (r*+1)! arrangements"])
    e.report_fields = {"connected_arrangements": count}
    return e


def _flat(layers):
    return sp.Matrix([v for W, b in layers for v in list(W) + list(b)])


def three_layer_minima_connected(d=2, r1=2, r2=2):
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
            corners1 = arrangement_path(base, 1, list(order1) + [r1], blank=r1)
            corners2 = arrangement_path(corners1[-1], 2, list(order2) + [r2], blank=r2)
            label = f"layer-1 order {order1}, layer-2 order {order2}"
            items += _segment_items(corners1 + corners2[1:], output, target, label)
            goal = permute_hidden(permute_hidden(base, 1, list(order1) + [r1]), 2, list(order2) + [r2])
            items.append((f"{label}: end point", _flat(corners2[-1]), _flat(goal)))
            count += 1
    e = symbolic.identities(items, what=f"the {count} = r1! r2! permuted minima joined on zero-loss paths",
                            instances=[f"three-layer, widths ({d}, {r1}+1, {r2}+1, 1)"])
    return e


def _polynomial_sigma():
    t = sp.Symbol("t")
    return sp.Lambda(t, t + t ** 2 / 2 + t ** 3 / 6 + t ** 4 / 24)


def _minimum_hessian(extra_neuron):
    """Exact Hessian of the square loss at the teacher (r* = 2, d = 2, rational weights,
    sigma(z) = z + z^2/2 + z^3/6 + z^4/24, 8 rational inputs), optionally with an extra
    neuron (w' = (1/3, -1/2), a = 0).  At zero loss H = 2 J^T J."""
    W = sp.Matrix([[1, sp.Rational(1, 2)], [sp.Rational(-1, 2), 1]])
    a = [1, 2]
    if extra_neuron:
        W, a = W.col_join(sp.Matrix([[sp.Rational(1, 3), sp.Rational(-1, 2)]])), a + [0]
    xs = [sp.Matrix([sp.Rational(p, 2), sp.Rational(q, 3)]) for p, q in
          [(1, 1), (-1, 2), (2, -1), (0, 3), (3, 0), (-2, -2), (1, -3), (-3, 1)]]
    params = sp.symbols(f"th0:{W.shape[0] * 3}", real=True)
    Wsym = sp.Matrix(W.shape[0], 2, params[:2 * W.shape[0]])
    asym = params[2 * W.shape[0]:]
    sigma = _polynomial_sigma()
    point = dict(zip(params, list(W) + list(a)))
    J = sp.Matrix([[sp.diff(network_output(two_layer(Wsym, asym), xn, sigma)[0], p).subs(point) for p in params]
                   for xn in xs])
    return 2 * J.T * J, len(params)


def isolated_minimum_without_extra_neuron():
    """Negative control: without the extra neuron (m = r*) the minimum lies on a zero-loss
    curve (so the Hessian has a kernel, rank P - 1)?  False: the exact Hessian at the teacher
    has full rank P = 6, so the minimum is strict, hence isolated (and so are its r*!
    permutations); with one extra neuron the same checker finds a kernel."""
    H, P = _minimum_hessian(extra_neuron=False)
    e = symbolic.rank_is(H, P - 1, what="Hessian at a width-r* minimum has a kernel (a zero-loss curve)")
    H1, P1 = _minimum_hessian(extra_neuron=True)
    e.details["with_extra_neuron"] = {"parameters": P1, "rank": symbolic.rank(H1)}
    return e


PAPER.claim(
    id="sgj21.one-neuron-connects",
    theorem="Sec. 3 (one extra neuron per layer connects the r_1*! ... r_{L-1}*! isolated minima)",
    statement="With one extra neuron (incoming w' free, outgoing 0) any two permutations of the minimum are joined "
              "by a path of zero-loss points. For r* = 1: (w1, w', a1, 0) -> (w1, w1, a1, 0) -> (w1, w1, 0, a1) -> "
              "(w', w1, 0, a1); such swaps with the extra neuron generate every permutation. With one extra neuron "
              "in every hidden layer, the same holds layer by layer for deeper nets.",
    uses=["sgj21.zero-type-global"],
    obligations=[
        Obligation("blank-swap lemma (reduced net: any width, input dimension, layer)", blank_swap_lemma, timeout=60),
        Obligation("two-layer: all arrangements connected, r* = 1, 2, 3", two_layer_minima_connected,
                   {"r_max": 3, "d": 2}, timeout=120),
        Obligation("three-layer: all r1! r2! minima connected", three_layer_minima_connected,
                   {"d": 2, "r1": 2, "r2": 2}, timeout=120),
    ],
    negative_controls=[
        Obligation("a zero-loss curve without the extra neuron", isolated_minimum_without_extra_neuron, timeout=60),
    ],
    confirmed=ABSTRACT_ONLY + "The abstract confirms that one extra neuron per layer connects the r_1*! ... "
                              "r_{L-1}*! minima; a review of the paper quotes Fig. 4's path for r* = 1 "
                              "((w1, w', a1, 0), shifting w' towards w1 first), as encoded.",
)
