"""ZZLX21: the replication maps, the fully connected model (atoms vs direct differentiation, symbolic vs
numpy), the block networks (transposes, back-propagation vs direct differentiation, specialisation), the
every-size obligations and their false models, the instance cross-checks, the audit's findings (issue
"Honest proofs"), and the claims' obligations and controls; the full 351-net sweep is `slow`."""
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import models.embedding
from checkers.registry import load_claims
from models import parametric
from models.embedding import (compose, gradient_matrix, linear_form, null_embedding, splitting_embedding,
                              splitting_gradient, three_fold_global_splitting)
from models.fully_connected import (Atoms, activation, flatten, forward_np, gradient, gradient_np, hessian_np,
                                    interpret, loss_function, nested_output, risk_np, sample_loss, sample_symbols,
                                    symbolic_layers, unflatten, widths_of)
from models.replication import add_neuron, split_neuron
from proofs.zzlx21 import (average, composition, degeneracy, every_size, inertia, instances, split_inertia,
                           three_fold, wide)
from proofs.zzlx21.maps import EMBEDDINGS

ALPHA = sp.Symbol("alpha")
ZZLX21 = {cid: c for cid, c in load_claims().items() if cid.startswith("zzlx21.")}


def random_layers(widths, rng, scale=1.0):
    return [(rng.normal(size=(widths[l], widths[l - 1])) * scale, rng.normal(size=widths[l]) * scale)
            for l in range(1, len(widths))]


# ---------------------------------------------------------------- replication (shared with SGJ21)
def test_split_neuron_shapes_and_fractions():
    rng = np.random.default_rng(0)
    layers = random_layers((2, 3, 2, 1), rng)
    wide_net = split_neuron(layers, 2, 1, [0.5, 0.25, 0.25])
    assert widths_of(wide_net) == (2, 3, 4, 1)
    assert np.allclose(wide_net[1][0][2], layers[1][0][1]) and np.allclose(wide_net[1][0][3], layers[1][0][1])
    assert np.allclose(wide_net[2][0][:, 1] + wide_net[2][0][:, 2] + wide_net[2][0][:, 3], layers[2][0][:, 1])
    with pytest.raises(ValueError):
        split_neuron(layers, 1, 0, [0.5, 0.6])
    with pytest.raises(ValueError):
        split_neuron(layers, 3, 0, [1.0])
    with pytest.raises(ValueError):
        split_neuron(symbolic_layers((1, 2, 1)), 1, 0, [ALPHA, ALPHA])


def test_add_neuron_sympy_and_numpy():
    theta = symbolic_layers((1, 2, 1))
    wide_net = add_neuron(theta, 1, [0], sp.Symbol("beta"), [0])
    assert widths_of(wide_net) == (1, 3, 1) and wide_net[0][1][2] == sp.Symbol("beta")
    rng = np.random.default_rng(1)
    layers = random_layers((2, 2, 1), rng)
    X = rng.normal(size=(5, 2))
    null = add_neuron(layers, 1, [0.0, 0.0], 0.3, [0.0])
    assert np.allclose(forward_np(null, X)[-1], forward_np(layers, X)[-1])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(widths=st.lists(st.integers(1, 3), min_size=3, max_size=5), data=st.data())
def test_splitting_preserves_output_and_maps_gradients(widths, data):
    """Numerical check of NeurIPS Prop. 1 / Thm. 1 on random nets (tanh, square loss)."""
    rng = np.random.default_rng(data.draw(st.integers(0, 10 ** 6)))
    layers = random_layers(widths, rng)
    l = data.draw(st.integers(1, len(widths) - 2))
    s = data.draw(st.integers(0, widths[l] - 1))
    alpha = data.draw(st.floats(-2, 2))
    X, Y = rng.normal(size=(6, widths[0])), rng.normal(size=(6, widths[-1]))
    wide_net = splitting_embedding(layers, l, s, alpha)
    assert np.allclose(forward_np(wide_net, X)[-1], forward_np(layers, X)[-1], atol=1e-12)
    g = [(sp.Matrix(gW), sp.Matrix(gb)) for gW, gb in gradient_np(layers, X, Y)]
    mapped = np.array(flatten(splitting_gradient(g, l, s, alpha)), dtype=float).ravel()
    assert np.allclose(flatten(gradient_np(wide_net, X, Y)), mapped, atol=1e-12)


# ---------------------------------------------------------------- the fully connected model
@pytest.mark.parametrize("widths", [(1, 2, 1), (2, 2, 2), (1, 2, 1, 2), (2, 1, 2, 1, 1)])
def test_atom_gradient_equals_direct_differentiation(widths):
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)
    r = sample_loss(theta, x, y)
    atoms = Atoms()
    g = flatten(gradient(theta, x, y, atoms))
    for p, gp in zip(flatten(theta), g):
        assert sp.expand(r.diff(p) - atoms.as_functions(gp)) == 0


def test_atom_gradient_at_a_split_equals_direct_differentiation():
    widths = (1, 2, 2, 1)
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)
    atoms = Atoms([ALPHA])
    wide_net = splitting_embedding(theta, 1, 1, ALPHA)
    direct = instances.wide_free_gradient(theta, wide_net, x, y)
    via_atoms = flatten(gradient(wide_net, x, y, atoms))
    assert all(sp.expand(a - atoms.as_functions(b)) == 0 for a, b in zip(direct, via_atoms))


def test_symbolic_and_numpy_nets_agree():
    widths = (2, 3, 2)
    rng = np.random.default_rng(2)
    layers = random_layers(widths, rng)
    X, Y = rng.normal(size=(1, 2)), rng.normal(size=(1, 2))
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)

    def square(u, v):
        return sum((a - b) ** 2 for a, b in zip(u, v)) / 2
    at = dict(zip(list(flatten(theta)) + list(x) + list(y), list(flatten(layers)) + list(X[0]) + list(Y[0])))
    risk = interpret(sample_loss(theta, x, y), sp.tanh, square)
    assert abs(float(risk.subs(at)) - risk_np(layers, X, Y)) < 1e-12
    atoms = Atoms()
    grad = [interpret(atoms.as_functions(e), sp.tanh, square) for e in flatten(gradient(theta, x, y, atoms))]
    assert np.allclose([float(e.subs(at)) for e in grad], flatten(gradient_np(layers, X, Y)), atol=1e-12)


def test_complex_step_hessian_matches_finite_differences():
    widths = (1, 3, 1)
    rng = np.random.default_rng(3)
    layers = random_layers(widths, rng)
    X, Y = rng.normal(size=(7, 1)), rng.normal(size=(7, 1))
    theta, H, eps = flatten(layers), hessian_np(layers, X, Y), 1e-6
    fd = np.array([(flatten(gradient_np(unflatten(theta + eps * e, widths), X, Y))
                    - flatten(gradient_np(unflatten(theta - eps * e, widths), X, Y))) / (2 * eps)
                   for e in np.eye(theta.size)])
    assert np.abs(H - fd).max() < 1e-7


def test_linear_forms_compose_and_chain_rule():
    widths = (1, 2, 2, 1)
    A1, c1 = linear_form(lambda t: splitting_embedding(t, 1, 0, ALPHA), widths)
    A2, c2 = linear_form(lambda t: null_embedding(t, 2, sp.Symbol("beta")), (1, 3, 2, 1))
    A, c = compose((A1, c1), (A2, c2))
    theta = symbolic_layers(widths)
    direct = flatten(null_embedding(splitting_embedding(theta, 1, 0, ALPHA), 2, sp.Symbol("beta")))
    assert (A * flatten(theta) + c - direct).applyfunc(sp.expand).is_zero_matrix
    M = gradient_matrix(lambda g: splitting_gradient(g, 1, 0, ALPHA), widths)
    assert (A1.T * M - sp.eye(A1.shape[1])).applyfunc(sp.simplify).is_zero_matrix


def test_three_fold_splitting_preserves_output():
    rng = np.random.default_rng(4)
    layers = random_layers((1, 2, 2, 1), rng)
    wide_net = three_fold_global_splitting([(sp.Matrix(W), sp.Matrix(b)) for W, b in layers])
    wide_net = [(np.array(W, dtype=float), np.array(b, dtype=float).ravel()) for W, b in wide_net]
    X = rng.normal(size=(5, 1))
    assert widths_of(wide_net) == (1, 6, 6, 1)
    assert np.allclose(forward_np(wide_net, X)[-1], forward_np(layers, X)[-1])


# ---------------------------------------------------------------- the block networks
def test_transpose_reverses_products_and_keeps_scalars_and_diagonals():
    X, Y, a = parametric.block("X"), parametric.block("Y"), sp.Symbol("a")
    assert parametric.transpose(a * X * Y) == a * parametric.block("Y^T") * parametric.block("X^T")
    assert parametric.transpose(parametric.transpose(X * Y + X)) == X * Y + X
    X_T, Y_T = parametric.block("X^T"), parametric.block("Y^T")
    assert parametric.transpose(parametric.sigma(X * Y)) == parametric.Sigma(Y_T * X_T)
    assert parametric.transpose(parametric.dsigma(X)) == parametric.dsigma(X)
    assert parametric.sigma(a).is_commutative and not parametric.sigma(X).is_commutative


def test_block_backward_equals_direct_differentiation_on_a_concrete_net():
    """The block network of the touched layers, with the blocks of the net (2, 3, 1) at s = 1 substituted and
    sigma, the loss derivative interpreted as nested sympy functions, gives sympy's own partial derivatives."""
    widths, s = (2, 3, 1), 1
    theta = symbolic_layers(widths)
    x, y = sample_symbols(widths)
    r = sample_loss(theta, x, y)
    (W, b), (V, d) = theta
    layers, h = parametric.touched_pair()
    pre, post = parametric.forward(layers, h)
    z = pre[1][0]
    dphi = parametric.abstract("dPhi")
    g, error = parametric.backward(layers, pre, post, sp.Matrix([dphi(z)]))
    f = nested_output(theta, x)
    ell_1 = sp.Matrix([loss_function(1, (1,))(f[0], y[0])])
    blocks = {"h": x, "A1": W[:s, :], "w": W[s, :], "A2": W[s + 1:, :], "a1": b[:s, :], "b": b[s], "a2": b[s + 1:, :],
              "V1": V[:, :s], "c": V[:, s], "V2": V[:, s + 1:], "d": d}
    functions = {"Sigma": lambda Z: Z.applyfunc(activation(0)),
                 "DSigma": lambda Z: sp.diag(*[activation(1)(e) for e in Z]),
                 "dPhi": lambda *a: ell_1, "dPhi^T": lambda *a: ell_1.T}

    def value(e):
        return parametric.evaluate(e, blocks, functions)
    gW = sp.Matrix.vstack(*[value(e) for e in g[0][0]])
    gV = sp.Matrix.hstack(*[value(e) for e in g[1][0]])
    assert (gW - W.applyfunc(r.diff)).applyfunc(sp.expand).is_zero_matrix
    assert (gV - V.applyfunc(r.diff)).applyfunc(sp.expand).is_zero_matrix
    assert (value(error[0]) - x.applyfunc(r.diff)).applyfunc(sp.expand).is_zero_matrix


def test_evaluate_handles_empty_blocks_and_rejects_bad_input():
    A, h = parametric.block("A"), parametric.block("h")
    out = parametric.evaluate(A * h, {"A": sp.zeros(0, 2), "h": sp.Matrix([1, 2])}, {})
    assert out.shape == (0, 1)
    with pytest.raises(ValueError, match="no value for the block"):
        parametric.evaluate(A * h, {"A": sp.eye(2)}, {})
    with pytest.raises(ValueError, match="cannot be multiplied"):
        parametric.evaluate(A * h, {"A": sp.eye(2), "h": sp.Matrix([1, 2, 3])}, {})


@pytest.mark.parametrize("widths", [(1, 1, 1), (3, 3, 2), (1, 3, 2, 1), (2, 1, 3, 2)])
def test_block_network_specialises_to_the_atom_engine(widths):
    items = instances.gradient_items(widths)
    assert any("block network" in name for name, _, _ in items)
    from checkers import symbolic
    assert symbolic.identities(items, what="specialisation", instances=[str(widths)]).verdict == "proved for instances"


# ---------------------------------------------------------------- every size
EVERY_SIZE = (every_size.touched_output, every_size.output_every_depth, every_size.touched_gradient,
              every_size.gradient_every_depth)


@pytest.mark.parametrize("check", EVERY_SIZE)
@pytest.mark.parametrize("name", ["split", "null", "split then null"])
def test_every_size_obligations_are_proved(check, name):
    e = check(name)
    assert e.verdict == "proved" and not e.instances
    assert e.details["for_all"]["blocks"], "the identities must quantify over blocks (any widths)"


@pytest.mark.parametrize("check, name", [
    (every_size.touched_output, "split copying the next neuron's row"),
    (every_size.touched_output, "split with the wrong fraction"),
    (every_size.touched_output, "split dropping the copy's bias"),
    (every_size.touched_output, "split rescaling the layer below"),
    (every_size.output_every_depth, "split rescaling the layer below"),
    (every_size.gradient_every_depth, "split rescaling the layer below"),
    (every_size.touched_gradient, "split, rule: new column gets alpha times"),
    (every_size.touched_gradient, "null, rule: outgoing gradient 0"),
    (every_size.touched_output, "null neuron with an outgoing column"),
])
def test_false_models_are_refuted_by_the_every_size_checks(check, name):
    assert check(name).verdict == "refuted"


def test_a_false_layer_below_breaks_the_induction_step_not_the_base():
    e = every_size.gradient_every_depth("split rescaling the layer below")
    assert e.details["failed"] == "induction step" and e.details["base"]["verdict"] == "proved"


def test_a_bug_in_the_shared_split_fails_both_the_parametric_proof_and_the_instances(monkeypatch):
    """models.embedding's splitting (shared with the instance checks) with the fractions swapped between the
    slots of the outgoing column only: both paths must notice."""
    def buggy(layers, l, s, fractions):
        wide_net = split_neuron(layers, l, s, fractions)
        (V, d) = wide_net[l]
        V = V.copy()
        V[:, s], V[:, -1] = fractions[1] * layers[l][0][:, s], fractions[1] * layers[l][0][:, s]
        return wide_net[:l] + [(V, d)] + wide_net[l + 1:]
    monkeypatch.setattr(models.embedding, "split_neuron", buggy)
    assert every_size.touched_output("split").verdict == "refuted"
    assert instances.output_family(nets="1,2,1").verdict == "refuted"


def test_composition_induction_and_its_false_step():
    assert composition.composition_every_length().verdict == "proved"
    e = composition.composition_every_length("dropping A_2 c_1")
    assert e.verdict == "refuted" and e.details["failed"] == "induction step"


def test_sample_average_lemma():
    assert average.sample_sums().verdict == "proved" and average.averages().verdict == "proved"
    assert average.sample_sums(weight="2").verdict == "refuted"
    assert average.averages(scale="n + 1").verdict == "refuted"


def test_maps_registry_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown embedding"):
        every_size.touched_output("split twice")
    assert {"split", "null"} <= set(EMBEDDINGS)


# ---------------------------------------------------------------- the audit's findings (issue "Honest proofs")
def test_inertia_n0_is_the_papers_statement_and_the_congruence_gap_is_its_own_claim():
    """Old behaviour: zzlx21.inertia-n0 was refuted by an abstract 2x2 pattern no network is shown to produce."""
    n0, gap = ZZLX21["zzlx21.inertia-n0"], ZZLX21["zzlx21.inertia-n0-congruence-gap"]
    assert [o.check(**o.kwargs).verdict for o in n0.obligations] == ["supported"]
    assert "proof gap" in gap.statement and "not a counterexample to the theorem" in gap.statement
    assert [o.check(**o.kwargs).verdict for o in gap.obligations] == ["refuted"]
    assert [o.check(**o.kwargs).verdict for o in gap.negative_controls] == ["refuted"]
    assert inertia.congruence_pattern(H_B="[[1, 0], [0, 1]]", H_A="[[1]]").verdict == "unknown"


@pytest.mark.parametrize("cid", ["zzlx21.split-output", "zzlx21.split-gradient", "zzlx21.null-embedding",
                                 "zzlx21.composition", "zzlx21.embedding-instances", "zzlx21.sample-average"])
def test_every_engine_path_has_a_control_through_the_same_function(cid):
    """Old behaviour: the 351-net atom-engine obligations had only nested-sympy controls, and the composition's
    control checked another statement (an active neuron) through another function."""
    claim = ZZLX21[cid]
    controlled = {o.check for o in claim.negative_controls}
    missing = [o.name for o in claim.obligations if o.check not in controlled]
    assert not missing, f"{cid}: no negative control through the function of {missing}"


@pytest.mark.parametrize("check, kwargs", [
    (instances.output_family, {"nets": "1,2,1;2,2,1", "embedding": "split copying the next neuron's row"}),
    (instances.gradient_family, {"nets": "1,2,1", "embedding": "split with the wrong fraction"}),
    (instances.gradient_family, {"nets": "2,1,1;1,3,2,1", "error_below": "touched only"}),
    (instances.output_family, {"nets": "1,2,1", "embedding": "null neuron with an outgoing column"}),
    (instances.two_step_composition, {"second": "null neuron with an outgoing column"}),
])
def test_the_atom_engine_controls_are_refuted(check, kwargs):
    assert check(**kwargs).verdict == "refuted"


@pytest.mark.parametrize("cid, lemma", [("zzlx21.inertia-monotone", "zzlx21.congruence-inertia"),
                                        ("zzlx21.split-inertia", "zzlx21.sylvester"),
                                        ("zzlx21.degeneracy", "zzlx21.critical-family-kernel"),
                                        ("zzlx21.global-split-saddle", "zzlx21.negative-direction"),
                                        ("zzlx21.split-output", "zzlx21.sample-average")])
def test_written_steps_are_lemma_nodes(cid, lemma):
    """Old behaviour: 'hence n+ ... by Courant-Fischer', 'Sylvester', 'consequently nullity >= K', 'strict
    saddle' and 'one sample covers every data set' were prose inside the claims."""
    assert lemma in ZZLX21[cid].uses and ZZLX21[lemma].kind == "lemma"


def test_main_claims_rest_on_no_instance_check():
    for cid in ("zzlx21.split-output", "zzlx21.split-gradient", "zzlx21.null-embedding", "zzlx21.composition"):
        assert "zzlx21.embedding-instances" not in ZZLX21[cid].uses
        assert all(o.check.__module__ != instances.__name__ for o in ZZLX21[cid].obligations)


# ---------------------------------------------------------------- the other claims' obligations
@pytest.mark.parametrize("check, verdict", [
    (instances.nested, "proved for instances"),
    (instances.split_output_unscaled, "refuted"),
    (instances.two_step_composition, "proved for instances"),
    (degeneracy.tangent_rank, "proved for instances"),
    (degeneracy.tangent_rank_zero_column, "refuted"),
    (inertia.congruence_pattern, "refuted"),
    (split_inertia.split_inertia_trained, "supported"),
    (split_inertia.split_inertia_without_null, "refuted"),
    (three_fold.three_fold_saddle_trained, "supported"),
    (degeneracy.hessian_nullity_trained, "supported"),
])
def test_obligation_verdicts(check, verdict):
    assert check().verdict == verdict


def test_nested_checks_and_controls_with_false_rules():
    assert instances.nested(nets="1,2,1;1,1,1,1", embedding_name="null").verdict == "proved for instances"
    assert instances.nested(nets="1,2,1", embedding_name="split, rule: new column gets alpha times").verdict == "refuted"
    assert instances.nested(nets="1,2,1", embedding_name="null, rule: outgoing gradient 0").verdict == "refuted"


def test_split_inertia_sequence_and_splitting_matrix():
    e = split_inertia.split_inertia_trained()
    m = e.details["measurements"]
    assert m["inertia_sequence"] == "[(7, 0, 0), (8, 1, 1), (9, 2, 2)]"
    assert m["gradient_norm_after_polishing"] < 1e-12


def test_families_of_nets():
    family = instances.embedding_family()
    assert len(family) == 27 + 81 + 243 == len(set(family)) and (3, 3, 3, 3, 3) in family
    assert [len(instances.embedding_family(L)) for L in instances.DEPTHS] == [27, 81, 243]
    checked = instances.check_family()
    assert len(checked) == 27 + 9 + 9 == len(set(checked)) and set(checked) <= set(family)
    for sample in (instances.DEPTH3_SAMPLE, instances.DEPTH4_SAMPLE):
        depth = len(sample[0]) - 1
        pairs = {(w[i], w[i + 1]) for w in sample for i in range(depth)}
        assert pairs == {(a, b) for a in (1, 2, 3) for b in (1, 2, 3)}
        assert all({w[i] for w in sample} == {1, 2, 3} for i in range(depth + 1))


def test_wide_net_plateaus_and_clusters():
    e = wide.wide_net_experiment()
    rows = e.details["measurements"]["plateaus"]
    assert e.verdict == "supported" and [r["reduced_width"] >= 1 for r in rows].count(True) >= 1
    assert wide.wide_net_random_groups().verdict == "refuted"


# ---------------------------------------------------------------- make slow
@pytest.mark.slow
@pytest.mark.parametrize("check, kwargs", [(instances.output_family, {}), (instances.gradient_family, {}),
                                           (instances.output_family, {"embedding": "null"}),
                                           (instances.gradient_family, {"embedding": "null"})])
def test_full_family_all_widths_up_to_three(check, kwargs, sweep):
    """Every net of depth 2..4 with all widths in {1, 2, 3} (351 nets), atom engine and block specialisation."""
    e = sweep(check, nets="all", **kwargs)
    assert e.verdict == "proved for instances" and len(e.instances) == 351
