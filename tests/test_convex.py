"""Convex certificates: solver candidates become proofs only through the kernel; files are
re-checked without a solver, re-derived when the problem changes, and refused when tampered."""
import json

import sympy

from checkers import convex, kernel
from checkers.evidence import ERROR, PROVED, REFUTED

x, y = sympy.symbols("x y")


def min_problem(offset=0):
    """min a subject to [[a, 1], [1, 1 + offset]] PSD: a = 1/(1 + offset)."""
    return convex.LMIProblem(multipliers=["a"], nonnegative=[], matrix_constant=[[0, 1], [1, 1 + offset]],
                             matrix_coefficients={"a": [[1, 0], [0, 0]]}, objective={"a": 1},
                             statement=f"1/(1+{offset}) is the least a")


def test_sos_certificate_cycle(tmp_path):
    path = tmp_path / "sos.json"
    p = x**4 + x**2 * y**2 + y**4 - x * y + 1
    first = convex.sos_certificate(p, [x, y], path=path, what="positive quartic")
    assert first.verdict == PROVED and first.details["solver_called"]
    again = convex.sos_certificate(p, [x, y], path=path, what="positive quartic")
    assert again.verdict == PROVED and not again.details["solver_called"]


def test_lmi_bound_is_exact_and_not_below_the_optimum(tmp_path):
    e = convex.lmi_certificate(min_problem(), path=tmp_path / "lmi.json", what="least a")
    assert e.verdict == PROVED
    from fractions import Fraction
    value = Fraction(e.details["value"])
    assert 1 <= value <= 1 + Fraction(1, 10**5)  # a certified upper bound for the minimum 1


def test_tampered_certificate_is_an_error_not_rederived(tmp_path):
    path = tmp_path / "lmi.json"
    assert convex.lmi_certificate(min_problem(), path=path, what="least a").verdict == PROVED
    cert = json.loads(path.read_text())
    cert["solution"]["multipliers"]["a"] = "2"
    path.write_text(json.dumps(cert))
    e = convex.lmi_certificate(min_problem(), path=path, what="least a")
    assert e.verdict == ERROR and "tampered" in e.summary
    assert json.loads(path.read_text())["solution"]["multipliers"]["a"] == "2"  # left for a human to see


def test_stale_certificate_is_rederived(tmp_path):
    path = tmp_path / "lmi.json"
    convex.lmi_certificate(min_problem(), path=path, what="least a")
    e = convex.lmi_certificate(min_problem(offset=1), path=path, what="changed problem")
    assert e.verdict == PROVED and e.details["solver_called"]
    assert kernel.verify(path).ok


def test_infeasible_lmi_is_refuted_by_an_exact_farkas_certificate(tmp_path):
    """No a >= 0 makes [[1 - a, 1], [1, a]] PSD (it needs a(1 - a) >= 1)."""
    problem = convex.LMIProblem(multipliers=["a"], nonnegative=["a"], matrix_constant=[[1, 1], [1, 0]],
                                matrix_coefficients={"a": [[-1, 0], [0, 1]]}, statement="infeasible")
    e = convex.lmi_certificate(problem, path=tmp_path / "inf.json", what="infeasible")
    assert e.verdict == REFUTED and kernel.verify(tmp_path / "inf.json").ok


def test_sos_of_an_indefinite_form_is_not_proved_but_refuted(tmp_path):
    """No Gram certificate exists, and the refutation is an exact point where the form is negative."""
    e = convex.sos_certificate(x**2 - 3 * x * y + y**2, [x, y], path=tmp_path / "no.json", what="indefinite")
    assert e.verdict == REFUTED and e.counterexample["exact"]


def test_inexact_problem_data_is_an_error(tmp_path):
    bad = convex.LMIProblem(multipliers=["a"], nonnegative=[], matrix_constant=[[0.5]],
                            matrix_coefficients={"a": [[1]]})
    assert convex.lmi_certificate(bad, path=tmp_path / "bad.json", what="floats").verdict == ERROR


def test_lmi_whose_only_solution_is_on_the_boundary_is_still_certified(tmp_path):
    """y = 1 is forced by the equality, and S(1) = [[1, 1], [1, 1]] is singular: the float
    solver's min-eigenvalue is ~0 (possibly slightly negative), yet the exact point is a proof."""
    problem = convex.LMIProblem(multipliers=["y"], nonnegative=[], matrix_constant=[[0, 1], [1, 0]],
                                matrix_coefficients={"y": [[1, 0], [0, 1]]}, linear_constant=[-1],
                                linear_coefficients={"y": [1]}, statement="boundary")
    e = convex.lmi_certificate(problem, path=tmp_path / "edge.json", what="boundary")
    assert e.verdict == PROVED and "singular" in e.details["kernel"]


def test_a_capped_minimisation_certifies_a_lower_bound(tmp_path):
    """min a over [[a, 1], [1, 1]] PSD is 1: capped at 9/10 the LMI has no solution (an exact Farkas certificate,
    built from the minimisation's dual point), capped at 11/10 it has one (proved feasible), so 9/10 < min <= 11/10."""
    below = convex.lmi_certificate(min_problem().capped("9/10"), path=tmp_path / "below.json", what="below")
    assert below.verdict == REFUTED and kernel.verify(tmp_path / "below.json").ok
    above = convex.lmi_certificate(min_problem().capped("11/10"), path=tmp_path / "above.json", what="above")
    assert above.verdict == PROVED


def test_face_polish_without_active_multipliers_gives_no_point():
    """Regression (NAG n = 48): a complementarity threshold that leaves no multiplier active has nothing to
    polish; the search moves on to the next threshold instead of crashing."""
    import numpy as np
    from checkers import lmi_search
    assert lmi_search._face_point(None, np.zeros(3), [], [], steps=4) is None
