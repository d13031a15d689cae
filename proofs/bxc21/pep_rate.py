"""Every-n rates for bxc21.pep-worst-case: one-step Lyapunov certificates for HB and NAG on F_{mu,L}.

For each method a kernel-checked LMI certificate (models.pep.lyapunov_lmi) gives a potential
V_k = a (f(x_k) - f*) + b (f(x_{k-1}) - f*) + <P, Gram(x_k - x*, x_{k-1} - x*)> with, for all data of
some f in F_{mu,L} (every dimension),
  V_{k+1} <= rho V_k   (one step; the same inequality at every k, the method's coefficients being constant),
  f(x_k) - f* <= V_k,   V_0 <= C * (initial measure)   (x_{-1} = x_0),
and the induction lemma bxc21.lyapunov-induction (z3, base and step) turns these into
f(x_n) - f* <= C rho^n (initial measure) for every n >= 0.
"""
from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp

from checkers import convex, kernel, smt
from checkers.claims import Obligation
from checkers.evidence import PROVED, Evidence
from proofs.bxc21.paper import PAPER
from proofs.bxc21.pep_bounds import PEP_CLAIM, PEP_SETTINGS

INDUCTION = "bxc21.lyapunov-induction"
#: the certified rates (rational, above the float threshold of the one-step LMI: HB ~0.780, NAG ~0.72)
RATES = {"hb": "79/100", "nag": "3/4"}
INITIAL = {"hb": "f", "nag": "f+mu/2 d^2"}
INITIAL_TEXT = {"f": "f(x0) - f*", "f+mu/2 d^2": "f(x0) - f* + mu/2 ||x0 - x*||^2"}


def _lmi(method: str, rho: Fraction, minimise: bool = True):
    from models import pep
    c = {k: Fraction(v) for k, v in PEP_SETTINGS[method].items()}
    params = {k: v for k, v in c.items() if k not in ("mu", "L")}
    return pep.lyapunov_lmi(method, c["mu"], c["L"], params, rho, INITIAL[method], minimise=minimise)


def lyapunov_certificate(method: str, rho: str = "", minimise: int = 1) -> Evidence:
    """Kernel-checked one-step certificate at rate rho (default RATES[method]), minimising C; with
    minimise = 0 the feasibility question alone (its refutation is an exact Farkas certificate)."""
    rho = Fraction(rho or RATES[method])
    name = f"{method}-lyapunov-rho-{str(rho).replace('/', '_')}" + ("" if minimise else "-feasible")
    return convex.lmi_certificate(_lmi(method, rho, bool(minimise)), path=convex.certificate_path(PEP_CLAIM, name),
                                  what=f"{method.upper()}: one-step Lyapunov certificate at rho = {rho}")


def nine_tenths_rate(method: str) -> Evidence:
    """Negative control: rho 10% below the certified rate has no one-step certificate of this form."""
    return lyapunov_certificate(method, str(Fraction(RATES[method]) * Fraction(9, 10)), minimise=0)


def every_n_bounds() -> dict:
    """{method: n -> C rho^n} from the committed one-step certificates' values (read, not checked: the rate
    obligation checks them); for the report's comparison with the exact worst cases."""
    out = {}
    for method, rho in RATES.items():
        path = convex.certificate_path(PEP_CLAIM, f"{method}-lyapunov-rho-{rho.replace('/', '_')}")
        try:
            C = Fraction(kernel.read(path)["solution"]["value"])
        except (OSError, kernel.CertificateError, KeyError):
            continue
        out[method] = lambda n, C=C, rho=Fraction(rho): C * rho**n
    return out


def known_rate(method: str) -> tuple:
    """(rate, text): NAG 1 - sqrt(mu/L); HB 1 - alpha mu (a theorem for the tuned beta only: a reference here)."""
    c = {k: Fraction(v) for k, v in PEP_SETTINGS[method].items()}
    if method == "nag":
        return 1 - Fraction(math.isqrt(c["mu"].numerator), math.isqrt(c["mu"].denominator)), "(1 - sqrt(mu/L))^n"
    return 1 - c["alpha"] * c["mu"], "(1 - alpha mu)^n (reference: proved for beta = sqrt((1 - alpha mu)(1 - L alpha)) only)"


def pep_rates_every_n() -> Evidence:
    """Both one-step certificates: f(x_n) - f* <= C rho^n (initial measure) for every n, beside the textbook rates
    (the comparison with every exact worst case certified is in the two-sided obligations' pep_every_n_vs_exact)."""
    rates, comparison, evidence = {}, {}, []
    for method in PEP_SETTINGS:
        e = lyapunov_certificate(method)
        evidence.append(e)
        if e.verdict != PROVED:
            return e
        rho, C = Fraction(RATES[method]), Fraction(e.details["value"])
        rates[method] = {"rho": str(rho), "constant": str(C), "initial_measure": INITIAL_TEXT[INITIAL[method]],
                         "certificate": e.certificate}
        known, text = known_rate(method)
        comparison[method] = {"known": text, "known rate": str(known), "certified rate": str(rho),
                              "certified / known": float(rho / known)}
    return Evidence(PROVED, "convex", "one-step Lyapunov certificates accepted by the kernel: "
                    + "; ".join(f"{m.upper()} f(x_n) - f* <= {r['constant']} ({r['rho']})^n ({r['initial_measure']})"
                                for m, r in rates.items()) + " for every n (with bxc21.lyapunov-induction)",
                    engine_version=convex.engine_version(), certificate=f"proofs/certificates/{PEP_CLAIM}",
                    report_fields={"pep_rate_all_n": rates, "pep_rate_comparison": comparison},
                    details={m: e.details for m, e in zip(PEP_SETTINGS, evidence)},
                    trust=sorted({t for e in evidence for t in e.trust}))


# ---------------------------------------------------------------- the induction over n
R, rho, V0, Vn, Vn1, init, C, fn = sp.symbols("R rho V_0 V_n V_n1 I C f_n", real=True)


def induction_step(wrong: int = 0) -> Evidence:
    """Step of the induction 'V_n <= rho^n V_0 for all n >= 0' (R stands for rho^n >= 0):
    V_n <= R V_0, V_{n+1} <= rho V_n, rho >= 0  =>  V_{n+1} <= (rho R) V_0.
    wrong = 1 drops rho >= 0 (a false step: the control)."""
    assuming = [Vn <= R * V0, Vn1 <= rho * Vn, R >= 0] + ([] if wrong else [rho >= 0])
    return smt.prove(Vn1 <= rho * R * V0, assuming=assuming, timeout=30,
                     what="induction step: V_n <= rho^n V_0 and V_{n+1} <= rho V_n give V_{n+1} <= rho^(n+1) V_0"
                          + (" (without rho >= 0)" if wrong else ""))


def induction_conclusion() -> Evidence:
    """Base and conclusion: V_0 <= rho^0 V_0; and f_n <= V_n, V_n <= R V_0, V_0 <= C I, R >= 0 => f_n <= C R I."""
    return smt.prove(sp.And(V0 <= 1 * V0, fn <= C * R * init),
                     assuming=[fn <= Vn, Vn <= R * V0, V0 <= C * init, R >= 0], timeout=30,
                     what="base case V_0 <= rho^0 V_0, and f(x_n) - f* <= V_n <= rho^n V_0 <= C rho^n (initial measure)")


PAPER.lemma(
    id=INDUCTION,
    statement="""If V_{k+1} <= rho V_k for every k >= 0 (rho >= 0), f(x_k) - f* <= V_k and V_0 <= C I, then
f(x_n) - f* <= C rho^n I for every n >= 0: by induction on n, base V_0 <= rho^0 V_0, step V_n <= rho^n V_0 and
V_{n+1} <= rho V_n give V_{n+1} <= rho^(n+1) V_0 (rho^n >= 0 written R).""",
    source="induction on n, machine-checked here (base, step and conclusion by z3)",
    obligations=[Obligation("step (z3)", induction_step), Obligation("base and conclusion (z3)", induction_conclusion)],
    negative_controls=[Obligation("a false step: rho >= 0 dropped", induction_step, {"wrong": 1})],
)
