"""zlm22.zero-global-threshold: the origin is the global minimum iff gamma >= gamma*."""
from __future__ import annotations

import itertools

import sympy as sp

from checkers import smt, symbolic
from checkers.claims import Obligation
from checkers.evidence import PROVED_FOR_INSTANCES
from models import deep_linear as dl
from models import zlm22_solutions as sol
from proofs.zlm22 import PAPER
from proofs.zlm22.common import R, _instances


def _threshold_power(depth, a, c, width, s2):
    """gamma*^(D+1) = (|c|/D)^(D+1) ((D-1)|c| / (D a kappa))^(D-1): a rational number."""
    kappa = sol.noise_factor(depth, width, s2)
    c = abs(c)
    return (c / depth) ** (depth + 1) * ((depth - 1) * c / (depth * a * kappa)) ** (depth - 1)


def _at_or_above_threshold(gamma, depth, power):
    """gamma >= gamma* exactly, as gamma > 0 and gamma^k >= power^(k/(D+1)) for the least k making it rational."""
    for k in range(1, depth + 2):
        value = power ** R(k, depth + 1)
        if (depth + 1) % k == 0 and value.is_Rational:
            return [gamma > 0, gamma ** k >= value]


def _just_below(gstar, factor):
    """factor * gamma*, rounded down to a multiple of 1e-9 (an exact rational)."""
    return R(int(sp.floor(R(factor) * gstar * 10 ** 9)), 10 ** 9)


def _scalar_network(depth, width, s2, a, c, gamma):
    """Full loss minus E[y^2] of the scalar-input net with D layers of `width` units, decay gamma."""
    U, Ws = dl.parameters((1,) + (width,) * depth)
    L = dl.loss(U, Ws, sp.Matrix([[a]]), sp.Matrix([[c]]), 0, s2, gamma, [gamma] * depth)
    return sp.expand(L), U, Ws


def threshold_full_network(depth, width, s2, a, c, timeout=5):
    """z3: L(theta) >= L(0) for ALL theta of the full network when gamma >= gamma* (algebraic).

    gamma* is the positive root g of g^(D+1) = gamma*^(D+1) (a rational number), so the query
    is exact: no rational approximation of the threshold."""
    a, c, s2 = R(a), R(c), R(s2)
    gamma = sp.Symbol("gamma", real=True)
    L, U, Ws = _scalar_network(depth, width, s2, a, c, gamma)
    e = smt.prove(L >= 0, assuming=_at_or_above_threshold(gamma, depth, _threshold_power(depth, a, c, width, s2)),
                  what=f"0 is global for gamma >= gamma* (full net, D = {depth}, width {width}, "
                       f"s2 = {s2}, a = {a}, c = {c}; {len(dl.flat(U, Ws))} weights)", timeout=timeout)
    return _instances(e, [f"D = {depth}, d_0 = {width}, s2 = {s2}, a = {a}, c = {c}, full network"])


def threshold_counterexample(depth, width, s2, a, c, factor, timeout=30):
    """z3 on 'L(theta) >= L(0) for all theta' at gamma = factor * gamma* (rounded to a rational).

    D = 2, width 1: theta ranges over the full network.  Otherwise over the rank-one points
    U = s r, W_k = t r r^T (k >= 2), W_1 = s r, r = (1, ..., 1) (z3 is slow or stalls on all weights).
    A sat model is a counterexample only after exact substitution in the full loss."""
    a, c, s2 = R(a), R(c), R(s2)
    gstar = _threshold_power(depth, a, c, width, s2) ** R(1, depth + 1)
    gamma = _just_below(gstar, factor)
    L, U, Ws = _scalar_network(depth, width, s2, a, c, gamma)
    family = "full network"
    if width > 1 or depth > 2:
        s, t = sp.symbols("s t", real=True)
        r = sp.ones(width, 1)
        Ur, Wr = s * r, [s * r] + [t * r * r.T] * (depth - 1)
        L = sp.expand(L.subs(dict(zip(dl.flat(U, Ws), dl.flat(Ur, Wr))), simultaneous=True))
        family = "rank-one points (s, t) of the full network"
    e = smt.prove(L >= 0, what=f"0 is global at gamma = {gamma} = {R(factor)} gamma* (rounded down), "
                               f"D = {depth}, width {width}, s2 = {s2}, a = {a}, c = {c}; {family}",
                  timeout=timeout)
    e.details["gamma"], e.details["gamma_star"] = str(gamma), str(gstar)
    return e


def _lagrange_identities(max_width):
    """n sum z_i^2 - (sum z_i)^2 = sum_{i<j} (z_i - z_j)^2 and the Cauchy-Schwarz form, n <= max_width."""
    items = []
    for n in range(1, max_width + 1):
        z = sp.symbols(f"z1:{n + 1}", real=True)
        v, w = sp.symbols(f"v1:{n + 1}", real=True), sp.symbols(f"w1:{n + 1}", real=True)
        pairs = list(itertools.combinations(range(n), 2))
        items.append((f"noise step, n = {n}", n * sum(x ** 2 for x in z) - sum(z) ** 2,
                      sum((z[i] - z[j]) ** 2 for i, j in pairs)))
        items.append((f"Cauchy-Schwarz, n = {n}",
                      sum(x ** 2 for x in v) * sum(x ** 2 for x in w) - sum(x * y for x, y in zip(v, w)) ** 2,
                      sum((v[i] * w[j] - v[j] * w[i]) ** 2 for i, j in pairs)))
    return items


def threshold_reduction(max_width):
    """L - E[y^2] >= a kappa P^2 - 2 c P + gamma sum_k ||W_k||^2 with P^2 <= prod_k ||W_k||^2.

    Scalar input, P = U^T W_D ... W_1 (the mean output per unit input).  Per layer, with
    v_D = U, v_{k-1} = W_k^T v_k and X = W_k M_{k-1} W_k^T = Y Y^T (M_{k-1} is a second moment,
    `zlm22.noise-averaged-loss`):
      v^T (X o (11^T + s2 I)) v = v^T X v + s2 sum_i v_i^2 X_ii  (kernel, generic entry),
      d_k sum_i v_i^2 |y_i|^2 >= |sum_i v_i y_i|^2             (noise step: Lagrange identity),
    so q >= prod_k (1 + s2/d_k) a P^2 = kappa a P^2; and ||W^T v||^2 <= ||W||_F^2 ||v||^2
    (Cauchy-Schwarz, Lagrange form, per column of W) gives P^2 <= prod ||W_k||^2 ||U||^2.
    The Lagrange identities are checked for every width n <= max_width (they are the classical
    identities for every n)."""
    X11, X12, X22, v1, v2, s2 = sp.symbols("X11 X12 X22 v1 v2 s2", real=True)
    X, v = sp.Matrix([[X11, X12], [X12, X22]]), sp.Matrix([v1, v2])
    kernel = ("kernel: v^T (X o (11^T + s2 I)) v = v^T X v + s2 sum v_i^2 X_ii",
              (v.T * X.multiply_elementwise(dl.noise_kernel(2, s2)) * v)[0, 0],
              (v.T * X * v)[0, 0] + s2 * (v1 ** 2 * X11 + v2 ** 2 * X22))
    return symbolic.identities([kernel] + _lagrange_identities(max_width),
                               what="reduction of the scalar-input loss to (P, layer norms)",
                               instances=[f"hidden widths d_k <= {max_width}"])


def threshold_reduced(depth, width, s2, a, c, factor=None, timeout=20):
    """z3 on the balanced reduction: a kappa P^2 - 2 c P + gamma (D+1) n^2 >= 0 when P^2 <= n^(2D+2).

    A global minimiser exists (L >= E[y^2] - c^2/(a kappa) + gamma ||theta||^2 is coercive), is
    stationary, hence balanced (`zlm22.balance`: every layer has ||W_k||^2 = n^2 at equal
    decays), and there L - E[y^2] >= a kappa P^2 - 2 c P + gamma (D+1) n^2 with P^2 <= n^(2D+2)
    (`threshold_reduction`).  So 0 is global iff this holds for all (P, n): z3 proves it for
    gamma >= gamma* (gamma* algebraic, exact).  With `factor` (< 1, the false variant) gamma is
    the rational factor * gamma* rounded down."""
    a, c, s2 = R(a), R(c), R(s2)
    P, tau, n, gamma = sp.symbols("P tau n gamma", real=True)
    kappa = sol.noise_factor(depth, width, s2)
    power = _threshold_power(depth, a, c, width, s2)
    if factor is None:   # in terms of the squared norm n2 = n^2 (lower degree: faster for both solvers)
        n2 = sp.Symbol("n2", real=True)
        reduced = a * kappa * P ** 2 - 2 * c * P + gamma * (depth + 1) * n2
        assuming = [n2 >= 0, P ** 2 <= n2 ** (depth + 1)] + _at_or_above_threshold(gamma, depth, power)
        where = "gamma >= gamma*"
    else:   # P = tau n^(D+1): a strict violation survives rounding z3's algebraic model
        P = tau * n ** (depth + 1)
        reduced = a * kappa * P ** 2 - 2 * c * P + _just_below(power ** R(1, depth + 1), factor) * (depth + 1) * n ** 2
        assuming = [n >= 0, tau >= -1, tau <= 1]
        where = f"gamma = {R(factor)} gamma* (rounded down)"
    e = smt.prove(sp.expand(reduced) >= 0, assuming=assuming,
                  what=f"reduced problem nonnegative for {where}, D = {depth}, "
                       f"d_0 = {width}, s2 = {s2}, a = {a}, c = {c}", timeout=timeout)
    return _instances(e, [f"D = {depth}, d_0 = {width}, s2 = {s2}, a = {a}, c = {c} (balanced reduction)"])


def threshold_formula(attained=((2, 1), (2, 2), (3, 1), (3, 2), (4, 1), (4, 2)), value_factor="D + 1"):
    """gamma* for every D >= 2, from the scalar reduction, and its attainment by rank-one points.

    With n the layer norm and |P| <= n^(D+1): a kappa P^2 - 2|c||P| >= h(m) m^2 for
    m = |P|^(1/(D+1)) <= n, h(u) = a kappa u^(2D) - 2|c| u^(D-1).  h'(u) = 2 u^(D-2) (D a kappa u^(D+1)
    - (D-1)|c|) vanishes on u > 0 only at u*^(D+1) = (D-1)|c| / (D a kappa) (the bracket increases), so
    min h = h(u*) = u*^(D-1) (a kappa u*^(D+1) - 2|c|) = -(D+1) gamma*, gamma* = (|c|/D) u*^(D-1).
    Hence L - E[y^2] >= (D+1)(gamma - gamma*) m^2: 0 is global iff gamma >= gamma*, and the
    balanced rank-one point with n = u* has L - E[y^2] = (D+1)(gamma - gamma*) n^2 < 0 below it.
    Checked: the derivative factorisation and the value at u* with D symbolic; that the
    catalogue's form [d_0^((D-1)/2)|c|((D-1)/(K a))^((D-1)/(2D))/D]^(2D/(D+1)), K = (d_0+s2)^D,
    is the same number; and, for the listed (D, d_0), that the balanced rank-one point attains
    the reduced loss exactly (symbolic n, a, c, s2, gamma).  `value_factor` "D" (instead of
    "D + 1") is the false variant min h = -D gamma*."""
    D = sp.Symbol("D", positive=True)
    u, C, ak, Y, Z = sp.symbols("u C a_kappa Y Z", positive=True)
    h = ak * u ** (2 * D) - 2 * C * u ** (D - 1)
    zstar = (D - 1) * C / (D * ak)                  # u*^(D+1)
    gstar = C / D * Y                               # Y = u*^(D-1)
    d0, s2, a = sp.symbols("d_0 s2 a", positive=True)
    K = (d0 + s2) ** D
    catalogue = (d0 ** ((D - 1) / 2) * C * ((D - 1) / (K * a)) ** ((D - 1) / (2 * D)) / D) ** (2 * D / (D + 1))
    ours = C / D * ((D - 1) * C / (D * a * K / d0 ** D)) ** ((D - 1) / (D + 1))
    items = [
        ("h'(u) = 2 u^(D-2) (D a kappa u^(D+1) - (D-1)|c|)", sp.expand(sp.diff(h, u)),
         sp.expand(2 * u ** (D - 2) * (D * ak * u ** (D + 1) - (D - 1) * C))),
        (f"h(u*) = u*^(D-1) (a kappa u*^(D+1) - 2|c|) = -({value_factor}) gamma*", Y * (ak * zstar - 2 * C),
         -sp.sympify(value_factor, locals={"D": D}) * gstar),
        ("catalogue form of gamma* (logarithms)", sp.expand_log(sp.log(catalogue), force=True),
         sp.expand_log(sp.log(ours), force=True)),
    ]
    n, c, gamma = sp.symbols("n c gamma", positive=True)
    for depth_i, width in attained:
        signs = [sp.ones(width, 1)] * depth_i
        U, Ws = sol.balanced_rank_one(depth_i, width, n, signs)
        L = dl.loss(U, Ws, sp.Matrix([[a]]), sp.Matrix([[c]]), 0, s2, gamma, [gamma] * depth_i)
        kappa = sol.noise_factor(depth_i, width, s2)
        items.append((f"balanced rank-one point attains the reduction, D = {depth_i}, d_0 = {width}", L,
                      a * kappa * n ** (2 * depth_i + 2) - 2 * c * n ** (depth_i + 1) + gamma * (depth_i + 1) * n ** 2))
    return symbolic.identities(items, what="gamma* for every D >= 2 from the scalar reduction")


def threshold_reduced_widths(depth, widths, s2, a, c):
    """`threshold_reduced` at gamma >= gamma* for each hidden width in `widths`."""
    found = [threshold_reduced(depth, w, s2, a, c) for w in widths]
    for e in found:
        if e.verdict != PROVED_FOR_INSTANCES:
            return e
    found[0].instances = [i for e in found for i in e.instances]
    found[0].details["per_width_seconds"] = [e.details.get("seconds") for e in found]
    found[0].summary = f"z3 unsat (cvc5 cross-checked) for widths {list(widths)} — reduced problem, D = {depth}"
    return found[0]


def threshold_function_agrees(cases):
    """models.deep_linear.origin_global_threshold(D, a, c, d_0, s2)^(D+1) = gamma*^(D+1) used by z3."""
    items = []
    for depth, a, c, width, s2 in cases:
        value = dl.origin_global_threshold(depth, a, c, width=width, noise_var=s2)
        items.append((f"D = {depth}, a = {a}, c = {c}, d_0 = {width}, s2 = {s2}", value ** (depth + 1),
                      _threshold_power(depth, R(a), R(c), width, R(s2))))
    return symbolic.identities(items, what="origin_global_threshold returns the z3 threshold",
                               instances=[name for name, _, _ in items])


def amgm_sufficient_condition(constant="1"):
    """0 is global whenever gamma >= (C/D) (C (D-1) / (lambda D))^((D-1)/(D+1)), any input dimension.

    beta = W_1^T ... W_D^T U is the network's mean linear map; lambda = lambda_min(A), C = ||c||.
    q >= beta^T A beta >= lambda ||beta||^2 (the noise only adds s2 sum v_i^2 X_ii >= 0), U^T m_D =
    beta^T c <= C ||beta||, and the penalty sum ||W_k||^2 >= (D+1) (prod ||W_k||^2)^(1/(D+1))
    >= (D+1) ||beta||^(2/(D+1)) (AM-GM; ||beta|| <= prod ||W_k||_F, Cauchy-Schwarz per layer).
    With p = ||beta|| and theta = (D-1)/(2D), p = (p^2)^theta (p^(2/(D+1)))^(1-theta) and Young's
    inequality give lambda p^2 + gamma (D+1) p^(2/(D+1)) >= (lambda/theta)^theta
    (gamma (D+1)/(1-theta))^(1-theta) p >= 2 C p exactly when gamma >= the bound.  Checked with D
    symbolic: the exponent identity, and that the Young constant equals the bound (logarithms).
    Tightness (the false variant, a bound 9/10 as large) is refuted by z3 on the full network.
    `constant` scales the bound."""
    D, C, lam, gamma = sp.symbols("D C lambda gamma", positive=True)
    theta, rest = (D - 1) / (2 * D), (D + 1) / (2 * D)        # rest = 1 - theta
    young = rest / (D + 1) * (2 * C) ** (1 / rest) * (theta / lam) ** (theta / rest)
    bound = R(constant) * C / D * (C * (D - 1) / (lam * D)) ** ((D - 1) / (D + 1))
    return symbolic.identities([
        ("weights: theta + (1 - theta) = 1", theta + rest, 1),
        ("exponents: 2 theta + (2/(D+1)) (1 - theta) = 1", 2 * theta + 2 / (D + 1) * rest, 1),
        ("Young constant = 2C exactly at gamma = bound: log form",
         sp.expand_log(sp.log(young), force=True), sp.expand_log(sp.log(bound), force=True)),
    ], what=f"AM-GM/Young sufficient condition with constant {R(constant)}, every D >= 2 and input dimension")


def d1_transition_continuous(offset="0"):
    """D = 1, scalar input, gamma_u = gamma_w = gamma < |c|: b = (|c| - gamma)/((s2 + d_1) a).

    It solves the b-equation c^2 / (b (s2 + d_1) a + gamma)^2 = 1, vanishes at gamma = |c| and
    the loss gap is -d_1 (|c| - gamma)^2 / ((s2 + d_1) a): a continuous transition at gamma = |c|.
    `offset` "1/10" is the false variant b = ... + 1/10 (a jump)."""
    a, c, s2, d1, gamma = sp.symbols("a c s2 d_1 gamma", positive=True)
    b = (c - gamma) / ((s2 + d1) * a) + R(offset)
    A, cv = sp.Matrix([[a]]), sp.Matrix([[c]])
    return symbolic.identities([
        ("b-equation at b(gamma)", sol.d1_b_residual(A, cv, s2, d1, gamma, gamma, b), 0),
        ("b(|c|) = 0", b.subs(gamma, c), 0),
        ("loss gap", sol.d1_loss_at(A, cv, 0, s2, d1, gamma, gamma, b), -d1 * (c - gamma) ** 2 / ((s2 + d1) * a)),
    ], what=f"D = 1 continuous transition, b = (|c| - gamma)/((s2 + d_1) a) + {R(offset)}")


_DATA = {"s2": "1/2", "a": "2", "c": "3/2"}

PAPER.claim(
    id="zlm22.zero-global-threshold",
    theorem="Sec. 4 (minima at zero; first-order transition for D >= 2)",
    statement=("Scalar input (a = E[x^2] > 0, c = E[x y]), D >= 2 hidden layers of width d_0, equal decay gamma, "
               "noise s2: the origin is a global minimum iff gamma >= gamma* = (|c|/D) ((D-1)|c|/(D a kappa))"
               "^((D-1)/(D+1)), kappa = (1 + s2/d_0)^D; equivalently [d_0^((D-1)/2) |c| ((D-1)/(K a))^((D-1)/(2D))"
               " / D]^(2D/(D+1)), K = (d_0 + s2)^D; D = 2: [d_0 c^2 / (4 (d_0 + s2) sqrt(a))]^(2/3). "
               "Any input dimension: 0 is global whenever gamma >= (C/D)(C(D-1)/(lambda D))^((D-1)/(D+1)), "
               "C = ||c||, lambda = lambda_min(A). D = 1: the transition is continuous at gamma = |c| "
               "(b = (|c| - gamma)/((s2 + d_1) a)). Offered as models.deep_linear.origin_global_threshold."),
    uses=["zlm22.noise-averaged-loss", "zlm22.balance", "zlm22.origin-local-min-deep"],
    obligations=[
        Obligation("full network D = 2, width 1: z3 unsat for all weights at gamma >= gamma* (algebraic)",
                   threshold_full_network, {"depth": 2, "width": 1, **_DATA}),
        Obligation("reduction to (P, layer norm) for hidden widths <= 6", threshold_reduction, {"max_width": 6}),
        *[Obligation(f"reduced problem D = {D}, widths 1 and 2: z3 unsat at gamma >= gamma*",
                     threshold_reduced_widths, {"depth": D, "widths": [1, 2], **_DATA}) for D in (2, 3, 4)],
        Obligation("gamma* for every D >= 2 and its attainment by balanced rank-one points", threshold_formula, {}),
        Obligation("origin_global_threshold returns the z3 threshold", threshold_function_agrees,
                   {"cases": [[D, "2", "3/2", w, "1/2"] for D in (2, 3, 4) for w in (1, 2)]}),
        Obligation("AM-GM sufficient condition, every D >= 2 and input dimension", amgm_sufficient_condition, {}),
        Obligation("D = 1: continuous transition at gamma = |c|", d1_transition_continuous, {}),
    ],
    negative_controls=[
        *[Obligation(f"0 global at gamma = 0.999 gamma*, D = {D}, width {w}", threshold_counterexample,
                     {"depth": D, "width": w, "factor": "999/1000", **_DATA}) for D in (2, 3, 4) for w in (1, 2)],
        *[Obligation(f"reduced problem at gamma = 0.999 gamma*, D = {D}", threshold_reduced,
                     {"depth": D, "width": 2, "factor": "999/1000", **_DATA}) for D in (2, 3, 4)],
        Obligation("min h = -D gamma* (dropped +1)", threshold_formula, {"attained": [], "value_factor": "D"}),
        Obligation("AM-GM bound times 9/10 on the full net (tight at s2 = 0, scalar input)",
                   threshold_counterexample, {"depth": 2, "width": 1, "s2": "0", "a": "2", "c": "3/2",
                                              "factor": "9/10"}),
        Obligation("D = 1 with a jump b -> 1/10", d1_transition_continuous, {"offset": "1/10"}),
    ],
    confirmed=("Abstract/summaries via search: bad minima at zero for more than one hidden layer. The "
               "threshold formula and its derivation from the scalar reduction are ours (the catalogue's "
               "form is checked to be the same number); the theorem body was not reached."),
)
