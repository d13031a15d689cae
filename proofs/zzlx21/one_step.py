"""The one-step embeddings: zzlx21.split-output, zzlx21.split-gradient, zzlx21.null-embedding.

Each is proved for every depth, widths vector, hidden layer and neuron on the block network
(`proofs.zzlx21.every_size`: the touched layers with every other neuron a block of any size, the
layers above an uninterpreted map, the layers below by induction over their number) and for every
data set by zzlx21.sample-average.  The negative controls feed false maps and rules
(`proofs.zzlx21.maps`) through the same functions; the instance cross-checks (the fully connected
model's own atom engine on nets up to depth 4) are zzlx21.embedding-instances."""
from __future__ import annotations

from checkers.claims import Obligation
from proofs.zzlx21.common import PAPER, READ
from proofs.zzlx21.every_size import gradient_every_depth, output_every_depth, touched_gradient, touched_output

EVERY_SIZE = ("Proved for every depth L >= 2, every widths vector, every hidden layer l and neuron s, with an "
              "uninterpreted activation and loss: on the block network (the other neurons of layers l and l+1 are "
              "blocks of any size, everything above layer l+1 an uninterpreted map G of z^[l+1] and the unchanged "
              "layers above), and by induction over the number of layers below l; every data set by "
              "zzlx21.sample-average.  Cross-checked on instances by zzlx21.embedding-instances.")


def _obligations(name, embedding, *, output=True, gradient=True):
    out = []
    if output:
        out += [Obligation(f"{name}: output, loss and features, every width, neuron and layer above", touched_output,
                           {"embedding": embedding}, timeout=60),
                Obligation(f"{name}: output, every number of layers below (induction)", output_every_depth,
                           {"embedding": embedding}, timeout=60)]
    if gradient:
        out += [Obligation(f"{name}: gradient map, every width, neuron and layer above", touched_gradient,
                           {"embedding": embedding}, timeout=60),
                Obligation(f"{name}: gradient map, every number of layers below (induction)", gradient_every_depth,
                           {"embedding": embedding}, timeout=60)]
    return out


def _control(label, check, embedding):
    return Obligation(label, check, {"embedding": embedding}, timeout=60)


PAPER.claim(
    id="zzlx21.split-output",
    theorem="NeurIPS Prop. 1 (one-step splitting embedding); journal Def. 4.4",
    statement="For the one-step splitting T^alpha_{l,s} (neuron s of hidden layer l duplicated with the same "
              "incoming row and bias; outgoing column c -> (1 - alpha) c in slot s and alpha c in the new slot), for "
              "every theta and every alpha: f_{T(theta)}(x) = f_theta(x) for all x, hence R_S(T theta) = R_S(theta) "
              "for every data set S and loss ell, and the set of neuron features of every layer is preserved.  "
              + EVERY_SIZE,
    uses=["zzlx21.sample-average"],
    obligations=_obligations("splitting", "split", gradient=False),
    negative_controls=[
        _control("the copy takes the next neuron's row (off by one)", touched_output,
                 "split copying the next neuron's row"),
        _control("the new column gets alpha^2 c (wrong fraction)", touched_output, "split with the wrong fraction"),
        _control("the copy's bias dropped", touched_output, "split dropping the copy's bias"),
        _control("the map also rescales the layer below (a false induction step)", output_every_depth,
                 "split rescaling the layer below")],
    confirmed=READ + "The introduction confirms the principle (output-preserving embedding of every critical point "
                     "of a narrower net); the splitting map is the standard one (neuron duplication with split "
                     "outgoing weights).")

PAPER.claim(
    id="zzlx21.split-gradient",
    theorem="NeurIPS Thm. 1 and its proof (criticality preserving)",
    statement="At every theta: for T = T^alpha_{l,s}, the partials of R_S at T(theta) are those of R_S at theta "
              "except: the split neuron's incoming row and bias get (1 - alpha) times (slot s) and alpha times (new "
              "slot) the old ones, and the new outgoing column gets the old column's partials.  The map is linear and "
              "maps 0 to 0, so critical points map to critical points, for any data, differentiable sigma and ell.  "
              + EVERY_SIZE,
    uses=["zzlx21.split-output", "zzlx21.sample-average"],
    obligations=_obligations("splitting", "split", output=False),
    negative_controls=[
        _control("rule: the new outgoing column gets alpha times the old partials", touched_gradient,
                 "split, rule: new column gets alpha times"),
        _control("the new column gets alpha^2 c (wrong fraction)", touched_gradient, "split with the wrong fraction"),
        _control("the map also rescales the layer below (a false induction step)", gradient_every_depth,
                 "split rescaling the layer below"),
        _control("the copy takes the next neuron's row, every depth", gradient_every_depth,
                 "split copying the next neuron's row")],
    confirmed=READ)

PAPER.claim(
    id="zzlx21.null-embedding",
    theorem="journal Def. 4.3, Thm. 4.1",
    statement="Adding to hidden layer l a neuron with zero incoming weights, zero outgoing weights and any bias beta "
              "preserves the output; the new partials are 0 (incoming, bias) and sigma(beta) grad_{b^[l+1]} R_S "
              "(outgoing), all others unchanged; the map is linear and maps 0 to 0, so criticality is preserved "
              "(grad_{b^[l+1]} R_S = 0 at a critical point).  " + EVERY_SIZE,
    uses=["zzlx21.sample-average"],
    obligations=_obligations("null neuron", "null"),
    negative_controls=[
        _control("the new neuron gets an outgoing column", touched_output, "null neuron with an outgoing column"),
        _control("the new neuron gets an outgoing column, every depth", output_every_depth,
                 "null neuron with an outgoing column"),
        _control("rule: the outgoing partial is 0 at every theta", touched_gradient, "null, rule: outgoing gradient 0"),
        _control("rule: the outgoing partial is 0, every depth", gradient_every_depth,
                 "null, rule: outgoing gradient 0")],
    confirmed=READ)
