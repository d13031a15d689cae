"""Shared by the SGJ21 claim modules: the paper, symbols, the reduced net, teachers."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import sympy as sp

from checkers.claims import Paper
from models.two_layer import network_output

PAPER = Paper(key="sgj21",
              title="Geometry of the Loss Landscape in Overparameterized Neural Networks: Symmetries and Invariances",
              authors="Simsek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea", arxiv="2105.12221", venue="ICML 2021")

SIGMA, ELL = sp.Function("sigma"), sp.Function("ell")
ABSTRACT_ONLY = ("Only the abstract and the official code (jbrea/SymmetrySaddles.jl) could be reached with the "
                 "search tool; the paper's body (theorem numbers, formulas) could not be read. ")
BUILD = Path(__file__).resolve().parents[2] / "build"


def _reduced_net(weights, outgoing, rest):
    """Reduced two-layer net: incoming scalars z_j (pre-activations), outgoing a_j, output bias R."""
    return [(sp.Matrix([[z] for z in weights]), sp.zeros(len(weights), 1)),
            (sp.Matrix([list(outgoing)]), sp.Matrix([rest]))]


def _reduced_output(layers):
    return network_output(layers, [1], SIGMA)[0]


def _teacher(r, d, seed=0):
    """A rational teacher with nonzero outgoing weights (the ranks below depend only on these)."""
    rng = np.random.default_rng(seed)
    W = sp.Matrix(r, d, lambda i, j: sp.Rational(int(rng.integers(-9, 10)) or 1, int(rng.integers(2, 8))))
    a = [sp.Rational(int(rng.integers(1, 9)) * (-1) ** i, int(rng.integers(1, 5))) for i in range(r)]
    return W, a


def _symbolic_teacher(r, d):
    W = sp.Matrix(r, d, lambda i, j: sp.Symbol(f"w{i}_{j}", real=True))
    a = [sp.Symbol(f"a{i}", real=True) for i in range(r)]
    return W, a
