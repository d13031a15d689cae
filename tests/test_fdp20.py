"""FDP20: kernel_distance on hand-computed cases and bad input; the finite-sum identity checker; the empirical NTK
of a linear model; the linearised network to first order; SGD determinism; the barrier of a network with itself;
the claim module; the full-size reproductions (slow)."""
import math

import numpy as np
import pytest
import sympy as sp

from checkers.registry import load_claims
from models.ntk import kernel_distance

CATALOGUE = {"fdp20.kernel-distance", "fdp20.velocity-collapse", "fdp20.linearized-from-t", "fdp20.spawn-barrier"}


def test_every_catalogue_claim_is_declared_with_controls():
    claims = load_claims(["proofs.fdp20_ntk_dynamics"])
    assert {cid for cid, c in claims.items() if c.kind == "claim"} == CATALOGUE
    assert all(c.negative_controls and c.confirmed for c in claims.values() if c.kind == "claim")
    assert {cid for cid, c in claims.items() if c.cited} == {"fdp20.psd-rank-one-sum", "fdp20.sum-of-squares-zero"}
    assert set(claims["fdp20.kernel-distance"].uses) == {"fdp20.psd-rank-one-sum", "fdp20.sum-of-squares-zero"}


# ---------------------------------------------------------------- kernel_distance

def test_kernel_distance_hand_computed():
    assert kernel_distance(np.eye(3), 5 * np.eye(3)) == pytest.approx(0, abs=1e-15)
    assert kernel_distance([[1, 0], [0, 0]], [[0, 0], [0, 1]]) == 1.0          # orthogonal PSD matrices
    assert kernel_distance(np.eye(2), np.ones((2, 2))) == pytest.approx(1 - 1 / math.sqrt(2))
    A, B = np.array([[2.0, 1], [1, 3]]), np.array([[1.0, -1], [-1, 4]])
    assert kernel_distance(A, B) == pytest.approx(1 - 12 / math.sqrt(15 * 19))  # <A,B> = 2 - 2 + 12, ||A||^2 = 15
    assert kernel_distance(A, B) == pytest.approx(kernel_distance(B, A))
    assert kernel_distance(3 * A, 0.5 * B) == pytest.approx(kernel_distance(A, B))


def test_kernel_distance_exact_for_sympy():
    assert kernel_distance(sp.eye(2), sp.ones(2, 2)) == 1 - sp.sqrt(2) / 2
    assert sp.simplify(kernel_distance(sp.Matrix([[2, 1], [1, 3]]), sp.Matrix([[1, -1], [-1, 4]]))
                       - (1 - 12 / sp.sqrt(285))) == 0
    assert kernel_distance(sp.Matrix([[1, 2], [2, 5]]), sp.Matrix([[3, 6], [6, 15]])) == 0
    assert sp.nsimplify(kernel_distance(sp.diag(1, -2), sp.eye(2))) == 1 + 1 / sp.sqrt(10)


@pytest.mark.parametrize("K1,K2,message", [
    (np.ones((2, 3)), np.ones((2, 3)), "square"),
    (np.ones(4), np.ones(4), "square"),
    (np.eye(2), np.eye(3), "shapes differ"),
    (np.zeros((2, 2)), np.eye(2), "zero matrix"),
    (np.eye(2), np.zeros((2, 2)), "zero matrix"),
    ([[np.nan, 0], [0, 1]], np.eye(2), "non-finite"),
    (np.eye(2), [[np.inf, 0], [0, 1]], "non-finite"),
    (sp.zeros(2, 2), sp.eye(2), "zero matrix"),
    (sp.Matrix([[sp.oo, 0], [0, 1]]), sp.eye(2), "non-finite"),
    (sp.ones(2, 3), sp.ones(2, 3), "square"),
    (sp.eye(2), sp.eye(3), "shapes differ"),
])
def test_kernel_distance_rejects_bad_input(K1, K2, message):
    with pytest.raises(ValueError, match=message):
        kernel_distance(K1, K2)


def test_finite_sum_checker_proves_and_refutes():
    from checkers.evidence import PROVED, REFUTED
    from checkers.finite_sums import finite_sum_identities
    n = sp.Symbol("n", integer=True, positive=True)
    i, j = sp.symbols("i j", integer=True)
    x, y = sp.IndexedBase("x", real=True), sp.IndexedBase("y", real=True)
    S = lambda f, k=i: sp.Sum(f, (k, 0, n - 1))
    square = S((x[i] + y[i]) ** 2)
    assert finite_sum_identities([("binomial", square, S(x[j] ** 2, j) + 2 * S(x[i] * y[i]) + S(y[i] ** 2))],
                                 what="t").verdict == PROVED
    assert finite_sum_identities([("product of sums", S(x[i]) * S(y[j], j), sp.Sum(x[i] * y[j], (i, 0, n - 1),
                                                                                     (j, 0, n - 1)))],
                                 what="t").verdict == PROVED
    false = finite_sum_identities([("(sum x)^2 = sum x^2", S(x[i]) ** 2, S(x[i] ** 2))], what="t", sizes={n: 2})
    assert false.verdict == REFUTED and false.counterexample["exact"]


def test_kernel_distance_claim_obligations_and_controls():
    from proofs import fdp20_ntk_dynamics as fdp
    assert fdp.kernel_distance_symmetry_scale().verdict == "proved"
    assert fdp.kernel_distance_cauchy_schwarz().verdict == "proved"
    assert fdp.kernel_distance_psd_upper().verdict == "proved"
    assert fdp.kernel_distance_indefinite().verdict == "refuted"
    assert fdp.unnormalised_scale_invariance().verdict == "refuted"


# ---------------------------------------------------------------- networks (jax)

@pytest.fixture(scope="module")
def jx():
    from models import digits, empirical_ntk, spawning
    import jax
    return jax, digits, empirical_ntk, spawning


def small_mlps(jax, digits, *seeds):
    """Small MLPs 64-16-16-10, one per seed."""
    return [digits.mlp_init(jax.random.PRNGKey(s), (64, 16, 16, 10)) for s in seeds]


def test_empirical_ntk_of_a_linear_model_is_x_xt(jx):
    jax, digits, empirical_ntk, _ = jx
    from sklearn.datasets import load_digits
    X = load_digits().data[:12].astype(np.float32)          # integer pixel values: every product is exact
    w = [jax.numpy.arange(64.0)]
    one_output = lambda params, x: x @ params[0][:, None]
    assert np.array_equal(empirical_ntk.empirical_ntk(one_output, w, X), X.astype(float) @ X.T.astype(float))
    params = digits.linear_init(jax.random.PRNGKey(0))
    K = empirical_ntk.empirical_ntk(digits.linear_apply, params, X)          # rows (i, a): logit a of input i
    assert np.array_equal(K, np.kron(X.astype(float) @ X.T + 1, np.eye(10)))


def test_linearised_network_is_first_order(jx):
    jax, digits, empirical_ntk, _ = jx
    X = digits.digits_split(0)[0][:16]
    center, direction = small_mlps(jax, digits, 3, 4)
    lin = empirical_ntk.linearised(digits.mlp_apply)
    f = lambda p: np.asarray(digits.mlp_apply(p, X), dtype=float)
    direction = jax.tree_util.tree_map(lambda d: 0.1 * d, direction)         # a 10% move of the weights at h = 1
    move = lambda h: jax.tree_util.tree_map(lambda c, d: c + h * d, center, direction)
    assert np.allclose(lin(center, X, center), f(center), atol=1e-6)
    _, f_jvp = jax.linearize(lambda p: digits.mlp_apply(p, X), center)       # independent first-order map
    assert np.allclose(lin(move(1.0), X, center) - f(center), f_jvp(direction), atol=1e-4)
    gaps = []
    for h in (0.1, 0.05, 0.025):
        central = (f(move(h)) - f(move(-h))) / (2 * h)                          # finite differences of f
        assert np.allclose(central, f_jvp(direction), rtol=0.05, atol=0.05 * np.abs(central).max())
        gaps.append(np.abs(f(move(h)) - np.asarray(lin(move(h), X, center))).max())
    assert gaps[0] / gaps[1] > 3 and gaps[1] / gaps[2] > 3                      # f - f_lin = O(h^2)


def test_ntk_of_the_linearised_network_is_frozen(jx):
    jax, digits, empirical_ntk, _ = jx
    X = digits.digits_split(0)[0][:5]
    center, elsewhere = small_mlps(jax, digits, 5, 6)
    lin = empirical_ntk.linearised(digits.mlp_apply)
    K = empirical_ntk.empirical_ntk(digits.mlp_apply, center, X)
    assert np.allclose(empirical_ntk.empirical_ntk(lin, elsewhere, X, aux=(center,)), K, rtol=1e-5, atol=1e-5)
    assert np.linalg.eigvalsh(K).min() > -1e-4 * np.abs(K).max()               # a Gram matrix


def test_sgd_is_deterministic_and_children_follow_their_keys(jx):
    jax, digits, _, spawning = jx
    X, y = digits.digits_split(0)[:2]
    theta, = small_mlps(jax, digits, 7)
    keys = digits.epoch_keys(jax.random.PRNGKey(8), 2)
    runs = [digits.train(digits.mlp_apply, theta, X, y, step=0.1, batch=32, keys=keys)[-1] for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(jax.tree_util.tree_leaves(runs[0]), jax.tree_util.tree_leaves(runs[1])))
    other = digits.epoch_keys(jax.random.PRNGKey(9), 2)
    stack = spawning.train_children(digits.mlp_apply, theta, X, y, step=0.1, batch=32, child_keys=[keys, other])
    for a, b in zip(jax.tree_util.tree_leaves(spawning.member(stack, 0)), jax.tree_util.tree_leaves(runs[0])):
        assert np.allclose(a, b, atol=1e-5)
    assert not np.allclose(jax.tree_util.tree_leaves(spawning.member(stack, 1))[0], jax.tree_util.tree_leaves(runs[0])[0])


def test_barrier_of_a_network_with_itself_is_zero(jx):
    jax, digits, _, spawning = jx
    _, _, X_test, y_test = digits.digits_split(0)
    theta, other = small_mlps(jax, digits, 10, 11)
    errors = spawning.path_errors(digits.mlp_apply, theta, theta, X_test, y_test)
    assert np.all(errors == errors[0]) and errors[0] == digits.error(digits.mlp_apply, theta, X_test, y_test)
    assert spawning.error_barrier(digits.mlp_apply, theta, theta, X_test, y_test) == 0.0
    assert spawning.error_barrier(digits.mlp_apply, theta, other, X_test, y_test) >= 0.0


# ---------------------------------------------------------------- full-size reproductions (make slow)

@pytest.mark.slow
@pytest.mark.parametrize("claim,name", [("fdp20.velocity-collapse", "velocity"),
                                        ("fdp20.linearized-from-t", "linearised"),
                                        ("fdp20.spawn-barrier", "spawn")])
def test_full_size_run_agrees_with_the_locked_status(claim, name, sweep):
    """The full-size run (wider MLP, twice the epochs, more pairs) reaches the same verdict as the make-check
    reproduction recorded in proofs/status.lock."""
    import json
    from pathlib import Path
    from proofs import fdp20_ntk_dynamics as fdp
    locked = json.loads((Path(fdp.__file__).parent / "status.lock").read_text())[claim]
    check = {"velocity": fdp.ntk_velocity, "linearised": fdp.linearised_training, "spawn": fdp.spawn_barrier}[name]
    e = sweep(check, **fdp.FULL_SIZE[name])
    assert e.verdict == locked, e.margins
