"""bxc21.ntk-gram: the NTK Gram matrix H_inf of the two-layer ReLU net, its closed form and lambda_0 > 0."""
from __future__ import annotations

import math

from checkers import numeric, symbolic
from checkers.claims import Obligation
from checkers.evidence import Evidence
from proofs.bxc21.paper import PAPER, PAPER_TEXT

def ntk_gram_monte_carlo_check(points: int = 12, dim: int = 5, samples: int = 200_000, seed: int = 2010,
                               normalisation: str = "2 pi") -> Evidence:
    """Closed form of H_inf against a Monte Carlo average over w ~ N(0, I): each summand lies in [-1, 1],
    so by Hoeffding and a union bound over the n(n+1)/2 entries every entry is within
    sqrt(2 log(2 n(n+1)/2 / delta) / samples) of its mean with probability >= 1 - delta (delta = 1e-6).
    normalisation = "pi" checks the (false) formula c (pi - theta) / pi instead."""
    import numpy as np
    from models import ntk
    rng = np.random.default_rng(seed)
    X = ntk.unit_sphere_sample(points, dim, rng)
    closed = ntk.ntk_gram(X) * (2 if normalisation == "pi" else 1)
    estimate = ntk.ntk_gram_monte_carlo(X, samples, rng)
    entries = points * (points + 1) // 2
    delta = 1e-6
    bound = math.sqrt(2 * math.log(2 * entries / delta) / samples)
    error = float(np.max(np.abs(estimate - closed)))
    return numeric.experiment({"points": points, "dimension": dim, "samples": samples, "max_abs_error": error,
                               "hoeffding_bound": bound, "confidence": 1 - delta},
                              error <= bound, seed=seed,
                              criterion="every entry of the Monte Carlo estimate within the Hoeffding/union bound "
                                        "(confidence 1 - 1e-6) of the closed form",
                              what=f"H_inf_ij = x_i.x_j (pi - arccos x_i.x_j) / ({normalisation})")


def ntk_gram_exact_instance(instance: str, duplicate_first: int = 0) -> Evidence:
    """Exact inertia of H_inf for normalised root vectors (cosines in {0, +-1/2, +-1}, entries rational):
    positive definite, i.e. lambda_0 > 0. duplicate_first = 1 appends a copy of the first input."""
    from models import ntk
    cosines = ntk.root_system_cosines(instance)
    if duplicate_first:
        cosines = [row + [row[0]] for row in cosines] + [cosines[0] + [cosines[0][0]]]
    H = ntk.ntk_gram_exact(cosines)
    n = H.shape[0]
    return symbolic.inertia_is(H, (n, 0, 0), instances=[f"{instance}{' + duplicate' if duplicate_first else ''} (n = {n})"],
                               what=f"H_inf positive definite on the {instance} inputs"
                                    + (" with x_1 repeated" if duplicate_first else ""))


ERROR_FACTOR = 32   # |lambda_0(computed) - lambda_0(exact)| <= ERROR_FACTOR * n * eps * ||H||_2, see below


def lambda_0_in_error_units(Z, points: int, dim: int, angle_term: str = "pi - theta") -> float:
    """lambda_min(H) / E with E = 32 n eps ||H||_2 a bound on its floating-point error, for the unit inputs
    Z / ||Z||. Rationale (fixed before the run): models.ntk computes the angles stably (atan2 of ||x_i -+ x_j||),
    so every entry of H is within a few eps of the exact one and ||dH||_2 <= n max |dH_ij| (Weyl); the symmetric
    eigensolver adds at most O(n) eps ||H||_2 (backward stable); 32 n eps ||H||_2 covers both with room. Near
    parallel inputs lambda_0 -> 0, below what floating point resolves: a violation is lambda_0 < -E, i.e. a margin
    < -1, which no rounding can explain. angle_term "theta" is the mutated kernel cos(theta) theta / (2 pi)."""
    import numpy as np
    from models import ntk
    X = Z.reshape(points, dim)
    X = X / np.linalg.norm(X, axis=1, keepdims=True)
    if angle_term == "pi - theta":
        H = ntk.ntk_gram(X)
    else:
        theta = ntk.angles(X)
        H = np.cos(theta) * theta / (2 * np.pi)
    eigenvalues = np.linalg.eigvalsh(H)
    bound = ERROR_FACTOR * points * np.finfo(float).eps * max(abs(eigenvalues[0]), abs(eigenvalues[-1]))
    return float(eigenvalues[0] / bound)


def ntk_gram_random_sets(points: int = 8, dim: int = 3, trials: int = 300, seed: int = 4,
                         angle_term: str = "pi - theta") -> Evidence:
    """lambda_min(H_inf) > 0 on random unit inputs (almost surely pairwise non-parallel), measured in units of its
    floating-point error bound (lambda_0_in_error_units); adversarial search on (it drives inputs towards parallel)."""
    from functools import partial
    return numeric.stress(partial(lambda_0_in_error_units, points=points, dim=dim, angle_term=angle_term),
                          lambda rng: rng.standard_normal(points * dim), trials=trials, seed=seed, tolerance=1.0,
                          what=f"lambda_0(H_inf) >= -(its error bound 32 n eps ||H||) for {points} random unit inputs "
                               f"in R^{dim}; margin = lambda_0 / (32 n eps ||H||)"
                               + ("" if angle_term == "pi - theta" else ", mutated kernel cos(theta) theta / (2 pi)"))


PAPER.claim(
    id="bxc21.ntk-gram",
    theorem="NTK Gram matrix of the two-layer ReLU net and its positive definiteness (Du et al. 2019, Thm. 3.1)",
    statement="""For unit inputs, H_inf_ij = E_{w ~ N(0,I)}[x_i.x_j 1{w.x_i >= 0, w.x_j >= 0}] = x_i.x_j (pi - arccos(x_i.x_j))/(2 pi),
and lambda_0 = lambda_min(H_inf) > 0 when no two inputs are parallel, x_i != +-x_j. Both exclusions are needed:
a repeated input makes two rows equal, and antipodal pairs x, -x are dependent through
x 1{w.x >= 0} - (-x) 1{-w.x >= 0} = x (a.e.), so d + 1 antipodal pairs in R^d are singular (the 12 roots of A3:
nullity 3). Then F(e) = 1/2 e^T H_inf e is lambda_0-strongly convex in the prediction error.""",
    obligations=[
        Obligation("closed form vs Monte Carlo (Hoeffding bound)", ntk_gram_monte_carlo_check, timeout=60),
        *[Obligation(f"exact: lambda_0 > 0 on {name}", ntk_gram_exact_instance, {"instance": name}, timeout=60)
          for name in ("A3+", "A4+", "D4+")],
        Obligation("lambda_0 > 0 on random input sets (margin in units of its floating-point error bound)",
                   ntk_gram_random_sets, timeout=60,
                   criterion="every margin lambda_0 / (32 n eps ||H||_2) >= -1 (tolerance 1): lambda_0 is never below "
                             "minus its floating-point error bound; the bound (stable angles, Weyl, a backward-stable "
                             "eigensolver) is fixed in lambda_0_in_error_units"),
    ],
    negative_controls=[
        Obligation("two parallel inputs give lambda_0 = 0", ntk_gram_exact_instance,
                   {"instance": "D4+", "duplicate_first": 1}, timeout=60),
        Obligation("antipodal pairs: the 12 roots of A3 give lambda_0 = 0", ntk_gram_exact_instance,
                   {"instance": "A3"}, timeout=60),
        Obligation("closed form without the factor 1/2", ntk_gram_monte_carlo_check, {"normalisation": "pi"}, timeout=60),
        Obligation("mutated kernel cos(theta) theta / (2 pi): lambda_0 far below its error bound", ntk_gram_random_sets,
                   {"angle_term": "theta"}, timeout=60),
    ],
    confirmed=PAPER_TEXT + "the closed form is the one of Du, Zhai, Poczos, Singh (ICLR 2019) and Xie et al. (2017); "
              "the exact check on the 12 roots of A3 (6 antipodal pairs, inertia (9, 3, 0)) confirms that "
              "'parallel' must include antiparallel inputs, as in Du et al.",
)
