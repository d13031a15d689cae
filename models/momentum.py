"""Heavy Ball (HB) and Nesterov (NAG): discrete maps, limiting ODEs, and the Lessard–Recht–Packard
function on which the quadratic-optimal HB tuning cycles.

Discrete methods (x_{-1} = x_0):
  HB   x_{k+1} = x_k - alpha grad f(x_k) + beta (x_k - x_{k-1})
  NAG  y_k = x_k + beta_k (x_k - x_{k-1}),  x_{k+1} = y_k - s grad f(y_k)
ODEs:
  HB   X'' + gamma X' + grad f(X) = 0          (gamma = 2 sqrt(mu) in BXC21)
  NAG  X'' + (r/t) X' + grad f(X) = 0          (r = 3: Su, Boyd, Candes)

Lyapunov arguments are posed in *Gram form*: x, v, g stand for the vectors X - x*, X', grad f(X)
(any dimension) and d for f(X) - f*; every formula is linear in d and in the entries G_ab = <a, b>
of their symbolic 3 x 3 Gram matrix, which is PSD (a Gram matrix; every principal minor >= 0).
Time derivatives follow the product rule <a, b>' = <a', b> + <a, b'> with the ODE's a'. A claim
proved for every PSD G covers vectors of every dimension.

Everything here is generic in the number type: sympy expressions, Fractions or numpy arrays.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp

# ---------------------------------------------------------------- discrete methods


def heavy_ball(gradient, x0, alpha, beta, steps: int, previous=None) -> list:
    """Iterates x_0, ..., x_steps of HB from x_{-1} = previous (default x_0)."""
    xs, previous = [x0], (x0 if previous is None else previous)
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - alpha * gradient(x) + beta * (x - previous))
        previous = x
    return xs


def nesterov(gradient, x0, step, momentum, steps: int) -> list:
    """Iterates x_0, ..., x_steps of NAG; momentum(k) is beta_k (k = 0, 1, ...), y_0 = x_0."""
    xs, previous = [x0], x0
    for k in range(steps):
        x = xs[-1]
        y = x + momentum(k) * (x - previous)
        xs.append(y - step * gradient(y))
        previous = x
    return xs


def heavy_ball_companion(lam, alpha, beta) -> sp.Matrix:
    """HB on the mode f = lam/2 x^2: (x_{k+1}, x_k) = T (x_k, x_{k-1})."""
    return sp.Matrix([[1 + beta - alpha * lam, -beta], [1, 0]])


def polyak_tuning(mu, L):
    """Quadratic-optimal HB parameters: alpha = 4/(sqrt L + sqrt mu)^2, beta = q^2 with
    q = (sqrt kappa - 1)/(sqrt kappa + 1) the optimal rate (kappa = L/mu)."""
    a, b = sp.sqrt(mu), sp.sqrt(L)
    return 4 / (a + b) ** 2, ((b - a) / (b + a)) ** 2


# ---------------------------------------------------------------- the Lessard–Recht–Packard function

#: Pieces of grad f (L = 25, mu = 1, minimiser 0): (lower end, slope, intercept), lower end inclusive.
LRP_PIECES = ((None, 25, 0), (1, 1, 24), (2, 25, -24))


def lrp_gradient(x):
    """grad f: 25x (x < 1), x + 24 (1 <= x < 2), 25x - 24 (x >= 2); continuous, slopes in [1, 25]."""
    piece = 0 if x < 1 else (1 if x < 2 else 2)
    _, slope, intercept = LRP_PIECES[piece]
    return slope * x + intercept


def lrp_value(x):
    """f with f(0) = 0: 25/2 x^2, 1/2 x^2 + 24x - 12, 25/2 x^2 - 24x + 36 (C^1 at 1 and 2)."""
    if x < 1:
        return Fraction(25, 2) * x * x
    if x < 2:
        return Fraction(1, 2) * x * x + 24 * x - 12
    return Fraction(25, 2) * x * x - 24 * x + 36


def lrp_piece_condition(x, g):
    """sympy condition 'g = grad f(x)' as a disjunction over the three pieces (linear arithmetic)."""
    return sp.Or(sp.And(x < 1, sp.Eq(g, 25 * x)),
                 sp.And(x >= 1, x < 2, sp.Eq(g, x + 24)),
                 sp.And(x >= 2, sp.Eq(g, 25 * x - 24)))


def heavy_ball_cycle_conditions(period: int, alpha, beta):
    """Symbols and conditions of a period-`period` orbit of HB on the LRP function:
    x_{i+1} = x_i - alpha g_i + beta (x_i - x_{i-1}) with indices mod period, g_i = grad f(x_i),
    and not every point at the minimiser 0 (the only constant orbit)."""
    xs = sp.symbols(f"x0:{period}")
    gs = sp.symbols(f"g0:{period}")
    conditions = [lrp_piece_condition(xs[i], gs[i]) for i in range(period)]
    conditions += [sp.Eq(xs[(i + 1) % period], xs[i] - alpha * gs[i] + beta * (xs[i] - xs[i - 1]))
                   for i in range(period)]
    conditions.append(sp.Or(*[sp.Ne(x, 0) for x in xs]))
    return xs, gs, conditions


# ---------------------------------------------------------------- ODEs and Lyapunov functions, in Gram form

x, v, g, d = sp.symbols("x v g d", real=True)       # X - x*, X', grad f(X), f(X) - f*
t = sp.symbols("t", real=True)      # time; t > 0 is stated where used
STATE = (x, v, g)
#: G[a, b] = <a, b>: the entries of the Gram matrix of the vectors X - x*, X', grad f(X) (any dimension)
GRAM = {(a, b): sp.Symbol(f"G_{a}{b}", real=True) for i, a in enumerate(STATE) for b in STATE[i:]}


def gram_entry(a, b):
    return GRAM[(a, b)] if (a, b) in GRAM else GRAM[(b, a)]


def gram_matrix() -> sp.Matrix:
    return sp.Matrix(3, 3, lambda i, j: gram_entry(STATE[i], STATE[j]))


def gram_psd_conditions() -> list:
    """Every principal minor of the symbolic Gram matrix is >= 0 (it is the Gram matrix of vectors)."""
    G = gram_matrix()
    subsets = [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]
    return [G.extract(list(s), list(s)).det() >= 0 for s in subsets]


def gram_form(expr):
    """A formula written with x, v, g standing for vectors, its quadratic monomials as inner products
    (x v = <X - x*, X'>, g^2 = ||grad f||^2, ...), as a linear expression in the Gram entries; d, t and
    parameters stay scalars."""
    poly = sp.Poly(sp.expand(expr), *STATE)
    out = 0
    for monomial, coefficient in poly.terms():
        factors = [s for s, k in zip(STATE, monomial) for _ in range(k)]
        if not factors:
            out += coefficient
        elif len(factors) == 2:
            out += coefficient * gram_entry(*factors)
        else:
            raise ValueError(f"{expr} is not (quadratic form in x, v, g) + terms free of them")
    return sp.expand(out)


def gram_time_derivative(VG, velocity: dict, explicit_time: bool = False):
    """d/dt of VG (linear in d and the Gram entries) along X' = v, v' = velocity[v] (combinations of the
    state vectors): d' = <grad f, X'> = G_vg and <a, b>' = <a', b> + <a, b'> (product rule). VG must not
    contain the gradient's inner products (g' is not given by the ODE)."""
    if any(VG.has(GRAM[k]) for k in GRAM if g in k):
        raise ValueError("the Lyapunov function must not contain inner products with grad f")
    rates = {x: {v: 1}, v: velocity}

    def pair(a, b):         # <a', b> + <a, b'>
        return sum(c * gram_entry(e, b) for e, c in rates[a].items()) + sum(c * gram_entry(a, e) for e, c in rates[b].items())
    out = sp.diff(VG, d) * gram_entry(g, v) + (sp.diff(VG, t) if explicit_time else 0)
    for (a, b), G in GRAM.items():
        if g not in (a, b):
            out += sp.diff(VG, G) * pair(a, b)
    return sp.expand(out)


def heavy_ball_ode_derivative(V, gamma):
    """dV/dt along X'' + gamma X' + grad f(X) = 0 in Gram form (V: coordinates, see gram_form)."""
    return gram_time_derivative(gram_form(V), {v: -gamma, g: -1})


def nesterov_ode_derivative(E, r):
    """dE/dt along X'' + (r/t) X' + grad f(X) = 0 in Gram form, for E(t, x, v, d)."""
    return gram_time_derivative(gram_form(E), {v: -r / t, g: -1}, explicit_time=True)


def heavy_ball_ode_lyapunov(mu_root):
    """BXC21's V = f - f* + 1/2 ||X' + sqrt(mu) (X - x*)||^2, with mu_root = sqrt(mu)."""
    return d + sp.Rational(1, 2) * (v + mu_root * x) ** 2


def heavy_ball_ode_lyapunov_fast(mu_root):
    """V = f - f* + 4/9 mu ||X - x*||^2 + 4/3 sqrt(mu) <X - x*, X'> + 1/2 ||X'||^2 (rate 4/3 sqrt(mu))."""
    return (d + sp.Rational(4, 9) * mu_root**2 * x**2 + sp.Rational(4, 3) * mu_root * x * v
            + sp.Rational(1, 2) * v**2)


def nesterov_ode_energy(r):
    """E = 2t^2/(r-1) (f - f*) + (r-1) ||X - x* + t/(r-1) X'||^2; r = 3 gives Su–Boyd–Candes'
    t^2 (f - f*) + 2 ||X - x* + t/2 X'||^2."""
    return 2 * t**2 / (r - 1) * d + (r - 1) * (x + t / (r - 1) * v) ** 2


def strong_convexity_at_point(mu):
    """f* >= f(X) + <g, x* - X> + mu/2 ||X - x*||^2, written as (expression <= 0)."""
    return d - g * x + mu / 2 * x**2


def strong_convexity_at_minimiser(mu):
    """f(X) >= f* + mu/2 ||X - x*||^2 (grad f(x*) = 0), written as (expression <= 0)."""
    return -d + mu / 2 * x**2


def gram_coefficients(expr) -> sp.Matrix:
    """Symmetric M with expr = <M, G> + (terms free of the Gram entries): the form's matrix."""
    expr = sp.expand(expr)
    M = sp.zeros(3, 3)
    for i, a in enumerate(STATE):
        for j, b in enumerate(STATE):
            M[i, j] = expr.coeff(gram_entry(a, b)) / (1 if i == j else 2)
    return M


# ---------------------------------------------------------------- the NAG-ODE mode as a Bessel series

def nag_ode_mode_coefficient_ratio(k, nu, lam):
    """c_k / c_{k-1} for e(t) = e0 Gamma(nu+1) (2/(sqrt(lam) t))^nu J_nu(sqrt(lam) t) = e0 sum_k c_k t^(2k):
    from J_nu(z) = sum_k (-1)^k (z/2)^(2k+nu) / (k! Gamma(k+nu+1)), c_k = (-lam/4)^k Gamma(nu+1)/(k! Gamma(k+nu+1))."""
    return -lam / (4 * k * (k + nu))


def lyapunov_lmi(expression, inequalities: dict, statement: str):
    """The S-procedure for 'expression <= 0 whenever every inequality (expr <= 0) holds' as an LMI.

    expression and the inequalities are in Gram form, <Q, G> + (coefficient) * d with rational
    coefficients. Multipliers l_i >= 0 certify it when
      expression - sum_i l_i inequality_i = -<S, G>  with S PSD  and no d left,
    i.e. S = -Q(expression) + sum_i l_i Q(inequality_i) and coeff_d(expression) - sum_i l_i coeff_d(inequality_i) = 0;
    then expression <= 0 for every Gram matrix G (<S, G> >= 0 for S and G PSD).
    """
    from checkers.convex import LMIProblem

    def matrix(e):
        M = gram_coefficients(e)
        return [[M[i, j] for j in range(M.shape[1])] for i in range(M.shape[0])]

    names = list(inequalities)
    negated = [[-q for q in row] for row in matrix(expression)]
    return LMIProblem(multipliers=names, nonnegative=names, matrix_constant=negated,
                      matrix_coefficients={k: matrix(e) for k, e in inequalities.items()},
                      linear_constant=[sp.expand(expression).coeff(d)],
                      linear_coefficients={k: [-sp.expand(e).coeff(d)] for k, e in inequalities.items()},
                      statement=statement)
