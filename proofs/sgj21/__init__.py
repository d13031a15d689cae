"""SGJ21 — Simsek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea, "Geometry of the Loss Landscape
in Overparameterized Neural Networks: Symmetries and Invariances" (arXiv 2105.12221, ICML 2021).

Two-layer net f(x) = sum_j a_j sigma(w_j . x) (scalar output, biases folded into x), square
loss, realisable teacher of minimal width r*; student width m = r* + h.

Reduction used by the general ("proved") identities.  A statement about one neuron (or a few)
of any net is checked on a *reduced net*: input x = 1, the neurons' incoming weights are
scalars z_j (standing for the pre-activations w_j . x), and the output bias R stands for the
contribution of every other neuron.  It covers every input dimension and every width: by the
chain rule dL/dw_j = (dL/dz_j) x, the other neurons enter only through R, and a loss over a
data set is a sum of one-sample losses (ell is an undefined function, so one sample with free
R, z, y is the general case).

One module per claim (or small group): replication, zero_type, counts, connects, mild_vast,
training.  The registry finds this package as one paper module: importing it declares every
claim on `PAPER`.
"""
# in the paper's order: importing a module declares its claims on PAPER
from proofs.sgj21 import replication, zero_type  # noqa: F401, I001
from proofs.sgj21 import counts, connects, mild_vast, training  # noqa: F401, I001
from proofs.sgj21.common import PAPER

__all__ = ["PAPER"]
