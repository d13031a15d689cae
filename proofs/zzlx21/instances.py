"""zzlx21.embedding-instances: the one-step identities on concrete nets, as cross-checks.

Three independent code paths on concrete nets (every hidden (l, s)):

* the fully connected model's own atom engine (`models.fully_connected.forward` / `gradient`,
  hash-consed atoms, back-propagation) with the maps and rules of `models.embedding`;
* the block network specialised to the net: the block expressions of `proofs.zzlx21.every_size`
  with the net's own sub-matrices substituted (`models.parametric.evaluate`) equal the atom
  engine's pre-activations, gradients and back-propagated errors, for the narrow and the wide net,
  so the parametric model is an abstraction of this very model;
* nested sympy differentiation of the loss (undefined sigma and ell, no atoms, no back-propagation).

`make check` runs every net of depth 2 with widths in {1, 2, 3} and the depth-3 and depth-4 samples
below (45 nets, every one also through the block specialisation); `make slow` runs all 351 nets of
depth 2..4 with widths <= 3 (the block specialisation on every one of them).
"""
from __future__ import annotations

import itertools
import time
from functools import lru_cache

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from checkers.evidence import PROVED_FOR_INSTANCES, Evidence
from models.embedding import (compose, linear_form, null_embedding, null_gradient, splitting_embedding,
                              splitting_gradient, widening)
from models.fully_connected import (Atoms, activation, canonical, flatten, forward, gradient, nested_output,
                                    sample_loss, sample_symbols, symbolic_layers, unflatten, widths_of)
from models.parametric import evaluate, input_error
from models.replication import add_neuron
from proofs.zzlx21 import mutants
from proofs.zzlx21.common import ALPHA, BETA, PAPER, READ, hidden_neurons, parse_nets
from proofs.zzlx21.every_size import Touched
from proofs.zzlx21.maps import embedding

DEPTHS = (2, 3, 4)


def orthogonal_sample(depth: int) -> tuple:
    """The 9 nets of depth L with widths m_i = (a + b i) mod 3 + 1, a, b in {0, 1, 2}: an orthogonal array in
    which every width occurs at every position and every pair of adjacent widths occurs."""
    return tuple(tuple((a + b * i) % 3 + 1 for i in range(depth + 1)) for b in range(3) for a in range(3))


#: the depth-3 and depth-4 nets of `make check`
DEPTH3_SAMPLE, DEPTH4_SAMPLE = orthogonal_sample(3), orthogonal_sample(4)


def embedding_family(depth: int | None = None) -> list:
    """Every net of depth L (all of L = 2, 3, 4 when depth is None) with all widths in {1, 2, 3}:
    27 + 81 + 243 = 351 nets."""
    return [w for L in (DEPTHS if depth is None else (depth,)) for w in itertools.product((1, 2, 3), repeat=L + 1)]


def check_family() -> list:
    """The nets of `make check`: every net of depth 2 and the depth-3 and depth-4 samples (45 nets)."""
    return embedding_family(2) + list(DEPTH3_SAMPLE) + list(DEPTH4_SAMPLE)


def _nets(nets: str):
    """"check" (`make check`), "all" (the 351 nets) or explicit nets '1,2,1;2,2,2,1'."""
    return {"check": check_family, "all": embedding_family}[nets]() if nets in ("check", "all") else parse_nets(nets)


# ============================================================================ the atom engine
def _preactivation_items(name, layers, x, atoms, expected):
    """z'^[k]_j = expected(k, j) for every layer k, the wide pre-activation written in the wide net's own
    features: by induction over k they give equal features and, at k = L, equal outputs."""
    _, post = forward(layers, x, atoms)
    return [(f"{name}: layer {k} pre-activations", W * post[k - 1] + b,
             sp.Matrix([expected(k, j) for j in range(W.shape[0])]))
            for k, (W, b) in enumerate(layers, start=1)]


def output_items(widths, name: str = "split"):
    """Pre-activations of every layer of the wide net, for every hidden (l, s) (the null embedding:
    every hidden l)."""
    e = embedding(name)
    theta = symbolic_layers(widths)
    x, _ = sample_symbols(widths)
    atoms = Atoms([ALPHA])
    pre, _ = forward(theta, x, atoms)
    items = []
    for l, s in _positions(widths, e.kind):
        def expected(k, j, l=l, s=s):
            if k == l and j == widths[l]:
                return pre[k - 1][s] if e.kind == "split" else BETA
            return pre[k - 1][j]
        items += _preactivation_items(f"{widths} {name}({l},{s})", e.embed(theta, l, s), x, atoms, expected)
    return items


def gradient_items(widths, name: str = "split", error_below: str = "exact"):
    """grad R_B(T theta) = rule(grad R_A(theta)) for every hidden (l, s); for a splitting also the
    specialisation of the block network to the net (`specialization_items`), sharing the atoms."""
    e = embedding(name)
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)
    atoms = Atoms([ALPHA])
    pre, post = forward(theta, x, atoms)
    g = gradient(theta, x, y, atoms)
    items = []
    for l, s in _positions(widths, e.kind):
        wide = e.embed(theta, l, s)
        g_wide = gradient(wide, x, y, atoms)
        items.append((f"{widths} {name}({l},{s}) gradient", flatten(g_wide),
                      flatten(e.rule(g, l, s, atoms.sigma)).applyfunc(canonical)))
        if e.kind == "split":
            items += specialization_items(f"{widths} ({l},{s})", theta, l, s, atoms, (pre, post, g),
                                          (forward(wide, x, atoms)[0], g_wide), error_below)
    return items


def _positions(widths, kind):
    return hidden_neurons(widths) if kind == "split" else [(l, 0) for l in range(1, len(widths) - 1)]


def _family(items_of, what, nets, **kwargs) -> Evidence:
    """One engine call per net; the evidence lists every net and the time spent on it."""
    family, seconds, count = _nets(nets), {}, 0
    for widths in family:
        started = time.perf_counter()
        items = items_of(widths, **kwargs)
        evidence = symbolic.identities(items, what=what, instances=[str(widths)])
        if evidence.verdict != PROVED_FOR_INSTANCES:
            return evidence
        seconds[str(widths)] = round(time.perf_counter() - started, 4)
        count += len(items)
    return Evidence(PROVED_FOR_INSTANCES, "symbolic", f"{count} identities exact on all {len(family)} nets — {what}",
                    engine_version=symbolic.VERSION, instances=[str(w) for w in family],
                    details={"seconds_per_net": seconds},
                    trust=["sympy identity (the expanded difference is 0)"])


def output_family(nets: str = "check", embedding: str = "split") -> Evidence:
    return _family(output_items, f"{embedding}: every layer's pre-activations (features, output) preserved, every "
                   "hidden (l, s), atom engine", nets, name=embedding)


def gradient_family(nets: str = "check", embedding: str = "split", error_below: str = "exact") -> Evidence:
    specialised = ("; the block network specialised to the net equals it" + (
        " (every net of depth 2, of depth 3 with m_0 = 1, the depth-4 sample)" if nets == "check" else "")
        if embedding.startswith("split") else "")
    def items_of(widths, **kwargs):
        return gradient_items(widths, **kwargs)
    return _family(items_of, f"{embedding}: grad R_B(T theta) = rule(grad R_A(theta)), every hidden (l, s), "
                   "atom engine" + specialised + ("" if error_below == "exact" else " (false back-propagation)"),
                   nets, name=embedding, error_below=error_below)


# ============================================================================ the block net specialised
def _delta_free(expr, atoms, levels: int):
    """Replace the back-propagation atoms delta(P) by P, ``levels`` times (one level each)."""
    for _ in range(levels):
        expr = expr.xreplace({s: atoms.key_of[s][1][0] for s in expr.free_symbols
                              if atoms.key_of.get(s, ("",))[0] == "delta"})
    return expr


@lru_cache(maxsize=None)
def _touched_sides(error_below: str):
    """The block expressions (z^[l+1], gradients, error sent below) of the narrow and the wide net."""
    t = Touched("split", error_below=mutants.error_below_touched_only if error_below == "touched only" else input_error)
    return {False: (t.z, *t.gradients(False)), True: (t.z_w, *t.gradients(True))}


def specialization_items(label, theta, l, s, atoms, narrow, wide, error_below: str = "exact"):
    """The block network specialised to a concrete net at the split T_(l,s): the block expressions
    (narrow and wide: z^[l+1], the gradients of layers l and l+1, the error sent to layer l-1) with
    the net's sub-matrices substituted equal the atom engine's ``narrow`` = (pre, post, gradient)
    and ``wide`` = (pre, gradient).  ``error_below`` = "touched only": a false back-propagation."""
    pre, post, g = narrow
    (W, b), (V, d) = theta[l - 1], theta[l]
    delta_up = g[l][1]                        # delta^[l+1]: the error the layers above send down
    blocks = {"h": post[l - 1], "A1": W[:s, :], "w": W[s, :], "A2": W[s + 1:, :], "a1": b[:s, :], "b": b[s],
              "a2": b[s + 1:, :], "V1": V[:, :s], "c": V[:, s], "V2": V[:, s + 1:], "d": d,
              "W_up": sp.zeros(1, 1), "b_up": sp.zeros(1, 1), "y": sp.zeros(1, 1)}
    functions = {"Sigma": lambda Z: Z.applyfunc(atoms.sigma), "sigma": atoms.sigma,
                 "DSigma": lambda Z: sp.diag(*[atoms.sigma(e, 1) for e in Z]), "dsigma": lambda z: atoms.sigma(z, 1),
                 "dPhi_z": lambda *args: delta_up, "dPhi_z^T": lambda *args: delta_up.T}
    memo, items = {}, []
    for is_wide, (z, grads, error) in _touched_sides(error_below).items():
        c_pre, c_grad = wide if is_wide else (pre, g)
        name = f"{label} {'wide' if is_wide else 'narrow'} = block network"
        (gW, _), (gV, _) = grads[0], grads[1]

        def value(e):
            return evaluate(e, blocks, functions, memo)
        items += [(f"{name}: z^[l+1]", value(z), c_pre[l]),
                  (f"{name}: gradient of layer l+1", sp.Matrix.hstack(*[value(e) for e in gV]), c_grad[l][0]),
                  (f"{name}: gradient of layer l", sp.Matrix.vstack(*[value(e) for e in gW]),
                   c_grad[l - 1][0].applyfunc(lambda e: _delta_free(e, atoms, 1)))]
        if l >= 2:   # the error sent to layer l-1, through sigma'(z^[l-1])
            items.append((f"{name}: error delta^[l-1]",
                          sp.Matrix([atoms.sigma(zk, 1) * e for zk, e in zip(pre[l - 2], value(error))]),
                          c_grad[l - 2][1].applyfunc(lambda e: _delta_free(e, atoms, 2))))
    return items


# ============================================================================ nested cross-checks
def wide_free_gradient(theta, wide, x, y):
    """grad of ell(f_{theta'}(x), y) in free wide symbols theta' (sympy differentiation of the nested
    expression, no atoms, no back-propagation), evaluated at theta' = wide(theta)."""
    free = symbolic_layers(widths_of(wide), prefix="v_")
    r = sample_loss(free, x, y)
    at = dict(zip(flatten(free), flatten(wide)))
    return sp.Matrix([r.diff(p).xreplace(at) for p in flatten(free)])


def nested_gradient(theta, x, y):
    r = sample_loss(theta, x, y)
    return sp.Matrix([r.diff(p) for p in flatten(theta)])


def nested(nets: str = "1,2,1;1,1,1,1;2,2,1", embedding_name: str = "split") -> Evidence:
    """Output and gradient map of every one-step map on small nets, by sympy differentiation of the
    nested loss (undefined sigma, ell), no atoms, no back-propagation; ``embedding_name`` names the
    map and rule checked (a false one: a negative control)."""
    e = embedding(embedding_name)
    items, names = [], []
    for widths in parse_nets(nets):
        theta = symbolic_layers(widths)
        x, y = sample_symbols(widths)
        g = unflatten(nested_gradient(theta, x, y), widths)
        for l, s in _positions(widths, e.kind):
            wide = e.embed(theta, l, s)
            items += [(f"{widths} {embedding_name}({l},{s}) output", nested_output(wide, x), nested_output(theta, x)),
                      (f"{widths} {embedding_name}({l},{s}) gradient", wide_free_gradient(theta, wide, x, y),
                       flatten(e.rule(g, l, s, activation(0))))]
        names.append(str(widths))
    return symbolic.identities(items, what=f"{embedding_name}: nested sympy differentiation", instances=names)


def split_output_unscaled(widths: str = "1,2,1") -> Evidence:
    """Negative control: copying neuron s WITHOUT sharing its outgoing column (the copy gets alpha c,
    the original keeps c) changes the output."""
    widths = parse_nets(widths)[0]
    theta = symbolic_layers(widths)
    x, _ = sample_symbols(widths)
    (W, b), (V, _) = theta[0], theta[1]
    wide = add_neuron(theta, 1, list(W[0, :]), b[0], list(ALPHA * V[:, 0]))
    return symbolic.identity(nested_output(wide, x), nested_output(theta, x),
                             what="unscaled copy preserves the output (false)", instances=[str(widths)])


# ============================================================================ composition instances
def two_step_composition(second: str = "null") -> Evidence:
    """T = null(2, beta) o T^alpha_(1,0) on the net (1,2,2,1): output preserved, gradient map the
    composition of the one-step maps, affine form (A2 A1, A2 c1 + c2); and widening (1,1,1,1) ->
    (1,2,3,1) by three one-step splittings (journal Cor. 4.1) with the composed gradient map.
    ``second`` names the second step's map (a false one: a negative control)."""
    widths = (1, 2, 2, 1)
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)
    step = embedding(second)
    first = splitting_embedding(theta, 1, 0, ALPHA)
    both = step.embed(first, 2, 0)
    g = unflatten(nested_gradient(theta, x, y), widths)
    rule = null_gradient(splitting_gradient(g, 1, 0, ALPHA), 2, BETA, activation(0))
    (A1, c1) = linear_form(lambda t: splitting_embedding(t, 1, 0, ALPHA), widths)
    (A2, c2) = linear_form(lambda t: step.embed(t, 2, 0), widths_of(first))
    A, c = compose((A1, c1), (A2, c2))
    items = [("two-step output", nested_output(both, x), nested_output(theta, x)),
             ("two-step gradient", wide_free_gradient(theta, both, x, y), flatten(rule)),
             ("two-step affine form", A * flatten(theta) + c, flatten(both))]
    narrow = symbolic_layers((1, 1, 1, 1))
    xs, ys = sample_symbols((1, 1, 1, 1))
    atoms = Atoms([ALPHA])
    wide, steps = widening(narrow, (1, 2, 3, 1), ALPHA)
    composed = gradient(narrow, xs, ys, atoms)
    for l, s in steps:
        composed = splitting_gradient(composed, l, s, ALPHA)
    items += [("widening (1,1,1,1)->(1,2,3,1) output", forward(wide, xs, atoms)[1][-1],
               forward(narrow, xs, atoms)[1][-1]),
              ("widening (1,1,1,1)->(1,2,3,1) gradient", flatten(gradient(wide, xs, ys, atoms)),
               flatten(composed).applyfunc(canonical))]
    return symbolic.identities(items, what="compositions of one-step embeddings are critical embeddings",
                               instances=["null(2) o T_(1,0) on (1,2,2,1)", "widening (1,1,1,1) -> (1,2,3,1)"])


# ============================================================================ the claim
FAMILY = ("every net of depth 2 with widths in {1, 2, 3} and 9 nets each of depth 3 and 4 (orthogonal arrays: "
          "every width at every position, every adjacent pair of widths); all 351 nets of depth 2..4 with widths "
          "<= 3 under `make slow`")
SPECIALISED = "the same nets"


def _o(name, check, timeout=120, **kwargs):
    return Obligation(name, check, kwargs, timeout=timeout)


PAPER.claim(
    id="zzlx21.embedding-instances",
    theorem="cross-check of NeurIPS Prop. 1, Thm. 1; journal Thm. 4.1-4.3",
    statement="Cross-checks on concrete nets of what zzlx21.split-output, zzlx21.split-gradient, zzlx21.null-embedding "
              "and zzlx21.composition prove for every size: (1) the fully connected model's own atom engine "
              "(models.fully_connected, back-propagation with hash-consed atoms) satisfies the splitting and null "
              "identities (every layer's pre-activations, the gradient map) for every hidden (l, s) of " + FAMILY +
              "; (2) on " + SPECIALISED + " the block network of models.parametric, with each net's own sub-matrices "
              "substituted, gives the atom engine's pre-activations, gradients and back-propagated errors, narrow and "
              "wide (so the every-size proofs are about this very model); (3) nested sympy differentiation (no atoms, "
              "no back-propagation) agrees on small nets; (4) a two-step composition and a widening.  Per sample; "
              "every data set by zzlx21.sample-average.",
    uses=["zzlx21.sample-average"],
    obligations=[_o("atom engine: splitting, every layer's pre-activations", output_family),
                 _o("atom engine: splitting, gradient map; the block network specialised to each net", gradient_family),
                 _o("atom engine: null embedding, pre-activations", output_family, embedding="null"),
                 _o("atom engine: null embedding, gradient map", gradient_family, embedding="null"),
                 _o("nested differentiation: splitting", nested, timeout=60),
                 _o("nested differentiation: null embedding", nested, timeout=60, nets="1,2,1;1,1,1,1",
                    embedding_name="null"),
                 _o("two-step composition and widening", two_step_composition, timeout=60)],
    negative_controls=[
        _o("atom engine: the copy takes the next neuron's row", output_family, timeout=60,
           embedding="split copying the next neuron's row"),
        _o("atom engine: the new column gets alpha^2 c", gradient_family, timeout=60,
           embedding="split with the wrong fraction"),
        _o("atom engine: rule gives the new column alpha times the partials", gradient_family, timeout=60,
           embedding="split, rule: new column gets alpha times"),
        _o("atom engine: a null neuron with an outgoing column", output_family, timeout=60,
           embedding="null neuron with an outgoing column"),
        _o("block network with a back-propagation dropping the other neurons' errors", gradient_family,
           timeout=60, nets="2,1,1;1,3,2,1", error_below="touched only"),
        _o("nested: copy without sharing the outgoing column", split_output_unscaled, timeout=60),
        _o("nested: rule gives the new column alpha times the partials", nested, timeout=60,
           nets="1,2,1", embedding_name="split, rule: new column gets alpha times"),
        _o("nested: rule says the null neuron's outgoing partial is 0", nested, timeout=60, nets="1,2,1",
           embedding_name="null, rule: outgoing gradient 0"),
        _o("two-step: second step a null neuron with an outgoing column", two_step_composition, timeout=60,
           second="null neuron with an outgoing column")],
    confirmed=READ)
