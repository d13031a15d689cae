"""The embeddings the obligations check, by name: the true one-step maps of `models.embedding` with
their gradient rules, and the false variants of `proofs.zzlx21.mutants` (negative controls), so
that every control goes through the function that checks the true map."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from models.embedding import null_embedding, null_gradient, splitting_embedding, splitting_gradient
from proofs.zzlx21 import mutants
from proofs.zzlx21.common import ALPHA, BETA


@dataclass(frozen=True)
class Embedding:
    """``embed(layers, l, s)``: the wide parameters; ``rule(g, l, s, sigma)``: the claimed wide
    gradient from the narrow one (sigma: the activation in the representation used)."""
    kind: str          # "split" or "null": which identities apply
    embed: Callable
    rule: Callable


def _split(layers, l, s):
    return splitting_embedding(layers, l, s, ALPHA)


def _split_rule(g, l, s, sigma):
    return splitting_gradient(g, l, s, ALPHA)


def _null(layers, l, s):
    return null_embedding(layers, l, BETA)


def _null_rule(g, l, s, sigma):
    return null_gradient(g, l, BETA, sigma)


def _split_mutant(mutant):
    return lambda layers, l, s: mutant(layers, l, s, ALPHA)


EMBEDDINGS = {
    "split": Embedding("split", _split, _split_rule),
    "null": Embedding("null", _null, _null_rule),
    # false variants (negative controls)
    "split copying the next neuron's row": Embedding("split", _split_mutant(mutants.split_copying_next_row),
                                                     _split_rule),
    "split with the wrong fraction": Embedding("split", _split_mutant(mutants.split_wrong_fraction), _split_rule),
    "split dropping the copy's bias": Embedding("split", _split_mutant(mutants.split_copy_without_bias),
                                                _split_rule),
    "split rescaling the layer below": Embedding("split", _split_mutant(mutants.split_rescaling_layer_below),
                                                 _split_rule),
    "split, rule: new column gets alpha times": Embedding(
        "split", _split, lambda g, l, s, sigma: mutants.split_rule_new_column_alpha(g, l, s, ALPHA)),
    "null neuron with an outgoing column": Embedding(
        "null", lambda layers, l, s: mutants.null_with_outgoing(layers, l, BETA), _null_rule),
    "null, rule: outgoing gradient 0": Embedding(
        "null", _null, lambda g, l, s, sigma: mutants.null_wrong_bias_gradient(g, l, BETA, sigma)),
}


def embedding(name: str) -> Embedding:
    if name not in EMBEDDINGS:
        raise ValueError(f"unknown embedding {name!r}; known: {sorted(EMBEDDINGS)}")
    return EMBEDDINGS[name]
