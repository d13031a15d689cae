"""Shared by the SGJ21 claim modules: the paper, the reduced net, teachers, induction evidence.

The reduced net.  A statement about one neuron (or a few) of any two-layer net is checked on
a net made of the touched neurons and an abstract rest: neuron j has pre-activation
w_j x + u_j and outgoing weight c_j, and the output bias `rest` stands for everything else.
Here x is one input coordinate, w_j the matching incoming weight and u_j the rest of the
pre-activation (the other coordinates' terms and the bias): for the partial derivative in
any one coordinate this is the net itself, so one identity covers every input dimension.
`rest` is an arbitrary expression (a free symbol or an undefined function), so one identity
covers every width; sigma and ell are undefined functions (every activation and loss), and
each identity is linear in the per-sample loss ell(f(x), y), so one sample covers every data
set.
"""
from __future__ import annotations


import numpy as np
import sympy as sp

from checkers import symbolic
from checkers.claims import Paper
from checkers.evidence import PROVED, Evidence
from models.replication import add_neuron
from models.two_layer import gradient_at, network_output

PAPER = Paper(key="sgj21",
              title="Geometry of the Loss Landscape in Overparameterized Neural Networks: Symmetries and Invariances",
              authors="Simsek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea", arxiv="2105.12221", venue="ICML 2021")

SIGMA, ELL = sp.Function("sigma"), sp.Function("ell")
#: one input coordinate and the target of the one-sample loss ell(f(x), y)
X, Y = sp.symbols("x y", real=True)
ABSTRACT_ONLY = ("Only the abstract and the official code (jbrea/SymmetrySaddles.jl) could be reached with the "
                 "search tool; the paper's body (theorem numbers, formulas) could not be read. ")


def neuron_net(neurons, rest):
    """Reduced net of `neurons` = [(w_j, u_j, c_j), ...] (pre-activation w_j x + u_j, outgoing
    c_j) plus the output bias `rest`, in the layer format of `models.two_layer`."""
    neurons = list(neurons)
    return [(sp.Matrix(len(neurons), 1, [w for w, _, _ in neurons]), sp.Matrix(len(neurons), 1, [u for _, u, _ in neurons])),
            (sp.Matrix(1, len(neurons), [c for _, _, c in neurons]), sp.Matrix([rest]))]


def net_output(layers):
    """f(x) of a reduced net (any depth of the layer format), sigma undefined."""
    return network_output(layers, [X], SIGMA)[0]


def net_gradient(layers):
    """Exact gradient of the one-sample loss ell(f(x), y): [(dW1, db1), (dW2, db2)]."""
    return gradient_at(layers, [[X]], [Y], SIGMA, ELL)


def neurons_of(layers):
    """[(w_j, u_j, c_j), ...] of a reduced net."""
    (W, b), (C, _) = layers
    return [(W[j, 0], b[j], C[0, j]) for j in range(W.shape[0])]


def induction(base, step, *, what: str, variable: str) -> Evidence:
    """Evidence for "P(n) for every n" by induction on `variable`: `base` and `step` are lists
    of (name, lhs, rhs) exact identities; the step's identities are stated for a symbolic n
    (with P(n) as the hypothesis built into them).  Proved when both are; otherwise the first
    failing part's evidence (refuted with a witness, or unknown), from the same engine."""
    parts = {"base": symbolic.identities(base, what=f"base case: {what}"),
             "step": symbolic.identities(step, what=f"induction step: {what}")}
    for name, e in parts.items():
        if e.verdict != PROVED:
            e.summary = f"induction on {variable}: the {name} fails — {e.summary}"
            return e
    trust = [t for e in parts.values() for t in e.trust]
    return Evidence(PROVED, "symbolic", f"induction on {variable}: base case ({len(base)} identities) and step "
                                        f"({len(step)} identities) exact — {what}",
                    engine_version=parts["base"].engine_version,
                    details={part: [name for name, _, _ in items] for part, items in (("base", base), ("step", step))},
                    trust=list(dict.fromkeys(trust + [f"induction on {variable} (base case and step checked)"])))


def rational_teacher(r, d, seed=0):
    """A rational teacher with nonzero outgoing weights (the ranks below depend only on these)."""
    rng = np.random.default_rng(seed)
    W = sp.Matrix(r, d, lambda i, j: sp.Rational(int(rng.integers(-9, 10)) or 1, int(rng.integers(2, 8))))
    a = [sp.Rational(int(rng.integers(1, 9)) * (-1) ** i, int(rng.integers(1, 5))) for i in range(r)]
    return W, a


def symbolic_teacher(r, d):
    W = sp.Matrix(r, d, lambda i, j: sp.Symbol(f"w{i}_{j}", real=True))
    a = [sp.Symbol(f"a{i}", real=True) for i in range(r)]
    return W, a


def append_copy(layers, t, *, keep_weight=False):
    """The induction step shared by replication and zero-type groups: the last neuron
    (w, u, c) of a reduced net gives outgoing weight t to a new neuron (w, u, t) appended
    with `models.replication.add_neuron`, keeping c - t.  `keep_weight=True` is the mutated
    step of the negative controls (the last neuron keeps c: a dropped term)."""
    (W, b), (C, rest) = layers
    w, u, c = neurons_of(layers)[-1]
    C = C.copy()
    C[0, C.shape[1] - 1] = c if keep_weight else c - t
    return add_neuron([(W, b), (C, rest)], 1, [w], u, [t])


def append_step(first, second, scale, rest, *, members, keep_weight=False):
    """The induction step of both lemmas, as exact identities: the last of n neurons sharing
    (w, u), with outgoing (first + second) scale, hands second * scale to a new neuron
    (`append_copy`); the other n - 1, with outgoing weights summing to S scale, are in `rest`.
    Every target of size n + 1 arises so from a predecessor with the same sum, and the n + 1
    neurons compute what the n neurons compute."""
    w, u, S = sp.symbols("w u S", real=True)
    before = neuron_net([(w, u, (first + second) * scale)], rest)
    after = append_copy(before, second * scale, keep_weight=keep_weight)
    return [("the predecessor's outgoing weights have the same sum", S + (first + second), S + first + second),
            (f"the last two {members} are (w, u, {first * scale}) and (w, u, {second * scale})",
             sp.Matrix([v for n in neurons_of(after) for v in n]),
             sp.Matrix([w, u, first * scale, w, u, second * scale])),
            (f"the n + 1 {members} compute what the n {members} compute", net_output(after), net_output(before))]


def flat(layers):
    """All parameters of a net in the layer format, as one column."""
    return sp.Matrix([v for W, b in layers for v in list(W) + list(b)])
