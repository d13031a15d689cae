"""SGJ21 — Simsek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea, "Geometry of the Loss Landscape
in Overparameterized Neural Networks: Symmetries and Invariances" (arXiv 2105.12221, ICML 2021).

Two-layer net f(x) = sum_j a_j sigma(w_j . x) (scalar output, biases folded into x), square
loss, realisable teacher of minimal width r*; student width m = r* + h.

What could be checked against the paper's own text: only the abstract (and a review quoting
Fig. 4) could be reached with the search tool, plus the official code jbrea/SymmetrySaddles.jl
(the experiment's setup, the replication map `duplicate`, the zero-type classification of
scripts/fig5.jl); each claim's `confirmed` says what it rests on.

Modules (one per claim or small group; importing this package declares every claim on PAPER):
common (the reduced net with an abstract rest, induction evidence), replication, zero_type,
counts and dimensions (T and G on instances), counts_every_size (the closed forms for every
size by induction), connects, mild_vast, training.
"""
# in the paper's order: importing a module declares its claims on PAPER
from proofs.sgj21 import replication, zero_type  # noqa: F401, I001
from proofs.sgj21 import counts, counts_every_size, connects, mild_vast, training  # noqa: F401, I001
from proofs.sgj21.common import PAPER

__all__ = ["PAPER"]
