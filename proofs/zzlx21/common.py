"""What the ZZLX21 modules share: the paper, the embedding scalars, how nets are named."""
from __future__ import annotations

import sympy as sp

from checkers.claims import Paper

PAPER = Paper(key="zzlx21", title="Embedding Principle of Loss Landscape of Deep Neural Networks",
              authors="Zhang, Zhang, Luo, Xu", arxiv="2105.14573 (journal version 2111.15527)",
              venue="NeurIPS 2021; J. Mach. Learn. 2022")

#: the splitting fraction and the null neuron's bias, symbolic
ALPHA, BETA = sp.symbols("alpha beta")

READ = ("Checked against what the search tool could reach: the journal abstract (global-sci.org, doi "
        "10.4208/jml.220108), the NeurIPS abstract (ar5iv 2105.14573: any critical point of a narrower DNN embeds "
        "into a critical point/affine subspace of the target DNN with higher degeneracy, preserving the output, for "
        "any data, differentiable loss and activation) and its introduction; the theorem bodies could not be read, "
        "so the statements are reconstructed from the abstracts and the standard definitions. ")


def parse_nets(nets: str):
    """'1,2,1;2,2,2,1' -> [(1, 2, 1), (2, 2, 2, 1)]."""
    return [tuple(int(v) for v in net.split(",")) for net in nets.split(";")]


def hidden_neurons(widths):
    """Every (hidden layer l, neuron s) of a net with the given widths."""
    return [(l, s) for l in range(1, len(widths) - 1) for s in range(widths[l])]
