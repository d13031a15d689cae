"""sgj21.zero-type-global: zero-type groups keep a zero-loss point at zero loss."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from models.replication import add_neuron
from proofs.sgj21.common import ABSTRACT_ONLY, PAPER, _reduced_net, _reduced_output

def zero_type_group_identities():
    """A zero-type group (shared free w, outgoing weights summing to 0) leaves the network
    function unchanged.  Built by the two local moves, each an identity on the reduced net:
    (i) append a neuron with outgoing weight 0 and any w (`add_neuron`), (ii) move outgoing
    weight t between two neurons with equal incoming weights.  Starting from nothing, (i)
    then repeated (i)+(ii) reach every group of every size with sum 0 (induction on size),
    so at a zero-loss point the function, hence the zero loss, is preserved."""
    z, c1, c2, t, R = sp.symbols("z c1 c2 t R", real=True)
    base = [(sp.zeros(0, 1), sp.zeros(0, 1)), (sp.zeros(1, 0), sp.Matrix([R]))]   # only the rest R
    added = add_neuron(base, 1, [z], 0, [0])
    pair = _reduced_net([z, z], [c1, c2], R)
    moved = _reduced_net([z, z], [c1 + t, c2 - t], R)
    return symbolic.identities([
        ("adding a neuron with a = 0 and free w", _reduced_output(added), R),
        ("moving outgoing weight within a shared-w group", _reduced_output(moved), _reduced_output(pair)),
    ], what="zero-type moves preserve the network function (uninterpreted sigma)")


def unbalanced_group_changes_function():
    """Negative control: a 'zero-type' pair whose outgoing weights do not sum to 0 (c, 1/10 - c)
    keeps the function?  False for any sigma not identically zero on the data."""
    z, c, R = sp.symbols("z c R", real=True)
    pair = _reduced_net([z, z], [c, sp.Rational(1, 10) - c], R)
    return symbolic.identity(_reduced_output(pair), R, what="group with outgoing sum 1/10 keeps the function")


def split_incoming_group_changes_function():
    """Negative control: a pair with outgoing (c, -c) but different incoming weights keeps the
    function?  False: c (sigma(z1) - sigma(z2)) is not identically 0."""
    z1, z2, c, R = sp.symbols("z1 z2 c R", real=True)
    pair = _reduced_net([z1, z2], [c, -c], R)
    return symbolic.identity(_reduced_output(pair), R, what="pair (z1, c), (z2, -c) keeps the function")


PAPER.claim(
    id="sgj21.zero-type-global",
    theorem="Sec. 4 (zero-type neurons at the global minimum)",
    statement="At a zero-loss point, neurons can be added in zero-type groups (a shared free incoming vector w, "
              "outgoing weights summing to 0) without leaving the zero-loss set: the network function is unchanged "
              "for every activation.",
    obligations=[
        Obligation("the two local moves (reduced net, any size by induction)", zero_type_group_identities, timeout=60),
    ],
    negative_controls=[
        Obligation("outgoing weights summing to 1/10", unbalanced_group_changes_function, timeout=60),
        Obligation("different incoming weights in one group", split_incoming_group_changes_function, timeout=60),
    ],
    confirmed=ABSTRACT_ONLY + "SymmetrySaddles.jl's analysis (fig5.jl, `categorize`) counts '0-type with k-1 "
                              "partners (group size k)': zero-type neurons come in groups, as encoded here.",
)
