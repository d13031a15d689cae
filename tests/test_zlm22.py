"""ZLM22 model tests: the sympy and numpy losses agree, gradients are right, closed forms hold."""
import numpy as np
import pytest
import sympy as sp

from models import deep_linear as dl
from models import zlm22_solutions as sol


def _random_problem(rng, widths):
    d = widths[0]
    G = rng.standard_normal((d, d))
    A = G @ G.T / d + 0.1 * np.eye(d)
    c = rng.standard_normal(d)
    size = widths[-1] + sum(widths[k] * widths[k - 1] for k in range(1, len(widths)))
    return A, c, rng.standard_normal(size)


@pytest.mark.parametrize("widths", [(2, 2), (2, 3, 2), (1, 2, 1, 2), (3, 1, 2)])
def test_sympy_and_numpy_losses_agree(widths):
    rng = np.random.default_rng(sum(widths))
    A, c, theta = _random_problem(rng, widths)
    U, Ws = dl.parameters(widths)
    As, cs, Ey2 = dl.symbolic_data(widths[0])
    s2, gu = sp.Rational(1, 3), sp.Rational(1, 5)
    gammas = [sp.Rational(k, 7) for k in range(1, len(widths))]
    L = dl.loss(U, Ws, As, cs, Ey2, s2, gu, gammas)
    values = dict(zip(dl.flat(U, Ws), theta))
    values.update({As[i, j]: A[i, j] for i in range(len(c)) for j in range(len(c))})
    values.update({cs[i]: c[i] for i in range(len(c))})
    values[Ey2] = 1.5
    expected = float(L.subs(values))
    got = dl.np_loss(*dl.np_unflatten(theta, widths), A, c, 1.5, 1 / 3, 1 / 5, [float(g) for g in gammas])
    assert got == pytest.approx(expected, rel=1e-12)


def test_gradient_matches_finite_differences_and_batches():
    rng = np.random.default_rng(1)
    widths = (3, 2, 4)
    A, c, theta = _random_problem(rng, widths)
    args = (A, c, 1.0, 0.3, 0.2, [0.1, 0.4])
    f = lambda x: dl.np_loss(*dl.np_unflatten(x, widths), *args)
    _, gU, gWs = dl.np_loss_and_grad(*dl.np_unflatten(theta, widths), *args)
    fd = np.array([(f(theta + 1e-6 * e) - f(theta - 1e-6 * e)) / 2e-6 for e in np.eye(len(theta))])
    assert np.max(np.abs(fd - dl.np_flatten(gU, gWs))) < 1e-6
    batch = rng.standard_normal((4, len(theta)))
    Ub = np.stack([dl.np_unflatten(x, widths)[0] for x in batch])
    Wb = [np.stack([dl.np_unflatten(x, widths)[1][k] for x in batch]) for k in range(2)]
    values, _, _ = dl.np_loss_and_grad(Ub, Wb, *args)
    assert np.allclose(values, [f(x) for x in batch], rtol=1e-12)


def test_origin_global_threshold_values():
    assert dl.origin_global_threshold(2, 1, 1) == sp.Integer(2) ** sp.Rational(-4, 3)
    assert dl.origin_global_threshold(1, 3, "-2/3") == sp.Rational(2, 3)
    # the D = 2 closed form of the statement: [d_0 c^2 / (4 (d_0 + s2) sqrt(a))]^(2/3)
    value = dl.origin_global_threshold(2, 2, "3/2", width=2, noise_var="1/2")
    expected = (2 * sp.Rational(9, 4) / (4 * sp.Rational(5, 2) * sp.sqrt(2))) ** sp.Rational(2, 3)
    assert sp.simplify(value - expected) == 0
    with pytest.raises(ValueError):
        dl.origin_global_threshold(2, 0, 1)


@pytest.mark.parametrize("depth", [2, 3])
def test_threshold_separates_the_reduced_loss(depth):
    """Below gamma* the balanced rank-one point beats the origin; above it nothing does."""
    a, c = 1.3, 0.7
    gstar = float(dl.origin_global_threshold(depth, sp.Rational(13, 10), sp.Rational(7, 10)))
    assert sol.np_global_norm(depth, a, c, 0.99 * gstar) > 0.1
    assert sol.np_global_norm(depth, a, c, 1.01 * gstar) == 0.0


def test_d1_closed_form_is_critical_numerically():
    rng = np.random.default_rng(3)
    A, c, _ = _random_problem(rng, (4, 3))
    gu, gw, s2 = 0.1, 0.2, 0.5
    U, Ws = sol.np_d1_point(A, c, s2, 3, gu, gw)
    value, gU, gWs = dl.np_loss_and_grad(U, Ws, A, c, 2.0, s2, gu, [gw])
    assert np.max(np.abs(dl.np_flatten(gU, gWs))) < 1e-9
    b = sol.np_d1_b_root(A, c, s2, 3, gu, gw)
    assert value == pytest.approx(sol.np_d1_loss_at(A, c, 2.0, s2, 3, gu, gw, b), rel=1e-12)


def test_noise_factor_bounds_the_second_moment():
    """E_eps f^2 >= kappa (E_eps f)^2 at random weights (the noise step of the reduction)."""
    rng = np.random.default_rng(4)
    widths, s2 = (1, 3, 2, 3), 0.7
    kappa = float(sol.noise_factor(3, 3, s2))   # widths 3, 2, 3: prod (1 + s2/d_k) >= (1 + s2/3)^3
    for _ in range(50):
        U, Ws = dl.np_unflatten(rng.standard_normal(3 + 3 + 6 + 6), widths)
        q, m = dl.np_second_moments(U, Ws, np.eye(1), np.ones(1), s2)
        assert q >= kappa * m ** 2 - 1e-12


def test_models_import_quickly():
    import subprocess
    import sys
    import time
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import models.deep_linear, models.zlm22_solutions"], check=True)
    assert time.perf_counter() - start < 10


@pytest.mark.slow
def test_d1_global_search_larger_sweep(sweep):
    from proofs.zlm22.d1_minimum import d1_global_search
    e = sweep(d1_global_search, trials=60, seed=99, starts=3, adversarial_starts=4, max_evaluations=40)
    assert e.verdict == "supported", e.summary


@pytest.mark.slow
def test_deep_global_search_larger_sweep(sweep):
    from proofs.zlm22.deep_minimum import deep_global_search
    e = sweep(deep_global_search, trials=40, seed=98, starts=3, adversarial_starts=4, max_evaluations=40)
    assert e.verdict == "supported", e.summary


# ----------------------------------------------------------------------------- every width
def test_every_size_normal_form_proves_and_refutes():
    """An identity of the model for symbolic sizes is proved; a false one is refuted at a concrete size."""
    from proofs.zlm22.sizes import every_size, index_sum, matrix
    n, m = sp.symbols("n m", integer=True, positive=True)
    s2 = sp.Symbol("s2", nonnegative=True)

    def items(n, m, scale=1):
        W, M, v = matrix("W", n, m), matrix("M", m, m), matrix("v", n)
        X = W * M * W.T
        return [("v^T layer(W, M) v", (v.T * dl.layer_second_moment(W, M, s2) * v)[0, 0],
                 ((W.T * v).T * M * (W.T * v))[0, 0] + scale * s2 * index_sum(lambda k: v[k, 0] ** 2 * X[k, k], n))]

    assert every_size(items, sizes={"n": n, "m": m}, what="t").verdict == "proved"
    wrong = every_size(lambda n, m: items(n, m, scale=1 / n), sizes={"n": n, "m": m}, what="t")
    assert wrong.verdict == "refuted" and wrong.details["sizes"] == {"n": 2, "m": 2}


def test_mutated_layer_map_fails_the_general_scaling_laws(monkeypatch):
    """The every-width scaling laws (degree argument, balance) are read off the model: a bug there fails them."""
    from proofs.zlm22 import balance, scaling
    from proofs.zlm22.mutations import MUTATIONS
    assert scaling.one_layer_scaling().verdict == "proved"
    monkeypatch.setattr(dl, "layer_second_moment", MUTATIONS["additive-noise"]["layer_second_moment"])
    assert scaling.one_layer_scaling().verdict == "refuted"
    assert balance.balance_euler_argument(instances=[[2, 2, 2]]).verdict == "refuted"


def test_general_hessian_argument_reads_the_model_penalty(monkeypatch):
    """Without any instance, the general Hessian argument of origin-local-min-deep fails on a mutated model."""
    from proofs.zlm22 import origin_deep
    from proofs.zlm22.mutations import MUTATIONS
    assert origin_deep.origin_hessian_argument(instances=[]).verdict == "proved"
    monkeypatch.setattr(dl, "penalty", MUTATIONS["no-output-penalty"]["penalty"])
    assert origin_deep.origin_hessian_argument(instances=[]).verdict == "refuted"


def test_general_noise_average_reads_the_model_kernel(monkeypatch):
    from proofs.zlm22 import noise_average
    from proofs.zlm22.mutations import MUTATIONS
    monkeypatch.setattr(dl, "noise_kernel", MUTATIONS["shared-noise-kernel"]["noise_kernel"])
    assert noise_average.noise_average_identity(widths_list=[]).verdict == "refuted"


def test_mutations_are_undone():
    from proofs.zlm22.mutations import mutated
    original = dl.layer_second_moment
    with mutated("additive-noise"):
        assert dl.layer_second_moment is not original
    assert dl.layer_second_moment is original
    with pytest.raises(ValueError, match="unknown mutation"):
        with mutated("no-such-bug"):
            pass


def test_d1_boundary_origin_is_a_strict_minimum():
    """Audit finding: at ||c||^2 = gamma_u gamma_w the Hessian at 0 is singular, yet 0 is a strict minimum
    (z3 on every weight: width 2, s2 = 1/2, gamma_u = gamma_w = c = 1), so 'strict minimum iff <' was false."""
    from checkers.registry import load_claims
    from proofs.zlm22.origin_d1 import _full_network_boundary, d1_boundary_strict_minimum, d1_origin_min_iff
    e = _full_network_boundary(1, 2, sp.Rational(1, 2), [[1]], [[1]], 1)
    assert e.verdict == "proved for instances"
    assert d1_origin_min_iff().verdict == "proved"          # PD exactly when ||c||^2 < gamma_u gamma_w
    assert d1_boundary_strict_minimum(instances=[]).verdict == "proved"
    assert d1_boundary_strict_minimum(instances=[], factor="9/8").verdict == "refuted"
    statement = load_claims(["proofs.zlm22"])["zlm22.origin-hessian-d1"].statement
    assert "strict local minimum iff ||c||^2 <= gamma_u gamma_w" in statement


# ----------------------------------------------------------------------------- numerical criteria
def test_search_criterion_reports_failed_searches_and_needs_strong_searches():
    """Audit finding: a search ending 0.11 above the prediction passed silently. Now it is a reported
    failed search (explained by the fixed criterion); too many of them make the evidence unknown; one
    search below the prediction refutes."""
    import numpy as np
    from proofs.zlm22.closed_forms import searched

    def run(gaps):
        order = iter(range(len(gaps)))       # trial i gets the instance x = (i,) and the gap gaps[i]
        return searched(lambda x: gaps[int(x[0])], lambda rng: np.array([next(order)]), trials=len(gaps),
                        seed=0, what="synthetic", adversarial_starts=0, max_evaluations=1)

    e = run([0.0] * 9 + [0.11])
    assert e.verdict == "supported" and e.margins["failed_searches"] == [{"instance": [9.0], "gap": 0.11}]
    assert [t for t in e.margins["trials_reported"] if "explained" in t] == [e.margins["trials_reported"][9]]
    assert run([0.11] * 6 + [0.0] * 4).verdict == "unknown"
    assert run([0.0] * 9 + [-0.01]).verdict == "refuted"


def test_init_trap_criterion_is_on_the_clopper_pearson_bound():
    """Audit finding: 1 trapped run of 40 passed. Now the lower 95% bound of each fraction must reach 0.1."""
    from proofs.zlm22.init_trap import trap_decision
    assert trap_decision({"kaiming": 1, "xavier": 10}, 40, saddle=False) == "unknown"
    assert trap_decision({"kaiming": 12, "xavier": 15}, 40, saddle=False) == "supported"
    assert trap_decision({"kaiming": 0, "xavier": 0}, 60, saddle=True) == "refuted"
    assert trap_decision({"kaiming": 0, "xavier": 0}, 60, saddle=False) == "unknown"


@pytest.mark.parametrize("args, value", [
    ((1, 3, "-2/3", 1, 0), sp.Rational(2, 3)),
    ((2, 1, 1, 1, 0), 2 ** sp.Rational(2, 3) / 4),
    ((2, 2, "3/2", 2, "1/2"), 3 * 30 ** sp.Rational(1, 3) / 20),
    ((3, 1, -1, 2, 0), sp.sqrt(6) / 9),
    ((4, "1/1000", 5, 1, "1/3"), 3375 * 2 ** sp.Rational(4, 5) * 5 ** sp.Rational(2, 5) / 128),
    ((5, 1000, "1/1000", 3, 2), 27 * 6 ** sp.Rational(1, 3) / 15625000000),
])
def test_origin_global_threshold_keeps_its_values(args, value):
    """The public function keeps its signature and the values it gave before the every-size proof."""
    depth, a, c, width, s2 = args
    assert sp.simplify(dl.origin_global_threshold(depth, a, c, width=width, noise_var=s2) - value) == 0


def test_numpy_loss_accepts_a_diagonal_second_moment():
    rng = np.random.default_rng(5)
    widths = (5, 3, 2)
    a = rng.uniform(0.5, 2.0, 5)
    U, Ws = dl.np_unflatten(rng.standard_normal(2 + 6 + 15), widths)
    args = (rng.standard_normal(5), 1.3, 0.4, 0.2, [0.1, 0.3])
    full, diag = dl.np_loss_and_grad(U, Ws, np.diag(a), *args), dl.np_loss_and_grad(U, Ws, a, *args)
    assert np.allclose(full[0], diag[0]) and np.allclose(full[1], diag[1])
    assert all(np.allclose(x, y) for x, y in zip(full[2], diag[2]))
    assert np.isclose(dl.np_loss(U, Ws, np.diag(a), *args), dl.np_loss(U, Ws, a, *args))


def test_the_two_windows_keep_the_trust_chain_of_their_steps():
    """The windows' evidence carries what its steps rest on (the Hessian check's z3 unsat and its cvc5
    confirmation, the exact witness), not the smt default 'no second opinion recorded'."""
    from checkers.evidence import DEFAULT_TRUST
    from proofs.zlm22.deep_minimum import deep_windows
    from proofs.zlm22.threshold import _DATA
    e = deep_windows(2, **_DATA)
    assert e.verdict == "proved for instances" and DEFAULT_TRUST["smt"] not in e.trust
    assert any(t.startswith("z3 unsat") for t in e.trust) and "z3 witness confirmed by exact rational substitution" in e.trust
