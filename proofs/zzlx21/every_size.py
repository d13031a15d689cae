"""The one-step embeddings for every depth, every widths vector, every hidden layer and neuron.

The nets are the block networks of `models.parametric`; the maps and gradient rules are those of
`models.embedding` (the code the instance checks run).  For a one-step map T at hidden layer l
(neuron s for a splitting) of any net, the argument has three parts:

(i) the touched layers l and l+1, for every width: `models.parametric.touched_pair`, whose blocks
    A1, A2 stand for the neurons of layer l before and after s (any number, none included), h for
    layer l-1's features, V1, c, V2, d for layer l+1 (any width): the pre-activations of layer l+1
    are equal, the features of layer l are those of the narrow net (plus the copy), and the map
    changes no other layer (a layer prepended below and the block ``up`` standing for every layer
    above are unchanged, and on a net with a layer below it acts above it as on the net itself);
(ii) everything above layer l+1 is a function of z^[l+1] and the unchanged layers above: the
    output is G(z^[l+1], up) and the per-sample loss r = ell(G(z^[l+1], up), y), with G and ell
    uninterpreted, so the output, the loss, the error delta^[l+1] = dPhi_z(z^[l+1], up, y) and the
    gradient of the layers above (dPhi_W, dPhi_b) are equal by substitution;
(iii) the layers below: induction over d, the number of layers below l.  P(d): for every input u
    of a net with d layers below the touched one, the wide net's output equals the narrow one's,
    its gradient is the rule applied to the narrow gradient and its error at u is the narrow one's.
    Base d = 0: the touched layers with input h = x.  Step: prepend a layer L0 (any widths): the
    wide L0 is L0 (it is taken from the map applied to the longer net), so the input u =
    sigma(W0 x + b0) of the d-net is the same, P(d) at that u gives the d-net's part, and back-
    propagating the equal error through L0 gives L0's gradient and the error at x.

Data: the identities are per sample (x, y); `zzlx21.sample-average` carries an identity of the
form wide = L narrow R from every sample to every finite data set, and the rules are linear (checked).
"""
from __future__ import annotations

import sympy as sp

from checkers.evidence import Evidence
from checkers.induction import for_all, induction
from models.parametric import (TOUCHED, abstract, backward, block, forward, generic_layer, input_error, sigma,
                               touched_pair)
from proofs.zzlx21.common import BETA
from proofs.zzlx21.maps import embedding

DEPTHS_BELOW = ("every number d >= 0 of layers below the touched one: induction over d (base d = 0, step: prepend "
                "a layer)")
COVERS = ("every depth L >= 2, every widths vector (m_0, ..., m_L), every hidden layer l and neuron s, "
          "uninterpreted activation and loss: the blocks A1, A2 stand for the neurons of layer l before and "
          "after s (none included), h for layer l-1's features, V1, c, V2, d for layer l+1, `up` for every "
          "layer above l+1, whose map to the output is the uninterpreted G; the layers below by induction")

G = abstract("G")                    # the output as a function of z^[l+1] and the layers above
ELL = abstract("ell", True)          # the per-sample loss ell(f, y)
DPHI_Z, DPHI_W, DPHI_B = abstract("dPhi_z"), abstract("dPhi_Wup"), abstract("dPhi_bup")
Y = block("y")


def entries(layers) -> sp.Matrix:
    """Every block of a layers (or gradients) list, as one column."""
    return sp.Matrix([e for W, b in layers for e in list(W) + list(b)])


def _above(up):
    return up[0][0, 0], up[1][0]


class Touched:
    """The touched layers, the block `up` above them and their images under a map: one of
    `proofs.zzlx21.maps`, or several joined by " then " (applied in that order, each at layer l)."""

    def __init__(self, name: str, error_below=input_error):
        self.maps = [embedding(n) for n in name.split(" then ")]
        self.kinds = [m.kind for m in self.maps]
        self.error_below = error_below
        self.layers, self.h = touched_pair()
        self.up = generic_layer("up")
        wide = self.embed(self.layers + [self.up], 1)
        self.wide, self.wide_up = wide[:2], wide[2]
        self.pre, self.post = forward(self.layers, self.h)
        self.pre_w, self.post_w = forward(self.wide, self.h)
        self.z, self.z_w = self.pre[1][0], self.pre_w[1][0]

    def embed(self, layers, l):
        for m in self.maps:
            layers = m.embed(layers, l, TOUCHED)
        return layers

    def rule(self, g, l=1):
        for m in self.maps:
            g = m.rule(g, l, TOUCHED, sigma)
        return g

    def output(self, wide: bool):
        return G(self.z_w, *_above(self.wide_up)) if wide else G(self.z, *_above(self.up))

    def gradients(self, wide: bool):
        """(gradient list: layers l, l+1 and the layers above; error at layer l-1's features)."""
        z, up, layers, pre, post = ((self.z_w, self.wide_up, self.wide, self.pre_w, self.post_w) if wide else
                                    (self.z, self.up, self.layers, self.pre, self.post))
        args = (z, *_above(up), Y)
        g, error = backward(layers, pre, post, sp.Matrix([DPHI_Z(*args)]), error_below=self.error_below)
        return g + [(sp.Matrix([[DPHI_W(*args)]]), sp.Matrix([DPHI_B(*args)]))], error[0]


def _abstract_like(g, prefix):
    """Fresh blocks in the layout of the gradient list g."""
    return [(sp.Matrix(W.shape[0], W.shape[1], lambda i, j, k=k: block(f"{prefix}{k}_W{i}{j}")),
             sp.Matrix(B.shape[0], 1, lambda i, j, k=k: block(f"{prefix}{k}_b{i}"))) for k, (W, B) in enumerate(g)]


def _covering(evidence: Evidence) -> Evidence:
    """Say in the report which sizes the every-size obligations cover, and by which argument."""
    if evidence.verdict == "proved":
        evidence.report_fields.update({"sizes_covered": COVERS, "depths_below_covered": DEPTHS_BELOW})
    return evidence


# ---------------------------------------------------------------------------- (i) and (ii)
def touched_output(embedding: str = "split") -> Evidence:
    """Output and features, parts (i) and (ii), and the map touching only layers l and l+1."""
    t = Touched(embedding)
    items = [("layer l+1 pre-activations", t.z_w, t.z),
             ("layer l features of the old neurons", sp.Matrix(t.post_w[1][:3]), t.post[1]),
             ("layers above l+1 unchanged", entries([t.wide_up]), entries([t.up])),
             ("output f = G(z^[l+1], layers above)", t.output(True), t.output(False)),
             ("per-sample loss ell(f, y)", ELL(t.output(True), Y), ELL(t.output(False), Y))]
    for k, kind in enumerate(t.kinds):
        if kind == "split":
            items.append((f"step {k + 1}: the copy's feature is neuron s's (the set of features is preserved)",
                          t.post_w[1][3 + k], t.post[1][TOUCHED]))
        else:
            items.append((f"step {k + 1}: the null neuron's feature is the constant sigma(beta)",
                          t.post_w[1][3 + k], sigma(BETA)))
    below = generic_layer("0")
    shifted = t.embed([below] + t.layers + [t.up], 2)
    items.append(("with a layer L0 below: L0 unchanged, the map acts above it as on the net", entries(shifted),
                  entries([below] + t.wide + [t.wide_up])))
    return _covering(for_all(items, what=f"{embedding}: output, loss and features preserved at every theta",
                             covers=COVERS))


def touched_gradient(embedding: str = "split") -> Evidence:
    """Gradient, parts (i) and (ii): the wide gradient of layers l, l+1 and above is the rule applied
    to the narrow one, the error passed to layer l-1 is unchanged; the rule is linear and maps 0 to 0
    (so critical points map to critical points, for every data set)."""
    t = Touched(embedding)
    g, error = t.gradients(False)
    g_w, error_w = t.gradients(True)
    a, b = sp.symbols("a_1 a_2")
    g1, g2 = _abstract_like(g, "g"), _abstract_like(g, "k")
    combined = [(a * W1 + b * W2, a * B1 + b * B2) for (W1, B1), (W2, B2) in zip(g1, g2)]
    zero = [(sp.zeros(*W.shape), sp.zeros(*B.shape)) for W, B in g]
    items = [("gradient of layers l, l+1 and above = rule(narrow gradient)", entries(g_w), entries(t.rule(g))),
             ("error passed to layer l-1", error_w, error),
             ("the rule is linear", entries(t.rule(combined)),
              a * entries(t.rule(g1)) + b * entries(t.rule(g2))),
             ("the rule maps a zero gradient to zero (critical points stay critical)", entries(t.rule(zero)),
              sp.zeros(len(entries(g_w)), 1))]
    return _covering(for_all(items, what=f"{embedding}: gradient map at every theta", covers=COVERS))


# ---------------------------------------------------------------------------- (iii) induction over d
def _statement(case):
    return [(name, wide, narrow) for name, wide, narrow in case]


def _prepended(t):
    """The net with a layer L0 below: (L0, the wide L0 the map gives, input x, u, u_wide)."""
    below, x = generic_layer("0"), sp.Matrix([block("x")])
    wide_below = t.embed([below] + t.layers + [t.up], 2)[0]
    u = forward([below], x, hidden_top=True)
    u_w = forward([wide_below], x, hidden_top=True)
    return below, wide_below, x, u, u_w


def output_every_depth(embedding: str = "split") -> Evidence:
    """Part (iii) for the output: P(d) = 'the wide output equals the narrow one at every input'."""
    t = Touched(embedding)
    _, _, _, (_, post), (_, post_w) = _prepended(t)
    u, u_w = post[1][0], post_w[1][0]
    O_w, O_n = abstract("Out_wide"), abstract("Out_narrow")    # the d-net's output, as a function of its input
    base = [("output", t.output(True), t.output(False))]
    hypothesis = [("output", O_w(u_w), O_n(u_w))]              # P(d) at the input the wide L0 gives
    conclusion = [("output", O_w(u_w), O_n(u))]
    return _covering(induction(variable="d, the number of layers below the touched layer", start="d = 0",
                               statement=_statement, base=base, step=(hypothesis, conclusion),
                               what=f"{embedding}: output preserved for every number of layers below"))


def gradient_every_depth(embedding: str = "split") -> Evidence:
    """Part (iii) for the gradient: P(d) = 'at every input u the wide gradient is the rule applied to
    the narrow one and the error at u is unchanged'."""
    t = Touched(embedding)
    g, error = t.gradients(False)
    g_w, error_w = t.gradients(True)
    below, wide_below, x, (pre, post), (pre_w, post_w) = _prepended(t)
    u, u_w = post[1][0], post_w[1][0]
    E_w, E_n = abstract("Err_wide"), abstract("Err_narrow")     # the d-net's error at its input u
    G_w, G_r = abstract("Grad_wide"), abstract("RuleGrad_narrow")  # its wide gradient; rule(narrow gradient)
    g0, e0 = backward([below], pre, post, sp.Matrix([E_n(u)]), hidden_top=True)
    g0_w, e0_w = backward([wide_below], pre_w, post_w, sp.Matrix([E_w(u_w)]), hidden_top=True)
    rule_below = t.rule([g0[0]] + g, 2)[0]
    base = [("error at the input", error_w, error),
            ("gradient = rule(narrow gradient)", entries(g_w), entries(t.rule(g)))]
    hypothesis = [("error at the input", E_w(u_w), E_n(u_w)),
                  ("gradient = rule(narrow gradient)", G_w(u_w), G_r(u_w))]
    conclusion = [("error at the input", e0_w[0], e0[0]),
                  ("gradient = rule(narrow gradient)", entries([g0_w[0]]).col_join(sp.Matrix([G_w(u_w)])),
                   entries([rule_below]).col_join(sp.Matrix([G_r(u)])))]
    return _covering(induction(variable="d, the number of layers below the touched layer", start="d = 0",
                               statement=_statement, base=base, step=(hypothesis, conclusion),
                               what=f"{embedding}: gradient map for every number of layers below"))

