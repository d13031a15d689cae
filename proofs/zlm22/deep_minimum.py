"""zlm22.deep-global-minimum: rank-one solutions for D >= 2 and the first-order transition."""
from __future__ import annotations

import numpy as np
import sympy as sp

from checkers import numeric, outputs, smt, symbolic
from checkers.claims import Obligation
from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, Evidence
from models import deep_linear as dl
from models import zlm22_solutions as sol
from proofs.zlm22 import PAPER
from proofs.zlm22.closed_forms import (SEARCH_BUDGET, SEARCH_CRITERION, _closed_form_checks, _gradient_at,
                                       _multistart_best, _random_instance, _rational_data, _vanishes_with,
                                       searched)
from proofs.zlm22.common import R, _instances
from proofs.zlm22.threshold import _DATA, _just_below, _scalar_network, _threshold_power


def deep_critical_point(cases, b_power=1):
    """The rank-one hypercube solution is a critical point whenever b solves its equation.

    cases: [D, d_0, d, s2, seed]; r_i = (1, ..., 1): flipping the sign of one hidden unit (its
    row in W_k and column in W_{k+1}) leaves L unchanged (`unit_sign_flip_symmetry`), so every
    vertex pattern is equivalent to all ones.  gamma symbolic, sqrt(b) = beta symbolic.  Also the
    loss formula L = E[y^2] - b^D d_0^D c^T B^{-1} c + gamma D d_0 b for every b.
    `b_power` 2 (b^D in place of b^{D-1} in the b-equation) is the false variant."""
    beta, gamma = sp.symbols("beta gamma", positive=True)
    checks = []
    for depth, d0, d, s2, seed in cases:
        A, c, Ey2 = _rational_data(d, seed)
        s2 = R(s2)
        b = beta ** 2
        Binv = sol.deep_matrix(A, s2, d0, depth, gamma, b).inv()
        residual = b ** (depth - 2 + b_power) * d0 ** (depth - 1) * (c.T * Binv * Binv * c)[0, 0] - 1
        point = sol.deep_point(A, c, s2, d0, depth, gamma, beta, [sp.ones(d0, 1)] * depth)
        name = f"D = {depth}, d_0 = {d0}, d = {d}, s2 = {s2}, r_i = 1"
        checks.append(_vanishes_with(_gradient_at(point, A, c, Ey2, s2, gamma, [gamma] * depth), residual,
                                     beta, what=f"grad L = 0 on the b-equation, {name}", instances=[name]))
        checks.append(symbolic.identity(dl.loss(*point, A, c, Ey2, s2, gamma, [gamma] * depth),
                                        sol.deep_loss_at(A, c, Ey2, s2, d0, depth, gamma, b),
                                        what=f"loss at the rank-one point, {name}", instances=[name]))
    return _closed_form_checks(checks)


def unit_sign_flip_symmetry(widths, flip_outgoing=True):
    """L is unchanged when hidden unit 0 of layer 1 flips sign (its row of W_1 and column of W_2).

    (F M F) o E = F (M o E) F for diagonal F = diag(-1, 1, ...), so the flip passes through the
    noise kernel; this makes all sign vectors of the hypercube equivalent.
    flip_outgoing=False flips the row only (the false variant)."""
    U, Ws = dl.parameters(tuple(widths))
    A, c, Ey2 = dl.symbolic_data(widths[0])
    s2, gamma = sp.symbols("s2 gamma", positive=True)
    flip = sp.diag(-1, *[1] * (widths[1] - 1))
    flipped = [flip * Ws[0], Ws[1] * flip if flip_outgoing else Ws[1]] + Ws[2:]
    loss = lambda W: dl.loss(U, W, A, c, Ey2, s2, gamma, [gamma] * len(Ws))
    return symbolic.identity(loss(flipped), loss(Ws),
                             what=f"unit sign flip ({'row and column' if flip_outgoing else 'row only'}), "
                                  f"widths {tuple(widths)}", instances=[f"widths {tuple(widths)}"])


def deep_global_search(trials, seed, starts, adversarial_starts, max_evaluations, wrong=""):
    """Supported: no point of the D = 2, 3 loss is below the closed-form prediction.

    Prediction: min(E[y^2], min over positive roots b of the b-equation of the loss at b).  Instance
    x = (D in {2, 3}, d in 1..4, d_0 in 1..3, noisy, data seed, decay factor z in [0.3, 1.3], s2 in
    [0.1, 1]): gamma = z times the threshold scale (gamma* of the scalar problem along c), s2 used
    when noisy.  Multi-start L-BFGS; margin = (best found - prediction) / max(1, |prediction|).  The
    adversarial search moves x (z and s2 continuously); each evaluation is a multi-start L-BFGS, so
    its budget is `adversarial_starts` searches of `max_evaluations` evaluations.  Criterion:
    `closed_forms.SEARCH_CRITERION`.  wrong = "origin" predicts E[y^2] always (the false variant)."""
    def sample(rng):
        return np.array([rng.integers(2, 4), rng.integers(1, 5), rng.integers(1, 4), rng.integers(0, 2),
                         rng.integers(2 ** 31), rng.uniform(0.3, 1.3), rng.uniform(0.1, 1.0)])

    def margin(x):
        depth, d, d0, noisy, inst_seed = (int(round(v)) for v in x[:5])
        z, s2_drawn = float(x[5]), float(x[6])
        if not (2 <= depth <= 3 and 1 <= d <= 4 and 1 <= d0 <= 3 and noisy in (0, 1) and 0.3 <= z <= 1.3
                and 0.1 <= s2_drawn <= 1):
            raise ValueError("outside the sampled family of instances")
        rng = np.random.default_rng(inst_seed)
        A, c, Ey2, _ = _random_instance(rng, d, False)
        s2 = s2_drawn if noisy else 0.0
        a_eff = float(c @ A @ c / (c @ c))
        scale = float(dl.origin_global_threshold(depth, R(a_eff).limit_denominator(10 ** 6),
                                                 R(float(np.linalg.norm(c))).limit_denominator(10 ** 6),
                                                 width=d0, noise_var=R(s2).limit_denominator(10 ** 6)))
        gamma = z * scale
        predicted = Ey2
        if not wrong:
            for b in sol.np_deep_b_roots(A, c, s2, d0, depth, gamma):
                predicted = min(predicted, sol.np_deep_loss_at(A, c, Ey2, s2, d0, depth, gamma, b))
        found = _multistart_best((d,) + (d0,) * depth, A, c, Ey2, s2, gamma, [gamma] * depth, rng, starts,
                                 scales=(0.3, 1.0, 2.0))
        return (found - predicted) / max(1.0, abs(predicted))

    return searched(margin, sample, trials=trials, seed=seed, adversarial_starts=adversarial_starts,
                    max_evaluations=max_evaluations,
                    what=f"D = 2, 3 closed form is the global minimum{' (' + wrong + ')' if wrong else ''}:"
                         f" multi-start L-BFGS ({starts} starts x 3 scales per instance), relative gap")


def _balanced_local_min_interval(depth, a, c, kappa, gamma):
    """Rational (lo, hi) isolating the larger positive root n of a kappa n^(2D) - c n^(D-1) + gamma = 0
    (the balanced critical point that is a local minimum along the ray), or None."""
    n = np.linspace(1e-4, 4.0, 40001)
    p = float(a * kappa) * n ** (2 * depth) - float(c) * n ** (depth - 1) + float(gamma)
    change = np.where(p[:-1] * p[1:] < 0)[0]
    if len(change) < 2:
        return None
    i = change[-1]
    return R(n[i]).limit_denominator(10 ** 6), R(n[i + 1]).limit_denominator(10 ** 6)


def deep_windows(depth, s2, a, c):
    """Scalar input, width 1: the two windows of the first-order transition, exactly.

    (i)  gamma_i in (gamma*, gamma_loc): 0 is global (gamma_i > gamma*, `zero-global-threshold`) and the
         balanced point w_k = n, a kappa n^(2D) - c n^(D-1) + gamma_i = 0 (the larger root, isolated in
         a rational interval by a sign change), is a critical point with positive definite Hessian:
         a nonzero strict local minimum.  Checked: grad L at (n, ..., n) is a multiple of that
         polynomial (exact division), and z3 proves every leading principal minor of Hess L > 0
         for every root n in the interval.
    (ii) gamma_ii = 0.9 gamma*: 0 is a strict local minimum (`origin-local-min-deep`) and z3 finds
         an exact point with L < E[y^2]: the nonzero solution is global while 0 is a bad minimum."""
    a, c, s2 = R(a), R(c), R(s2)
    kappa = sol.noise_factor(depth, 1, s2)
    power = _threshold_power(depth, a, c, 1, s2)
    gstar = float(power) ** (1 / (depth + 1))
    n_sym = sp.Symbol("n", positive=True)
    gamma_loc = gstar
    while _balanced_local_min_interval(depth, a, c, kappa, gamma_loc * 1.002) is not None:
        gamma_loc *= 1.002
    gamma_i = R((gstar + gamma_loc) / 2).limit_denominator(10 ** 6)
    k = next(k for k in range(1, depth + 2) if (power ** R(k, depth + 1)).is_Rational)
    if not gamma_i ** k > power ** R(k, depth + 1):
        raise ValueError("window (i) value is not above gamma*")
    lo, hi = _balanced_local_min_interval(depth, a, c, kappa, gamma_i)
    poly = a * kappa * n_sym ** (2 * depth) - c * n_sym ** (depth - 1) + gamma_i
    if not poly.subs(n_sym, lo) * poly.subs(n_sym, hi) < 0:
        raise ValueError("no sign change: the interval does not isolate a root")
    L, U, Ws = _scalar_network(depth, 1, s2, a, c, gamma_i)
    params = dl.flat(U, Ws)
    at = {p: n_sym for p in params}
    grad = [(f"dL/d{p}", sp.expand(sp.diff(L, p).subs(at))) for p in params]
    critical = _vanishes_with(grad, poly, n_sym, what=f"balanced point critical, D = {depth}, gamma = {gamma_i}",
                              instances=[f"D = {depth}, width 1, gamma = {gamma_i}"])
    H = sp.hessian(L, params).subs(at)
    minors = [sp.expand(H[:j, :j].det(method="berkowitz")) for j in range(1, len(params) + 1)]
    pd = smt.prove(sp.And(*[m > 0 for m in minors]), assuming=[sp.Eq(poly, 0), n_sym > lo, n_sym < hi],
                   what=f"Hess L positive definite at the balanced root in ({lo}, {hi}), gamma = {gamma_i}",
                   timeout=20)
    gamma_ii = _just_below(power ** R(1, depth + 1), R(9, 10))
    L_ii, U, Ws = _scalar_network(depth, 1, s2, a, c, gamma_ii)
    below = smt.find(L_ii < 0, what=f"a point with L < E[y^2] at gamma = {gamma_ii} = 0.9 gamma*", timeout=20)
    for e in (critical, pd, below):
        if e.verdict not in (PROVED, PROVED_FOR_INSTANCES):
            return e
    name = f"D = {depth}, width 1, s2 = {s2}, a = {a}, c = {c}"
    return _instances(Evidence(PROVED, "smt", f"window (i) gamma = {gamma_i} (gamma* = {gstar:.6f}, local minimum "
                               f"lost at {gamma_loc:.6f}): nonzero strict local minimum at n in ({lo}, {hi}); "
                               f"window (ii) gamma = {gamma_ii}: L < E[y^2] at {below.counterexample}",
                               engine_version=smt.solver_version(),
                               details={"gamma_star": gstar, "gamma_loc": gamma_loc, "gamma_i": str(gamma_i),
                                        "gamma_ii": str(gamma_ii), "root_interval": [str(lo), str(hi)],
                                        "witness_ii": below.counterexample, "pd_check": pd.summary},
                               trust=list(dict.fromkeys(t for e in (critical, pd, below) for t in e.trust))),
                      [name])


def deep_jump(depth, s2, a, c):
    """First-order jump: for gamma >= gamma0 = gamma*/2, every point with L < E[y^2] has mean squared
    block norm n2 >= rho = ((D+1) gamma0 / (2c))^(2/(D-1)) (z3).  At every theta, L - E[y^2] >=
    a kappa P^2 - 2 c P + gamma (D+1) n2 with P^2 <= n2^(D+1) (the chain of `zlm22.zero-global-threshold`:
    fit-term and product bounds, AM-GM), so the norm of any point below the origin, in particular of the
    global minimiser, stays >= rho > 0 as gamma rises to gamma*, and the minimiser is 0 above it: it
    jumps.  (From 2 c |P| > gamma (D+1) n2 and |P| <= n2^((D+1)/2).)  depth = 1 is the false variant
    (the D = 1 transition is continuous), with rho = gamma0^2 / (100 c^2)."""
    a, c, s2 = R(a), R(c), R(s2)
    P, n2, gamma = sp.symbols("P n2 gamma", real=True)
    kappa = sol.noise_factor(depth, 1, s2)
    if depth > 1:
        gamma0 = _just_below(_threshold_power(depth, a, c, 1, s2) ** R(1, depth + 1), R(1, 2))
        rho = ((depth + 1) * gamma0 / (2 * c)) ** R(2, depth - 1)
    else:
        gamma0 = c / 2
        rho = gamma0 ** 2 / (100 * c ** 2)
    reduced = a * kappa * P ** 2 - 2 * c * P + gamma * (depth + 1) * n2
    e = smt.prove(n2 >= rho, assuming=[gamma >= gamma0, n2 >= 0, P ** 2 <= n2 ** (depth + 1), reduced < 0],
                  what=f"L < E[y^2] and gamma >= {gamma0} imply mean squared norm >= {rho}, D = {depth}", timeout=20)
    return _instances(e, [f"D = {depth}, d_0 = 1, s2 = {s2}, a = {a}, c = {c}"])


def phase_diagram(depths, a, c, points):
    """Plot gamma against the global minimiser's layer norm (scalar input, width 1, s2 = 0).

    Supported if the D = 1 curve is continuous at gamma* = |c| (norm change between gamma*(1 -+ 1e-5)
    below 0.01: it grows like sqrt(|c| - gamma)) and every D >= 2 curve jumps there (change > 0.2)."""
    plt = outputs.pyplot()

    a, c = float(R(a)), float(R(c))
    fig, ax = plt.subplots(figsize=(6, 4))
    jumps = {}
    for depth in depths:
        gstar = float(dl.origin_global_threshold(depth, R(a), R(c)))
        gammas = np.linspace(0.02, 1.3, points) * gstar
        norms = [sol.np_global_norm(depth, a, c, g) for g in gammas]
        ax.plot(gammas / gstar, norms, label=f"D = {depth} (gamma* = {gstar:.3f})")
        jumps[f"D{depth}"] = sol.np_global_norm(depth, a, c, gstar * (1 - 1e-5)) - \
            sol.np_global_norm(depth, a, c, gstar * (1 + 1e-5))
    ax.axvline(1.0, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("gamma / gamma*(D)")
    ax.set_ylabel("layer norm n of the global minimiser")
    ax.set_title(f"ZLM22 phase diagram (scalar input, a = {a:g}, c = {c:g}, s2 = 0)")
    ax.legend()
    path = outputs.save_figure(fig, "zlm22_phase_diagram.png", dpi=120, bbox_inches="tight")
    holds = jumps.get("D1", 0.0) < 0.01 and all(v > 0.2 for k, v in jumps.items() if k != "D1")
    return numeric.experiment({f"norm_jump_at_gamma_star_{k}": float(v) for k, v in jumps.items()}, holds,
                              what="phase diagram: continuous at D = 1, first-order jump at D >= 2", seed=0,
                              criterion="norm change across gamma*(1 -+ 1e-5): < 0.01 at D = 1, > 0.2 at D >= 2",
                              artifacts=[path])


PAPER.claim(
    id="zlm22.deep-global-minimum",
    theorem="Sec. 4, Theorem for D >= 2 (equal widths d_0, equal decay gamma)",
    statement=("Nontrivial stationary points are rank-one with hypercube signs: U = sqrt(b) r_D, W_i = sqrt(b/d_0) "
               "r_i r_{i-1}^T (i >= 2), W_1 = r_1 b^{D/2} d_0^{(D-1)/2} c^T [b^D (s2+d_0)^D A + gamma I]^{-1}, with b a "
               "positive root of b^{D-1} d_0^{D-1} c^T [b^D (s2+d_0)^D A + gamma I]^{-2} c = 1; the loss there is "
               "E[y^2] - b^D d_0^D c^T [...]^{-1} c + gamma D d_0 b; the global minimum is the origin unless a root "
               "has smaller loss. The transition is first order: two windows (0 global with a nonzero local "
               "minimum; nonzero global with 0 a bad local minimum) and a jump of the minimiser's norm."),
    uses=["zlm22.noise-averaged-loss", "zlm22.origin-local-min-deep", "zlm22.zero-global-threshold",
          "zlm22.minimiser-exists"],
    obligations=[
        Obligation("rank-one solution critical on the b-equation, loss formula, D = 2, 3 (exact)",
                   deep_critical_point, {"cases": [[2, 1, 2, "1/2", 1], [2, 2, 1, "1/2", 2], [3, 1, 2, "1/3", 3]]}),
        Obligation("hidden-unit sign flips are symmetries (all hypercube vertices equivalent)",
                   unit_sign_flip_symmetry, {"widths": [1, 2, 2]}),
        Obligation("global optimality: multi-start L-BFGS on random instances, D = 2, 3, adversarial search",
                   deep_global_search, {"trials": 8, "seed": 20220211, **SEARCH_BUDGET}, criterion=SEARCH_CRITERION),
        *[Obligation(f"the two windows, D = {D} (exact)", deep_windows, {"depth": D, **_DATA}) for D in (2, 3)],
        *[Obligation(f"first-order jump of the minimiser's norm, D = {D} (z3)", deep_jump, {"depth": D, **_DATA})
          for D in (2, 3)],
        Obligation("phase diagram gamma vs minimiser norm, D = 1, 2, 3", phase_diagram,
                   {"depths": [1, 2, 3], "a": "1", "c": "1", "points": 200}),
    ],
    negative_controls=[
        Obligation("b-equation with b^D instead of b^(D-1)", deep_critical_point,
                   {"cases": [[2, 1, 2, "1/2", 1]], "b_power": 2}),
        Obligation("sign flip of a unit's incoming weights only", unit_sign_flip_symmetry,
                   {"widths": [1, 2, 2], "flip_outgoing": False}),
        Obligation("prediction 'the origin is always global'", deep_global_search,
                   {"trials": 4, "seed": 11, **SEARCH_BUDGET, "wrong": "origin"}, criterion=SEARCH_CRITERION),
        Obligation("a jump at D = 1", deep_jump, {"depth": 1, **_DATA}),
    ],
    confirmed=("Rank-one hypercube structure derived independently; the paper's theorem text was not reached. The "
               "abstract's 'origin is a special point ... highly nonlinear phenomenon' matches the jump."),
)
