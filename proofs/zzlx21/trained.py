"""Exact rational parameters and polished critical points of small tanh nets, shared by the Hessian
and degeneracy claims of ZZLX21."""
from __future__ import annotations

import numpy as np
import sympy as sp

from models.fully_connected import gradient_descent, newton_polish


def rational_layers(widths, seed, zero_column=None):
    """Layers with random small rationals (seeded); ``zero_column`` = (l, s): neuron s of hidden layer l
    gets a zero outgoing column."""
    rng = np.random.default_rng(seed)

    def entry():
        return sp.Rational(int(rng.choice([-1, 1]) * rng.integers(1, 10)), int(rng.integers(1, 6)))
    layers = [(sp.Matrix(widths[l], widths[l - 1], lambda i, j: entry()), sp.Matrix(widths[l], 1, lambda i, j: entry()))
              for l in range(1, len(widths))]
    if zero_column is not None:
        l, s = zero_column
        layers[l][0][:, s] = sp.zeros(widths[l + 1], 1)
    return layers


CUBIC_INPUTS = np.linspace(-2.0, 2.0, 15)[:, None]

def trained_critical_point(target: str = "cubic", seed: int = 0):
    """A polished critical point (||grad|| < 1e-13) of the width-2 tanh net on 15 points of [-2, 2]:
    target "cubic" (y = x^3 - x; a strict local minimum, inertia (7, 0, 0)) or "sine" (y = sin 2x,
    seed 1: a saddle)."""
    X = CUBIC_INPUTS
    Y = X ** 3 - X if target == "cubic" else np.sin(2 * X)
    rng = np.random.default_rng(seed)
    layers = [(rng.normal(size=(2, 1)), rng.normal(size=2)), (rng.normal(size=(1, 2)), rng.normal(size=1))]
    layers, _ = gradient_descent(layers, X, Y, rate=0.1, steps=3000, record_every=3000)
    layers, norm = newton_polish(layers, X, Y)
    return layers, X, Y, norm


def cubic_local_minimum(seed: int = 0):
    return trained_critical_point("cubic", seed)

