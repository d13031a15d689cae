"""Hessian inertia under critical embeddings (journal Thm. 6.2): zzlx21.inertia-monotone (n+ and
n-), zzlx21.inertia-n0 (the paper's n0 statement) and zzlx21.inertia-n0-congruence-gap (the
congruence alone does not give n0: a gap in that argument, not a counterexample to the theorem)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from checkers import numeric, symbolic
from checkers.claims import Obligation
from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, REFUTED, UNKNOWN, Evidence
from models.embedding import linear_form, splitting_embedding
from models.fully_connected import (flatten, hessian_np, numeric_inertia, sample_loss, sample_symbols, symbolic_layers,
                                    widths_of)
from models.replication import add_neuron
from proofs.zzlx21.common import ALPHA, PAPER, READ, parse_nets
from proofs.zzlx21.trained import rational_layers, trained_critical_point


def _nested_hessians(widths, l, s, embedding=None):
    """(A, H_B(T theta), H_A(theta)) for T = T^alpha_(l,s) (or ``embedding``), nested sympy Hessians
    of one sample's loss with undefined sigma and ell."""
    embedding = embedding or (lambda t: splitting_embedding(t, l, s, ALPHA))
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)
    wide = embedding(theta)
    free = symbolic_layers(widths_of(wide), prefix="v_")
    at = dict(zip(flatten(free), flatten(wide)))
    H_B = sp.hessian(sample_loss(free, x, y), list(flatten(free))).xreplace(at)
    H_A = sp.hessian(sample_loss(theta, x, y), list(flatten(theta)))
    A, _ = linear_form(embedding, widths)
    return A, H_B, H_A


def congruence(cases: str = "1,2,1:1,1;1,1,1,1:2,0") -> Evidence:
    """A^T H_B(T theta) A = H_A(theta) at every theta (journal Thm. 6.2), T = A theta the splitting."""
    items, names = [], []
    for case in cases.split(";"):
        net, neuron = case.split(":")
        widths = parse_nets(net)[0]
        l, s = (int(v) for v in neuron.split(","))
        A, H_B, H_A = _nested_hessians(widths, l, s)
        items.append((f"{widths} T_({l},{s})", A.T * H_B * A, H_A))
        names.append(f"{widths} T_({l},{s})")
    return symbolic.identities(items, what="A^T H_B(T theta) A = H_A(theta), uninterpreted sigma and ell",
                               instances=names)


def congruence_unscaled() -> Evidence:
    """Negative control: the copy without sharing the outgoing column (not an embedding) breaks it."""
    def unscaled(t):
        (W, b), (V, _) = t[0], t[1]
        return add_neuron(t, 1, list(W[0, :]), b[0], list(V[:, 0]))
    A, H_B, H_A = _nested_hessians((1, 1, 1), 1, 0, unscaled)
    return symbolic.identity(A.T * H_B * A, H_A, what="congruence for an unscaled copy (false)",
                             instances=["(1, 1, 1)"])


def _polynomial_risk_hessian(widths, X, Y):
    """Hessian, as a function of symbolic parameters, of R_S = (1/n) sum (f(x_i) - y_i)^2 / 2 with the
    polynomial activation sigma(z) = z + z^2: exact and rational at rational parameters."""
    free = symbolic_layers(widths, prefix="p_")
    risk = 0
    for x, y in zip(X, Y):
        h = sp.Matrix(x)
        for l, (W, b) in enumerate(free, start=1):
            h = (W * h + b).applyfunc(lambda z: z + z ** 2) if l < len(free) else W * h + b
        risk += sum((fi - yi) ** 2 for fi, yi in zip(h, y)) / 2
    H = sp.hessian(risk / len(X), list(flatten(free)))
    return lambda layers: H.xreplace(dict(zip(flatten(free), flatten(layers))))


def inertia_monotone_instances(seeds: str = "0,2", alpha: str = "1/3") -> Evidence:
    """Exact inertia of H_A(theta) and H_B(T theta) at rational points, sigma(z) = z + z^2, square
    loss: n+(H_B) >= n+(H_A) and n-(H_B) >= n-(H_A) (the congruence gives it: if H_A > 0 on V then
    H_B > 0 on A V, dim A V = dim V since u^T H_A u > 0 forces A u != 0; Sylvester / Courant-Fischer)."""
    widths, a = (1, 2, 1), sp.Rational(alpha)
    X = [[sp.Rational(-1)], [sp.Rational(1, 2)], [sp.Rational(2)]]
    Y = [[sp.Rational(1)], [sp.Rational(-1, 3)], [sp.Rational(1, 2)]]
    rows = []
    hessian_A = _polynomial_risk_hessian(widths, X, Y)
    hessian_B = _polynomial_risk_hessian((1, 3, 1), X, Y)
    for seed in (int(v) for v in seeds.split(",")):
        theta = rational_layers(widths, seed)
        inertia_A = symbolic.inertia(hessian_A(theta))
        inertia_B = symbolic.inertia(hessian_B(splitting_embedding(theta, 1, 0, a)))
        rows.append({"seed": seed, "inertia_A": inertia_A, "inertia_B": inertia_B})
        if inertia_B[0] < inertia_A[0] or inertia_B[2] < inertia_A[2]:
            return Evidence(REFUTED, "symbolic", f"n+ or n- decreased at seed {seed}: {inertia_A} -> {inertia_B}",
                            engine_version=symbolic.VERSION, counterexample=rows[-1])
    return Evidence(PROVED_FOR_INSTANCES, "symbolic",
                    f"exact inertia (characteristic polynomial, Descartes) at {len(rows)} rational points: n+ and n- "
                    f"never decrease under T^{alpha}_(1,0) on (1,2,1)", engine_version=symbolic.VERSION,
                    instances=[f"(1, 2, 1) seed {r['seed']}" for r in rows], details={"inertias": rows})


def congruence_pattern(H_A: str = "[[0]]", H_B: str = "[[0, 1], [1, 0]]", A: str = "[[1], [0]]") -> Evidence:
    """Tests 'A^T H_B A = H_A implies n0(H_B) >= n0(H_A)' on one pattern of matrices: refuted when the
    pattern satisfies the congruence exactly and n0 drops.  A pattern that does not satisfy the
    congruence is no counterexample: the identity check's refutation is returned (a negative control
    shows the congruence is really checked); a pattern keeping n0 decides nothing (unknown)."""
    M_A, M_B, M = (sp.Matrix(sp.sympify(v)) for v in (H_A, H_B, A))
    check = symbolic.identity(M.T * M_B * M, M_A, what=f"the pattern H_B = {H_B} satisfies the congruence")
    if check.verdict != PROVED:
        return check
    inertia_A, inertia_B = symbolic.inertia(M_A), symbolic.inertia(M_B)
    if inertia_B[1] >= inertia_A[1]:
        return Evidence(UNKNOWN, "symbolic", f"the pattern keeps n0 ({inertia_A} -> {inertia_B}): it decides nothing",
                        engine_version=symbolic.VERSION)
    return Evidence(REFUTED, "symbolic", f"A^T H_B A = H_A exactly, yet n0 drops {inertia_A[1]} -> {inertia_B[1]}: "
                    "n0 monotonicity is not a consequence of the congruence", engine_version=symbolic.VERSION,
                    counterexample={"H_A": H_A, "H_B": H_B, "A": A, "inertia_A": str(inertia_A),
                                    "inertia_B": str(inertia_B), "exact": True},
                    trust=check.trust + ["sympy exact inertia over QQ (Descartes' rule on the characteristic "
                                         "polynomial)"])



def n0_one_step_splittings(trials: int = 12, seed: int = 7, excess: int = 0) -> Evidence:
    """n0(H_B(T theta)) - n0(H_A(theta)) - excess >= 0 for one-step splittings T^alpha_(1,s) of two
    polished critical points (cubic minimum, sine saddle), alpha ~ U(-1, 2), s ~ {0, 1}."""
    points = [trained_critical_point("cubic", 0), trained_critical_point("sine", 1)]
    tolerance = 1e-9
    base = [numeric_inertia(hessian_np(L, X, Y), tolerance)[1] for L, X, Y, _ in points]

    def margin(z):
        which, s = (int(np.clip(np.rint(v), 0, 1)) for v in z[:2])     # the search moves them continuously
        alpha = float(z[2])
        layers, X, Y, _ = points[which]
        wide = splitting_embedding(layers, 1, s, alpha)
        return numeric_inertia(hessian_np(wide, X, Y), tolerance)[1] - base[which] - excess

    return numeric.stress(margin, lambda rng: np.array([rng.integers(0, 2), rng.integers(0, 2), rng.uniform(-1, 2)]),
                          trials=trials, seed=seed, tolerance=0.5,
                          what=f"n0 after a one-step splitting >= n0 before{f' + {excess} (false)' if excess else ''}; "
                               f"eigenvalues with |lambda| <= {tolerance:g} max|lambda| count as zero; "
                               f"polished gradient norms {[p[3] for p in points]}")


def n0_increase_by_two() -> Evidence:
    """Negative control: 'a one-step splitting raises n0 by at least 2' (false: generically by 1)."""
    return n0_one_step_splittings(excess=2)


PAPER.lemma(
    id="zzlx21.congruence-inertia",
    statement="If A^T B A = C for symmetric B and C, then n+(B) >= n+(C) and n-(B) >= n-(C): if C is positive "
              "definite on a subspace V, u^T C u > 0 forces A u != 0, so dim AV = dim V and B is positive definite "
              "on AV; by Courant-Fischer n+(B) >= dim V (likewise for n-).",
    source="Courant-Fischer min-max theorem (e.g. Horn and Johnson, Matrix Analysis, Thm. 4.2.6); the argument is "
           "the one written here")

PAPER.claim(
    id="zzlx21.inertia-monotone",
    theorem="journal Thm. 6.2 (n+ and n- part)",
    statement="For a critical embedding T(theta) = A theta + c: A^T H_B(T theta) A = H_A(theta) at every theta "
              "(checked symbolically, uninterpreted sigma and ell, for the splitting embedding on the nets (1,2,1) "
              "and (1,1,1,1)), hence n+(H_B(T theta)) >= n+(H_A(theta)) and n-(H_B) >= n-(H_A) "
              "(zzlx21.congruence-inertia); the inequalities are also checked exactly at rational points (sigma(z) = "
              "z + z^2, square loss).  Per sample; every data set by zzlx21.sample-average.",
    uses=["zzlx21.split-output", "zzlx21.congruence-inertia", "zzlx21.sample-average"],
    obligations=[Obligation("congruence, uninterpreted sigma and ell", congruence, timeout=90),
                 Obligation("inertia inequalities, exact rational instances", inertia_monotone_instances, timeout=60)],
    negative_controls=[Obligation("congruence for an unscaled copy", congruence_unscaled, timeout=60)],
    confirmed=READ + "The abstract states that negative/zero/positive eigenvalue counts 'may increase but never "
                     "decrease'; the n0 part is the separate claim zzlx21.inertia-n0.")

PAPER.claim(
    id="zzlx21.inertia-n0",
    theorem="journal Thm. 6.2 (n0 part)",
    statement="The paper's n0 statement: n0(H_B(T theta)) >= n0(H_A(theta)) for a critical embedding T at a critical "
              "point theta.  Evidence: supported numerically for one-step splittings T^alpha_(1,s) of two polished "
              "critical points of a width-2 tanh net (a strict local minimum and a saddle), alpha ~ U(-1, 2); no "
              "network, critical point and critical embedding where n0 decreases is known.  The congruence A^T H_B A "
              "= H_A alone does not imply it (zzlx21.inertia-n0-congruence-gap): a proof needs more.",
    uses=["zzlx21.inertia-monotone"],
    obligations=[Obligation("n0 for one-step splittings (numerical)", n0_one_step_splittings, timeout=60)],
    negative_controls=[Obligation("one-step splitting raises n0 by at least 2", n0_increase_by_two, timeout=60)],
    confirmed=READ + "The abstract claims the zero count never decreases; the theorem body could not be read, so "
                     "whether the paper's proof uses more than the congruence is unknown.")

PAPER.claim(
    id="zzlx21.inertia-n0-congruence-gap",
    theorem="journal Thm. 6.2 (n0 part): the route through the congruence alone",
    statement="A proof gap, not a counterexample to the theorem: 'A^T H_B A = H_A implies n0(H_B) >= n0(H_A)' is "
              "false.  H_A = [0], H_B = [[0, 1], [1, 0]], A = e_1 satisfy the congruence exactly while n0 drops from "
              "1 to 0.  No network, critical point and critical embedding is shown to produce this pattern, so the "
              "paper's n0 statement (zzlx21.inertia-n0) stands; an argument for it must use more than the congruence.",
    obligations=[Obligation("the congruence alone implies n0 monotonicity", congruence_pattern, timeout=30)],
    negative_controls=[Obligation("a pattern breaking the congruence is no counterexample", congruence_pattern,
                                  {"H_B": "[[1, 1], [1, 0]]"}, timeout=30)],
    confirmed=READ + "Whether the journal's proof of the n0 part relies on the congruence alone could not be read.")
