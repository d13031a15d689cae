"""Plausible bugs in `models.deep_linear`, for negative controls and tests.

`with mutated(name):` replaces functions of the model for the duration of the block;
every model function calls the others through the module, so the whole loss follows the
mutation. Obligations run in their own worker process, so a mutation never leaks.
"""
from __future__ import annotations

from contextlib import contextmanager

from models import deep_linear as dl
from proofs.zlm22.sizes import identity, ones


def _additive_noise(W, M, s2):
    """Noise variance added independently of the signal: (W M W^T) + s2 I."""
    return W * M * W.T + s2 * identity(W.shape[0])


def _no_output_penalty(U, Ws, gamma_u, gammas):
    """The output layer's decay dropped: sum_k gamma_k ||W_k||_F^2 only."""
    return sum(dl.layer_penalty(g, W) for g, W in zip(gammas, Ws))


def _shared_noise_kernel(n, s2):
    """(1 + s2) 11^T: the noise treated as one global factor (the kernel of a single shared eps)."""
    return (1 + s2) * ones(n, n)


MUTATIONS = {
    "additive-noise": {"layer_second_moment": _additive_noise},
    "no-output-penalty": {"penalty": _no_output_penalty},
    "shared-noise-kernel": {"noise_kernel": _shared_noise_kernel},
}


@contextmanager
def mutated(name):
    """Run the block with the model mutated by MUTATIONS[name] (None: the model itself)."""
    if name is None:
        yield
        return
    if name not in MUTATIONS:
        raise ValueError(f"unknown mutation {name!r}; expected one of {sorted(MUTATIONS)}")
    original = {attr: getattr(dl, attr) for attr in MUTATIONS[name]}
    for attr, replacement in MUTATIONS[name].items():
        setattr(dl, attr, replacement)
    try:
        yield
    finally:
        for attr, function in original.items():
            setattr(dl, attr, function)
