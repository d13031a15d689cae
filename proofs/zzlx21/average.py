"""Every data set: an identity proved for one symbolic sample holds for every finite average.

The embedding identities are proved for one symbolic sample (x, y).  Each has the form
y_B = L x_A R with L and R independent of the sample (a gradient map M: L = M, R = 1; the loss:
L = R = 1; a congruence: L = A^T, R = A; a quadratic form: L = u^T, R = u), so it carries over to
sums, hence averages, over any number of samples.  Checked by induction over the number of samples,
with blocks for all quantities (any shapes)."""
from __future__ import annotations

import sympy as sp

from checkers.claims import Obligation
from checkers.evidence import Evidence
from checkers.induction import block, for_all, induction
from proofs.zzlx21.common import PAPER

L, R = block("L"), block("R")
N = sp.Symbol("n", positive=True)


def sample_sums(weight: str = "1") -> Evidence:
    """P(n): Y_n = L X_n R for the sums over n samples (Y_n of the quantities y, X_n of the x); base
    n = 0 (empty sums); step: add a sample, using y = L x R for it.  ``weight`` != 1 counts the new
    sample's y with that weight (a false step: a negative control)."""
    X_n, Y_n, x, y = block("X_n"), block("Y_n"), block("x"), block("y")

    def statement(case):
        y_sum, x_sum = case
        return [("the sums over the samples", y_sum, L * x_sum * R)]

    return induction(variable="n, the number of samples", start="n = 0 (empty sums)", statement=statement,
                     base=(sp.S.Zero, sp.S.Zero), step=((Y_n, X_n), (Y_n + sp.Rational(weight) * y, X_n + x)),
                     facts=[("the identity for the new sample", y, L * x * R)],
                     what="an identity y = L x R for every sample holds for the sums over every data set"
                          + ("" if weight == "1" else f" (new sample counted {weight} times: false)"))


def averages(scale: str = "n") -> Evidence:
    """From sums to averages: (1/n) (L X R) = L (X/n) R, a scalar commutes with the blocks
    (``scale`` = "n + 1" divides one side by n + 1 instead: a negative control)."""
    other = N + 1 if scale == "n + 1" else N
    return for_all([("the averages", (L * block("X_n") * R) / N, L * (block("X_n") / other) * R)],
                   what="averages from sums" + ("" if scale == "n" else " (other side divided by n + 1: false)"),
                   covers="blocks L, X_n, R of any compatible shapes, any number n >= 1 of samples")


PAPER.lemma(
    id="zzlx21.sample-average",
    statement="If y = L x R holds for every sample (x, y per-sample quantities of two nets, L and R fixed matrices "
              "of any compatible shapes), then the sums and the averages over every finite data set S satisfy it "
              "too.  This carries every per-sample identity of the ZZLX21 claims (outputs and losses, gradient maps, "
              "congruences, quadratic forms) to the risk R_S = E_S ell(f(x), y) for every S.",
    source="machine-checked here (induction over the number of samples)",
    obligations=[Obligation("sums: induction over the number of samples", sample_sums, timeout=60),
                 Obligation("averages from sums", averages, timeout=60)],
    negative_controls=[Obligation("the new sample counted twice (false step)", sample_sums, {"weight": "2"},
                                  timeout=60),
                       Obligation("averages with different scales", averages, {"scale": "n + 1"}, timeout=60)])
