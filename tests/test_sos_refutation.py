"""A false nonnegativity claim sent to the SOS engine comes back refuted, with an exact rational point
where p < 0; a true one that is not a sum of squares (Motzkin) stays unknown, never refuted."""
import sympy

from checkers import convex
from checkers.evidence import PROVED, REFUTED, UNKNOWN

x, y = sympy.symbols("x y", real=True)


def test_a_false_nonnegativity_claim_is_refuted_at_an_exact_point(tmp_path):
    p = x**4 - 3 * x**2 * y**2 + y**4
    e = convex.sos_certificate(p, [x, y], path=tmp_path / "false.json", what="false")
    assert e.verdict == REFUTED and e.counterexample["exact"]
    point = {x: sympy.Rational(e.counterexample["point"]["x"]), y: sympy.Rational(e.counterexample["point"]["y"])}
    assert p.subs(point) < 0 and str(p.subs(point)) == e.counterexample["value"]


def test_a_true_claim_is_proved_and_motzkin_stays_unknown(tmp_path):
    assert convex.sos_certificate(x**2 - 2 * x * y + 2 * y**2, [x, y], path=tmp_path / "t.json", what="t").verdict == PROVED
    motzkin = x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1
    assert convex.sos_certificate(motzkin, [x, y], path=tmp_path / "m.json", what="m").verdict == UNKNOWN


def test_the_search_only_reports_points_it_checked_exactly():
    terms = {(2,): sympy.Rational(1), (0,): sympy.Rational(-1, 10**9)}   # x^2 - 1e-9: negative only near 0
    from fractions import Fraction
    terms = {e: Fraction(int(c.p), int(c.q)) for e, c in terms.items()}
    point = convex.negative_point(terms, 1)
    assert point is None or convex.evaluate(terms, point) < 0
