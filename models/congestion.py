"""Congestion games: nonatomic routing games (Wardrop equilibria, social optima, the Beckmann
potential, the price of anarchy), atomic congestion games (Rosenthal's potential), and the
routing game of a layered linear network (VRL21).

**Routing games.** A network is a list of edges `(u, v, cost)` of a directed acyclic graph (parallel
edges allowed) with a source, a sink and a demand d > 0; `cost` is a polynomial in the edge's flow
x = sympy.Symbol("x") with nonnegative rational coefficients (so nondecreasing and >= 0 on x >= 0).
Paths are tuples of edge indices (positions in `edges`), found by networkx. A flow puts f_P >= 0 on
each path, sum_P f_P = d; edge flows are f_e = sum_{P contains e} f_P; the path cost is
c_P(f) = sum_{e in P} c_e(f_e). With costs c_e, the conditions

    KKT(c):   for some lambda, mu_P = c_P(f) - lambda >= 0 for every path and mu_P f_P = 0

are the Wardrop conditions (every used path has the least cost lambda) and, because
d/df_P sum_e int_0^{f_e} c_e = c_P, exactly the KKT conditions of minimising the Beckmann potential
Phi(f) = sum_e int_0^{f_e} c_e over the flows. With the marginal costs c*_e = (x c_e(x))' they are
the KKT conditions of minimising the social cost C(f) = sum_e f_e c_e(f_e) (a social optimum).

**Exact equilibria.** `wardrop_equilibrium` and `social_optimum` look for a support S (the used
paths): on S they solve sum_P f_P = d and c_P = c_Q (P, Q in S) exactly — a lex Groebner basis in
shape position, with the first path's flow last or, failing that, a separating linear form
t = sum_i k^i f_i (k = 2, 3, 5) and the square-free part of its eliminant; real roots as radicals
or CRootOf — and keep the first real solution whose KKT conditions hold in exact arithmetic
(`kkt_violations`). Supports are tried in the order: the support of a floating-point minimiser
(SLSQP; it only orders the search), then every support whose paths have linearly independent edge
sets, smallest first. The search is complete (a least-support minimiser has independent paths and
is isolated on its face, because a convex polynomial potential constant on a segment is affine
along the whole line) up to systems no tried form puts in shape position: then RuntimeError, never
an uncertified answer. Limits: at most MAX_PATHS source-sink paths; a support of k paths with costs
of degree p gives an eliminant of degree up to p^(k-1), so nonlinear costs are practical for
supports of a few paths (Pigou-type and Braess-type networks take well under a second; affine costs
give rational flows on any small network).

**Exact signs.** `sign` decides the sign of a real algebraic number built from rationals, radicals
and CRootOf: exact rational interval arithmetic (roots bounded by integer n-th roots, CRootOf by its
exact isolating interval) separates it from 0, and a zero is decided by its minimal polynomial.

**Atomic games** (`AtomicGame`): players choose resource sets; a resource with load k costs c_r(k);
Rosenthal's potential Phi(s) = sum_r sum_{k=1}^{n_r(s)} c_r(k).

**Layered linear networks** (`LayeredNetwork`): input node i carries x_i, edge weights w_e >= 0;
an input-to-output path P carries f_P = x_{P_0} prod_{e in P} w_e, the output is sum_P f_P.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

import networkx as nx
import numpy as np
import sympy as sp
from scipy.optimize import minimize

X = sp.Symbol("x")
MAX_PATHS = 12
_T = sp.Dummy("t")


# ============================================================================ exact signs
class _Refine(Exception):
    """The enclosure at this precision cannot be formed (a root or a quotient of an interval
    that is not yet bounded away from 0)."""


def _mul(a, b):
    products = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return min(products), max(products)


def _root_bounds(q: Fraction, n: int, bits: int):
    """Rationals lo <= q^(1/n) <= hi (q >= 0), with denominator 2^bits."""
    scale = 2 ** (bits * n)
    low, _ = sp.integer_nthroot(q.numerator * scale // q.denominator, n)
    top = -(-q.numerator * scale // q.denominator)
    high, exact = sp.integer_nthroot(top, n)
    return Fraction(int(low), 2 ** bits), Fraction(int(high) + (0 if exact else 1), 2 ** bits)


def _enclosure(a, bits: int):
    """A rational interval containing the real number a (exact arithmetic throughout)."""
    if a.is_Rational:
        q = Fraction(int(a.p), int(a.q))
        return q, q
    if a.is_Add or a.is_Mul:
        parts = [_enclosure(t, bits) for t in a.args]
        result = parts[0]
        for p in parts[1:]:
            result = (result[0] + p[0], result[1] + p[1]) if a.is_Add else _mul(result, p)
        return result
    if a.is_Pow and a.exp.is_Rational:
        lo, hi = _enclosure(a.base, bits)
        p, n = int(a.exp.p), int(a.exp.q)
        if n > 1:
            if lo <= 0:
                raise _Refine
            lo, hi = _root_bounds(lo, n, bits)[0], _root_bounds(hi, n, bits)[1]
        if p < 0:
            if lo <= 0 <= hi:
                raise _Refine
            lo, hi, p = 1 / hi, 1 / lo, -p
        result = (Fraction(1), Fraction(1))
        for _ in range(p):
            result = _mul(result, (lo, hi))
        return result
    if isinstance(a, sp.CRootOf) and a.is_real:
        eps = sp.Rational(1, 2 ** bits)
        q = a.eval_rational(dx=eps, dy=eps)
        q, e = Fraction(int(q.p), int(q.q)), Fraction(1, 2 ** bits)
        return q - e, q + e
    raise ValueError(f"{a} is not a real algebraic number built from rationals, real radicals and CRootOf")


def sign(a) -> int:
    """The exact sign (-1, 0, 1) of a real algebraic number."""
    a = sp.sympify(a)
    if a.is_Rational:
        return 1 if a.is_positive else (-1 if a.is_negative else 0)
    a = sp.expand(a)
    if a == 0:
        return 0
    zero_checked = False
    for bits in (64, 256, 1024, 4096):
        try:
            lo, hi = _enclosure(a, bits)
        except _Refine:
            continue
        if lo > 0:
            return 1
        if hi < 0:
            return -1
        if not zero_checked:
            if sp.minimal_polynomial(a, _T) == _T:
                return 0
            zero_checked = True
    raise ValueError(f"could not decide the sign of {a}")


def is_zero(a) -> bool:
    return sign(a) == 0


def reduced(a):
    """a with powers of its CRootOf (when it has exactly one) reduced modulo the root's minimal polynomial."""
    a = sp.expand(a)
    roots = a.atoms(sp.CRootOf)
    if len(roots) != 1:
        return a
    r = roots.pop()
    minimal = sp.Poly(r.poly.as_expr().subs(r.poly.gen, _T), _T)
    return sp.expand(sp.Poly(a.subs(r, _T), _T).rem(minimal).as_expr().subs(_T, r))


# ============================================================================ routing networks
@dataclass(frozen=True)
class Network:
    """A validated single-commodity routing network (see `network`)."""
    edges: tuple          # ((u, v, cost polynomial), ...)
    source: object
    sink: object
    graph: nx.MultiDiGraph = field(repr=False)
    paths: tuple          # source-sink paths as tuples of edge indices


def _cost(cost, i, u, v):
    where = f"edge {i} ({u} -> {v})"
    try:
        c = None if isinstance(cost, (str, float)) else sp.sympify(cost)
    except sp.SympifyError:
        c = None
    if not isinstance(c, sp.Expr):
        raise ValueError(f"{where}: cost {cost!r} must be a sympy polynomial in x or an exact number")
    if c.has(sp.Float):
        raise ValueError(f"{where}: cost {c} has an inexact (float) coefficient; use exact rationals")
    extra = c.free_symbols - {X}
    if any(s.name == X.name for s in extra):
        raise ValueError(f"{where}: cost {c} uses a symbol x with assumptions; the edge flow must be the plain "
                         "sympy.Symbol('x')")
    if extra:
        raise ValueError(f"{where}: cost {c} depends on {sorted(map(str, extra))}; the only variable allowed is "
                         "the edge flow x = sympy.Symbol('x')")
    if not c.is_polynomial(X):
        raise ValueError(f"{where}: cost {c} is not a polynomial in x")
    coeffs = sp.Poly(c, X).all_coeffs()
    if not all(a.is_Rational for a in coeffs):
        raise ValueError(f"{where}: cost {c} has a coefficient that is not an exact rational")
    if any(a < 0 for a in coeffs):
        raise ValueError(f"{where}: cost {c} has a negative coefficient; costs need nonnegative coefficients")
    return sp.expand(c)


def network(edges, source, sink) -> Network:
    """Validate a routing network; every problem is a ValueError that names it."""
    if not isinstance(edges, (list, tuple)) or not edges:
        raise ValueError("edges must be a nonempty list of (u, v, cost)")
    checked = []
    graph = nx.MultiDiGraph()
    for i, e in enumerate(edges):
        if not isinstance(e, (list, tuple)) or len(e) != 3:
            raise ValueError(f"edge {i}: {e!r} is not a triple (u, v, cost)")
        u, v, cost = e
        checked.append((u, v, _cost(cost, i, u, v)))
        graph.add_edge(u, v, key=i)
    if source == sink:
        raise ValueError(f"source and sink are the same node {source!r}")
    for name, node in (("source", source), ("sink", sink)):
        if node not in graph:
            raise ValueError(f"the {name} {node!r} is not an endpoint of any edge")
    if not nx.is_directed_acyclic_graph(graph):
        cycle = [u for u, _, _ in nx.find_cycle(graph)]
        raise ValueError(f"the graph has a cycle through {cycle}; only acyclic networks are supported")
    if not nx.has_path(graph, source, sink):
        raise ValueError(f"the sink {sink!r} is unreachable from the source {source!r}")
    paths = tuple(tuple(k for _, _, k in p) for p in nx.all_simple_edge_paths(graph, source, sink))
    if len(paths) > MAX_PATHS:
        raise ValueError(f"{len(paths)} source-sink paths; the exact equilibrium search supports at most {MAX_PATHS}")
    return Network(tuple(checked), source, sink, graph, paths)


def demand_value(demand):
    if isinstance(demand, (float, sp.Float)):
        raise ValueError(f"demand must be an exact positive rational (got the float {demand})")
    try:
        d = sp.Rational(demand)
    except (TypeError, ValueError):
        raise ValueError(f"demand must be an exact positive rational (got {demand!r})") from None
    if d <= 0:
        raise ValueError(f"demand must be positive (got {d})")
    return d


def marginal_cost(cost):
    """c*(x) = (x c(x))' = c(x) + x c'(x): the cost whose Wardrop flows are the social optima."""
    return sp.expand(sp.diff(X * cost, X))


def integral(cost, upper):
    """int_0^upper cost(z) dz (the Beckmann term of one edge)."""
    return sp.Poly(cost, X).integrate().as_expr().subs(X, upper)


def edge_flows(net: Network, path_flows) -> list:
    return [reduced(sum((f for p, f in path_flows.items() if i in p), sp.Integer(0)))
            for i in range(len(net.edges))]


def path_costs(net: Network, path_flows, costs=None) -> dict:
    """{path: c_P(f)} for the given edge costs (default: the network's own)."""
    costs = costs or [c for _, _, c in net.edges]
    fe = edge_flows(net, path_flows)
    return {p: reduced(sum(costs[i].subs(X, fe[i]) for i in p)) for p in net.paths}


def beckmann_potential(net: Network, path_flows):
    fe = edge_flows(net, path_flows)
    return sp.expand(sum(integral(c, f) for (_, _, c), f in zip(net.edges, fe)))


def social_cost(net: Network, path_flows):
    fe = edge_flows(net, path_flows)
    return reduced(sum(f * c.subs(X, f) for (_, _, c), f in zip(net.edges, fe)))


def objective_costs(net: Network, objective: str) -> list:
    """The edge costs whose KKT conditions define the objective's optimum."""
    if objective == "wardrop":
        return [c for _, _, c in net.edges]
    if objective == "optimum":
        return [marginal_cost(c) for _, _, c in net.edges]
    raise ValueError(f"objective must be 'wardrop' or 'optimum', not {objective!r}")


def kkt_multipliers(net: Network, path_flows, costs):
    """(lambda, {path: mu_P}): lambda = the cost of a used path, mu_P = c_P(f) - lambda
    (a flow of positive value uses some path)."""
    cP = path_costs(net, path_flows, costs)
    used = next(p for p in net.paths if sign(path_flows.get(p, 0)) > 0)
    lam = cP[used]
    return lam, {p: reduced(cP[p] - lam) for p in net.paths}


def kkt_violations(net: Network, demand, path_flows, costs, multipliers=None) -> list:
    """Every KKT condition that fails, decided exactly; [] means the flow is certified. The multipliers
    (lambda, {path: mu_P}) are checked as given (default: `kkt_multipliers`): primal feasibility
    f_P >= 0 and sum_P f_P = d, stationarity c_P(f) - lambda - mu_P = 0, mu_P >= 0 and mu_P f_P = 0."""
    out = []
    unknown = set(path_flows) - set(net.paths)
    if unknown:
        return [f"{sorted(unknown)} are not source-sink paths"]
    for p in net.paths:
        if sign(path_flows.get(p, 0)) < 0:
            out.append(f"negative flow {path_flows[p]} on path {p}")
    total = sp.expand(sum(path_flows.values(), sp.Integer(0)))
    if not is_zero(total - demand):
        out.append(f"the path flows sum to {total}, not the demand {demand}")
    if out:
        return out
    lam, mu = multipliers or kkt_multipliers(net, path_flows, costs)
    cP = path_costs(net, path_flows, costs)
    for p in net.paths:
        m = sp.sympify(mu.get(p, "nan"))
        if p not in mu or not is_zero(cP[p] - lam - m):
            out.append(f"stationarity fails on path {p}: c_P = {cP[p]}, lambda + mu_P = {lam} + {m}")
        elif sign(m) < 0:
            out.append(f"mu_P = {m} < 0: path {p} costs less than lambda = {lam}, the cost of the used paths")
        elif sign(m) > 0 and sign(path_flows.get(p, 0)) > 0:
            out.append(f"complementarity fails: used path {p} has mu_P = {m} > 0 (it costs more than lambda = {lam})")
    return out


def wardrop_conditions(net: Network, path_flows, costs=None) -> list:
    """The Wardrop conditions as sympy formulas: f_P = 0 or c_P(f) <= c_Q(f), for all paths P != Q."""
    cP = path_costs(net, path_flows, costs)
    return [sp.Or(sp.Eq(path_flows[p], 0), cP[p] <= cP[q]) for p in net.paths for q in net.paths if p != q]


def _numerical_support(net: Network, demand, costs) -> tuple:
    """Paths used by a floating-point minimiser of sum_e int_0^{f_e} costs_e (only orders the exact search)."""
    n, d = len(net.paths), float(demand)
    A = np.array([[1.0 if i in p else 0.0 for p in net.paths] for i in range(len(net.edges))])
    c = [np.array([float(a) for a in sp.Poly(ce, X).all_coeffs()]) for ce in costs]
    C = [np.polyint(ci) for ci in c]
    value = lambda f: sum(np.polyval(Ci, fe) for Ci, fe in zip(C, A @ f))
    grad = lambda f: A.T @ np.array([np.polyval(ci, fe) for ci, fe in zip(c, A @ f)])
    res = minimize(value, np.full(n, d / n), jac=grad, method="SLSQP", bounds=[(0, d)] * n,
                   constraints=[{"type": "eq", "fun": lambda f: f.sum() - d, "jac": lambda f: np.ones(n)}],
                   options={"ftol": 1e-14, "maxiter": 500})
    return tuple(p for p, f in zip(net.paths, res.x) if f > 1e-7 * d)


def _independent(net: Network, support) -> bool:
    A = sp.Matrix([[1 if i in p else 0 for p in support] for i in range(len(net.edges))])
    return A.rank() == len(support)


def _solve_support(net: Network, demand, costs, support) -> list:
    """Real solutions {path: f_P} of sum f_P = d, c_P = c_Q (P, Q in support), zero off the support."""
    fs = sp.symbols(f"f0:{len(support)}")
    flows = dict(zip(support, fs))
    cP = path_costs(net, flows, costs)
    equations = [sum(fs) - demand] + [cP[p] - cP[support[0]] for p in support[1:]]
    # the first path's flow as the last variable; else a separating linear form t = sum_i k^i f_i
    forms = [None] + [sum(k ** i * f for i, f in enumerate(fs)) for k in (2, 3, 5)]
    for form in forms:
        last = fs[0] if form is None else _T
        gens = fs[1:] + fs[:1] if form is None else fs + (_T,)
        values = _shape_solutions(equations + ([] if form is None else [_T - form]), gens)
        if values is not None:
            return [{**{p: sp.Integer(0) for p in net.paths}, **{p: v[f] for p, f in flows.items()}}
                    for v in values]
    return []


def _shape_solutions(equations, gens):
    """Real solutions of a zero-dimensional system whose lex Groebner basis (gens[-1] last) is in shape
    position [g_i - h_i(t), ..., q(t)] (after adding the square-free part of q if needed); None otherwise."""
    last = gens[-1]
    for _ in range(2):
        basis = sp.groebner(equations, *gens, order="lex")
        if list(basis.exprs) == [1]:
            return []
        polys = [sp.Poly(g, *gens) for g in basis.exprs]
        q = sp.Poly(polys[-1].as_expr(), last)
        if polys[-1].free_symbols <= {last} and len(polys) == len(gens) and all(
                p.degree(g) == 1 and p.LM() == sp.Poly(g, *gens).LM() and p.free_symbols <= {g, last}
                for p, g in zip(polys[:-1], gens[:-1])):
            return [{last: r, **{g: reduced((g - p.as_expr() / p.LC()).subs(last, r))
                                 for p, g in zip(polys[:-1], gens[:-1])}} for r in q.real_roots()]
        if not polys[-1].free_symbols <= {last} or q.degree() < 1 or sp.sqf_part(q) == q:
            return None
        equations = list(basis.exprs) + [sp.sqf_part(q).as_expr()]
    return None


def _certified_flow(net: Network, demand, costs) -> dict:
    guess = _numerical_support(net, demand, costs)
    supports = [s for k in range(1, len(net.paths) + 1) for s in itertools.combinations(net.paths, k)
                if s != guess and _independent(net, s)]
    for support in [guess] + supports:
        for flows in _solve_support(net, demand, costs, support):
            if not kkt_violations(net, demand, flows, costs):
                return flows
    raise RuntimeError("no support gave a flow whose KKT conditions hold exactly (a system not in shape position)")


def _result(net: Network, demand, flows, costs) -> dict:
    lam, mu = kkt_multipliers(net, flows, costs)
    return {"edge_flows": edge_flows(net, flows), "path_flows": flows, "cost": social_cost(net, flows),
            "kkt": {"lambda": lam, "path_slack": mu}}


def wardrop_equilibrium(edges, source, sink, demand) -> dict:
    """A Wardrop equilibrium, exactly: {"edge_flows": [...], "path_flows": {path: f_P}, "cost": C(f),
    "kkt": {"lambda": common cost of the used paths, "path_slack": {path: c_P - lambda}}}.
    Paths are tuples of edge indices; C(f) = sum_e f_e c_e(f_e) = lambda d. Certified: the flow is
    returned only if its KKT conditions (= the Wardrop conditions) hold in exact arithmetic."""
    net, d = network(edges, source, sink), demand_value(demand)
    costs = objective_costs(net, "wardrop")
    return _result(net, d, _certified_flow(net, d, costs), costs)


def social_optimum(edges, source, sink, demand) -> dict:
    """A flow minimising the social cost C(f) = sum_e f_e c_e(f_e), exactly (same keys as
    `wardrop_equilibrium`; "kkt" holds the multipliers for the marginal costs (x c_e)'). Certified:
    returned only if the KKT conditions of min C hold in exact arithmetic (C is convex, so they are
    sufficient)."""
    net, d = network(edges, source, sink), demand_value(demand)
    costs = objective_costs(net, "optimum")
    return _result(net, d, _certified_flow(net, d, costs), costs)


def price_of_anarchy(edges, source, sink, demand):
    """C(WE) / C(OPT), exact (1 when both are 0: the equilibrium is then optimal)."""
    we = wardrop_equilibrium(edges, source, sink, demand)["cost"]
    opt = social_optimum(edges, source, sink, demand)["cost"]
    if is_zero(opt):
        return sp.Integer(1)
    return we / opt


def certify(edges, source, sink, demand, result, objective="wardrop") -> list:
    """The KKT conditions a claimed result violates ([] = certified) for a Wardrop equilibrium
    (objective="wardrop") or a social optimum ("optimum"), decided exactly, with the reported
    multipliers ("kkt", if present); also checks the reported edge flows and cost."""
    net, d = network(edges, source, sink), demand_value(demand)
    if not isinstance(result, dict) or not isinstance(result.get("path_flows"), dict):
        raise ValueError("result must be a dict with 'path_flows' {path: flow} (and optionally edge_flows, cost, kkt)")
    flows = {tuple(p): sp.sympify(f) for p, f in result["path_flows"].items()}
    kkt = result.get("kkt")
    multipliers = (sp.sympify(kkt["lambda"]), {tuple(p): m for p, m in kkt["path_slack"].items()}) if kkt else None
    out = kkt_violations(net, d, flows, objective_costs(net, objective), multipliers)
    if out:
        return out
    for i, (claimed, actual) in enumerate(zip(result.get("edge_flows", []), edge_flows(net, flows))):
        if not is_zero(sp.sympify(claimed) - actual):
            out.append(f"edge {i}: reported flow {claimed} but the paths carry {actual}")
    if "cost" in result and not is_zero(sp.sympify(result["cost"]) - social_cost(net, flows)):
        out.append(f"reported cost {result['cost']} but the flow costs {social_cost(net, flows)}")
    return out


# ============================================================================ atomic games
@dataclass(frozen=True)
class AtomicGame:
    """Players i = 0..n-1 choose one of their strategies (sets of resources). costs[r] is a polynomial
    in x (evaluated at the load) or a mapping {load: cost} (values may be sympy symbols). weights[i]
    is player i's load contribution (None: every player counts 1, Rosenthal's setting)."""
    strategies: tuple
    costs: dict
    weights: tuple | None = None

    def __post_init__(self):
        strategies = tuple(tuple(frozenset(s) for s in player) for player in self.strategies)
        object.__setattr__(self, "strategies", strategies)
        if not strategies or any(not player for player in strategies):
            raise ValueError("every player needs at least one strategy")
        unknown = {r for player in strategies for s in player for r in s} - set(self.costs)
        if unknown:
            raise ValueError(f"resources {sorted(map(str, unknown))} have no cost")
        if self.weights is not None and len(self.weights) != len(strategies):
            raise ValueError("one weight per player")


def cost_at(game: AtomicGame, resource, load):
    c = game.costs[resource]
    return c[load] if isinstance(c, dict) else sp.sympify(c).subs(X, load)


def _value(v):
    """An exact number as a Python int or Fraction (fast exhaustive arithmetic)."""
    v = sp.Rational(v)
    return int(v) if v.q == 1 else Fraction(int(v.p), int(v.q))


def profiles(game: AtomicGame):
    """Every pure profile, as a tuple of strategy indices (one per player)."""
    return itertools.product(*(range(len(p)) for p in game.strategies))


def loads(game: AtomicGame, profile) -> dict:
    if len(profile) != len(game.strategies) or any(
            not 0 <= k < len(p) for k, p in zip(profile, game.strategies)):
        raise ValueError(f"profile {profile!r} must give one valid strategy index per player")
    out = {}
    for i, k in enumerate(profile):
        for r in game.strategies[i][k]:
            out[r] = out.get(r, 0) + (1 if game.weights is None else game.weights[i])
    return out


def player_cost(game: AtomicGame, profile, i):
    n = loads(game, profile)
    return sum(cost_at(game, r, n[r]) for r in game.strategies[i][profile[i]])


def total_cost(game: AtomicGame, profile):
    """The social cost sum_i cost_i(s) of a profile."""
    return sum(player_cost(game, profile, i) for i in range(len(game.strategies)))


def with_symbolic_costs(game: AtomicGame, weights=None) -> AtomicGame:
    """The game's strategies with a free real symbol c{r}_{k} for the cost of resource r at every
    possible load k (unit players, or the given weights)."""
    top = sum(weights) if weights else len(game.strategies)
    return AtomicGame(game.strategies, {r: {k: sp.Symbol(f"c{r}_{k}", real=True) for k in range(1, top + 1)}
                                        for r in game.costs}, weights)


def rosenthal_potential(game: AtomicGame, profile):
    """Phi(s) = sum_r sum_{k=1}^{n_r(s)} c_r(k) (unweighted games)."""
    if game.weights is not None:
        raise ValueError("Rosenthal's potential is defined for unweighted games (every player counts 1)")
    return sum(cost_at(game, r, k) for r, n in loads(game, profile).items() for k in range(1, n + 1))


def deviations(game: AtomicGame):
    """Every unilateral deviation (profile, player, deviated profile)."""
    for s in profiles(game):
        for i, options in enumerate(game.strategies):
            for k in range(len(options)):
                if k != s[i]:
                    yield s, i, s[:i] + (k,) + s[i + 1:]


def is_pure_nash(game: AtomicGame, profile) -> bool:
    s = tuple(profile)
    return all(player_cost(game, s, i) <= player_cost(game, s[:i] + (k,) + s[i + 1:], i)
               for i, options in enumerate(game.strategies) for k in range(len(options)))


def best_response_dynamics(game: AtomicGame, start, max_steps=10_000) -> list:
    """Profiles visited when, repeatedly, the first player who can lower her cost switches to a best
    response; ends at a pure Nash equilibrium (for unweighted games Phi drops at every step)."""
    path = [tuple(start)]
    for _ in range(max_steps):
        s = path[-1]
        for i, options in enumerate(game.strategies):
            best = min(range(len(options)), key=lambda k: (player_cost(game, s[:i] + (k,) + s[i + 1:], i), k))
            if player_cost(game, s[:i] + (best,) + s[i + 1:], i) < player_cost(game, s, i):
                path.append(s[:i] + (best,) + s[i + 1:])
                break
        else:
            return path
    raise RuntimeError(f"no pure Nash equilibrium reached in {max_steps} improving steps")


def network_game(edges, source, sink, players: int) -> AtomicGame:
    """The atomic game of `players` unit players routing from source to sink: strategies = paths
    (as edge sets), resources = edges with their polynomial costs evaluated at integer loads."""
    net = network(edges, source, sink)
    return AtomicGame(strategies=[[frozenset(p) for p in net.paths]] * players,
                      costs={i: {k: _value(c.subs(X, k)) for k in range(1, players + 1)}
                             for i, (_, _, c) in enumerate(net.edges)})


# ============================================================================ layered linear nets
@dataclass(frozen=True)
class LayeredNetwork:
    """Linear net with widths (d_0, ..., d_L), d_L = 1, as a routing graph: "s" -> (0, i) (input i),
    (l-1, k) -> (l, j) with weight W_l[j, k], (L, 0) -> "t" (the sink edge). Weight symbols w{l}_{j}{k}."""
    widths: tuple
    weights: tuple = field(repr=False)   # (W_1, ..., W_L), sympy matrices
    graph: nx.DiGraph = field(repr=False)


def layered_network(widths) -> LayeredNetwork:
    widths = tuple(int(w) for w in widths)
    if len(widths) < 2 or widths[-1] != 1 or min(widths) < 1:
        raise ValueError(f"widths {widths} must be (d_0, ..., d_L) with L >= 1, all >= 1 and d_L = 1")
    Ws = tuple(sp.Matrix(widths[l], widths[l - 1], lambda j, k: sp.Symbol(f"w{l}_{j}{k}"))
               for l in range(1, len(widths)))
    graph = nx.DiGraph()
    graph.add_edges_from(("s", (0, i)) for i in range(widths[0]))
    for l, W in enumerate(Ws, start=1):
        graph.add_edges_from(((l - 1, k), (l, j), {"weight": W[j, k]})
                             for j in range(W.rows) for k in range(W.cols))
    graph.add_edge((len(widths) - 1, 0), "t")
    return LayeredNetwork(widths, Ws, graph)


def network_output(net: LayeredNetwork, x):
    """W_L ... W_1 x (a scalar)."""
    h = sp.Matrix(x)
    for W in net.weights:
        h = W * h
    return sp.expand(h[0])


def layered_path_flows(net: LayeredNetwork, x, with_input=True) -> dict:
    """{node path s, (0,i), ..., t: x_i prod_{e in P} w_e} (with_input=False drops the factor x_i)."""
    out = {}
    for p in nx.all_simple_paths(net.graph, "s", "t"):
        f = x[p[1][1]] if with_input else sp.Integer(1)
        for u, v in zip(p[1:-2], p[2:-1]):
            f *= net.graph.edges[u, v]["weight"]
        out[tuple(p)] = f
    return out


def layered_edge_flows(net: LayeredNetwork, path_flows) -> dict:
    """{(u, v): sum of f_P over the paths through the edge}."""
    out = {e: sp.Integer(0) for e in net.graph.edges}
    for p, f in path_flows.items():
        for e in zip(p, p[1:]):
            out[e] += f
    return {e: sp.expand(f) for e, f in out.items()}


def activations_and_sensitivities(net: LayeredNetwork, x):
    """a_v (forward: a_(0,i) = x_i, a_(l,j) = sum_k W_l[j,k] a_(l-1,k)) and g_v = d output / d a_v
    (backward: g_(L,0) = 1, g_(l-1,k) = sum_j W_l[j,k] g_(l,j))."""
    a = {(0, i): sp.sympify(x[i]) for i in range(net.widths[0])}
    for l, W in enumerate(net.weights, start=1):
        a.update({(l, j): sum(W[j, k] * a[(l - 1, k)] for k in range(W.cols)) for j in range(W.rows)})
    L = len(net.weights)
    g = {(L, 0): sp.Integer(1)}
    for l in range(L, 0, -1):
        W = net.weights[l - 1]
        g.update({(l - 1, k): sum(W[j, k] * g[(l, j)] for j in range(W.rows)) for k in range(W.cols)})
    return a, g


def sink_potential(total_flow, y, cost_scale=2):
    """int_0^F cost_scale (z - y) dz: the Beckmann term of the sink edge with cost 2 (z - y) = l'(z)
    for the squared loss l(z) = (z - y)^2 (cost_scale is a parameter only for the negative control)."""
    z = sp.Dummy("z")
    return sp.expand(sp.integrate(cost_scale * (z - y), (z, 0, total_flow)))


# ============================================================================ deep linear nets (squared loss)
def linear_net_loss_and_grad(theta, dims, X, Y):
    """L = ||W_L ... W_1 X - Y||_F^2 and its gradient; theta = (W_1, ..., W_L) row-major, W_l is
    dims[l] x dims[l-1], X is d_x x n, Y is d_y x n (numpy)."""
    Ws, start = [], 0
    for a, b in zip(dims[:-1], dims[1:]):
        Ws.append(theta[start:start + a * b].reshape(b, a))
        start += a * b
    hs = [X]
    for W in Ws:
        hs.append(W @ hs[-1])
    R = hs[-1] - Y
    G, grads = 2 * R, []
    for W, h in zip(reversed(Ws), reversed(hs[:-1])):
        grads.append(G @ h.T)
        G = W.T @ G
    return float(np.sum(R * R)), np.concatenate([g.ravel() for g in reversed(grads)])


def least_squares_value(X, Y, rank=None):
    """min ||W X - Y||_F^2 over W (rank=None) or over W of rank <= rank (Eckart–Young: the residual
    of the least-squares fit plus the squared singular values of the fitted values Y P beyond `rank`,
    P the projection onto the row space of X, X of full row rank)."""
    P = X.T @ np.linalg.solve(X @ X.T, X)
    value = float(np.sum((Y - Y @ P) ** 2))
    if rank is not None:
        value += float(np.sum(np.linalg.svd(Y @ P, compute_uv=False)[rank:] ** 2))
    return value
