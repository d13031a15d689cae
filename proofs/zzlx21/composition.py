"""zzlx21.composition: compositions of one-step embeddings are critical embeddings (every size).

Two arguments: (a) a two-step composition on the block network (a splitting, then a null neuron in
the same layer: every width, neuron and depth, by `proofs.zzlx21.every_size`); (b) any number K of
one-step embeddings, by induction over K with the one-step claims as the step's facts: if
T_K(theta) = A theta + c preserves the output and has gradient map M (grad R_B(T_K theta) =
M grad R_A(theta)), and T(phi) = A_1 phi + c_1 is one-step (output preserved, gradient map M_1, at
every phi), then T o T_K = `models.embedding.compose` of the two affine maps preserves the output and
has gradient map M_1 M.  Widening to any larger widths (journal Cor. 4.1) is such a composition
(`models.embedding.widening`: one splitting per added neuron)."""
from __future__ import annotations

import sympy as sp

from checkers.claims import Obligation
from checkers.evidence import Evidence
from checkers.induction import block, function, induction
from models.embedding import compose
from proofs.zzlx21 import mutants
from proofs.zzlx21.common import PAPER, READ
from proofs.zzlx21.every_size import gradient_every_depth, output_every_depth, touched_gradient, touched_output

COMPOSITIONS = {"compose": compose, "dropping A_2 c_1": mutants.compose_dropping_shift}


def composition_every_length(composition: str = "compose") -> Evidence:
    """P(K): f_K(A theta + c) = f_A(theta) and grad_K(A theta + c) = M grad_A(theta) for the composite
    T_K of K one-step embeddings (f, grad: the nets' output and risk gradient as functions of their
    parameters).  Base K = 0: the identity (A = 1, c = 0, M = 1).  ``composition`` names the map
    composing the affine forms ("dropping A_2 c_1": a wrong composition, a negative control)."""
    theta = block("theta")
    f_A, grad_A = function("f_A"), function("grad_A")

    def statement(case):
        (A, c), M, f, grad = case
        return [("output f_K(T_K theta) = f_A(theta)", f(A * theta + c), f_A(theta)),
                ("gradient grad_K(T_K theta) = M grad_A(theta)", grad(A * theta + c), M * grad_A(theta))]

    A, c, M = block("A"), block("c"), block("M")
    A1, c1, M1 = block("A_1"), block("c_1"), block("M_1")
    f_K, grad_K, f_next, grad_next = function("f_K"), function("grad_K"), function("f_next"), function("grad_next")
    phi = A * theta + c
    facts = [("one-step output at phi = T_K theta (zzlx21.split-output, zzlx21.null-embedding)",
              f_next(A1 * phi + c1), f_K(phi)),
             ("one-step gradient map at phi = T_K theta (zzlx21.split-gradient, zzlx21.null-embedding)",
              grad_next(A1 * phi + c1), M1 * grad_K(phi))]
    step = (((A, c), M, f_K, grad_K), (COMPOSITIONS[composition]((A, c), (A1, c1)), M1 * M, f_next, grad_next))
    return induction(variable="K, the number of one-step embeddings composed", start="K = 0 (the identity)",
                     statement=statement, base=((sp.S.One, sp.S.Zero), sp.S.One, f_A, grad_A), step=step,
                     facts=facts, what="a composition of one-step embeddings is a critical embedding"
                                       + ("" if composition == "compose" else f" ({composition}: false)"))


TWO_STEP = "split then null"
PAPER.claim(
    id="zzlx21.composition",
    theorem="journal Thm. 4.2, 4.3, Cor. 4.1",
    statement="A composition of one-step null and splitting embeddings is a critical embedding: T(theta) = A theta + "
              "c preserves the output at every theta and grad R_B(T theta) = M grad R_A(theta) with M the product of "
              "the one-step gradient maps, so critical points map to critical points.  Hence any critical point of a "
              "narrower net embeds, with the same output function, into any net of the same depth that is wider by "
              "any number of neurons per layer (one splitting per added neuron).  Proved for every number K of steps "
              "by induction over K (step: the one-step claims at phi = T_K theta and models.embedding.compose), and, "
              "for a splitting followed by a null neuron in the same layer, directly on the block network (every "
              "width, neuron and depth).  Cross-checked on instances (null(2) o T_(1,0) on (1,2,2,1), a widening "
              "(1,1,1,1) -> (1,2,3,1)) by zzlx21.embedding-instances.",
    uses=["zzlx21.split-output", "zzlx21.split-gradient", "zzlx21.null-embedding"],
    obligations=[Obligation("any number of steps: induction over K", composition_every_length, timeout=60),
                 Obligation("split then null: output and features, every width", touched_output,
                            {"embedding": TWO_STEP}, timeout=60),
                 Obligation("split then null: gradient map, every width", touched_gradient,
                            {"embedding": TWO_STEP}, timeout=60),
                 Obligation("split then null: output, every depth below", output_every_depth,
                            {"embedding": TWO_STEP}, timeout=60),
                 Obligation("split then null: gradient, every depth below", gradient_every_depth,
                            {"embedding": TWO_STEP}, timeout=60)],
    negative_controls=[
        Obligation("composition dropping A_2 c_1 (a false step)", composition_every_length,
                   {"composition": "dropping A_2 c_1"}, timeout=60),
        Obligation("second step: a null neuron with an outgoing column", touched_output,
                   {"embedding": "split then null neuron with an outgoing column"}, timeout=60),
        Obligation("second step's rule: null outgoing gradient 0", touched_gradient,
                   {"embedding": "split then null, rule: outgoing gradient 0"}, timeout=60),
        Obligation("second step's rule: null outgoing gradient 0, every depth", gradient_every_depth,
                   {"embedding": "split then null, rule: outgoing gradient 0"}, timeout=60),
        Obligation("first step: the wrong fraction, every depth", output_every_depth,
                   {"embedding": "split with the wrong fraction then null"}, timeout=60)],
    confirmed=READ)
