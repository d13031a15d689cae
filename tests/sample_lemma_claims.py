"""A cited lemma and a claim resting on it (used by tests/test_trust_base.py)."""
import sympy

from checkers import smt
from checkers.claims import Obligation, Paper

x, y = sympy.symbols("x y", real=True)

PAPER = Paper(key="demo", title="Lemma nodes", authors="Test")


def gram_form(coefficient="2"):
    """x^2 + y^2 - c x y >= 0: the Gram form of (x, y) against itself, PSD iff |c| <= 2."""
    return smt.prove(x**2 + y**2 - sympy.Rational(coefficient) * x * y >= 0, what=f"x^2 + y^2 >= {coefficient} xy")


PAPER.lemma(id="demo.gram-psd", statement="A Gram matrix is PSD.", source="textbook linear algebra")
PAPER.claim(id="demo.uses-gram", theorem="-", statement="x^2 + y^2 >= 2xy, from the Gram form.",
            uses=["demo.gram-psd"],
            obligations=[Obligation("z3 unsat", gram_form)],
            negative_controls=[Obligation("constant 5/2", gram_form, {"coefficient": "5/2"})])
