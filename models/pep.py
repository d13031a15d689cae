"""Performance estimation (Drori–Teboulle; Taylor–Hendrickx–Glineur 2017) of HB and NAG on F_{mu,L}.

Gram form. Every point minus x* and every gradient the method uses is a fixed linear combination
of a basis of n + 2 vectors, so each point is a pair of coefficient vectors and G is the Gram matrix
of the basis. Any basis that the method's linear recursion maps one-to-one onto
(x_0 - x*, g_0, ..., g_n) describes the same problem (any PSD G is the Gram matrix of some vectors,
and the iteration defines the rest); the models use the iterates x_0 - x*, ..., x_n - x* and the
last gradient, in which every gradient is a combination of three iterates and each interpolation
inequality touches at most eight basis vectors (a sparse LMI). The function values f_i - f* are the other unknowns (f* = 0, x* has g* = 0).

A function f in F_{mu,L} with these data exists iff (Taylor–Hendrickx–Glineur, Thm. 4) for every
ordered pair i != j of points (x* included)
  f_i >= f_j + <g_j, x_i - x_j> + 1/(2(1 - mu/L)) (||g_i - g_j||^2/L + mu ||x_i - x_j||^2
                                                  - 2 mu/L <g_j - g_i, x_j - x_i>),
each linear in (G, f): a_ij . f + <A_ij, G> <= 0. The primal PEP maximises p . f + <P, G> under
these and an initial condition a_0 . f + <A_0, G> <= 1 with G PSD. Its Lagrange dual is the LMI

  minimise tau  over  lambda_ij >= 0, tau >= 0  with
  sum lambda_ij a_ij + tau a_0 = p          (the f-coefficients cancel exactly)
  S = sum lambda_ij A_ij + tau A_0 - P  PSD,

and any feasible (lambda, tau) proves  p . f + <P, G> <= tau  for every f in F_{mu,L} and every
dimension (weak duality, nothing numerical). With tau fixed to a claimed bound c instead, an
infeasible LMI has a Farkas certificate (Z PSD, w) that is itself a primal point: Z is a Gram
matrix, w function values satisfying every interpolation inequality, with performance above c
times the initial quantity; by the interpolation theorem it is a function in F_{mu,L}, so the
claimed bound c is false (this is also how exact lower bounds are certified).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction

from checkers.convex import LMIBlock, LMIProblem


@dataclass
class Point:
    """An evaluation point: x - x* and g as coefficient vectors over the basis, f as an index."""
    name: str
    x: list
    g: list
    f: int | None          # index into the function values; None for x* (f* = 0)


@dataclass
class PEP:
    mu: Fraction
    L: Fraction
    points: list           # Point, x* first
    values: list           # names of the function values f_i - f*
    performance: tuple     # (f-coefficients p, W_P over the vectors)
    initial: tuple         # (f-coefficients a_0, W_0 over the vectors): initial quantity <= 1
    description: str

    @property
    def dimension(self) -> int:
        return len(self.points[0].x)

    @cached_property
    def vectors(self) -> list:
        """The vectors the inequalities are written over: x - x* and g of every point but x* (both 0)."""
        return [(kind, p.name, getattr(p, kind)) for p in self.points for kind in ("x", "g") if any(getattr(p, kind))]

    @cached_property
    def vector_index(self) -> dict:
        return {(kind, name): k for k, (kind, name, _) in enumerate(self.vectors)}

    @cached_property
    def interpolation_constants(self) -> tuple:
        """1, 1/(2(1 - mu/L) L), mu/(2(1 - mu/L)), -mu/((1 - mu/L) L): the coefficients of the four products."""
        scale = 1 / (2 * (1 - self.mu / self.L))
        return Fraction(1), scale / self.L, scale * self.mu, -scale * 2 * self.mu / self.L

    @cached_property
    def inequalities(self) -> dict:
        """{(i, j): (a, W)} for every ordered pair of distinct points (computed once)."""
        return {(i.name, j.name): interpolation_inequality(self, i, j)
                for i in self.points for j in self.points if i is not j}


def bilinear_entries(terms) -> dict:
    """Upper entries {(a, b): c} of the symmetric W with sum_k c_k <u_k, w_k> = <V^T W V, G>, for
    terms (c_k, u_k, w_k) whose u, w are combinations {vector index: coefficient} of the vectors
    (rows of V): <v_p, v_q> is the entry 1/2 at (p, q), p != q (W_pq = W_qp), or 1 at (p, p).
    (Each entry is accumulated as 2 W_ab = sum_k c_k n_k with exact multiplicities n_k, then divided once.)"""
    doubled: dict = {}
    for k, (_, u, w) in enumerate(terms):
        for p, alpha in u.items():
            for r, beta in w.items():
                key = (p, r) if p <= r else (r, p)
                counts = doubled.setdefault(key, [0] * len(terms))
                counts[k] += alpha * beta * (2 if p == r else 1)
    D = math.lcm(*(Fraction(c).denominator for c, _, _ in terms))
    numerators = [int(c * D) for c, _, _ in terms]
    W = {}
    for key, counts in doubled.items():
        value = sum(c * n for c, n in zip(numerators, counts))
        if value:
            W[key] = Fraction(value, 2 * D)
    return W


def interpolation_inequality(pep: PEP, i: Point, j: Point):
    """(a, W) with a . f + <V^T W V, G> <= 0 the smooth strongly convex interpolation inequality (i, j):
    f_j - f_i + <g_j, x_i - x_j> + 1/(2(1 - mu/L)) (||g_i - g_j||^2/L + mu ||x_i - x_j||^2
    - 2 mu/L <g_i - g_j, x_i - x_j>) <= 0, over the vectors of `pep.vectors`."""
    a = [0] * len(pep.values)
    if j.f is not None:
        a[j.f] += 1
    if i.f is not None:
        a[i.f] -= 1
    index = pep.vector_index

    def combo(*parts):
        out = {}
        for sign, key in parts:
            if key in index:
                out[index[key]] = out.get(index[key], 0) + sign
        return {k: v for k, v in out.items() if v}
    dx = combo((1, ("x", i.name)), (-1, ("x", j.name)))
    dg = combo((1, ("g", i.name)), (-1, ("g", j.name)))
    gj = combo((1, ("g", j.name)))
    one, gg, xx, gx = pep.interpolation_constants
    return a, bilinear_entries([(one, gj, dx), (gg, dg, dg), (xx, dx, dx), (gx, dg, dx)])


def _basis_vector(k, n):
    return [Fraction(int(k == i)) for i in range(n)]


def heavy_ball_pep(n: int, mu, L, alpha, beta) -> PEP:
    """HB x_{k+1} = x_k - alpha g(x_k) + beta (x_k - x_{k-1}), x_{-1} = x_0; worst f(x_n) - f*
    subject to f(x_0) - f* <= 1. Basis: x_0 - x*, ..., x_n - x*, g_n; the other gradients follow from
    the iteration, g_k = (x_k - x_{k+1} + beta (x_k - x_{k-1})) / alpha (an invertible change of the
    basis x_0 - x*, g_0, ..., g_n, so the same PEP, but every vector has at most three entries)."""
    mu, L, alpha, beta = map(Fraction, (mu, L, alpha, beta))
    size = n + 2
    xs = [_basis_vector(k, size) for k in range(n + 1)]
    gs = [[(a + beta * (a - p) - b) / alpha for a, b, p in zip(xs[k], xs[k + 1], xs[max(k - 1, 0)])]
          for k in range(n)] + [_basis_vector(n + 1, size)]
    zero = [Fraction(0)] * size
    points = [Point("x*", zero, zero, None)] + [Point(f"x{k}", xs[k], gs[k], k) for k in range(n + 1)]
    values = [f"f(x{k}) - f*" for k in range(n + 1)]
    return PEP(mu, L, points, values,
               performance=(_basis_vector(n, n + 1), {}), initial=(_basis_vector(0, n + 1), {}),
               description=f"heavy ball, mu={mu}, L={L}, alpha={alpha}, beta={beta}, n={n}: "
                           f"f(x_n) - f* <= tau (f(x_0) - f*)")


def nesterov_pep(n: int, mu, L, momentum) -> PEP:
    """NAG x_{k+1} = y_k - g(y_k)/L, y_{k+1} = x_{k+1} + momentum (x_{k+1} - x_k), y_0 = x_0;
    worst f(x_n) - f* subject to f(x_0) - f* + mu/2 ||x_0 - x*||^2 <= 1.
    Basis: x_0 - x*, ..., x_n - x*, g(x_n); y_k = x_k + momentum (x_k - x_{k-1}) (x_{-1} = x_0) and
    g(y_k) = L (y_k - x_{k+1}) follow (an invertible change of the basis x_0 - x*, g(y_0), ..., g(y_{n-1}),
    g(x_n): the same PEP with sparse vectors)."""
    mu, L, momentum = map(Fraction, (mu, L, momentum))
    size = n + 2
    xs = [_basis_vector(k, size) for k in range(n + 1)]
    ys = [[a + momentum * (a - p) for a, p in zip(xs[k], xs[max(k - 1, 0)])] for k in range(n)]
    gs = [[L * (a - b) for a, b in zip(ys[k], xs[k + 1])] for k in range(n)]
    zero = [Fraction(0)] * size
    points = [Point("x*", zero, zero, None)] + [Point(f"y{k}", ys[k], gs[k], k) for k in range(n)]
    points.append(Point(f"x{n}", xs[n], _basis_vector(n + 1, size), n))
    values = [f"f(y{k}) - f*" for k in range(n)] + [f"f(x{n}) - f*"]
    pep = PEP(mu, L, points, values, performance=(_basis_vector(n, n + 1), {}), initial=(_basis_vector(0, n + 1), {}),
              description=f"Nesterov, mu={mu}, L={L}, momentum={momentum}, n={n}: "
                          f"f(x_n) - f* <= tau (f(x_0) - f* + mu/2 ||x_0 - x*||^2)")
    x0 = pep.vector_index["x", "y0"]
    pep.initial = (pep.initial[0], {(x0, x0): mu / 2})
    return pep


def gram_form(pep: PEP, W: dict) -> dict:
    """Upper entries of V^T W V (the Gram-space matrix of a form over the vectors)."""
    out: dict = {}
    for (a, b), c in W.items():
        u, w = pep.vectors[a][2], pep.vectors[b][2]
        for i, x in enumerate(u):
            for j, z in enumerate(w):
                if x and z:
                    for key in ((i, j), (j, i)) if a != b else ((i, j),):
                        key = (min(key), max(key))
                        out[key] = out.get(key, Fraction(0)) + c * x * z
    return {k: v for k, v in out.items() if v}


def dual_lmi(pep: PEP, bound=None) -> LMIProblem:
    """The dual LMI above; minimise tau, or with `bound` = c fixed: 'tau = c is feasible'.
    Multipliers are named lambda[i,j] (inequality (i, j)) and tau; equality k is the f_k coefficient.
    One PSD block over the Gram basis, its coefficient matrices sparse over `pep.vectors`."""
    names, a_rows, matrices = [], {}, {}
    for i in pep.points:
        for j in pep.points:
            if i is not j:
                key = multiplier_name(i, j)
                names.append(key)
                a_rows[key], matrices[key] = pep.inequalities[i.name, j.name]
    p, P = pep.performance
    a0, A0 = pep.initial
    constant = {k: -x for k, x in P.items()}
    linear_constant = [-x for x in p]
    if bound is None:
        names.append("tau")
        a_rows["tau"], matrices["tau"] = a0, A0
        objective = {"tau": 1}
        statement = f"PEP dual (minimise tau): {pep.description}"
    else:
        c = Fraction(bound)
        for k, x in A0.items():
            constant[k] = constant.get(k, 0) + c * x
        linear_constant = [x + c * y for x, y in zip(linear_constant, a0)]
        objective = None
        statement = f"PEP dual with tau = {c}: {pep.description}"
    block = LMIBlock(pep.dimension, gram_form(pep, constant), matrices, [v for _, _, v in pep.vectors])
    return LMIProblem(multipliers=names, nonnegative=list(names), blocks=[block], linear_constant=linear_constant,
                      linear_coefficients={k: {i: x for i, x in enumerate(a) if x} for k, a in a_rows.items()},
                      objective=objective, statement=statement)


def multiplier_name(i: Point, j: Point) -> str:
    return f"lambda[{i.name},{j.name}]"


# ---------------------------------------------------------------- one-step Lyapunov certificates (every n)

def _one_step_points(method: str, mu, L, params):
    """Points of one step from the state (x_k, x_{k-1}), coordinates over the basis
    (x_{k-1} - x*, x_k - x*, gradients...): (points, names of the state vectors before/after)."""
    if method == "hb":
        alpha, beta = params["alpha"], params["beta"]
        size = 5                                    # x_{k-1}, x_k, g_{k-1}, g_k, g_{k+1}
        e = lambda i: _basis_vector(i, size)
        x_next = [(1 + beta) * a - beta * b - alpha * c for a, b, c in zip(e(1), e(0), e(3))]
        points = [Point("x_k-1", e(0), e(2), 0), Point("x_k", e(1), e(3), 1), Point("x_k+1", x_next, e(4), 2)]
    else:
        beta = params["momentum"]
        size = 6                                    # x_{k-1}, x_k, g(x_{k-1}), g(x_k), g(y_k), g(x_{k+1})
        e = lambda i: _basis_vector(i, size)
        y = [(1 + beta) * a - beta * b for a, b in zip(e(1), e(0))]
        x_next = [a - c / L for a, c in zip(y, e(4))]
        points = [Point("x_k-1", e(0), e(2), 0), Point("x_k", e(1), e(3), 1), Point("y_k", y, e(4), 2),
                  Point("x_k+1", x_next, e(5), 3)]
    zero = [Fraction(0)] * size
    return [Point("x*", zero, zero, None)] + points


def _potential(pep: PEP, now: str, before: str, sign):
    """sign * V as ({multiplier: (f-coefficients, W)}) with V = a f(now) + b f(before) + <P, Gram(now, before)>."""
    index = {p.name: p for p in pep.points}
    vx = lambda name: {pep.vector_index["x", name]: 1} if ("x", name) in pep.vector_index else {}
    f = lambda name: [sign * int(index[name].f == i) for i in range(len(pep.values))]
    zero = [0] * len(pep.values)
    return {"a": (f(now), {}), "b": (f(before), {}),
            "P11": (zero, bilinear_entries([(sign, vx(now), vx(now))])),
            "P12": (zero, bilinear_entries([(2 * sign, vx(now), vx(before))])),
            "P22": (zero, bilinear_entries([(sign, vx(before), vx(before))]))}


def _block_pep(mu, L, points, description):
    return PEP(mu, L, points, [f"f({p.name}) - f*" for p in points if p.f is not None], ((), {}), ((), {}), description)


def lyapunov_lmi(method: str, mu, L, params: dict, rho, initial: str, minimise: bool = True) -> LMIProblem:
    """One-step Lyapunov certificate V_k = a (f(x_k) - f*) + b (f(x_{k-1}) - f*) + <P, Gram(x_k - x*, x_{k-1} - x*)>
    (a, b >= 0, P symmetric 2 x 2, free), as one LMI with three PSD blocks, each an S-procedure with the
    interpolation inequalities of the points it involves (its own Gram basis, every dimension):
      step      V_{k+1} - rho V_k <= 0         over x*, x_{k-1}, x_k, (y_k,) x_{k+1}   (the same for every k)
      lower     f(x_k) - f* <= V_k             over x*, x_{k-1}, x_k
      initial   V_0 <= C * initial measure     over x*, x_0 (x_{-1} = x_0, so both state vectors are x_0 - x*)
    minimising C (minimise=False: the feasibility question of the step and lower blocks alone, whose "no"
    has a Farkas certificate; the initial block is always feasible for C large enough).
    Hence f(x_n) - f* <= V_n <= rho^n V_0 <= C rho^n (initial measure) for every n >= 0.
    initial: "f" (f(x_0) - f*) or "f+mu/2 d^2" (f(x_0) - f* + mu/2 ||x_0 - x*||^2)."""
    mu, L, rho = Fraction(mu), Fraction(L), Fraction(rho)
    params = {k: Fraction(v) for k, v in params.items()}
    step = _block_pep(mu, L, _one_step_points(method, mu, L, params), "one step")
    lower = _block_pep(mu, L, _one_step_points(method, mu, L, params)[:3], "lower")
    zero2 = [Fraction(0)] * 2
    x0 = Point("x_0", _basis_vector(0, 2), _basis_vector(1, 2), 0)
    start = _block_pep(mu, L, [Point("x*", zero2, zero2, None), x0], "initial")
    shared = ["a", "b", "P11", "P12", "P22"]
    names, nonnegative = shared + (["C"] if minimise else []), ["a", "b"] + (["C"] if minimise else [])
    blocks, linear, constants, offset = [], {}, [], 0

    def add(pep, forms, prefix, constant_f, constant_W):
        """forms: {multiplier: (f-coefficients, W)} of the expression E(y) in 'E <= 0 certified':
        S = -Q(E) + sum nu A_ij PSD and f-coeff(E) - sum nu a_ij = 0."""
        nonlocal offset
        coefficients = {k: {ab: -c for ab, c in W.items()} for k, (_, W) in forms.items()}
        for k, (fk, _) in forms.items():
            linear.setdefault(k, {}).update({offset + i: Fraction(c) for i, c in enumerate(fk) if c})
        for i in pep.points:
            for j in pep.points:
                if i is not j:
                    key = f"{prefix}{multiplier_name(i, j)}"
                    a, W = pep.inequalities[i.name, j.name]
                    names.append(key), nonnegative.append(key)
                    coefficients[key] = W
                    linear[key] = {offset + r: -c for r, c in enumerate(a) if c}
        constants.extend(Fraction(c) for c in constant_f)
        blocks.append(LMIBlock(pep.dimension, gram_form(pep, {ab: -c for ab, c in constant_W.items()}), coefficients,
                               [v for _, _, v in pep.vectors]))
        offset += len(pep.values)

    after, now = _potential(step, "x_k+1", "x_k", 1), _potential(step, "x_k", "x_k-1", -rho)
    add(step, {k: ([p + q for p, q in zip(after[k][0], now[k][0])], _merge(after[k][1], now[k][1])) for k in shared},
        "step ", [0] * len(step.values), {})
    f_now = [1 if p.name == "x_k" else 0 for p in lower.points if p.f is not None]
    add(lower, _potential(lower, "x_k", "x_k-1", -1), "lower ", f_now, {})
    if minimise:
        v0 = _potential(start, "x_0", "x_0", 1)                  # x_{-1} = x_0
        initial_W = {} if initial == "f" else {(0, 0): mu / 2}
        add(start, dict(v0, C=([-1], {ab: -c for ab, c in initial_W.items()})), "initial ", [0], {})
    return LMIProblem(multipliers=names, nonnegative=nonnegative, blocks=blocks, linear_constant=constants,
                      linear_coefficients=linear, objective={"C": 1} if minimise else None,
                      statement=f"one-step Lyapunov certificate, {method} {dict(params)}, mu={mu}, L={L}, rho={rho}: "
                                f"f(x_n) - f* <= C rho^n ({initial}) for every n")


def _merge(A: dict, B: dict) -> dict:
    out = dict(A)
    for k, v in B.items():
        out[k] = out.get(k, 0) + v
    return {k: v for k, v in out.items() if v}
