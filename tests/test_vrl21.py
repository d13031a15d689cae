"""VRL21: exact equilibria and prices of anarchy on networks with hand-derived answers, certificates that
reject wrong flows, input errors, property tests (used paths have equal, least cost), exact signs, atomic
games, layered linear nets, linear-net losses, and the claim module's declarations and fast obligations."""
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from checkers.registry import load_claims
from models import congestion as cg
from proofs import vrl21_congestion as vrl

x = cg.X
R = sp.Rational
S3 = sp.sqrt(3)
PIGOU = [("s", "t", x), ("s", "t", 1)]
BRAESS = [("s", "v", x), ("v", "t", 1), ("s", "w", 1), ("w", "t", x), ("v", "w", 0)]
PAPER_CLAIMS = {"vrl21.flow-correspondence", "vrl21.rosenthal-potential", "vrl21.wardrop-beckmann",
             "vrl21.price-of-anarchy", "vrl21.braess", "vrl21.linear-local-global"}

# (edges, demand, WE path flows, WE cost, OPT path flows, OPT cost, PoA), all derived by hand:
# Pigou: x = 1 on the x-link (cost 1); OPT: 2x = 1.  Braess: the zigzag costs 1/2 + 0 + 1/2 < 3/2.
# x^2 vs 2x: x1^2 = 2 (1 - x1) -> x1 = sqrt(3) - 1; OPT 3 x1^2 = 4 (1 - x1) -> x1 = 2/3.
# x, x, 3 with demand 2: 1 + 1 on the x-links (cost 1 < 3; marginal 2 < 3).
# s-a (x), a-t (1), s-b (2x), b-t (0), demand 2: f1 + 1 = 2 f2 -> (1, 1); OPT 2 f1 + 1 = 4 f2 -> (7/6, 5/6).
# Pigou x^3: OPT 4 x^3 = 1 -> x = 2^(1/3)/2.
NETWORKS = {
    "pigou": (PIGOU, 1, [1, 0], 1, [R(1, 2), R(1, 2)], R(3, 4), R(4, 3)),
    "braess": (BRAESS, 1, {(0, 1): 0, (2, 3): 0, (0, 4, 3): 1}, 2,
               {(0, 1): R(1, 2), (2, 3): R(1, 2), (0, 4, 3): 0}, R(3, 2), R(4, 3)),
    "braess-no-shortcut": (BRAESS[:4], 1, [R(1, 2), R(1, 2)], R(3, 2), [R(1, 2), R(1, 2)], R(3, 2), 1),
    "quadratic": ([("s", "t", x ** 2), ("s", "t", 2 * x)], 1, [S3 - 1, 2 - S3], 4 - 2 * S3,
                  [R(2, 3), R(1, 3)], R(14, 27), (4 - 2 * S3) * R(27, 14)),
    "idle-link": ([("s", "t", x), ("s", "t", x), ("s", "t", 3)], 2, [1, 1, 0], 2, [1, 1, 0], 2, 1),
    "series": ([("s", "a", x), ("a", "t", 1), ("s", "b", 2 * x), ("b", "t", 0)], 2, [1, 1], 4,
               [R(7, 6), R(5, 6)], R(47, 12), R(48, 47)),
    "pigou-cubic": ([("s", "t", x ** 3), ("s", "t", 1)], 1, [1, 0], 1,
                    [sp.cbrt(2) / 2, 1 - sp.cbrt(2) / 2], 1 - 3 * sp.cbrt(2) / 8, 8 / (8 - 3 * sp.cbrt(2))),
}


def _paths(edges, flows):
    net = cg.network(edges, "s", "t")
    return dict(zip(net.paths, flows)) if isinstance(flows, list) else flows


def _same(a, b):
    return cg.is_zero(sp.sympify(a) - sp.sympify(b))


@pytest.mark.parametrize("name", NETWORKS)
def test_public_functions_match_hand_derived_answers(name):
    edges, d, we_flows, we_cost, opt_flows, opt_cost, poa = NETWORKS[name]
    we, opt = cg.wardrop_equilibrium(edges, "s", "t", d), cg.social_optimum(edges, "s", "t", d)
    for result, flows, cost in ((we, we_flows, we_cost), (opt, opt_flows, opt_cost)):
        expected = _paths(edges, flows)
        assert set(result["path_flows"]) == set(expected)
        assert all(_same(result["path_flows"][p], expected[p]) for p in expected)
        assert _same(result["cost"], cost)
        assert len(result["edge_flows"]) == len(edges)
        assert not any(isinstance(v, float) for v in [*result["edge_flows"], *result["path_flows"].values()])
    assert _same(cg.price_of_anarchy(edges, "s", "t", d), poa)
    assert cg.certify(edges, "s", "t", d, we) == []
    assert cg.certify(edges, "s", "t", d, opt, "optimum") == []


def test_non_affine_equilibrium_with_a_cubic_root_is_exact():
    edges = [("s", "t", x ** 3 + x), ("s", "t", 2 * x ** 2 + 1)]
    we = cg.wardrop_equilibrium(edges, "s", "t", 1)
    f = we["path_flows"][(0,)]
    assert f == sp.CRootOf(x ** 3 - 2 * x ** 2 + 5 * x - 3, 0)       # x^3 + x = 2 (1 - x)^2 + 1
    assert float(f) == pytest.approx(0.737278, abs=1e-6)
    assert cg.certify(edges, "s", "t", 1, we) == []


@pytest.mark.parametrize("name", ["pigou", "braess", "quadratic", "series"])
def test_certificate_rejects_wrong_flows(name):
    edges, d = NETWORKS[name][:2]
    we = cg.wardrop_equilibrium(edges, "s", "t", d)
    shifted = vrl._shifted(we, R(1, 10))
    assert cg.certify(edges, "s", "t", d, shifted)
    assert cg.certify(edges, "s", "t", d, we, "optimum")
    wrong_cost = {**we, "cost": we["cost"] + 1}
    assert any("reported cost" in v for v in cg.certify(edges, "s", "t", d, wrong_cost))
    too_much = {**we, "path_flows": {p: 2 * f for p, f in we["path_flows"].items()}}
    assert any("demand" in v for v in cg.certify(edges, "s", "t", d, too_much))


@pytest.mark.parametrize("edges, source, sink, demand, words", [
    ([("s", "a", x), ("a", "b", 1), ("b", "a", 1), ("a", "t", x)], "s", "t", 1, "cycle"),
    ([("s", "a", x), ("t", "a", 1)], "s", "t", 1, "unreachable"),
    ([("s", "t", x - 1), ("s", "t", 1)], "s", "t", 1, "negative coefficient"),
    ([("s", "t", 1 / (1 + x)), ("s", "t", 1)], "s", "t", 1, "not a polynomial"),
    ([("s", "t", sp.exp(x)), ("s", "t", 1)], "s", "t", 1, "not a polynomial"),
    ([("s", "t", sp.sqrt(x)), ("s", "t", 1)], "s", "t", 1, "not a polynomial"),
    ([("s", "t", 0.5 * x), ("s", "t", 1)], "s", "t", 1, "float"),
    ([("s", "t", sp.Symbol("x", positive=True)), ("s", "t", 1)], "s", "t", 1, "assumptions"),
    ([("s", "t", sp.Symbol("y") * x), ("s", "t", 1)], "s", "t", 1, "depends on ['y']"),
    ([("s", "t", "x")], "s", "t", 1, "must be a sympy polynomial"),
    (PIGOU, "s", "t", 0, "positive"),
    (PIGOU, "s", "t", 0.5, "float"),
    (PIGOU, "s", "s", 1, "same node"),
    (PIGOU, "s", "u", 1, "not an endpoint"),
    ([], "s", "t", 1, "nonempty"),
])
def test_bad_input_is_one_clear_value_error(edges, source, sink, demand, words):
    for function in (cg.wardrop_equilibrium, cg.social_optimum, cg.price_of_anarchy):
        with pytest.raises(ValueError, match=words.replace("[", r"\[").replace("]", r"\]")):
            function(edges, source, sink, demand)


def test_too_many_paths_is_refused():
    chain = [(i, i + 1, x) for i in range(4) for _ in range(2)]          # 2^4 = 16 paths
    with pytest.raises(ValueError, match="at most"):
        cg.wardrop_equilibrium(chain, 0, 4, 1)


# ---------------------------------------------------------------- property: used paths have equal, least cost
AFFINE = st.tuples(st.integers(0, 3), st.integers(0, 3)).map(lambda c: c[0] + c[1] * x)
POLYNOMIAL = st.lists(st.integers(0, 3), min_size=1, max_size=3).map(
    lambda c: sum(a * x ** k for k, a in enumerate(c)))
OPTIONAL = [("s", "t"), ("s", "b"), ("b", "t"), ("a", "b"), ("s", "t")]
DEMAND = st.tuples(st.integers(1, 6), st.integers(1, 3)).map(lambda q: R(*q))


@st.composite
def affine_networks(draw):
    """Random DAGs on s, a, b, t (parallel edges allowed) with affine costs."""
    edges = [("s", "a", draw(AFFINE)), ("a", "t", draw(AFFINE))]
    edges += [(u, v, draw(AFFINE)) for u, v in OPTIONAL if draw(st.booleans())]
    if any(u == "s" and v == "b" for u, v, _ in edges) and not any(u == "b" for u, _, _ in edges):
        edges.append(("b", "t", draw(AFFINE)))
    return edges, draw(DEMAND)


@st.composite
def polynomial_links(draw):
    """Two or three parallel links with polynomial costs of degree <= 2."""
    return [("s", "t", draw(POLYNOMIAL)) for _ in range(draw(st.integers(2, 3)))], draw(DEMAND)


def _used_paths_have_least_cost(edges, d):
    """Floating-point check (independent of the exact certificate): used paths' costs are equal and minimal."""
    net = cg.network(edges, "s", "t")
    for function, objective in ((cg.wardrop_equilibrium, "wardrop"), (cg.social_optimum, "optimum")):
        result = function(edges, "s", "t", d)
        costs = {p: float(c) for p, c in cg.path_costs(net, result["path_flows"],
                                                       cg.objective_costs(net, objective)).items()}
        flows = {p: float(f) for p, f in result["path_flows"].items()}
        assert min(flows.values()) >= -1e-12 and abs(sum(flows.values()) - float(d)) < 1e-9
        used = [costs[p] for p in net.paths if flows[p] > 1e-12]
        assert max(used) - min(used) < 1e-9 and min(costs.values()) >= max(used) - 1e-9


@settings(max_examples=25, deadline=None, derandomize=True)
@given(affine_networks())
def test_used_paths_have_equal_least_cost_affine_networks(instance):
    _used_paths_have_least_cost(*instance)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(polynomial_links())
def test_used_paths_have_equal_least_cost_polynomial_links(instance):
    _used_paths_have_least_cost(*instance)


# ---------------------------------------------------------------- exact signs
@pytest.mark.parametrize("value, expected", [
    (sp.sqrt(2) - R(141421356, 100000000), 1), (R(141421357, 100000000) - sp.sqrt(2), 1),
    (sp.sqrt(3 + 2 * sp.sqrt(2)) - 1 - sp.sqrt(2), 0), (sp.cbrt(2) ** 3 - 2, 0),
    (sp.CRootOf(x ** 5 - x - 1, 0) - R(1167303978, 10 ** 9), 1), (1 - 4 * 5 ** R(3, 4) / 25, 1),
    (-sp.sqrt(5), -1), (R(-3, 7), -1), (0, 0),
])
def test_exact_sign(value, expected):
    assert cg.sign(value) == expected


def test_sign_refuses_what_it_cannot_represent():
    with pytest.raises(ValueError):
        cg.sign(sp.I + 1)
    with pytest.raises(ValueError):
        cg.sign(sp.pi - 3)


# ---------------------------------------------------------------- atomic games
def test_rosenthal_potential_by_hand_and_exact_potential():
    game = cg.AtomicGame([[{"a"}, {"b"}], [{"a"}, {"a", "b"}]], {"a": x, "b": 2 + 0 * x})
    # both on a: c_a(1) + c_a(2) = 1 + 2; (a, {a, b}): c_a(1) + c_a(2) + c_b(1) = 5
    assert cg.rosenthal_potential(game, (0, 0)) == 3 and cg.rosenthal_potential(game, (0, 1)) == 5
    for s, i, t in cg.deviations(game):
        assert cg.player_cost(game, t, i) - cg.player_cost(game, s, i) == \
            cg.rosenthal_potential(game, t) - cg.rosenthal_potential(game, s)
    end = cg.best_response_dynamics(game, (1, 1))[-1]
    assert cg.is_pure_nash(game, end)
    with pytest.raises(ValueError, match="unweighted"):
        cg.rosenthal_potential(cg.AtomicGame(game.strategies, game.costs, weights=(1, 2)), (0, 0))
    with pytest.raises(ValueError, match="profile"):
        cg.rosenthal_potential(game, (0, 5))
    with pytest.raises(ValueError, match="no cost"):
        cg.AtomicGame([[{"c"}]], {"a": x})


def test_network_game_strategies_are_the_paths():
    game = cg.network_game(BRAESS, "s", "t", 2)
    assert sorted(map(sorted, game.strategies[0])) == [[0, 1], [0, 3, 4], [2, 3]]
    assert cg.player_cost(game, (1, 1), 0) == 2 + 0 + 2       # both on the zigzag: x(2) + 0 + x(2)


# ---------------------------------------------------------------- layered linear nets
def test_layered_network_flows_match_a_numpy_forward_pass():
    rng = np.random.default_rng(0)
    net = cg.layered_network((3, 2, 2, 1))
    xv = rng.uniform(0, 1, 3)
    values = {w: float(v) for W in net.weights for w, v in zip(W, rng.uniform(0, 1, len(W)))}
    Ws = [np.array(W.subs(values), dtype=float) for W in net.weights]
    out = (Ws[2] @ Ws[1] @ Ws[0] @ xv)[0]
    flows = cg.layered_path_flows(net, list(xv))
    assert len(flows) == 3 * 2 * 2
    assert float(sum(flows.values()).subs(values)) == pytest.approx(out, rel=1e-12)
    assert all(float(f.subs(values)) >= 0 for f in flows.values())
    with pytest.raises(ValueError):
        cg.layered_network((2, 2))


def test_linear_net_gradient_and_least_squares_values():
    rng = np.random.default_rng(1)
    dims, X, Y = (3, 2, 2), rng.standard_normal((3, 7)), rng.standard_normal((2, 7))
    theta = rng.standard_normal(3 * 2 + 2 * 2)
    loss = lambda th: cg.linear_net_loss_and_grad(th, dims, X, Y)[0]
    grad = cg.linear_net_loss_and_grad(theta, dims, X, Y)[1]
    fd = [(loss(theta + 1e-6 * e) - loss(theta - 1e-6 * e)) / 2e-6 for e in np.eye(len(theta))]
    assert np.allclose(fd, grad, atol=1e-6)
    W = np.linalg.lstsq(X.T, Y.T, rcond=None)[0].T
    assert cg.least_squares_value(X, Y) == pytest.approx(np.sum((W @ X - Y) ** 2), rel=1e-10)
    U, s, Vt = np.linalg.svd(W @ X, full_matrices=False)
    rank_one = (U[:, :1] * s[:1]) @ Vt[:1]
    assert cg.least_squares_value(X, Y, rank=1) == pytest.approx(np.sum((rank_one - Y) ** 2), rel=1e-10)


# ---------------------------------------------------------------- the claim module
def test_every_claim_is_declared_with_controls_and_lemmas():
    claims = load_claims(["proofs.vrl21_congestion"])
    assert PAPER_CLAIMS <= set(claims)
    assert all(claims[c].negative_controls and claims[c].confirmed and claims[c].uses or c == "vrl21.braess"
               for c in PAPER_CLAIMS)
    assert all(claims[u].cited for c in PAPER_CLAIMS for u in claims[c].uses)


@pytest.mark.parametrize("check, kwargs, verdict", [
    (vrl.flow_identities, {"nets": "2,2,1"}, "proved for instances"),
    (vrl.flow_identities, {"nets": "2,2,1", "cost_scale": 1}, "refuted"),
    (vrl.realisable_flows_rank_one, {"midpoint": 1}, "refuted"),
    (vrl.kkt_certificates, {}, "proved for instances"),
    (vrl.kkt_certificates, {"mutate": "1/10"}, "refuted"),
    (vrl.pigou_price_of_anarchy, {"claimed": "5/4"}, "refuted"),
    (vrl.degree_formula, {}, "proved for instances"),
    (vrl.degree_formula, {"degrees": "2", "formula": "affine"}, "refuted"),
    (vrl.braess_costs, {}, "proved"),
    (vrl.braess_costs, {"with_shortcut": "3/2"}, "refuted"),
    (vrl.potential_symbolic, {"players": "2"}, "proved for instances"),
    (vrl.potential_symbolic, {"players": "2", "potential": "social"}, "refuted"),
])
def test_fast_obligations_and_controls(check, kwargs, verdict):
    assert check(**kwargs).verdict == verdict


def test_certificate_checks_the_reported_multipliers():
    we = cg.wardrop_equilibrium(BRAESS, "s", "t", 1)
    assert cg.certify(BRAESS, "s", "t", 1, we) == []
    wrong = {**we, "kkt": {"lambda": we["kkt"]["lambda"] + 1, "path_slack": we["kkt"]["path_slack"]}}
    assert any("stationarity" in v for v in cg.certify(BRAESS, "s", "t", 1, wrong))
    negative = {**we, "kkt": {"lambda": 3, "path_slack": {p: m - 1 for p, m in we["kkt"]["path_slack"].items()}}}
    assert any("mu_P" in v for v in cg.certify(BRAESS, "s", "t", 1, negative))
