"""Obligations "for every size": identities over abstract blocks, and induction.

Abstract blocks.  A statement about every width is an identity between expressions in
*blocks*, noncommutative sympy symbols standing for matrices of unspecified shape, scalars
(commutative symbols) and uninterpreted functions (sympy `Function`s, noncommutative when
block-valued).  `for_all(items, what=..., covers=...)` proves such identities with the symbolic
engine and records what they quantify over: an identity whose expanded difference is 0 in the
free algebra holds for every substitution of matrices of compatible shapes and of functions.
`block(name)` and `function(name)` declare the abstract objects.

Induction.  `induction(variable=..., statement=..., base=..., step=(case_n, case_next), ...)`
proves P(n) for every n >= start from

* the base: ``statement(base)``, the property at the start value, and
* the step: ``statement(case_next)`` assuming ``statement(case_n)`` (the induction hypothesis,
  P(n)) and the listed ``facts`` (proved elsewhere, e.g. by a claim it uses).

``statement(case)`` returns either a list of identities ``(name, lhs, rhs)`` (symbolic engine)
or a sympy boolean formula (SMT engine, z3 confirmed by cvc5).  With identities, each hypothesis
or fact ``lhs = rhs`` is an exact rewrite: its ``lhs`` (after expansion) must be a symbol or an
application of an uninterpreted function to given arguments, and every occurrence of exactly
that atom in P(n+1) is replaced by ``rhs`` (repeatedly, so facts and hypothesis chain); the
rewritten P(n+1) must then be an identity.  Rewriting is replacing equals by equals, so the step
is sound; because the atom is matched with its arguments, the hypothesis is only used where the
step instantiates it.  With formulas, P(n) and the facts are assumptions of the SMT query for
P(n+1).  The result is `proved` only when base and step are both proved; a base or a step that
fails is `refuted` by the same engine (the evidence says which, with the engine's witness: a
false step refutes the argument, not necessarily the statement).
"""
from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef

from checkers import smt, symbolic
from checkers.evidence import ERROR, PROVED, REFUTED, UNKNOWN, Evidence

FREE_ALGEBRA = "sympy identity in the free algebra of the blocks (holds for blocks of every shape)"
MAX_REWRITES = 50


def block(name: str) -> sympy.Symbol:
    """A matrix of unspecified shape (a noncommutative symbol)."""
    return sympy.Symbol(name, commutative=False)


def function(name: str, block_valued: bool = True):
    """An uninterpreted function (block-valued unless ``block_valued`` is False)."""
    return sympy.Function(name, commutative=not block_valued)


def quantified(expressions) -> dict:
    """The blocks, scalars and uninterpreted functions the expressions are universally quantified over."""
    blocks, scalars, functions = set(), set(), set()
    for e in expressions:
        for entry in (e if isinstance(e, sympy.MatrixBase) else [e]):
            entry = sympy.sympify(entry)
            for s in entry.free_symbols:
                (scalars if s.is_commutative else blocks).add(str(s))
            functions |= {str(a.func) for a in entry.atoms(AppliedUndef)}
    return {"blocks": sorted(blocks), "scalars": sorted(scalars), "functions": sorted(functions)}


def _sides(items):
    return [side for _, lhs, rhs in items for side in (lhs, rhs)]


def for_all(items, *, what: str, covers: str) -> Evidence:
    """Identities (name, lhs, rhs) over blocks, scalars and uninterpreted functions; ``covers`` says
    which sizes the abstract objects stand for (recorded with the quantified objects)."""
    evidence = symbolic.identities(items, what=what)
    over = quantified(_sides(items))
    evidence.details.update({"for_all": over, "covers": covers})
    if evidence.verdict == PROVED and over["blocks"]:
        evidence.trust = [FREE_ALGEBRA]
    return evidence


# ---------------------------------------------------------------------------- induction
def _entries(name, lhs, rhs):
    if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
        lhs, rhs = sympy.Matrix(lhs), sympy.Matrix(rhs)
        if lhs.shape != rhs.shape:
            raise ValueError(f"hypothesis {name!r}: sides of shapes {lhs.shape} and {rhs.shape}")
        return [(f"{name}[{k}]", a, b) for k, (a, b) in enumerate(zip(lhs, rhs))]
    return [(name, lhs, rhs)]


def _rewrites(equations, role):
    """{atom: replacement} from hypothesis equations lhs = rhs (lhs a symbol or an application)."""
    rules = {}
    for name, lhs, rhs in (e for eq in equations for e in _entries(*eq)):
        atom = sympy.expand(lhs)
        if not (atom.is_Symbol or isinstance(atom, AppliedUndef)):
            raise ValueError(f"{role} {name!r}: its left side must be a symbol or an application of an "
                             f"uninterpreted function, to be used as a rewrite; got {atom}")
        if atom in rules:
            raise ValueError(f"{role} {name!r}: {atom} is rewritten twice")
        rules[atom] = sympy.expand(rhs)
    return rules


def _rewrite(expr, rules):
    expr = sympy.expand(expr)
    for _ in range(MAX_REWRITES):
        new = sympy.expand(expr.xreplace(rules))
        if new == expr:
            break
        expr = new
    return expr


def _rewrite_items(items, rules):
    out = []
    for name, lhs, rhs in items:
        if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
            out.append((name, sympy.Matrix(lhs).applyfunc(lambda e: _rewrite(e, rules)),
                        sympy.Matrix(rhs).applyfunc(lambda e: _rewrite(e, rules))))
        else:
            out.append((name, _rewrite(lhs, rules), _rewrite(rhs, rules)))
    return out


def _equations_text(equations):
    return [f"{name}: {lhs} = {rhs}" for eq in equations for name, lhs, rhs in _entries(*eq)]


def induction(*, variable: str, statement, base, step, what: str, start: str = "", facts=(),
              assuming=(), timeout: float = 30) -> Evidence:
    """P(n) for every n >= start: P(start) and P(n) => P(n+1), each machine-checked (see the module
    docstring).  ``variable`` names the induction variable (and what it counts), ``facts`` are
    (name, lhs, rhs) equations (identities) or formulas (SMT) the step may use besides P(n)."""
    if not isinstance(step, (tuple, list)) or len(step) != 2:
        raise ValueError("step must be the pair (case at n, case at n + 1)")
    case_n, case_next = step
    p_base, p_n, p_next = statement(base), statement(case_n), statement(case_next)
    smt_engine = not isinstance(p_base, (list, tuple))
    label = f"{what} [induction over {variable}{', from ' + start if start else ''}]"
    if smt_engine:
        base_ev = smt.prove(p_base, assuming=list(assuming), what=f"base: {what}", timeout=timeout)
        step_ev = smt.prove(p_next, assuming=list(assuming) + [p_n] + list(facts), what=f"step: {what}",
                            timeout=timeout)
        hypothesis, fact_text = [str(p_n)], [str(f) for f in facts]
        over = quantified([p_base, p_n, p_next])
    else:
        base_ev = symbolic.identities(p_base, what=f"base: {what}")
        rules = _rewrites(p_n, "hypothesis")
        for atom, value in _rewrites(facts, "fact").items():
            if atom in rules:
                raise ValueError(f"fact and hypothesis both rewrite {atom}")
            rules[atom] = value
        step_ev = symbolic.identities(_rewrite_items(p_next, rules), what=f"step: {what}")
        hypothesis, fact_text = _equations_text(p_n), _equations_text(facts)
        over = quantified(_sides(p_base) + _sides(p_n) + _sides(p_next))
    details = {"variable": variable, "start": start, "hypothesis": hypothesis, "facts": fact_text,
               "base": {"verdict": base_ev.verdict, "summary": base_ev.summary},
               "step": {"verdict": step_ev.verdict, "summary": step_ev.summary}, "for_all": over}
    trust = [FREE_ALGEBRA if over["blocks"] and t.startswith("sympy identity") else t
             for e in (base_ev, step_ev) for t in e.trust]
    trust = [t for k, t in enumerate(trust) if t not in trust[:k]]
    for role, e in (("base case", base_ev), ("induction step", step_ev)):
        if e.verdict in (REFUTED, ERROR):
            extra = "" if role == "base case" else " (P(n) does not give P(n+1): the argument fails)"
            return Evidence(e.verdict, "induction", f"{role} fails{extra}: {e.summary} — {label}",
                            engine_version=e.engine_version, counterexample=e.counterexample,
                            details={**details, "failed": role, **e.details}, trust=e.trust)
    if base_ev.verdict == PROVED and step_ev.verdict == PROVED:
        return Evidence(PROVED, "induction", f"base and step proved — {label}",
                        engine_version=base_ev.engine_version, details=details,
                        trust=trust + [f"induction over {variable}: base and step each checked by the engine"])
    weak = base_ev if base_ev.verdict != PROVED else step_ev
    return Evidence(UNKNOWN, "induction", f"{'base' if weak is base_ev else 'step'} undecided "
                    f"({weak.verdict}): {weak.summary} — {label}", engine_version=weak.engine_version,
                    details=details)
