"""ALL19: the frozen-pattern network and its sign perturbation (exact and vectorised), the identity's checker
(refutes perturbed identities, agrees with exact enumeration), the jax learners (SGD recovers a planted linear
target, the NTK model is the first-order Taylor expansion, the minimum-norm fit), and the claims' declarations;
the full-size reproductions are `slow`."""
import numpy as np
import pytest
import sympy as sp

from checkers.registry import load_claims
from models import three_layer as tl
from proofs import all19_three_layer as a19

CATALOGUE = {"all19.quadratic-approx-identity", "all19.two-layer-learnable",
             "all19.sample-complexity-width-independent", "all19.three-beats-two"}


def test_every_catalogue_claim_is_declared_with_controls():
    claims = load_claims(["proofs.all19_three_layer"])
    assert CATALOGUE <= set(claims)
    assert all(claims[c].negative_controls and claims[c].confirmed for c in CATALOGUE)
    assert claims["all19.linearity-of-expectation"].cited
    assert claims["all19.quadratic-approx-identity"].uses == ("all19.linearity-of-expectation",)


# ---------------------------------------------------------------- the identity

def random_net(rng, m1, m2, d=3):
    g = lambda *s: rng.normal(size=s)
    return g(d), g(m2), g(m1, d), g(m1), g(m2, m1), g(m2), g(m1, d), g(m2, m1)


def test_frozen_network_equals_the_real_one_at_the_base_and_its_matrix_form():
    rng = np.random.default_rng(0)
    x, a, W, b1, V, b2, _, _ = random_net(rng, 5, 4)
    d1, d2 = tl.patterns(x, W, b1, V, b2)
    assert np.isclose(tl.frozen_output(x, a, W, b1, V, b2, d1, d2), tl.output(x, a, W, b1, V, b2))
    matrix_form = a @ np.diag(d2) @ (V @ np.diag(d1) @ (W @ x + b1) + b2)
    assert np.isclose(tl.frozen_output(x, a, W, b1, V, b2, d1, d2), matrix_form)


def test_vectorised_perturbed_outputs_match_the_network():
    rng = np.random.default_rng(1)
    x, a, W, b1, V, b2, Wp, Vp = random_net(rng, 6, 5)
    signs = rng.choice([-1.0, 1.0], size=(7, 6))
    direct = [tl.output(x, a, *_swap(tl.sign_perturbed(W, V, Wp, Vp, s), b1), b2) for s in signs]
    assert np.allclose(tl.perturbed_outputs(x, a, W, b1, V, b2, Wp, Vp, signs), direct)


def _swap(pair, b1):
    """(W~, V~) -> (W~, b1, V~): the argument order of tl.output."""
    return pair[0], b1, pair[1]


def test_per_term_identity_is_proved_and_perturbed_identities_are_refuted():
    assert a19.per_term_identity().verdict == "proved"
    for variant in ("half", "no-indicator"):
        e = a19.per_term_identity(variant)
        assert e.verdict == "refuted" and e.counterexample["value"] != "0"
    with pytest.raises(ValueError):
        a19.per_term_identity("third")


def test_every_width_sums_are_proved_and_a_wrong_constant_is_refuted():
    assert a19.every_width_sums().verdict == "proved"
    e = a19.every_width_sums("half")
    assert e.verdict == "refuted" and e.counterexample["exact"]


def test_exact_enumeration_agrees_with_the_per_pair_identity():
    """Summing the per-pair contributions a_i d2_i v'_ij d1_j <w'_j, x> over (i, j) is the quadratic term Q,
    and the exact enumeration of Sigma gives E - out_D = Q at m1 = m2 = 2, 3 (and m1 = 3, m2 = 2)."""
    e = a19.enumerated_identity(widths="2,3")
    assert e.verdict == "proved for instances" and e.instances == ["m1 = m2 = 2", "m1 = m2 = 3"]
    p = tl.symbolic_parameters(2, 3, 2)
    per_pair = sum(p["a"][i] * p["d2"][i] * p["Vp"][i, j] * p["d1"][j] * (p["Wp"][j] @ p["x"])
                   for i in range(2) for j in range(3))
    assert sp.expand(per_pair - tl.quadratic_term(p["x"], p["a"], p["Wp"], p["Vp"], p["d1"], p["d2"])) == 0
    args = lambda W, V: (p["x"], p["a"], W, p["b1"], V, p["b2"], p["d1"], p["d2"])
    mean = tl.sign_average(lambda s: tl.frozen_output(*args(*tl.sign_perturbed(p["W"], p["V"], p["Wp"], p["Vp"], s))), 3)
    assert sp.expand(mean - tl.frozen_output(*args(p["W"], p["V"])) - per_pair) == 0


def test_real_relu_network_breaks_the_identity_exactly():
    e = a19.enumerated_identity(widths="2", network="relu")
    assert e.verdict == "refuted"
    with pytest.raises(ValueError):
        a19.enumerated_identity(network="smooth")


def test_identity_obligation_and_its_controls():
    assert a19.quadratic_identity().verdict == "proved"
    assert a19.quadratic_identity(network="relu").verdict == "refuted"
    e = a19.relu_relative_error(widths="64,128", inputs=2, sign_samples=128)
    assert e.verdict == "refuted" and e.details["measurements"]["m=64: relative error"] > 0.1


def test_frozen_patterns_satisfy_the_identity_under_monte_carlo():
    """The same Monte Carlo as the negative control, with the patterns frozen: within the noise."""
    rng = np.random.default_rng(2)
    x, a, W, b1, V, b2, Wp, Vp = random_net(rng, 40, 30)
    d1, d2 = tl.patterns(x, W, b1, V, b2)
    signs = rng.choice([-1.0, 1.0], size=(400, 40))
    values = np.array([tl.frozen_output(x, a, *_swap(tl.sign_perturbed(W, V, Wp, Vp, s), b1), b2, d1, d2) for s in signs])
    deviation = values.mean() - tl.output(x, a, W, b1, V, b2) - tl.quadratic_term(x, a, Wp, Vp, d1, d2)
    assert abs(deviation) <= 4 * values.std(ddof=1) / np.sqrt(len(values))


# ---------------------------------------------------------------- the jax learners

def test_sgd_recovers_a_planted_linear_target():
    import jax
    import jax.numpy as jnp
    from models import jax_training as jt

    @jax.jit
    def fit(key):
        g, w_star, ranks = jt.gaussians(key, [(100, 4), (4,), (200, 100)])
        w = jt.sgd(lambda p, X: X @ p, jnp.zeros(4), g, g @ w_star, jt.batch_orders(ranks, 10), lr=0.2)
        return jnp.max(jnp.abs(w - w_star))

    assert float(fit(jax.random.PRNGKey(0))) < 1e-4
    with pytest.raises(ValueError):
        jt.batch_orders(jnp.zeros((3, 100)), 7)


def test_minimum_norm_fit_interpolates_with_the_least_norm():
    import jax
    import jax.numpy as jnp
    from models import jax_training as jt
    with jax.enable_x64(True):
        J, r = (np.asarray(v, dtype=float) for v in jt.gaussians(jax.random.PRNGKey(1), [(5, 12), (5,)]))
        delta = np.asarray(jax.jit(jt.minimum_norm_fit)(jnp.asarray(J), jnp.asarray(r)))
        assert np.allclose(J @ delta, r) and np.allclose(delta, np.linalg.pinv(J) @ r)
        with pytest.raises(ValueError):
            jt.minimum_norm_fit(jnp.asarray(J.T), jnp.asarray(r))


def test_ntk_model_is_the_first_order_taylor_expansion_at_initialisation():
    """At random points, linearised(apply, theta0)(theta0 + t delta) = apply(theta0) + t J delta (J the
    per-sample Jacobian), its slope matches central finite differences of the net, and it equals the net at theta0."""
    import jax
    import jax.numpy as jnp
    from models import jax_training as jt
    with jax.enable_x64(True):
        @jax.jit
        def check(key):
            parts = jt.gaussians(key, [(20, 4), *jt.two_layer_shapes(4, 30), (30, 4), (30,)])
            X, W, b, a_out, dW, db = (jnp.asarray(v, jnp.float64) for v in parts)
            trained, fixed = jt.two_layer_init(W, b, a_out)
            apply = lambda p, Z: jt.two_layer(p, fixed, Z, 0.7)
            model = jt.linearised(apply, trained)
            moved = lambda t: jax.tree_util.tree_map(lambda u, v: u + t * v, trained, {"W": dW, "b": db})
            J = jt.per_sample_jacobian(apply, trained, X)            # columns in tree_leaves order: W, then b
            taylor = apply(trained, X) + 1e-3 * J @ jnp.concatenate([dW.ravel(), db])
            central = (apply(moved(1e-6), X) - apply(moved(-1e-6), X)) / 2e-6
            return model(moved(1e-3), X), taylor, (model(moved(1e-3), X) - apply(trained, X)) / 1e-3, central, \
                model(trained, X) - apply(trained, X)
        lin, taylor, slope, central, at_start = (np.asarray(v) for v in check(jax.random.PRNGKey(2)))
    assert np.allclose(lin, taylor, atol=1e-12)
    assert np.allclose(slope, central, atol=1e-6)
    assert np.max(np.abs(at_start)) == 0


def test_baseline_comparison_rejects_unknown_models():
    from models import jax_training as jt
    with pytest.raises(ValueError):
        jt.baseline_comparison(["kernel"], n_train=10, n_test=10, d=4, width3=4, width2=8, seeds=(0,), epochs=1,
                               batch=5, alpha=0.1, lr_factor=1.0)


def test_width_sweep_is_deterministic_and_learns():
    from models import jax_training as jt
    kwargs = dict(n_train=20, n_test=50, d=5, k=3, seeds=(0, 1), epochs=3, batch=5, alpha=0.1, lr_factor=1.0,
                  concept_seed=1811)
    first, second = jt.two_layer_width_sweep([6], **kwargs), jt.two_layer_width_sweep([6], **kwargs)
    assert all(np.array_equal(first[k], second[k]) for k in first)
    assert first["test"].shape == (2, 1) and np.all(first["test"] < first["initial test"])


# ---------------------------------------------------------------- full size (make slow)

@pytest.mark.slow
def test_full_size_two_layer_sweep(sweep):
    full = dict(widths="100,400,1600,6400", n_train=500, seeds="0,1,2,3,4", epochs=200, record=0)
    learn, gap = sweep(a19.two_layer_learning, **full), sweep(a19.generalisation_gap, **full)
    assert learn.verdict in ("supported", "unknown", "refuted") and gap.verdict in ("supported", "unknown", "refuted")
    print(learn.summary, learn.details["measurements"], gap.summary, gap.details["measurements"], sep="\n")


@pytest.mark.slow
def test_full_size_baselines(sweep):
    e = sweep(a19.three_beats_two, n_train=1000, width3=128, width2=3430, seeds="0,1,2,3", epochs=200, record=0)
    assert e.verdict in ("supported", "unknown", "refuted")
    print(e.summary, e.details["measurements"], sep="\n")
