"""sgj21.zero-type-global and its lemma sgj21.zero-type-groups-any-size.

A zero-type group: n neurons sharing a free incoming vector w, outgoing weights c_1..c_n with
sum 0.  The argument, every step machine-checked on the reduced net of `proofs.sgj21.common`:

1. lemma, by induction on n: adding a group of any size n to any net leaves its function
   unchanged.  Base n = 1: the single member has c_1 = 0 (`add_neuron` with outgoing 0).
   Step n -> n + 1: the group (c_1, ..., c_{n-1}, c + c') (sum 0) becomes (..., c, c') when
   its last member hands c' to a new member with the same (w, u); every sum-zero vector of
   length n + 1 comes so from one of length n.  The other members and every other neuron are
   the abstract rest, so groups can be added one after another: any number of groups.
2. the claim: the loss depends on the parameters only through the function, so every loss
   (ell undefined), and the zero square loss of a zero-loss point, is kept by both moves.

Negative controls use the same functions with mutated moves: a step in which the last member
keeps its weight, a group whose outgoing weights sum to 1/10, a move between neurons with
different incoming weights.
"""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models.replication import add_neuron
from proofs.sgj21.common import ABSTRACT_ONLY, ELL, PAPER, Y, append_step, induction, net_output, neuron_net

W, U, R = sp.symbols("w u R", real=True)   # the group's shared incoming weight and pre-activation rest; the net's rest


def group_induction(keep_weight=False):
    """Lemma 1 by induction on the group size n.  The step's reduced net holds the last member
    (w, u, c + c') of a size-n group; R is everything else (the other members and every other
    neuron).  `keep_weight` is the mutated step of the negative control."""
    c, c2 = sp.symbols("c c2", real=True)
    one = add_neuron(neuron_net([], R), 1, [W], U, [0])
    return induction(
        [("n = 1: a member with outgoing weight 0 keeps the function", net_output(one), R)],
        append_step(c, c2, 1, R, members="members", keep_weight=keep_weight),
        what="a zero-type group of n members (shared w, outgoing weights summing to 0) keeps the function",
        variable="the group size n")


def zero_loss_moves(group="balanced"):
    """The claim's two moves at the level of the loss: adding a member with outgoing weight 0
    (any w, u) and moving outgoing weight t between two members sharing (w, u) keep every loss
    ell(f(x), y); at a zero-loss point (the net's output equals the target, R = y) the square
    loss stays 0.  `group` selects a false variant for the controls: "unbalanced" (the added
    member has outgoing weight 1/10), "split-incoming" (the two members have different w)."""
    c1, c2, t, w2 = sp.symbols("c1 c2 t w2", real=True)
    added_weight = sp.Rational(1, 10) if group == "unbalanced" else 0
    partner = w2 if group == "split-incoming" else W
    added = add_neuron(neuron_net([], R), 1, [W], U, [added_weight])
    at_zero_loss = add_neuron(neuron_net([], Y), 1, [W], U, [added_weight])
    pair = neuron_net([(W, U, c1), (partner, U, c2)], R)
    moved = neuron_net([(W, U, c1 + t), (partner, U, c2 - t)], R)
    return symbolic.identities([
        ("adding (w, u, 0) keeps every loss", ELL(net_output(added), Y), ELL(R, Y)),
        ("adding (w, u, 0) at a zero-loss point keeps the square loss 0", (net_output(at_zero_loss) - Y) ** 2, 0),
        ("moving outgoing weight within a shared-w group keeps every loss", ELL(net_output(moved), Y),
         ELL(net_output(pair), Y)),
    ], what=f"zero-type moves keep the loss (uninterpreted sigma, ell; variant {group})")


PAPER.lemma(
    id="sgj21.zero-type-groups-any-size",
    statement="For every n >= 1, every net and every (w, c_1, ..., c_n) with sum c = 0: adding n neurons with the "
              "shared incoming vector w and outgoing weights c_1, ..., c_n leaves the network function unchanged "
              "(every activation); groups can be added one after another.",
    source="induction on the group size, base case and step checked exactly (proofs/sgj21/zero_type.py)",
    obligations=[Obligation("induction on the group size", group_induction, timeout=60)],
    negative_controls=[Obligation("step in which the last member keeps its weight", group_induction,
                                  {"keep_weight": True}, timeout=60)],
)

PAPER.claim(
    id="sgj21.zero-type-global",
    theorem="Sec. 4 (zero-type neurons at the global minimum)",
    statement="At a zero-loss point, neurons can be added in zero-type groups (a shared free incoming vector w, "
              "outgoing weights summing to 0) without leaving the zero-loss set: the network function, hence every "
              "loss, is unchanged for every activation, every group size (sgj21.zero-type-groups-any-size, by "
              "induction) and any number of groups.",
    uses=["sgj21.zero-type-groups-any-size"],
    obligations=[
        Obligation("the two moves keep every loss and the zero loss", zero_loss_moves, timeout=60),
    ],
    negative_controls=[
        Obligation("outgoing weights summing to 1/10", zero_loss_moves, {"group": "unbalanced"}, timeout=60),
        Obligation("different incoming weights in one group", zero_loss_moves, {"group": "split-incoming"},
                   timeout=60),
    ],
    confirmed=ABSTRACT_ONLY + "SymmetrySaddles.jl's analysis (scripts/fig5.jl, `categorize`) reports zero-type "
                              "neurons as '0-type with k-1 partners (group size k)': neurons with |a| < 1e-6 and "
                              "clusters of neurons sharing a direction, as encoded here.",
)
