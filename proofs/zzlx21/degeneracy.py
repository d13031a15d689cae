"""zzlx21.degeneracy (NeurIPS Thm. 2 / journal Thm. 6.1): an embedded critical point lies on an
affine family of critical points of dimension K, so the Hessian there has nullity >= K."""
from __future__ import annotations

import numpy as np
import sympy as sp

from checkers import numeric, symbolic
from checkers.claims import Obligation
from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, Evidence
from models.embedding import multi_splitting
from models.fully_connected import flatten, hessian_np
from proofs.zzlx21.common import PAPER, READ, parse_nets
from proofs.zzlx21.trained import cubic_local_minimum, rational_layers


def _tangent_vectors(widths, ks, seed, zero_column=None):
    """T(theta; beta) for the multi-way splitting of neuron 0 of each hidden layer l into K_l + 1
    copies, at a rational theta: (the matrix of tangent vectors v_i = dT/dbeta_i, the beta-Hessian
    entries of T, which vanish iff T is affine in beta)."""
    theta = rational_layers(widths, seed, zero_column)
    betas, splits = [], []
    for l, k in enumerate(ks, start=1):
        bl = sp.symbols(f"beta{l}_1:{k + 1}")
        betas += bl
        splits.append((l, 0, bl))
    T = flatten(multi_splitting(theta, splits))
    V = T.jacobian(betas)
    curvature = sp.Matrix([sp.diff(V, b) for b in betas])
    at = {b: sp.Rational(1, 3) for b in betas}
    return V.subs(at), curvature, len(betas)


def tangent_rank(nets: str = "1,2,1;2,2,2,1;1,2,2,2,1", ks: str = "2;1,2;1,1,1", seed: int = 3) -> Evidence:
    """Exact rank K of the tangent vectors of the affine family of embeddings (journal Thm. 6.1),
    at rational parameters with every W^[l] nonzero (the split neurons' outgoing columns nonzero)."""
    blocks, total, curvature = [], 0, []
    for net, k in zip(parse_nets(nets), ks.split(";")):
        V, curv, K = _tangent_vectors(net, [int(v) for v in k.split(",")], seed)
        blocks.append(V)
        curvature.append((f"{net} T affine in beta", curv, sp.zeros(*curv.shape)))
        total += K
    affine = symbolic.identities(curvature, what="the embedded family is affine in beta")
    if affine.verdict not in (PROVED, PROVED_FOR_INSTANCES):
        return affine
    evidence = symbolic.rank_is(sp.diag(*blocks), total, what="rank of the tangent vectors v_i = sum of the K's "
                                "(each block has rank <= K, so every block has full rank K)",
                                instances=[f"{n} K={k}" for n, k in zip(nets.split(";"), ks.split(";"))])
    evidence.details["affine_in_beta"] = affine.summary
    return evidence


def tangent_rank_zero_column(seed: int = 3) -> Evidence:
    """Negative control: with the split neuron's outgoing column zero the split directions vanish."""
    V, _, K = _tangent_vectors((1, 2, 1), [2], seed, zero_column=(1, 0))
    return symbolic.rank_is(V, K, what="rank K with a zero outgoing column (false)", instances=["(1, 2, 1) K=2"])


def hessian_nullity_trained(trials: int = 8, seed: int = 5, K: int = 2) -> Evidence:
    """At the polished cubic minimum, split neuron 0 into 3 copies with fractions (1 - b1 - b2, b1, b2):
    the K = 2 tangent directions lie in the kernel of the Hessian (nullity >= K).  Margin:
    1e-8 - (K-th smallest |eigenvalue|) / max |eigenvalue|."""
    layers, X, Y, norm = cubic_local_minimum(0)

    def margin(betas):
        wide = multi_splitting(layers, [(1, 0, list(betas))])
        eigenvalues = np.sort(np.abs(np.linalg.eigvalsh(hessian_np(wide, X, Y))))
        return 1e-8 - eigenvalues[K - 1] / eigenvalues[-1]

    return numeric.stress(margin, lambda rng: rng.uniform(-1, 1, size=K), trials=trials, seed=seed, tolerance=0.0,
                          what=f"Hessian nullity >= {K} on the embedded affine family (polished ||grad|| = {norm:.1e})")



PAPER.lemma(
    id="zzlx21.critical-family-kernel",
    statement="If T(theta_A; beta) is a critical point for every beta of an open set, then the Hessian there maps "
              "every tangent vector v_i = dT/dbeta_i to 0 (differentiate grad R(T(theta_A; beta)) = 0 in beta_i: by "
              "the chain rule H v_i = 0), so its nullity is at least the rank of the v_i.",
    source="the chain rule; argued in prose (NeurIPS Thm. 2 / journal Thm. 6.1)")

PAPER.claim(
    id="zzlx21.degeneracy",
    theorem="NeurIPS Thm. 2 / journal Thm. 6.1",
    statement="If every W^[l] is nonzero at a critical theta_A, splitting in each hidden layer l one neuron with a "
              "nonzero outgoing column into K_l + 1 copies with free fractions gives an affine family T(theta_A; "
              "beta) of critical points (by zzlx21.composition) of the net wider by K = sum K_l neurons, of "
              "dimension K: the tangent vectors v_i = dT/dbeta_i have rank K (exact, on rational instances).  "
              "Consequently the Hessian there has nullity >= K (zzlx21.critical-family-kernel; measured at a trained "
              "critical point).",
    uses=["zzlx21.composition", "zzlx21.critical-family-kernel"],
    obligations=[Obligation("exact rank of the tangent vectors, rational instances", tangent_rank, timeout=60),
                 Obligation("Hessian nullity >= K at a trained critical point", hessian_nullity_trained, timeout=60)],
    negative_controls=[Obligation("zero outgoing column", tangent_rank_zero_column, timeout=60)],
    confirmed=READ + "The journal's dimension count K + sum K_l K_{l-1} is called a heuristic by its authors and is "
                     "not encoded.")

