"""The numeric stress engine: supports true inequalities, refutes false ones (also when only the
adversarial search finds the violation), and turns non-finite margins into errors."""
import numpy as np

from checkers import numeric
from checkers.evidence import ERROR, REFUTED, SUPPORTED


def amgm_margin(x):
    return x[0] ** 2 + x[1] ** 2 - 2 * x[0] * x[1]


def test_true_inequality_is_supported_with_its_record():
    e = numeric.stress(amgm_margin, lambda rng: rng.normal(size=2), trials=200, seed=3, what="AM-GM",
                       adversarial_starts=3)
    assert e.verdict == SUPPORTED
    assert e.margins["trials"] == 200 and e.margins["seed"] == 3 and e.margins["worst_margin"] >= -1e-9


def test_false_inequality_is_refuted_with_the_instance():
    e = numeric.stress(lambda x: x[0] ** 2 - x[0], lambda rng: rng.normal(size=1), trials=200, seed=3,
                       what="x^2 >= x (false)")
    assert e.verdict == REFUTED
    x = e.counterexample["instance"][0]
    assert x**2 - x < 0 and e.counterexample["exact"] is False


def test_adversarial_search_finds_a_narrow_violation_sampling_misses():
    """margin < 0 only within 1e-3 of x = 5: no N(0, 1) sample lands there, the local search does."""
    margin = lambda x: (x[0] - 5) ** 2 - 1e-6  # noqa: E731
    sampled = numeric.stress(margin, lambda rng: rng.uniform(3, 7, size=1), trials=50, seed=0, what="sampling",
                             adversarial_starts=0)
    searched = numeric.stress(margin, lambda rng: rng.uniform(3, 7, size=1), trials=50, seed=0, what="search",
                              adversarial_starts=2)
    assert sampled.verdict == SUPPORTED and searched.verdict == REFUTED


def test_non_finite_margin_is_an_error():
    e = numeric.stress(lambda x: np.log(x[0]) if x[0] > 0 else np.nan, lambda rng: rng.normal(size=1),
                       trials=20, seed=1, what="log")
    assert e.verdict == ERROR and "non-finite" in e.summary


def test_experiment_records_measurements_and_verdict():
    ok = numeric.experiment({"slope": -0.5}, True, what="fit", seed=1, criterion="slope < 0")
    bad = numeric.experiment({"slope": 0.5}, False, what="fit", seed=1, criterion="slope < 0")
    nan = numeric.experiment({"slope": float("nan")}, True, what="fit", seed=1, criterion="slope < 0")
    assert (ok.verdict, bad.verdict, nan.verdict) == (SUPPORTED, REFUTED, ERROR)
    assert ok.margins["slope"] == -0.5 and ok.margins["criterion"] == "slope < 0"


def test_adversarial_search_stays_in_the_domain():
    """sqrt(x) >= 0 on x >= 0: the search may step below 0, where the margin raises; that is not a violation."""
    def margin(x):
        if x[0] < 0:
            raise ValueError("outside the domain")
        return float(np.sqrt(x[0]))
    e = numeric.stress(margin, lambda rng: rng.uniform(0, 1e-3, size=1), trials=10, seed=0, what="sqrt")
    assert e.verdict == SUPPORTED and e.margins["worst_margin"] >= 0
