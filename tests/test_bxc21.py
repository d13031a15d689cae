"""BXC21: models agree with their exact / symbolic counterparts, certified PEP bounds bracket known values and
hold on sampled functions, committed certificates pass the kernel, and the claim module declares every claim."""
import functools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from checkers import kernel
from checkers.registry import load_claims
from models import momentum, ntk, pep

ROOT = Path(__file__).resolve().parent.parent
CERTIFICATES = sorted((ROOT / "proofs" / "certificates").glob("bxc21.*/*.json*"))
PEP_DIR = ROOT / "proofs/certificates/bxc21.pep-worst-case"


def pep_n(path):
    """n of a PEP certificate file name (method-n<n>-...), or 0."""
    return int(path.name.split("-n")[1].split("-")[0]) if "-n" in path.name and path.name[:3] in ("hb-", "nag") else 0
CATALOGUE = {"bxc21.ntk-gram", "bxc21.hb-ode-linear", "bxc21.nag-ode-sublinear", "bxc21.hb-polyak-rate",
             "bxc21.hb-not-global", "bxc21.pep-worst-case", "bxc21.ntk-hb-linear", "bxc21.ntk-nag-sublinear"}


def test_every_catalogue_claim_is_declared_with_controls():
    claims = {cid: c for cid, c in load_claims(["proofs.bxc21"]).items() if c.kind == "claim"}
    assert set(claims) == CATALOGUE
    assert all(c.negative_controls and c.confirmed for c in claims.values())


# ---------------------------------------------------------------- NTK model

def root_vectors(name):
    """Explicit unit vectors for the root systems of models.ntk.root_system_cosines (same order)."""
    k = {"A3+": 3, "A4+": 4}[name]
    out = []
    for i in range(k + 1):
        for j in range(i + 1, k + 1):
            r = np.zeros(k + 1)
            r[i], r[j] = 1, -1
            out.append(r / math.sqrt(2))
    return np.array(out)


@pytest.mark.parametrize("name", ["A3+", "A4+"])
def test_numpy_gram_matches_exact_gram(name):
    X = root_vectors(name)
    exact = ntk.ntk_gram_exact(ntk.root_system_cosines(name))
    assert np.allclose(ntk.ntk_gram(X), np.array(exact, dtype=float), atol=1e-14)
    assert np.allclose(X @ X.T, np.array(sp.Matrix(ntk.root_system_cosines(name)), dtype=float))


def test_second_layer_gram_matches_monte_carlo():
    rng = np.random.default_rng(0)
    X = ntk.unit_sphere_sample(6, 4, rng)
    w = rng.standard_normal((400_000, 4))
    relu = np.maximum(w @ X.T, 0)
    assert np.max(np.abs(relu.T @ relu / len(w) - ntk.second_layer_gram(X))) < 0.01


def test_network_gradients_and_gram_match_finite_differences():
    rng = np.random.default_rng(1)
    X = ntk.unit_sphere_sample(5, 3, rng)
    y = rng.standard_normal(5)
    net = ntk.TwoLayerReLU(7, 3, rng)
    gW, ga, _ = net.gradients(X, y, net.W, net.a)
    loss = lambda W, a: 0.5 * np.sum((net.outputs(X, W, a) - y) ** 2)
    h = 1e-6
    for (i, j) in [(0, 0), (3, 2), (6, 1)]:
        E = np.zeros_like(net.W)
        E[i, j] = h
        assert abs((loss(net.W + E, net.a) - loss(net.W - E, net.a)) / (2 * h) - gW[i, j]) < 1e-6
    for r in (0, 4):
        e = np.zeros_like(net.a)
        e[r] = h
        assert abs((loss(net.W, net.a + e) - loss(net.W, net.a - e)) / (2 * h) - ga[r]) < 1e-6
    theta = np.concatenate([net.W.ravel(), net.a])
    out = lambda th: net.outputs(X, th[:21].reshape(7, 3), th[21:])
    J = np.array([(out(theta + h * np.eye(28)[p]) - out(theta - h * np.eye(28)[p])) / (2 * h) for p in range(28)]).T
    assert np.allclose(J @ J.T, net.gram(X), atol=1e-6)


def test_frozen_kernel_heavy_ball_mode_rate_is_the_companion_radius():
    lam, step, beta = 0.3, 0.5, 0.4
    T = np.array(momentum.heavy_ball_companion(lam, step, beta), dtype=float)
    assert abs(ntk.heavy_ball_mode_rate(lam, step, beta) - max(abs(np.linalg.eigvals(T)))) < 1e-12


# ---------------------------------------------------------------- momentum model

def test_heavy_ball_on_a_quadratic_is_the_companion_iteration():
    lam, alpha, beta = Fraction(3, 7), Fraction(1, 3), Fraction(2, 5)
    xs = momentum.heavy_ball(lambda z: lam * z, Fraction(1), alpha, beta, 6)
    T = momentum.heavy_ball_companion(sp.Rational(3, 7), sp.Rational(1, 3), sp.Rational(2, 5))
    state = sp.Matrix([1, 1])
    for k in range(6):
        state = T * state
        assert state[0] == sp.Rational(xs[k + 1].numerator, xs[k + 1].denominator)


def test_nesterov_map_matches_its_two_step_form():
    grad = lambda z: 2 * z
    xs = momentum.nesterov(grad, 1.0, 0.1, lambda k: 0.5, 5)
    y = [1.0]
    x_prev, x = 1.0, 1.0
    for _ in range(5):
        x_prev, x = x, y[-1] - 0.1 * grad(y[-1])
        y.append(x + 0.5 * (x - x_prev))
    assert xs[-1] == pytest.approx(x)


def test_gram_form_and_product_rule():
    """Gram form: quadratic monomials become inner products; d/dt <a, b> = <a', b> + <a, b'>."""
    from models.momentum import GRAM, d, g, v, x
    expr = 3 * x * v - g**2 + 2 * d
    assert momentum.gram_form(expr) == 3 * GRAM[x, v] - GRAM[g, g] + 2 * d
    M = momentum.gram_coefficients(momentum.gram_form(expr))
    assert M == sp.Matrix([[0, sp.Rational(3, 2), 0], [sp.Rational(3, 2), 0, 0], [0, 0, -1]])
    gamma = sp.Symbol("gamma")
    # ||x||^2' = 2 <x, v>;  <x, v>' = ||v||^2 + <x, -gamma v - g>;  (f - f*)' = <g, v>
    assert momentum.heavy_ball_ode_derivative(x**2, gamma) == 2 * GRAM[x, v]
    assert sp.expand(momentum.heavy_ball_ode_derivative(x * v, gamma) - (GRAM[v, v] - gamma * GRAM[x, v] - GRAM[x, g])) == 0
    assert momentum.heavy_ball_ode_derivative(d, gamma) == GRAM[v, g]
    with pytest.raises(ValueError):
        momentum.heavy_ball_ode_derivative(g**2, gamma)


def test_ode_claims_are_posed_in_gram_form_not_in_r3():
    """Old behaviour: z3 ran on vectors in R^3 ('three vectors span R^3, hence every dimension', in prose).
    Now the queries are over the symbolic Gram matrix with its PSD conditions, and the claims rest on the
    cited lemma 'a Gram matrix is PSD'."""
    from proofs.bxc21 import hb_ode, nag_ode
    claims = load_claims(["proofs.bxc21"])
    for cid in ("bxc21.hb-ode-linear", "bxc21.nag-ode-sublinear"):
        assert "bxc21.gram-psd" in claims[cid].uses and claims["bxc21.gram-psd"].cited
    symbols = set().union(*(e.free_symbols for e in hb_ode.strong_convexity(hb_ode.s).values()))
    assert symbols <= {hb_ode.s, momentum.d} | set(momentum.GRAM.values())
    assert all(not str(sym).startswith(("x_", "v_", "g_")) for sym in hb_ode.hb_ode_decrease(hb_ode.s).free_symbols)
    assert len(momentum.gram_psd_conditions()) == 7
    assert nag_ode.nag_ode_rate().verdict == "proved"


def test_jury_criterion_is_a_checked_lemma_with_a_control():
    """Old behaviour: the Schur-Cohn/Jury criterion was cited in prose inside bxc21.hb-polyak-rate."""
    from proofs.bxc21 import polyak
    claims = load_claims(["proofs.bxc21"])
    jury = claims["bxc21.jury-criterion"]
    assert jury.kind == "lemma" and not jury.cited and jury.negative_controls
    assert "bxc21.jury-criterion" in claims["bxc21.hb-polyak-rate"].uses
    for direction in ("roots->jury", "jury->roots"):
        assert polyak.jury_real_roots(direction).verdict == "proved"
        assert polyak.jury_complex_roots(direction).verdict == "proved"
    assert polyak.jury_real_roots("jury->roots", wrong=1).verdict == "refuted"


def test_ntk_gram_margin_survives_the_search_that_refuted_it():
    """Old behaviour: with 4 x 2000 adversarial evaluations the search drove inputs to parallel and lambda_0
    came out -2.4e-9 (arccos loses half the digits near cosine 1), refuting the obligation. The stable angles
    and a margin in units of the error bound pass that same search; the old formula fails it."""
    from functools import partial
    from checkers import numeric
    from proofs.bxc21.ntk_gram import lambda_0_in_error_units
    e = numeric.stress(partial(lambda_0_in_error_units, points=8, dim=3), lambda rng: rng.standard_normal(24),
                       trials=300, seed=4, tolerance=1.0, adversarial_starts=1, max_evaluations=2000, what="search")
    assert e.verdict == "supported"
    rng = np.random.default_rng(0)
    X = ntk.unit_sphere_sample(8, 3, rng)
    X[1] = X[0] + 3e-8 * rng.standard_normal(3)
    X[1] /= np.linalg.norm(X[1])
    C = np.clip(X @ X.T, -1, 1)
    old = C * (np.pi - np.arccos(C)) / (2 * np.pi)
    bound = 32 * 8 * np.finfo(float).eps * np.linalg.eigvalsh(old)[-1]
    assert np.max(np.abs(old - ntk.ntk_gram(X))) > 1e3 * bound            # the old entries are off by far more
    assert np.linalg.eigvalsh(ntk.ntk_gram(X))[0] > 1e3 * bound             # resolved: lambda_0 ~ theta/(2 pi) > 0


@pytest.mark.parametrize("denominator", [1225, 1367])
def test_lrp_period_three_orbits_replay_exactly(denominator):
    orbit = [Fraction(792, denominator), Fraction(-2208, denominator), Fraction(2592, denominator)]
    xs = momentum.heavy_ball(momentum.lrp_gradient, orbit[0], Fraction(1, 9), Fraction(4, 9), 6, previous=orbit[2])
    assert xs == orbit * 2 + orbit[:1]


def test_lrp_cycle_attracts_an_open_set_of_starts():
    """Numerically (not part of the exact evidence): perturbed points of the 1225-orbit return to it, and a
    positive fraction of starts x_{-1} = x_0 in [-5, 5] end on it instead of at the minimiser."""
    target = np.array([792, -2208, 2592]) / 1225
    for eps in (1e-6, 1e-2):
        xs = momentum.heavy_ball(momentum.lrp_gradient, target[0] + eps, 1 / 9, 4 / 9, 3000, previous=target[2])
        assert min(np.max(np.abs(np.roll(target, s) - np.array(xs[-3:]))) for s in range(3)) < 1e-9
    ends = [momentum.heavy_ball(momentum.lrp_gradient, x0, 1 / 9, 4 / 9, 2000)[-1] for x0 in np.linspace(-5, 5, 101)]
    assert sum(abs(e) > 0.1 for e in ends) >= 5


# ---------------------------------------------------------------- performance estimation

def test_pep_dual_matches_pepit_reference_value():
    """PEPit's documented heavy-ball example: mu = 0.1, L = 1, alpha = 1/2, beta = sqrt(19/40), n = 2 -> 0.7534930."""
    from checkers import convex
    beta = Fraction(math.sqrt(19 / 40)).limit_denominator(10**7)
    value = convex.solve_float(pep.dual_lmi(pep.heavy_ball_pep(2, Fraction(1, 10), 1, Fraction(1, 2), beta)),
                               interior=False)["float_optimum"]
    assert value == pytest.approx(0.7534930, abs=2e-6)


@functools.lru_cache(maxsize=None)
def certified(method, n):
    upper = kernel.read(PEP_DIR / f"{method}-n{n}-upper.json.gz")
    return Fraction(upper["solution"]["value"])


def test_every_n_bound_is_above_every_certified_worst_case():
    """C rho^n (the one-step Lyapunov certificates) >= every kernel-certified exact upper bound, n = 1..50."""
    from proofs.bxc21.pep_rate import RATES, lyapunov_certificate
    for method in ("hb", "nag"):
        e = lyapunov_certificate(method)
        assert e.verdict == "proved"
        C, rho = Fraction(e.details["value"]), Fraction(RATES[method])
        ns = [pep_n(path) for path in PEP_DIR.glob(f"{method}-n*-upper.json.gz")]
        assert set(range(1, 51)) <= set(ns)
        for n in ns:
            assert C * rho**n >= certified(method, n), (method, n)


def test_edited_pep_certificate_is_an_error_not_unknown(tmp_path, monkeypatch):
    """Old behaviour: an edited certificate gave 'unknown' ("1 of 40 certificates missing")."""
    import shutil
    from checkers import convex
    from proofs.bxc21 import pep_bounds
    monkeypatch.setattr(convex, "CERTIFICATES", tmp_path)
    shutil.copytree(ROOT / "proofs/certificates/bxc21.pep-worst-case", tmp_path / "bxc21.pep-worst-case")
    path = tmp_path / "bxc21.pep-worst-case" / "hb-n3-upper.json.gz"
    cert = kernel.read(path)
    cert["solution"]["value"] = "1/2"
    path.write_bytes(kernel.dumps(cert, path))
    e = pep_bounds.pep_certified_bounds(first=1, last=4)
    assert e.verdict == "error" and "tampered" in e.summary


def test_certified_heavy_ball_bound_at_n1_is_the_gradient_step_rate():
    """One HB step from x_{-1} = x_0 is a gradient step: worst case max(1 - alpha mu, alpha L - 1)^2 = (19/20)^2;
    the certified lower and upper bounds bracket it within 1e-6."""
    from proofs.bxc21.pep_bounds import stored_cap
    upper, lower = certified("hb", 1), stored_cap(PEP_DIR / "hb-n1-lower.json.gz")
    assert lower < Fraction(361, 400) <= upper and upper - lower < Fraction(361, 400) * Fraction(1, 10**6)


def test_a_lower_bound_certificate_is_an_explicit_worst_case():
    """The Farkas certificate of the capped dual is a Gram matrix Z of the basis and function values w with every
    interpolation inequality of models.pep (recomputed here, not the kernel's data) and f(x0) - f* <= 1 holding
    exactly, and f(x_n) - f* above the bound: a function in F_{mu,L} (interpolation theorem) beating the bound."""
    from proofs.bxc21.pep_bounds import pep_problem, stored_cap
    for method, n in (("hb", 3), ("nag", 4)):
        cert = kernel.read(PEP_DIR / f"{method}-n{n}-lower.json.gz")
        Z = [[Fraction(x) for x in row] for row in cert["solution"]["Z"][0]]
        w = [Fraction(x) for x in cert["solution"]["w"]]
        assert w[-1] == -1                                  # the cap's entry: the initial quantity is normalised
        problem = pep_problem(method, n)
        vectors = [v for _, _, v in problem.vectors]

        def pairing(W):
            return sum(c * (1 if a == b else 2) * sum(vectors[a][i] * Z[i][j] * vectors[b][j]
                                                     for i in range(len(Z)) for j in range(len(Z)))
                       for (a, b), c in W.items())
        for (i, j), (a, W) in problem.inequalities.items():
            assert sum(x * f for x, f in zip(a, w)) + pairing(W) <= 0, (method, n, i, j)
        init = sum(x * f for x, f in zip(problem.initial[0], w)) + pairing(problem.initial[1])
        assert init <= 1 and w[len(problem.values) - 1] > stored_cap(PEP_DIR / f"{method}-n{n}-lower.json.gz")
        assert sp.Matrix(Z).is_positive_semidefinite


def test_the_iterate_basis_gives_the_same_pep_as_the_gradient_basis():
    """models.pep writes the PEP over x_0 - x*, ..., x_n - x*, g_n; over the classical basis x_0 - x*, g_0, ..., g_n
    (every iterate a combination of gradients) the same float optimum comes out (an invertible change of basis)."""
    from checkers import convex
    for make in (lambda: pep.heavy_ball_pep(6, Fraction(1, 10), 1, Fraction(1, 2), Fraction(1, 2)),
                 lambda: pep.nesterov_pep(6, Fraction(1, 25), 1, Fraction(2, 3))):
        sparse_basis = make()
        keys = [("x", sparse_basis.points[1].name)] + [("g", p.name) for p in sparse_basis.points[1:]]
        M = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in dict(((k, n), v) for k, n, v in sparse_basis.vectors)[key]]
                       for key in keys])
        inverse = M.inv()

        def convert(v):
            return [Fraction(int(a.p), int(a.q)) for a in sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in v]]) * inverse]
        points = [pep.Point(p.name, convert(p.x), convert(p.g), p.f) for p in sparse_basis.points]
        gradient_basis = pep.PEP(sparse_basis.mu, sparse_basis.L, points, sparse_basis.values, sparse_basis.performance,
                                 sparse_basis.initial, sparse_basis.description)
        if sparse_basis.initial[1]:
            x0 = gradient_basis.vector_index["x", points[1].name]
            gradient_basis.initial = (sparse_basis.initial[0], {(x0, x0): sparse_basis.mu / 2})
        values = [convex.solve_float(pep.dual_lmi(p), interior=False)["float_optimum"] for p in (sparse_basis, gradient_basis)]
        assert values[0] == pytest.approx(values[1], rel=1e-7)


@pytest.mark.parametrize("method", ["hb", "nag"])
def test_certified_bounds_hold_on_random_quadratics(method):
    rng = np.random.default_rng(7)
    mu = 0.1 if method == "hb" else 0.04
    for _ in range(200):
        lam = rng.uniform(mu, 1, size=4)
        x0 = rng.standard_normal(4)
        f = lambda z: 0.5 * float(np.sum(lam * z * z))
        grad = lambda z: lam * z
        initial = f(x0) if method == "hb" else f(x0) + mu / 2 * float(x0 @ x0)
        x0 = x0 / math.sqrt(initial)
        if method == "hb":
            xs = momentum.heavy_ball(grad, x0, 0.5, 0.5, 10)
        else:
            xs = momentum.nesterov(grad, x0, 1.0, lambda k: 2 / 3, 10)
        for n in (1, 5, 10):
            assert f(xs[n]) <= float(certified(method, n)) + 1e-12


def test_nag_certified_bound_beats_the_textbook_rate():
    assert all(certified("nag", n) <= Fraction(4, 5) ** n for n in range(1, 51))


def test_committed_certificates_pass_the_kernel():
    """Every committed BXC21 certificate up to n = 20 (n = 21..50: the slow test below)."""
    assert CERTIFICATES, "no committed bxc21 certificates"
    for path in CERTIFICATES:
        if pep_n(path) <= 20:
            result = kernel.verify(path)
            assert result.ok, f"{path.name}: {result.reason}"


@pytest.mark.slow
def test_committed_pep_certificates_up_to_n50_pass_the_kernel(sweep):
    """make slow: the obligation's kernel-only re-check for the committed n = 11..50 (make check: n = 1..10)."""
    from proofs.bxc21.pep_bounds import pep_certified_bounds
    e = sweep(pep_certified_bounds, first=11, last=50, committed_only=1)
    assert e.verdict == "proved for instances", e.summary


@pytest.mark.slow
def test_pep_bounds_for_n21_to_50_are_derived_from_scratch(tmp_path, monkeypatch):
    """make slow: every PEP certificate for n = 21..50 is derived again (Clarabel, rounding, kernel) into a scratch
    directory; each comes out certified, and its bounds bracket the committed ones' (both are exact bounds)."""
    from checkers import convex
    from proofs.bxc21.pep_bounds import PEP_SETTINGS, stored_cap, two_sided
    monkeypatch.setattr(convex, "CERTIFICATES", tmp_path)
    for method in PEP_SETTINGS:
        for n in range(21, 51):
            up, low, cap, gap = two_sided(method, n)
            assert up.verdict == "proved" and low.verdict == "refuted", (method, n, up.summary, low and low.summary)
            assert cap < certified(method, n) and stored_cap(PEP_DIR / f"{method}-n{n}-lower.json.gz") < Fraction(up.details["value"])


# ---------------------------------------------------------------- larger sweeps (make slow)

@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ntk_heavy_ball_sweep(seed, sweep):
    from proofs.bxc21.ntk_experiments import ntk_heavy_ball
    e = sweep(ntk_heavy_ball, widths="512,2048,8192,16384", iterations=300, seed=seed)
    assert e.verdict == "supported", e.margins


@pytest.mark.slow
@pytest.mark.parametrize("width,step,iterations,seed", [(4096, "1/100", 6000, 13165), (4096, "1/400", 16000, 13165),
                                                        (1024, "1/100", 6000, 1), (2048, "1/200", 10000, 5)])
def test_ntk_nesterov_sweep(width, step, iterations, seed, sweep):
    from proofs.bxc21.ntk_experiments import ntk_nesterov
    e = sweep(ntk_nesterov, width=width, step=step, iterations=iterations, seed=seed, polynomial_exponent="3")
    assert e.verdict == "supported", e.margins
