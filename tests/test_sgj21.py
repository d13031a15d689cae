"""SGJ21 models and claims: counts, enumerations, networks (symbolic = numpy), replication on
full nets, connecting paths, neuron classification; the checks fail on mutated models, the
inductions are lemma nodes, every obligation has a control through its own function, the
training criterion is decided by a Clopper-Pearson interval; the long training run is `slow`."""
import itertools
import math

import numpy as np
import pytest
import sympy as sp

from checkers import symbolic
from checkers.registry import load_claims
from models import symmetry
from models.replication import add_neuron, split_neuron
from models.two_layer import (OFFICIAL_TEACHER_A, OFFICIAL_TEACHER_W, arrangement_path, classify_neurons,
                              forward, forward_layers, gradient_at, interpolate, network_output, official_inputs,
                              permute_hidden, residual_and_jacobian, two_layer)

SIGMA, ELL = sp.Function("sigma"), sp.Function("ell")
BELL = [1, 1, 2, 5, 15, 52, 203, 877, 4140]


# ---------------------------------------------------------------- counts

def test_known_values_and_conventions():
    T, G = symmetry.global_min_subspace_count, symmetry.symmetry_critical_subspace_count
    assert T(2, 3) == T(2, 3, "single") == 12
    assert T(1, 2) == T(1, 2, "single") == 3
    assert (T(1, 3), T(1, 3, "single")) == (10, 7)        # the conventions split at h = 2
    assert T(3, 3) == 6 and T(3, 2) == 0
    assert G(2, 3) == 6 and G(3, 3) == 6 and G(3, 2) == 0
    with pytest.raises(ValueError):
        T(2, 3, zero_type="pairs")
    with pytest.raises(ValueError):
        G(-1, 3)


def test_set_partitions_are_bell_many_and_distinct():
    for m, bell in enumerate(BELL):
        parts = list(symmetry.set_partitions(m))
        assert len(parts) == len(set(parts)) == bell


def test_descriptors_are_distinct_and_counted():
    for r, m in [(1, 4), (2, 4), (2, 5), (3, 5)]:
        for zero_type in symmetry.ZERO_TYPES:
            desc = list(symmetry.global_min_descriptors(r, m, zero_type))
            assert len(desc) == len(set(desc)) == symmetry.global_min_subspace_count(r, m, zero_type)
            assert all({i for role, i in d if role == "teacher"} == set(range(r)) for d in desc)
    assert sum(1 for _ in symmetry.surjections(5, 3)) == symmetry.symmetry_critical_subspace_count(3, 5)


def test_h1_ratio_and_crossover():
    for r in range(2, 30):
        assert symmetry.h1_ratio(r) == symmetry.h1_ratio_closed_form(r)
        assert symmetry.saddles_dominate(r, 1) == (r >= 7)
    rows = symmetry.crossover_table(40)
    assert all(row["interval"] for row in rows)
    assert {row["r_star"]: row["h_max"] for row in rows}[40] == 9


# ---------------------------------------------------------------- networks

def test_symbolic_and_numpy_networks_agree():
    rng = np.random.default_rng(0)
    t = sp.Symbol("t")
    sigmoid = sp.Lambda(t, 1 / (1 + sp.exp(-t)))
    for widths in [(2, 3, 1), (2, 3, 2, 1)]:
        layers = [(rng.normal(size=(o, i)), np.zeros(o)) for i, o in zip(widths, widths[1:])]
        sym = [(sp.Matrix(W), sp.Matrix(b)) for W, b in layers]
        X = rng.normal(size=(5, 2))
        numeric = forward_layers(layers, X, "sigmoid")[:, 0]
        exact = [float(network_output(sym, sp.Matrix(x), sigmoid)[0]) for x in X]
        assert np.allclose(numeric, exact, rtol=1e-12, atol=1e-12)
    W, a = rng.normal(size=(4, 2)), rng.normal(size=4)
    as_layers = [(W, np.zeros(4)), (a[None, :], np.zeros(1))]
    assert np.allclose(forward(W, a, X, "g"), forward_layers(as_layers, X, "g")[:, 0])


def test_residual_jacobian_matches_finite_differences():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(7, 2)), rng.normal(size=7)
    theta = rng.normal(size=9)
    for act in ("g", "sigmoid"):
        _, J = residual_and_jacobian(theta, X, y, act)
        eps = 1e-6
        fd = np.column_stack([(residual_and_jacobian(theta + eps * e, X, y, act)[0]
                               - residual_and_jacobian(theta - eps * e, X, y, act)[0]) / (2 * eps)
                              for e in np.eye(9)])
        assert np.allclose(J, fd, atol=1e-7)


def test_official_setup():
    X = official_inputs()
    assert X.shape == (1681, 2) and X.min() == -5 and X.max() == 5 and np.isclose(np.diff(np.unique(X[:, 0]))[0], 0.25)


# ---------------------------------------------------------------- replication on full nets (shared code)

def test_replication_gradient_on_a_full_net():
    """Width 2, d = 2, two symbolic samples, uninterpreted sigma and ell: the split net's gradient is
    the old one with rows of the split neuron scaled by beta and its outgoing partial copied."""
    W = sp.Matrix(2, 2, sp.symbols("w0:4", real=True))
    a = sp.symbols("a0:2", real=True)
    xs = [sp.Matrix(sp.symbols(f"x{n}_0:2", real=True)) for n in range(2)]
    ys = sp.symbols("y0:2", real=True)
    beta = sp.Symbol("beta", real=True)
    old = two_layer(W, a)
    new = split_neuron(old, 1, 1, [1 - beta, beta])
    (gW, _), (ga, _) = gradient_at(old, xs, ys, SIGMA, ELL)
    (nW, _), (na, _) = gradient_at(new, xs, ys, SIGMA, ELL)
    expected_W = sp.Matrix.vstack(gW[0, :], (1 - beta) * gW[1, :], beta * gW[1, :])
    expected_a = sp.Matrix([[ga[0], ga[1], ga[1]]])
    e = symbolic.identities([("dL/dW", nW, expected_W), ("dL/da", na, expected_a)], what="full-net split")
    assert e.verdict == "proved", e.summary


def test_zero_type_groups_keep_the_teacher():
    W = sp.Matrix(2, 2, sp.symbols("w0:4", real=True))
    a = sp.symbols("a0:2", real=True)
    x = sp.Matrix(sp.symbols("x0:2", real=True))
    u, cs = sp.symbols("u0:2", real=True), sp.symbols("c1:3", real=True)
    layers = two_layer(W, a)
    for c in list(cs) + [-sum(cs)]:
        layers = add_neuron(layers, 1, list(u), 0, [c])
    e = symbolic.identity(network_output(layers, x, SIGMA)[0], network_output(two_layer(W, a), x, SIGMA)[0],
                          what="group of three")
    assert e.verdict == "proved"


def test_arrangement_path_reaches_the_permutation_on_zero_loss():
    W = sp.Matrix(3, 1, sp.symbols("w0:3", real=True))
    base = two_layer(W, [sp.Symbol("a0"), sp.Symbol("a1"), 0])
    x, t = sp.Symbol("x"), sp.Symbol("t")
    target = network_output(base, [x], SIGMA)[0]
    for order in itertools.permutations(range(3)):
        corners = arrangement_path(base, 1, order, blank=2)
        assert corners[-1] == permute_hidden(base, 1, order)
        for P, Q in zip(corners, corners[1:]):
            assert sp.expand(network_output(interpolate(P, Q, t), [x], SIGMA)[0] - target) == 0


# ---------------------------------------------------------------- classification

def test_classification_of_constructed_points():
    W0, a0 = OFFICIAL_TEACHER_W, OFFICIAL_TEACHER_A
    layers = [(W0, np.zeros(4)), (a0[None, :], np.zeros(1))]
    layers = split_neuron(layers, 1, 2, [0.3, 0.7])
    layers = add_neuron(layers, 1, [0.4, -0.9], 0.0, [0.25])
    layers = add_neuron(layers, 1, [0.4, -0.9], 0.0, [-0.25])
    W, a = layers[0][0], layers[1][0][0]
    X = official_inputs()
    assert np.allclose(forward(W, a, X, "g"), forward(W0, a0, X, "g"))
    c = classify_neurons(W, a, W0, a0, activation="g")
    assert c["sgj21_structure"] and c["copies"] == 5 and c["zero_type_group_sizes"] == [2]
    # sigmoid only, sigma(-z) = 1 - sigma(z): 1.5 s(w0.x) + 0.5 s(-w0.x) = s(w0.x) + 1/2 and
    # 0.5 s(w1.x) - 0.5 s(-w1.x) = s(w1.x) - 1/2; the constants cancel
    Wf = np.vstack([W0, -W0[0], -W0[1]])
    af = np.array([1.5, 0.5, 1, 1, 0.5, -0.5])
    assert np.allclose(forward(Wf, af, X, "sigmoid"), forward(W0, a0, X, "sigmoid"))
    cf = classify_neurons(Wf, af, W0, a0, activation="sigmoid")
    assert cf["sign_flipped_copies"] == 2 and cf["constants_cancel"] and not cf["sgj21_structure"]


@pytest.mark.slow
def test_long_training_run(sweep):
    """Widths 5 to 45 on the official teacher with activation g (sigmoid 5 and 20), seeds 0-4,
    up to 2000 Levenberg-Marquardt evaluations.  Prints every run; the verdict is whatever the
    fixed criterion gives (the width-45 students may stay above MSE 1e-20 within the budget:
    they are counted in the reaching fraction, never hidden)."""
    from proofs.sgj21.training import training_experiment
    e = sweep(training_experiment, widths="5,10,20,45", seeds=5, sigmoid_widths="5,20", max_nfev=2000, plot=False)
    print(e.summary)
    for run in e.report_fields["training_runs"]:
        print(run)
    assert e.verdict in ("supported", "unknown"), e.summary
    assert not e.margins["trials"]["contradicting"], "a zero-loss g-student off the T subspaces"


# ---------------------------------------------------------------- issue 9: checks that can fail

def test_zero_set_decomposition_and_recurrences_match_the_closed_forms():
    bell = symmetry.bell_numbers(7)
    assert bell == [1, 1, 2, 5, 15, 52, 203, 877]
    for r in range(0, 5):
        for m in range(0, 8):
            assert symmetry.count_by_zero_set(r, m, "T-group", bell) == symmetry.global_min_subspace_count(r, m)
            assert symmetry.count_by_zero_set(r, m, "T-single", bell) == symmetry.global_min_subspace_count(
                r, m, "single")
            assert symmetry.count_by_zero_set(r, m, "G", bell) == symmetry.symmetry_critical_subspace_count(r, m)
            if m >= 1:
                N = lambda r_, m_, j_: symmetry.labelled_partitions(r_, m_, j_) if r_ >= 0 and j_ >= 0 else 0  # noqa: E731
                assert all(N(r, m, j) == symmetry.last_neuron_recurrence("T-group", N, r, m, j) for j in range(m + 1))
    with pytest.raises(ValueError):
        symmetry.count_by_zero_set(2, 3, "T-pairs", bell)
    with pytest.raises(ValueError):
        symmetry.count_by_zero_set(2, 9, "T-group", bell)
    with pytest.raises(ValueError):
        symmetry.last_neuron_recurrence("H", lambda *a: 0, 1, 1)


def test_count_checks_fail_when_the_labelling_factor_is_wrong(monkeypatch):
    """The old "all set partitions" check multiplied both sides by the same perm(j, r), so a wrong
    labelling factor in the model passed; the checks now count without it."""
    from proofs.sgj21 import counts
    monkeypatch.setattr(symmetry, "perm", lambda j, r: math.perm(j, r) * (2 if r == 2 else 1))
    assert counts.counts_vs_zero_set("T-group", r_max=3, m_max=5).verdict == "refuted"
    assert counts.counts_vs_explicit_objects("T-group", budget=2000).verdict == "refuted"


def test_every_size_induction_evaluates_the_model(monkeypatch):
    """The every-size proof runs the model's own closed-form function: an off-by-one in it fails
    the induction step (the old generating-function identity never touched T)."""
    from proofs.sgj21 import counts_every_size
    assert counts_every_size.closed_form_induction("T-group").verdict == "proved"
    monkeypatch.setattr(symmetry, "labelled_partitions",
                        lambda r, m, j, *, stirling=symmetry.stirling2, falling=math.perm: stirling(m, j) * falling(j - 1, r))
    assert counts_every_size.closed_form_induction("T-group").verdict == "refuted"
    from proofs.sgj21 import counts
    assert counts.counts_vs_zero_set("T-group", r_max=3, m_max=5).verdict == "refuted"


def test_surjection_checks_fail_on_a_mutated_stirling_table(monkeypatch):
    from proofs.sgj21 import counts, counts_every_size
    real = symmetry.stirling2
    monkeypatch.setattr(symmetry, "stirling2", lambda n, k: real(n, k) + (1 if (n, k) == (4, 2) else 0))
    assert counts.counts_vs_zero_set("G", r_max=3, m_max=5).verdict == "refuted"
    assert counts.recurrences_on_enumeration("G").verdict == "refuted"
    monkeypatch.setattr(symmetry, "surjection_formula",
                        lambda r, m, *, stirling=real, factorial=math.factorial: factorial(r) * stirling(m, r - 1))
    assert counts_every_size.closed_form_induction("G").verdict == "refuted"


# ---------------------------------------------------------------- issue 9: lemma nodes and controls

CLAIMS = load_claims(["proofs.sgj21"])


def test_any_size_steps_are_checked_lemma_nodes():
    """"Any size by induction" was prose inside proved obligations; now each is a lemma node whose
    obligation is an induction (base case and step) and whose control is a mutated step."""
    for claim, lemma in [("sgj21.replication-critical", "sgj21.replication-any-copies"),
                         ("sgj21.zero-type-global", "sgj21.zero-type-groups-any-size")]:
        assert lemma in CLAIMS[claim].uses
        node = CLAIMS[lemma]
        assert node.kind == "lemma" and node.obligations
        e = node.obligations[0].check(**dict(node.obligations[0].kwargs))
        assert e.verdict == "proved" and set(e.details) == {"base", "step"}
        c = node.negative_controls[0]
        assert c.check(**dict(c.kwargs)).verdict == "refuted"


def test_every_obligation_path_has_a_control():
    """Each obligation's check function is exercised by at least one negative control (the old
    controls of replication-critical and one-neuron-connects tested other statements)."""
    for cid, claim in CLAIMS.items():
        if claim.cited:
            continue
        controlled = {c.check for c in claim.negative_controls}
        missing = [o.name for o in claim.obligations if o.check not in controlled
                   and o.check.__name__ != "factorial_rules"]
        assert not missing, f"{cid}: no control through {missing}"


@pytest.mark.parametrize("cid", ["sgj21.replication-critical", "sgj21.one-neuron-connects",
                                 "sgj21.mild-vs-vast"])
def test_mutated_model_controls_are_refuted(cid):
    for c in CLAIMS[cid].negative_controls:
        assert c.check(**dict(c.kwargs)).verdict == "refuted", c.name


def test_statements_name_the_counting_convention():
    assert "GROUPS" in CLAIMS["sgj21.count-global-subspaces"].statement
    assert "group convention" in CLAIMS["sgj21.mild-vs-vast"].statement
    assert "group convention" in CLAIMS["sgj21.counts-every-size"].statement
    assert "fig5.jl" in CLAIMS["sgj21.count-global-subspaces"].confirmed


def test_crossover_early_stop_matches_the_full_closed_forms():
    for r in range(2, 25):
        for h in range(1, r // 2 + 10):
            full = symmetry.symmetry_critical_subspace_count(r - 1, r + h) > symmetry.global_min_subspace_count(r, r + h)
            assert symmetry.saddles_dominate(r, h) == full


# ---------------------------------------------------------------- issue 9: the training criterion

def _fake_runs(outcomes):
    """Runs with (reached zero loss, on a T subspace) as given, for the criterion only."""
    return [{"activation": "g", "width": 5, "seed": s, "mse": 1e-30 if reached else 1e-3, "evaluations": 10,
             "W": np.zeros((5, 2)), "a": np.zeros(5), "sgj21_structure": on_T, "unexplained_neurons": 0}
            for s, (reached, on_T) in enumerate(outcomes)]


@pytest.mark.parametrize("outcomes, verdict", [
    ([(True, True)] * 7 + [(False, False)], "unknown"),       # 7/8: interval [0.47, 1.00] contains 1/2
    ([(True, True)] * 14 + [(False, False)] * 2, "supported"),
    ([(True, True)] * 15 + [(True, False)], "refuted"),        # a zero-loss student off the T subspaces
    ([(False, False)] * 6, "refuted"),                         # interval [0, 0.46] below 1/2
])
def test_training_criterion_uses_the_clopper_pearson_interval(monkeypatch, outcomes, verdict):
    from proofs.sgj21 import training
    monkeypatch.setattr(training, "_train_all",
                        lambda activation, widths, seeds, max_nfev, teacher_shift=0.0:
                        _fake_runs(outcomes) if activation == "g" else [])
    e = training.training_experiment(widths="5", seeds=len(outcomes), sigmoid_widths="", plot=False)
    assert e.verdict == verdict, e.summary
    assert e.margins["trials"]["count"] == len(outcomes)
