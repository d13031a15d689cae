"""Dimensions of the SGJ21 subspaces by exact rank (sgj21.count-global-subspaces and
sgj21.count-symmetry-critical).

Each subspace is parametrised with the shared replication code (`split_neuron` for the teacher
blocks, `add_neuron` for the zero-type groups) on a rational teacher with a*_i != 0; its
dimension is the exact rank of the Jacobian of the parameter vector in the free coordinates,
for every block profile up to the stated sizes.
"""
from __future__ import annotations

import itertools

import sympy as sp

from checkers import symbolic
from models import symmetry
from models.replication import add_neuron, split_neuron
from models.two_layer import two_layer
from proofs.sgj21.common import rational_teacher


def _profiles(r_max, h_max):
    """Block profiles: teacher block sizes (n_1..n_r) and zero-type group sizes, h = m - r."""
    for r in range(1, r_max + 1):
        for h in range(0, h_max + 1):
            for extra in range(0, h + 1):           # neurons spent on teacher blocks beyond one each
                for blocks in itertools.product(range(extra + 1), repeat=r):
                    if sum(blocks) != extra:
                        continue
                    for groups in _integer_partitions(h - extra):
                        yield r, h, tuple(1 + b for b in blocks), groups


def _integer_partitions(n, largest=None):
    largest = n if largest is None else largest
    if n == 0:
        yield ()
        return
    for first in range(min(n, largest), 0, -1):
        for rest in _integer_partitions(n - first, first):
            yield (first,) + rest


def _subspace_jacobian(r, d, blocks, groups, teacher_seed=0):
    """Parametrise the subspace of one profile with the shared replication code and return
    the Jacobian of the parameter vector (W, a) in the free coordinates."""
    W, a = rational_teacher(r, d, teacher_seed)
    layers, free = two_layer(W, a), []
    for i, n in enumerate(blocks):
        if n > 1:
            betas = list(sp.symbols(f"beta{i}_1:{n}", real=True))
            free += betas
            layers = split_neuron(layers, 1, i, [1 - sum(betas)] + betas)
    for g, s in enumerate(groups):
        u = list(sp.symbols(f"u{g}_0:{d}", real=True))
        cs = list(sp.symbols(f"c{g}_1:{s}", real=True))
        free += u + cs
        for c in cs + [-sum(cs)]:
            layers = add_neuron(layers, 1, u, 0, [c])
    theta = sp.Matrix(list(layers[0][0]) + list(layers[1][0]))
    return theta.jacobian(free) if free else sp.zeros(len(theta), 0)


def subspace_dimensions(r_max=3, h_max=3, dims="1,2,3", extra_d=0):
    """Each zero-loss subspace (teacher blocks of sizes n_i, q zero-type groups) has dimension
    h + q (d - 1) (>= h as d >= 1): exact rank of its affine parametrisation (built with
    split_neuron / add_neuron) on a rational teacher with a*_i != 0, for every block profile.  `extra_d` adds
    d to the claimed dimension per group (the negative control's false formula h + q d)."""
    dims = [int(v) for v in str(dims).split(",")]
    items = []
    for d in dims:
        for r, h, blocks, groups in _profiles(int(r_max), int(h_max)):
            claimed = symmetry.subspace_dimension(h, len(groups), d) + int(extra_d) * len(groups)
            rank = symbolic.rank(_subspace_jacobian(r, d, blocks, groups))
            items.append((f"d={d}, teacher blocks {blocks}, zero groups {groups}", sp.Integer(rank),
                          sp.Integer(claimed)))
    formula = "h + q(d-1)" if not int(extra_d) else "h + q d"
    return symbolic.identities(items, what=f"exact rank of every profile's parametrisation = {formula}",
                               instances=[f"{len(items)} profiles: r <= {r_max}, h <= {h_max}, d in {dims}"])


def replication_subspace_dimensions(r_max=3, h_max=3, extra=0):
    """Each symmetry-induced subspace (every neuron i of the width-r point replicated n_i times,
    sum n_i = m) has dimension m - r: exact rank of its parametrisation by the fractions.
    `extra` is added to the claimed dimension (the negative control's false m - r + 1)."""
    items = [(f"replication profile {blocks}", sp.Integer(symbolic.rank(_subspace_jacobian(r, 2, blocks, ()))),
              sp.Integer(h + int(extra))) for r, h, blocks, groups in _profiles(int(r_max), int(h_max)) if not groups]
    formula = "m - r" if not int(extra) else f"m - r + {int(extra)}"
    return symbolic.identities(items, what=f"exact rank of every replication subspace = {formula}",
                               instances=[f"{len(items)} profiles: r <= {r_max}, m - r <= {h_max}, d = 2"])
