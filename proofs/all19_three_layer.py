"""ALL19 — Allen-Zhu, Li, Liang, "Learning and Generalization in Overparameterized Neural Networks, Going
Beyond Two Layers" (arXiv 1811.04918, NeurIPS 2019).

The paper proves that overparameterised two- and three-layer ReLU networks trained by SGD (or a variant)
learn concept classes that include two- and three-layer networks with fewer parameters and smooth
activations, in polynomial time and with polynomially many samples, and that for a fixed sample size the
generalisation error can be almost independent of the width. Its tool beyond the NTK linearisation is a
second-order (quadratic) approximation of the network under a random sign matrix Sigma.

What is checked, and what cannot be: the theorems' width and sample bounds are poly(...) of the target's
complexity and 1/epsilon with astronomically large hidden constants, far beyond any experiment. So only two
kinds of evidence are given: the exact quadratic-approximation identity (proved for every width, up to a cited
linearity step), and qualitative, scaled-down reproductions of the learning results whose verdict is
`unknown` when the effect does not show at our scale. Nothing here tests the theorems' quantitative bounds.

Why the identity holds for every width: after the perturbation the frozen-pattern network is the finite double
sum of T_ij = a_i d2_i (v_ij + sigma_j v'_ij) d1_j (<w_j, x> + b1_j + sigma_j <w'_j, x>) over the neuron pairs (i, j),
plus sign-free bias terms; each T_ij involves one sign. One representative pair's expectation is an exact identity
with symbolic weights, input and pattern indicators; the decomposition and the sum of the per-pair contributions are
identities between sums of symbolic length (m1, m2 and the input dimension d symbols). The one step that is cited,
not machine-checked, is moving the expectation over Sigma inside the finite sum (lemma all19.linearity-of-expectation);
the exact enumeration of all sign vectors for m1 = m2 = 2, 3 cross-checks the whole chain.

Reading guide: models.three_layer (the three-layer network, frozen ReLU patterns, the sign perturbation),
models.jax_training (the learners, the NTK and last-layer baselines, SGD, the concept classes; jax).
"""
from __future__ import annotations

import math
import random

import numpy as np
import sympy as sp

from checkers import numeric, outputs, shared, symbolic
from checkers.claims import Obligation, Paper
from checkers.evidence import PROVED, PROVED_FOR_INSTANCES, UNKNOWN, Evidence
from models import three_layer as tl

PAPER = Paper(key="all19", title="Learning and Generalization in Overparameterized Neural Networks, Going Beyond Two Layers",
              authors="Allen-Zhu, Li, Liang", arxiv="1811.04918", venue="NeurIPS 2019",
              preload=("jax", "jax.numpy"))

PAPER_TEXT = ("Only the title page and abstract could be reached with the search tool (arXiv v6 front matter on "
              "docslib/vdocuments/ar5iv, the NeurIPS 2019 metadata page): they confirm that overparameterised two- and "
              "three-layer networks learn concept classes including two- and three-layer networks with fewer parameters "
              "and smooth activations, by SGD or a variant in polynomial time with polynomially many samples; that the "
              "sample complexity can be almost independent of the number of parameters; that the analysis goes beyond "
              "the NTK linearisation through a new quadratic approximation (a second-order variant of NTK); and that "
              "v5 added experiments. The theorem statements, the sign randomisation and the experiments' setup could "
              "not be read; ")
POLY_BOUNDS = ("The paper's width and sample bounds are poly(...) with astronomically large constants: only qualitative, "
               "scaled-down behaviour is checked here, never those bounds.")


# ====================================================================== all19.quadratic-approx-identity
SIGMA = sp.Symbol("sigma", real=True)
VARIANTS = ("paper", "half", "no-indicator")


def _representative(variant: str):
    """The summand T_ij of one neuron pair (i of layer 2, j of layer 1) after the perturbation, as a
    polynomial in its sign sigma_j, its base value, and the claimed contribution to E - out."""
    p = tl.symbolic_parameters(2, 1, 1)
    x, a, W, b1, V, b2, Wp, Vp, d1, d2 = (p[k] for k in ("x", "a", "W", "b1", "V", "b2", "Wp", "Vp", "d1", "d2"))
    W_s, V_s = tl.sign_perturbed(W, V, Wp, Vp, [SIGMA])
    T, B = tl.frozen_terms(x, a, W_s, b1, V_s, b2, d1, d2)
    T0, B0 = tl.frozen_terms(x, a, W, b1, V, b2, d1, d2)
    claimed = tl.quadratic_term(x, a, Wp, Vp, np.array([1]) if variant == "no-indicator" else d1, d2)
    if variant == "half":
        claimed = claimed / 2
    return sp.expand(T[0, 0]), T0[0, 0], B[0] - B0[0], claimed, (d1[0], d2[0])


def per_term_identity(variant: str = "paper") -> Evidence:
    """For one representative neuron pair, with symbolic weights, input and pattern indicators d1_j, d2_i:
    (a) T_ij(sigma) = c0 + c1 sigma + c2 sigma^2 (degree <= 2 in its own sign; the bias terms B_i carry
    no sign); (b) E[sigma] = 0, E[sigma^2] = 1 and E[sigma_j sigma_k] = 0 for j != k (exact enumeration of
    the signs); (c) E[T_ij] - T_ij(base) = c0 + c2 - T_ij(base) equals a_i d2_i v'_ij d1_j <w'_j, x>,
    at all four 0/1 values of (d1_j, d2_i) and, as a polynomial, for every value of the indicators.
    variant "half" / "no-indicator" claims the term with a factor 1/2 / without 1[<w_j, x> + b1_j >= 0]."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
    T, base, bias_change, claimed, indicators = _representative(variant)
    c0, c1, c2 = (T.coeff(SIGMA, k) for k in range(3))
    moment = lambda f, m: tl.sign_average(f, m)
    m1, m2 = moment(lambda s: s[0], 1), moment(lambda s: s[0] ** 2, 1)
    expectation = c0 + c1 * m1 + c2 * m2 - base
    items = [("T_ij is c0 + c1 sigma + c2 sigma^2", T, c0 + c1 * SIGMA + c2 * SIGMA**2),
             ("T_ij at sigma = 0 is the base summand", c0, base),
             ("the bias terms B_i carry no sign", bias_change, 0),
             ("E[sigma_j] = 0", m1, 0), ("E[sigma_j^2] = 1", m2, 1),
             ("E[sigma_j sigma_k] = 0 for j != k", moment(lambda s: s[0] * s[1], 2), 0),
             ("E over sigma_j by enumeration equals c0 + c2", moment(lambda s: T.subs(SIGMA, s[0]), 1) - base,
              expectation)]
    for values in ((0, 0), (0, 1), (1, 0), (1, 1)):
        point = dict(zip(indicators, values))
        items.append((f"E[T_ij] - T_ij(base) at (d1_j, d2_i) = {values}", expectation.subs(point), claimed.subs(point)))
    items.append(("E[T_ij] - T_ij(base), indicators symbolic", expectation, claimed))
    return symbolic.identities(items, what=f"per-neuron-pair summand of E_Sigma[out_D] - out ({variant})")


def relu_is_frozen_at_base() -> Evidence:
    """relu(t) = 1[t >= 0] t for every real t (cases t = p >= 0 and t = -p < 0), through models.three_layer's
    relu and step: so out(x; W, V) = out_D(x; W, V) at the base point, neuron by neuron."""
    p = sp.Symbol("p", nonnegative=True)
    q = sp.Symbol("q", positive=True)
    items = [(f"relu(t) = 1[t >= 0] t for t = {t}", tl.relu(np.array([t], dtype=object))[0],
              tl.step(np.array([t], dtype=object))[0] * t) for t in (p, -q)]
    return symbolic.identities(items, what="a ReLU equals its frozen pattern times its input")


M1, M2, DIM = sp.symbols("m1 m2 d", integer=True, positive=True)
MODEL_NAMES = {"a": "a", "d2": "d2", "b2": "b2", "v": "V", "vp": "Vp", "d1": "d1", "b1": "b1", "w": "W", "wp": "Wp", "x": "x"}


def _as_model_summand(net):
    """The indexed summand T of the pair (0, 0) (input dimension 2) in the names of tl.symbolic_parameters(2, 1, 1)."""
    p = tl.symbolic_parameters(2, 1, 1)
    T = net["T"].subs({net["i"]: 0, net["j"]: 0}).doit()
    return T.replace(lambda e: isinstance(e, sp.Indexed),
                     lambda e: SIGMA if e.base.label.name == "sigma"
                     else p[MODEL_NAMES[e.base.label.name]][tuple(int(t) for t in e.indices)])


def every_width_sums(variant: str = "paper") -> Evidence:
    """With sums of symbolic length (m1, m2 and the input dimension d symbols; checkers.finite_sums): (i) the
    perturbed frozen-pattern network, the matrix products written entrywise, is sum_i B_i + sum_{i, j} T_ij(sigma_j);
    (ii) with E[T_ij] = c0 + c2 (the per-pair identity: T_ij = c0 + c1 sigma_j + c2 sigma_j^2, E[sigma] = 0,
    E[sigma^2] = 1), sum_{i, j} (E[T_ij] - T_ij(base)) = a^T D2 V' D1 W' x for every m1, m2, d; (iii) the indexed
    summand is the model's (frozen_terms at m1 = m2 = 1, d = 2). Variants as in per_term_identity; their refuting
    instances here have integer entries, not 0/1 patterns (per_term_identity refutes them at 0/1 patterns)."""
    from checkers.finite_sums import finite_sum_identities
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
    net, small = tl.indexed_network(M1, M2, DIM), tl.indexed_network(1, 1, 2)
    i, j, sigma = net["i"], net["j"], net["sigma"]
    T = sp.expand(net["T"])
    c0, c2 = T.coeff(sigma[j], 0), T.coeff(sigma[j], 2)
    double = lambda f: sp.Sum(sp.Sum(f, (j, 0, M1 - 1)), (i, 0, M2 - 1))
    claimed = net["Q"]
    if variant == "half":
        claimed = claimed / 2
    elif variant == "no-indicator":
        claimed = claimed.replace(lambda e: isinstance(e, sp.Indexed) and e.base.label.name == "d1", lambda e: 1)
    return finite_sum_identities([
        ("out_D(W + Sigma W', V + V' Sigma) = sum_i B_i + sum_ij T_ij", net["out"],
         sp.Sum(net["B"], (i, 0, M2 - 1)) + double(net["T"])),
        ("T_ij = c0 + c1 sigma_j + c2 sigma_j^2", T, c0 + T.coeff(sigma[j], 1) * sigma[j] + c2 * sigma[j] ** 2),
        ("sum_ij (E[T_ij] - T_ij(base)) = a^T D2 V' D1 W' x", double(c0 + c2 - net["T"].subs(sigma[j], 0)), claimed),
        ("the indexed summand is the model's frozen_terms summand", _as_model_summand(small),
         tl.frozen_terms(*_width_one_arguments())[0][0, 0]),
    ], sizes={M1: 2, M2: 2, DIM: 2}, what=f"every width m1, m2 and input dimension d ({variant})")


def _width_one_arguments():
    p = tl.symbolic_parameters(2, 1, 1)
    W, V = tl.sign_perturbed(p["W"], p["V"], p["Wp"], p["Vp"], [SIGMA])
    return p["x"], p["a"], W, p["b1"], V, p["b2"], p["d1"], p["d2"]


def _rational(rng, *shape):
    return np.array([sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(math.prod(shape))],
                    dtype=object).reshape(shape)


def enumerated_identity(widths: str = "2,3", instances: int = 4, network: str = "frozen", seed: int = 4918) -> Evidence:
    """Exact enumeration of all 2^m1 sign vectors for m1 = m2 = m in `widths` (input dimension 2), through the
    same model functions: (i) symbolic weights and indicators: E_Sigma[out_D(W + Sigma W', V + V' Sigma)] -
    out_D(W, V) = Q, and out_D is the matrix form a^T D2 (V D1 (W x + b1) + b2); (ii) `instances` random
    rational networks, patterns computed at the base: E_Sigma[net(W + Sigma W', V + V' Sigma)] - out(W, V) = Q
    with net = out_D (network "frozen") or the real ReLU network out (network "relu", the identity without
    frozen patterns)."""
    if network not in ("frozen", "relu"):
        raise ValueError(f"network must be 'frozen' or 'relu', not {network!r}")
    rng, items = random.Random(seed), []
    for m in (int(w) for w in widths.split(",")):
        if network == "frozen":
            p = tl.symbolic_parameters(2, m, m)
            args = lambda W, V: (p["x"], p["a"], W, p["b1"], V, p["b2"], p["d1"], p["d2"])
            lhs = tl.sign_average(lambda s: tl.frozen_output(*args(*tl.sign_perturbed(p["W"], p["V"], p["Wp"], p["Vp"], s))), m)
            items.append((f"m1 = m2 = {m}, symbolic", lhs - tl.frozen_output(*args(p["W"], p["V"])),
                          tl.quadratic_term(p["x"], p["a"], p["Wp"], p["Vp"], p["d1"], p["d2"])))
            M = lambda v: sp.Matrix(list(v))
            x, a, W, b1, V, b2, d1, d2 = (p[k] for k in ("x", "a", "W", "b1", "V", "b2", "d1", "d2"))
            matrix_form = (M(a).T * sp.diag(*d2) * (sp.Matrix(V) * sp.diag(*d1) * (sp.Matrix(W) * M(x) + M(b1)) + M(b2)))[0]
            items.append((f"m1 = m2 = {m}, explicit sums = matrix form", tl.frozen_output(*args(W, V)), matrix_form))
        for k in range(instances):
            x, a, W, b1, V, b2, Wp, Vp = (_rational(rng, *s) for s in ((2,), (m,), (m, 2), (m,), (m, m), (m,), (m, 2), (m, m)))
            d1, d2 = tl.patterns(x, W, b1, V, b2)
            if network == "frozen":
                net = lambda Ws, Vs: tl.frozen_output(x, a, Ws, b1, Vs, b2, d1, d2)
            else:
                net = lambda Ws, Vs: tl.output(x, a, Ws, b1, Vs, b2)
            lhs = tl.sign_average(lambda s: net(*tl.sign_perturbed(W, V, Wp, Vp, s)), m) - tl.output(x, a, W, b1, V, b2)
            items.append((f"m1 = m2 = {m}, rational instance {k}", lhs, tl.quadratic_term(x, a, Wp, Vp, d1, d2)))
    return symbolic.identities(items, what=f"exact enumeration of Sigma, widths {widths} ({network} patterns)",
                               instances=[f"m1 = m2 = {m}" for m in widths.split(",")])


def quadratic_identity(variant: str = "paper", network: str = "frozen") -> Evidence:
    """The every-width argument: the per-pair identity (per_term_identity), relu = frozen pattern at the base,
    the sum over the pairs for every m1, m2, d (every_width_sums), with the exact enumeration for m1 = m2 = 2, 3
    as a cross-check through the same model functions. Proved when all are exact; the first failure otherwise
    (a refutation of a false variant)."""
    steps = {"per-pair identity": lambda: per_term_identity(variant), "relu at the base": relu_is_frozen_at_base,
             "every width (sums of symbolic length)": lambda: every_width_sums(variant),
             "enumeration cross-check": lambda: enumerated_identity(network=network)}
    parts = {}
    for name, step in steps.items():
        parts[name] = step()
        if parts[name].verdict not in (PROVED, PROVED_FOR_INSTANCES):
            return parts[name]
    return Evidence(PROVED, "symbolic", "per-neuron-pair identity exact for symbolic weights, input and indicators; "
                    "summed over the pairs for every m1, m2, d with sums of symbolic length (the expectation moved "
                    "inside the sum by lemma all19.linearity-of-expectation); relu = frozen pattern at the base; "
                    "exact enumeration of Sigma agrees for m1 = m2 = 2, 3", engine_version=symbolic.VERSION,
                    details={k: {"summary": e.summary, **e.details} for k, e in parts.items()},
                    trust=sorted({t for e in parts.values() for t in e.trust}))


def relu_relative_error(widths: str = "64,128,256,512,1024", inputs: int = 4, sign_samples: int = 256,
                        seed: int = 4918) -> Evidence:
    """Monte Carlo over Sigma (sign_samples draws, numpy seed) of E_Sigma[out(W + Sigma W', V + V' Sigma)] - out(W, V)
    for the real ReLU network (patterns not frozen) at m1 = m2 = m, against Q with patterns frozen at the base.
    Scales: x uniform on the unit sphere of R^10; entries of W, W' ~ N(0, 1/10), V, V' ~ N(0, 1/m), b1, b2 ~ N(0, 1/m),
    a ~ N(0, 1/m) (W' and V' as large as W and V, so patterns flip). Reported per width: the relative error
    ||Ehat - out - Q|| / ||Q|| over the inputs and the largest deviation in Monte Carlo standard errors.
    Criterion of the (false) claim that the identity holds for the real network: at every width every deviation
    is within 4 standard errors of 0."""
    rng = np.random.default_rng(seed)
    d, measurements, consistent = 10, {}, []
    for m in (int(w) for w in widths.split(",")):
        g = lambda *s, v=1.0: rng.normal(scale=math.sqrt(v), size=s)
        W, Wp, V, Vp = g(m, d, v=1 / d), g(m, d, v=1 / d), g(m, m, v=1 / m), g(m, m, v=1 / m)
        b1, b2, a = g(m, v=1 / m), g(m, v=1 / m), g(m, v=1 / m)
        deviation, error, q_norm = [], [], []
        for _ in range(inputs):
            x = g(d)
            x /= np.linalg.norm(x)
            signs = rng.choice([-1.0, 1.0], size=(sign_samples, m))
            d1, d2 = tl.patterns(x, W, b1, V, b2)
            samples = tl.perturbed_outputs(x, a, W, b1, V, b2, Wp, Vp, signs)
            Q = tl.quadratic_term(x, a, Wp, Vp, d1, d2)
            deviation.append(samples.mean() - tl.output(x, a, W, b1, V, b2) - Q)
            error.append(samples.std(ddof=1) / math.sqrt(sign_samples))
            q_norm.append(Q)
        deviation, error = np.array(deviation), np.array(error)
        z = float(np.max(np.abs(deviation) / error))
        measurements[f"m={m}: relative error"] = float(np.linalg.norm(deviation) / np.linalg.norm(q_norm))
        measurements[f"m={m}: largest deviation / standard error"] = z
        consistent.append(z <= 4)
    return numeric.experiment(measurements, all(consistent), seed=seed,
                              criterion="at every width every deviation within 4 Monte Carlo standard errors of 0",
                              what="E_Sigma[out(W + Sigma W', V + V' Sigma)] - out(W, V) = Q for the real ReLU network")


# ====================================================================== the learning experiments (jax)
def _ints(text: str) -> list:
    return [int(v) for v in str(text).split(",")]


def _t_interval(values, confidence: float, sided: int = 2):
    """(mean, low, high) of the Student t interval for the mean of independent values."""
    from scipy import stats
    values = np.asarray(values, dtype=float)
    half = stats.t.ppf(1 - (1 - confidence) / sided, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    return float(values.mean()), float(values.mean() - half), float(values.mean() + half)


def _outcome(outcome: str, measurements: dict, *, what: str, seed, criterion: str, artifacts=(), fields=None) -> Evidence:
    """Evidence of an experiment with three outcomes: the criterion "met" (supported), "contradicted"
    (refuted) or "undecided" at this scale (unknown, with every measurement)."""
    if outcome == "undecided":
        e = Evidence(UNKNOWN, "numeric", f"not decided at this scale: {criterion} — {what}", engine_version=numeric.VERSION,
                     options={"seed": seed}, details={"measurements": measurements}, artifacts=list(artifacts),
                     trust=[numeric.TRUST])
    else:
        e = numeric.experiment(measurements, outcome == "met", what=what, seed=seed, criterion=criterion, artifacts=artifacts)
    e.report_fields = fields or {}
    return e


TWO_LAYER = dict(n_test=2000, d=5, k=3, batch=10, alpha=0.1, lr_factor=1.0, concept_seed=1811)
#: the width sweep of all19.two-layer-learnable and all19.sample-complexity-width-independent (the same runs)
SWEEP = dict(widths="50,400,3200", n_train=200, seeds="0,1,2,3,4", epochs=100)


def _train_sweep(widths, n_train, seeds, epochs):
    from models import jax_training as jt
    return jt.two_layer_width_sweep(widths, n_train=n_train, seeds=seeds, epochs=epochs, **TWO_LAYER)


def _sweep(widths, n_train, seeds, epochs):
    """The width sweep, trained once per run however many obligations read it (checkers.shared). The width-m
    net is the first m neurons of one initialisation at the largest width (nested nets), so a sweep over some
    of the standard widths with the same largest width is the same columns of the standard sweep."""
    standard = _ints(SWEEP["widths"])
    union = sorted(set(widths) | set(standard)) if max(widths) == max(standard) else list(widths)
    result = shared.once(_train_sweep, widths=union, n_train=n_train, seeds=list(seeds), epochs=epochs)
    columns = [union.index(m) for m in widths]
    return {name: values[:, columns] for name, values in result.items()}


def _train_baselines(n_train, width3, width2, seeds, epochs):
    from models import jax_training as jt
    return jt.baseline_comparison(list(jt.MODELS), n_train=n_train, width3=width3, width2=width2, seeds=seeds,
                                  epochs=epochs, **BASELINE_SETUP)


def _setup(widths, n_train, seeds, epochs) -> dict:
    return {"widths": ",".join(map(str, widths)), "N (training samples)": n_train, "seeds": ",".join(map(str, seeds)),
            "epochs": epochs, "batch": TWO_LAYER["batch"], "output scale alpha": TWO_LAYER["alpha"],
            "step": "lr_factor / mean NTK diagonal at initialisation", "lr_factor": TWO_LAYER["lr_factor"],
            "test samples": TWO_LAYER["n_test"], "input dimension d": TWO_LAYER["d"], "concept terms k": TWO_LAYER["k"],
            "concept seed": TWO_LAYER["concept_seed"]}


def _runs(widths, seeds, result) -> list:
    """One row per run (width, seed): relative train, test and initial test errors, the step."""
    return [{"width": m, "seed": s, **{k: round(float(result[k][i, j]), 5) for k in ("train", "test", "initial test")},
             "lr": round(float(result["lr"][i, j]), 3)} for j, m in enumerate(widths) for i, s in enumerate(seeds)]


def _plot_widths(widths, result, n_train, epochs):
    plt = outputs.pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    for key, style, colour in (("test", "o-", "C0"), ("train", "s--", "C1")):
        ax.semilogx(widths, result[key].mean(axis=0), style, color=colour, label=f"{key}, mean over seeds")
        for row in result[key]:
            ax.semilogx(widths, row, style[0], color=colour, alpha=0.3)
    ax.axhline(0.1, color="k", lw=0.7, ls=":", label="criterion 0.1")
    ax.set(xlabel="width m", ylabel="relative error (MSE / Var y)", ylim=(0, None),
           title=f"two-layer net, N = {n_train}, {epochs} epochs of SGD")
    ax.legend()
    fig.tight_layout()
    return outputs.save_figure(fig, "all19_two_layer_width.png")


LEARNABLE = ("seed-mean relative test error <= 0.1 at every width: 0.1 is the target error epsilon of a 'learns' claim "
             "(MSE relative to Var y); >= 0.5 at some width (less than half the variance explained) contradicts; in "
             "between is undecided, since the theorem's N and m are far beyond ours")


def two_layer_learning(widths: str = SWEEP["widths"], n_train: int = SWEEP["n_train"], seeds: str = SWEEP["seeds"],
                       epochs: int = SWEEP["epochs"], record: int = 1) -> Evidence:
    """Two-layer ReLU nets (hidden weights trained by SGD, output weights fixed) on ALL19's two-layer concept;
    per width the relative test error (MSE / Var y) of every seed. Criterion (LEARNABLE), fixed in advance: the
    seed-mean relative test error is <= 0.1 at every width (met); >= 0.5 at some width (contradicted: the nets do
    not learn the concept); otherwise undecided. epochs = 0 evaluates the untrained nets (a negative control).
    record = 1 writes the plot and the table of runs into the report (the claim's own experiment)."""
    widths, seeds = _ints(widths), _ints(seeds)
    result = _sweep(widths, n_train, seeds, epochs)
    mean_test, runs = result["test"].mean(axis=0), _runs(widths, seeds, result)
    measurements = {**_setup(widths, n_train, seeds, epochs),
                    "runs: relative test error": numeric.summary_of(result["test"].ravel()),
                    "runs above 0.1": [r for r in runs if r["test"] > 0.1],
                    **{f"m={m}: test (min, mean, max)": [float(result["test"][:, j].min()), float(mean_test[j]),
                                                         float(result["test"][:, j].max())] for j, m in enumerate(widths)},
                    **{f"m={m}: train, initial test (mean)": [float(result["train"][:, j].mean()),
                                                              float(result["initial test"][:, j].mean())]
                       for j, m in enumerate(widths)}}
    outcome = "met" if mean_test.max() <= 0.1 else "contradicted" if mean_test.max() >= 0.5 else "undecided"
    return _outcome(outcome, measurements, seed=f"PRNGKey({','.join(map(str, seeds))})", criterion=LEARNABLE,
                    artifacts=[_plot_widths(widths, result, n_train, epochs)] if record else [],
                    what=f"two-layer nets learn the concept, widths {widths}, "
                         + ("untrained" if epochs == 0 else f"{epochs} epochs"),
                    fields={"two_layer_runs": runs} if record else {})


LAWS = {"width-independent": "95% t interval of beta (gap ~ m^beta) has upper end <= 0.25: at most half the sqrt(m) "
                             "growth of a parameter-counting bound (lower end >= 0.5 contradicts)",
        "parameter-counting": "95% t interval of beta (gap ~ m^beta) has lower end >= 0.5: the gap grows like "
                              "sqrt(#parameters) (upper end <= 0.25 contradicts)"}


def generalisation_gap(widths: str = SWEEP["widths"], n_train: int = SWEEP["n_train"], seeds: str = SWEEP["seeds"],
                       epochs: int = SWEEP["epochs"], law: str = "width-independent", record: int = 1) -> Evidence:
    """The generalisation gap (relative test minus relative train error) against the width at fixed N.
    Per seed, least-squares slopes of log10(gap) on log10(m) (beta: the gap grows like m^beta, by 10^beta per
    decade) and of the gap itself per decade of m; 95% Student t intervals over the independent seeds (S - 1
    degrees of freedom). Criterion (LAWS[law]), fixed in advance; some gap <= 0 leaves beta undefined (undecided).
    law "parameter-counting" is the false variant. record = 1 writes the table of runs into the report."""
    if law not in LAWS:
        raise ValueError(f"unknown law {law!r}; expected one of {sorted(LAWS)}")
    widths, seeds = _ints(widths), _ints(seeds)
    result = _sweep(widths, n_train, seeds, epochs)
    gap, decades = result["test"] - result["train"], np.log10(widths)
    slopes = [float(np.polyfit(decades, row, 1)[0]) for row in gap]
    measurements = {**_setup(widths, n_train, seeds, epochs), "interval": "95% Student t over per-seed least-squares slopes",
                    **{f"m={m}: gap (min, mean, max)": [float(gap[:, j].min()), float(gap[:, j].mean()), float(gap[:, j].max())]
                       for j, m in enumerate(widths)},
                    **{f"m={m}: train, test (mean)": [float(result["train"][:, j].mean()), float(result["test"][:, j].mean())]
                       for j, m in enumerate(widths)},
                    "gap slope per decade, per seed": slopes,
                    "gap slope per decade (mean, low, high)": list(_t_interval(slopes, 0.95))}
    outcome = "undecided"
    if (gap <= 0).any():
        measurements["beta"] = "undefined: some gap <= 0"
    else:
        betas = [float(np.polyfit(decades, np.log10(row), 1)[0]) for row in gap]
        beta = _t_interval(betas, 0.95)
        measurements.update({"beta per seed": betas, "beta = d log10(gap) / d log10(m) (mean, low, high)": list(beta)})
        small, large = beta[2] <= 0.25, beta[1] >= 0.5
        if small or large:
            outcome = "met" if small == (law == "width-independent") else "contradicted"
    return _outcome(outcome, measurements, seed=f"PRNGKey({','.join(map(str, seeds))})", criterion=LAWS[law],
                    what=f"generalisation gap against width at N = {n_train} ({law})",
                    fields={"gap_runs": _runs(widths, seeds, result)} if record else {})


BASELINE_SETUP = dict(n_test=2000, d=4, batch=10, alpha=0.1, lr_factor=1.0)


def _comparison(name: str, result: dict) -> dict:
    """'A>B' (A beats B): paired differences test_B - test_A over the seeds, one-sided 95% t bounds.
    established: lower bound > 0; reversed: upper bound < 0 and A is no under-trained net (A is a converged
    baseline, or A's mean training error is <= B's mean test error); undecided otherwise."""
    from models.jax_training import BASELINES
    A, B = name.split(">")
    diff = result[B]["test"] - result[A]["test"]
    mean, low, high = _t_interval(diff, 0.95, sided=1)
    fitted = A in BASELINES or result[A]["train"].mean() <= result[B]["test"].mean()
    status = "established" if low > 0 else "reversed" if high < 0 and fitted else "undecided"
    return {"comparison": name, "test_B - test_A per seed": [float(v) for v in diff], "mean": mean,
            "one-sided 95% lower": low, "one-sided 95% upper": high, "status": status,
            "A fitted its training set": bool(fitted)}


def _plot_baselines(result, name):
    from models.jax_training import BASELINES
    plt = outputs.pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    names = list(result)
    for k, model in enumerate(names):
        for key, offset, marker in (("test", 0.12, "o"), ("train", -0.12, "s")):
            values = result[model][key]
            ax.bar(k + offset, values.mean(), width=0.22, alpha=0.5, color="C0" if key == "test" else "C1",
                   label=key if k == 0 else None)
            ax.plot([k + offset] * len(values), values, marker, color="k", ms=3)
    ax.set_xticks(range(len(names)), [f"{n}\n({'converged' if n in BASELINES else 'SGD'})" for n in names])
    ax.set(ylabel="relative error (MSE / Var y)", title="y = (sin 3x1 + sin 3x2 + sin 3x3 - 2)^2 cos 7x4")
    ax.legend()
    fig.tight_layout()
    return outputs.save_figure(fig, name)


ORDERING = ("every comparison A>B established by a paired one-sided 95% t bound on test_B - test_A over the seeds "
            "(met); a reversal (upper bound < 0) by a model that fitted its training set contradicts; an under-trained "
            "net losing is undecided, since more SGD could change it")


def three_beats_two(comparisons: str = "three-layer>two-layer,two-layer>NTK,two-layer>last layer", n_train: int = 500,
                    width3: int = 64, width2: int = 896, seeds: str = "0,1,2", epochs: int = 100,
                    record: int = 1) -> Evidence:
    """The models of models.jax_training.baseline_comparison on the three-layer target; each comparison 'A>B'
    (A beats B on test error) by a paired one-sided 95% t interval over the seeds (_comparison). The two nets
    have the same number of trained parameters (width2 (d + 1) = width3 (d + 1) + width3 (width3 + 1)).
    Criterion (ORDERING), fixed in advance: every comparison established (met); some comparison reversed
    (contradicted); otherwise undecided. record = 1 writes the plot and the tables into the report."""
    from models import jax_training as jt
    seeds, names = _ints(seeds), comparisons.split(",")
    models = [m for m in jt.MODELS if any(m in c.split(">") for c in names)]
    every = shared.once(_train_baselines, n_train=n_train, width3=width3, width2=width2, seeds=list(seeds),
                        epochs=epochs)   # every model, trained once per run for the claim and its control
    result = {m: every[m] for m in models}
    table = [_comparison(c, result) for c in names]
    measurements = {"N (training samples)": n_train, "three-layer widths m1 = m2": width3, "two-layer width": width2,
                    "seeds": ",".join(map(str, seeds)), "epochs (nets)": epochs,
                    **{k: v for k, v in BASELINE_SETUP.items() if k != "d"}, "input dimension d": BASELINE_SETUP["d"],
                    "step (nets)": "lr_factor / mean NTK diagonal at initialisation",
                    "baselines": "trained to convergence (minimum-norm least squares)",
                    **{f"{m}: test (min, mean, max)": [float(result[m]["test"].min()), float(result[m]["test"].mean()),
                                                       float(result[m]["test"].max())] for m in models},
                    **{f"{m}: train (mean)": float(result[m]["train"].mean()) for m in models},
                    **{f"{row['comparison']}: status": row["status"] for row in table}, "comparisons": table}
    statuses = [row["status"] for row in table]
    outcome = "met" if all(s == "established" for s in statuses) else "contradicted" if "reversed" in statuses else "undecided"
    artifacts = [_plot_baselines(result, "all19_baselines.png")] if record else []
    runs = [{"model": m, "seed": s, "train": round(float(result[m]["train"][i]), 5), "test": round(float(result[m]["test"][i]), 5)}
            for m in models for i, s in enumerate(seeds)]
    return _outcome(outcome, measurements, seed=f"PRNGKey({','.join(map(str, seeds))})", artifacts=artifacts,
                    criterion=ORDERING, what="test-error ordering: " + "; ".join(f"{row['comparison']} {row['status']}"
                                                                                  for row in table),
                    fields={"baseline_runs": runs, "comparisons": table} if record else {})


# ====================================================================== declarations
PAPER.lemma(
    id="all19.linearity-of-expectation",
    statement="""For any number m1 of signs sigma_1, ..., sigma_m1, each uniform on {-1, 1}, and finitely many terms
(any m1, m2): E_Sigma[sum_i B_i + sum_{i <= m2} sum_{j <= m1} T_ij(sigma_j)] = sum_i B_i + sum_{i, j} E[T_ij(sigma_j)], and the
expectation over Sigma of a function of sigma_j alone is its expectation over sigma_j (uniform on {-1, 1}). No
independence is needed.""",
    source="textbook linearity of expectation for finite sums, e.g. Feller, An Introduction to Probability Theory and "
           "Its Applications, Vol. 1, Ch. IX; cross-checked for m1 = m2 = 2, 3 by the exact enumeration of all sign "
           "vectors in all19.quadratic-approx-identity",
)

PAPER.claim(
    id="all19.quadratic-approx-identity",
    theorem="the quadratic (second-order) approximation of the sign-randomised three-layer learner (section not confirmed)",
    statement="""Three-layer ReLU network out(x; W, V) = sum_i a_i relu(n_i + b2_i), n_i = sum_j v_ij relu(<w_j, x> + b1_j). With the
ReLU patterns D1 = diag(1[<w_j, x> + b1_j >= 0]), D2 = diag(1[n_i + b2_i >= 0]) frozen at the base point (W, V) and Sigma a
diagonal matrix of uniform random signs, for every input x, all weights and perturbations W', V' and all widths m1, m2:
  E_Sigma[out_D(x; W + Sigma W', V + V' Sigma)] - out(x; W, V) = sum_i a_i 1[n_i + b2_i >= 0] sum_j v'_ij 1[<w_j, x> + b1_j >= 0] <w'_j, x>
= a^T D2 V' D1 W' x: the terms linear in Sigma vanish and Sigma D1 Sigma = D1. Argument: out_D is the finite double sum
of T_ij = a_i d2_i (v_ij + sigma_j v'_ij) d1_j (<w_j, x> + b1_j + sigma_j <w'_j, x>) (plus sign-free bias terms), each
a polynomial of degree <= 2 in its own sign; E[sigma] = 0, E[sigma^2] = 1 (and E[sigma_j sigma_k] = 0, j != k); so
E[T_ij] - T_ij(base) = a_i d2_i v'_ij d1_j <w'_j, x> (sympy, symbolic weights, input and indicators d in {0, 1}, indeed
for every value of d); relu(t) = 1[t >= 0] t gives out = out_D at the base. The decomposition into the T_ij and the
sum of the per-pair contributions, a^T D2 V' D1 W' x, are checked for every m1, m2 and input dimension d with sums
of symbolic length; the one step not machine-checked is moving the expectation inside the finite sum (lemma
all19.linearity-of-expectation, cited), so the status is 'proved assuming'. Cross-check: exact enumeration of all 2^m1 sign vectors for m1 = m2 = 2, 3 (symbolic, and on
random rational networks through models.three_layer). Without frozen patterns the identity fails for the real ReLU
network (an exact counterexample by enumeration at m1 = m2 = 2; the relative error at m = 64..1024 is reported).""",
    uses=["all19.linearity-of-expectation"],
    obligations=[Obligation("per-pair identity, sums of symbolic length, relu at the base, enumeration cross-check",
                            quadratic_identity, timeout=60)],
    negative_controls=[
        Obligation("a factor 1/2 on the second-order term", quadratic_identity, {"variant": "half"}, timeout=60),
        Obligation("the first-layer indicator dropped", quadratic_identity, {"variant": "no-indicator"}, timeout=60),
        Obligation("real ReLU patterns (not frozen), exact enumeration", quadratic_identity, {"network": "relu"},
                   timeout=60),
        Obligation("real ReLU patterns, Monte Carlo over Sigma, m = 64..1024", relu_relative_error, timeout=60,
                   criterion="at every width every deviation within 4 Monte Carlo standard errors of 0 (the false "
                             "claim); 4 standard errors make a chance refutation unlikely (two-sided p ~ 6e-5 per input)"),
    ],
    confirmed=PAPER_TEXT + "the identity (with frozen patterns and a random sign diagonal) is encoded as stated in the "
              "suite's catalogue; the paper's own lemma could not be compared.",
)

PAPER.claim(
    id="all19.two-layer-learnable",
    theorem="Thm. 1 (two-layer learner), qualitative, scaled down",
    statement="""A width-m two-layer ReLU net f(x) = alpha / sqrt(m) sum_r a_r relu(<w_r, x> + b_r) (all weights N(0, 1) at
initialisation, alpha = 0.1; this is ALL19's W ~ N(0, 1/m), a ~ N(0, eps_a^2) up to rescaling the step by m), only
the hidden weights (W, b) trained by minibatch SGD (batch 10, step 1 / mean NTK diagonal at initialisation, 100
epochs), learns the concept f*(x) = sum_{i <= 3} a_i sin(3 <w1_i, x>) <w2_i, x> (w1_i, w2_i uniform on the unit
sphere, a_i = +-1; inputs unit vectors in R^5 with last coordinate 1/2) from N = 200 samples: the seed-mean
relative test error (MSE / Var y, 2000 test points) is <= 0.1 at every width m in {50, 400, 3200} (1.8 decades),
seeds 0..4 (nested nets: the width-m net is the first m neurons of one initialisation). Full size (make slow):
N = 500, m in {100, 400, 1600, 6400}, 200 epochs. """ + POLY_BOUNDS,
    obligations=[Obligation("two-layer width sweep", two_layer_learning, timeout=180, criterion=LEARNABLE)],
    negative_controls=[Obligation("the untrained net already learns the concept", two_layer_learning,
                                  {"epochs": 0, "widths": "50", "record": 0}, timeout=120, criterion=LEARNABLE)],
    confirmed=PAPER_TEXT + "the learner, the concept (smooth activation sin 3z, last input coordinate 1/2) and the "
              "widths follow the suite's catalogue; the parametrisation, the step rule and the SGD budget are ours.",
)

PAPER.claim(
    id="all19.sample-complexity-width-independent",
    theorem="generalisation almost independent of the width (the abstract's claim), scaled down",
    statement="""At fixed N = 200, for the runs of all19.two-layer-learnable (widths 50, 400, 3200, seeds 0..4), the
generalisation gap (relative test minus relative train error) does not grow materially with the width: the gap grows
like m^beta, and the 95% Student t interval of beta over the per-seed least-squares slopes of log10(gap) against
log10(m) lies below 0.25, at most half the sqrt(m) growth of a parameter-counting bound. The slope of the gap itself
per decade of m is recorded with its interval. The false variant 'the gap grows like sqrt(#parameters)' is refuted by
the same experiment (widths 50, 3200). """ + POLY_BOUNDS,
    uses=["all19.two-layer-learnable"],
    obligations=[Obligation("gap against width, 5 seeds", generalisation_gap, timeout=180,
                            criterion=LAWS["width-independent"])],
    negative_controls=[Obligation("the gap grows like sqrt(#parameters) (beta >= 1/2)", generalisation_gap,
                                  {"law": "parameter-counting", "widths": "50,3200", "record": 0}, timeout=180,
                                  criterion=LAWS["parameter-counting"])],
    confirmed=PAPER_TEXT + "the abstract's 'sample complexity almost independent of the number of parameters' is "
              "measured as the gap's growth exponent; the thresholds 0.25 and 0.5 are ours.",
)

PAPER.claim(
    id="all19.three-beats-two",
    theorem="the paper's experiment: three-layer vs two-layer vs NTK vs last-layer-only, scaled down",
    statement="""On y = (sin 3x1 + sin 3x2 + sin 3x3 - 2)^2 cos 7x4 (standardised by the training labels; x = g / ||g||,
g ~ N(0, I_4)), N = 500 (N = 1000 at full size), a three-layer net (m1 = m2 = 64) beats a two-layer net
with the same number of trained parameters (width 896), which beats the NTK baseline (the two-layer net linearised at
initialisation with jax.jvp, trained to convergence: kernel regression with its empirical NTK) and the last-layer-only
baseline (its random ReLU features, output weights by least squares to convergence): each comparison A>B by a paired
one-sided 95% t bound on test_B - test_A over seeds 0, 1, 2. Nets: hidden weights by minibatch SGD (batch 10, step
1 / mean NTK diagonal at initialisation, 100 epochs, alpha = 0.1). A reversal contradicts the claim only when the
losing model fitted its training set (a converged baseline, or a net whose mean training error is at most the
winner's mean test error); an under-trained net losing leaves the comparison undecided and the verdict unknown.
Full size (make slow): N = 1000, m1 = m2 = 128, width 3430, 200 epochs. """ + POLY_BOUNDS,
    obligations=[Obligation("error table, four models", three_beats_two, timeout=300, criterion=ORDERING)],
    negative_controls=[Obligation("the last-layer-only baseline beats the three-layer net", three_beats_two,
                                  {"comparisons": "last layer>three-layer", "record": 0}, timeout=300, criterion=ORDERING)],
    confirmed=PAPER_TEXT + "the target, the four models and N = 1000 (full size) follow the suite's catalogue; the "
              "widths, the equal parameter count, the SGD budget and the converged baselines are ours.",
)
