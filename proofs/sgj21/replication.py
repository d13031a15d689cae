"""sgj21.replication-critical: replication of a neuron maps critical points to critical points."""
from __future__ import annotations

import sympy as sp

from checkers import symbolic
from checkers.claims import Obligation
from checkers.evidence import ERROR, Evidence
from models.replication import add_neuron, split_neuron
from models.two_layer import gradient_at, two_layer
from proofs.sgj21.common import ABSTRACT_ONLY, ELL, PAPER, SIGMA, _reduced_net, _reduced_output

def replication_gradient_identities(copies=3):
    """Replicating a neuron into k copies (w_i, beta_l a_i), sum beta_l = 1, maps the gradient
    linearly at EVERY point: copy l gets beta_l dL/dw_i and dL/da_i, all other partials are
    unchanged, and the loss is unchanged.  Hence critical points go to critical points of
    the same loss.  Checked on the reduced net (any data, width and input dimension) with
    the shared `models.replication.split_neuron`, for the one-step split (k = 2) and for
    k = `copies`; every k follows from one-step splits by induction (split off one copy
    at a time, choosing an order in which the remaining fractions never sum to 0)."""
    z, a, R, y = sp.symbols("z a R y", real=True)
    base = _reduced_net([z], [a], R)
    base_loss = ELL(_reduced_output(base), y)
    (dz, _), (da, dR) = gradient_at(base, [[1]], [y], SIGMA, ELL)
    items = []
    for k in sorted({2, int(copies)}):
        betas = list(sp.symbols(f"beta1:{k}", real=True))
        fractions = betas + [1 - sum(betas)]
        new = split_neuron(base, 1, 0, fractions)
        (gz, _), (ga, gR) = gradient_at(new, [[1]], [y], SIGMA, ELL)
        items.append((f"k={k}: loss unchanged", ELL(_reduced_output(new), y), base_loss))
        for l, beta in enumerate(fractions):
            items.append((f"k={k}: dL/dw of copy {l + 1} = beta_{l + 1} dL/dw_i", gz[l], beta * dz[0]))
            items.append((f"k={k}: dL/da of copy {l + 1} = dL/da_i", ga[l], da[0]))
        items.append((f"k={k}: partials of all other neurons unchanged (through R)", gR[0], dR[0]))
    return symbolic.identities(items, what="replication maps the gradient exactly (uninterpreted sigma, ell)")


def _critical_point_polynomial_net():
    """An exact critical point that is not a global minimum: sigma(z) = z + z^2 + z^3, width 1,
    scalar input, (w, a) = (1, 1), data x = 1..4 with residuals orthogonal to both partials."""
    t = sp.Symbol("t")
    x = [sp.Integer(n) for n in (1, 2, 3, 4)]
    act, dact = sp.Lambda(t, t + t ** 2 + t ** 3), sp.Lambda(t, 1 + 2 * t + 3 * t ** 2)
    u = sp.Matrix([[act(xn) for xn in x], [dact(xn) * xn for xn in x]])   # dL/da, dL/dw directions
    residual = u.nullspace()[0]
    residual = residual * sp.lcm([sp.fraction(v)[1] for v in residual])
    y = [act(xn) - residual[n] for n, xn in enumerate(x)]
    return act, x, y


def zero_type_neuron_breaks_criticality():
    """Negative control: adding a zero-type neuron (a' = 0, free w') to a critical point that is
    not a global minimum keeps it critical?  False: dL/da' = 2 sum_n r_n sigma(w' x_n) is a
    nonzero polynomial in w' (the same identity checker finds a rational w')."""
    act, xs, ys = _critical_point_polynomial_net()
    sq = sp.Lambda((sp.Symbol("f"), sp.Symbol("yy")), (sp.Symbol("f") - sp.Symbol("yy")) ** 2)
    base = two_layer(sp.Matrix([[1]]), [1])
    old = gradient_at(base, [[v] for v in xs], ys, act, sq)
    if any(g != 0 for dW, _ in old for g in dW):          # SGJ21's nets have no biases
        return Evidence(ERROR, "symbolic", "the base point is not critical: the control would be vacuous")
    w_new = sp.Symbol("w_new", real=True)
    wider = add_neuron(base, 1, [w_new], 0, [0])
    new = gradient_at(wider, [[v] for v in xs], ys, act, sq)
    return symbolic.identity(new[1][0][1], 0, what="dL/da' = 0 for every w' after adding a zero-type neuron "
                                                   "to a non-global critical point (sigma = z + z^2 + z^3)")


PAPER.claim(
    id="sgj21.replication-critical",
    theorem="Sec. 4 (symmetry-induced critical points by neuron replication)",
    statement="Replacing neuron i of a critical point of the width-r net by k copies (w_i, beta_1 a_i), ..., "
              "(w_i, beta_k a_i) with sum_l beta_l = 1 gives a critical point of the width-(r+k-1) net with the "
              "same loss, for every real beta: an affine subspace of dimension k-1 (a_i != 0) per replication. "
              "Stronger form checked: the gradient maps linearly at every point (copy l: beta_l dL/dw_i, dL/da_i; "
              "other partials unchanged), for any activation sigma and loss ell. (The dimension k-1 = m-r is "
              "checked by exact rank in sgj21.count-symmetry-critical.)",
    obligations=[
        Obligation("gradient map of a replication (reduced net, k = 2 and 3)", replication_gradient_identities,
                   {"copies": 3}, timeout=60),
    ],
    negative_controls=[
        Obligation("a zero-type neuron at a non-global critical point", zero_type_neuron_breaks_criticality,
                   timeout=60),
    ],
    confirmed=ABSTRACT_ONLY + "The replication map matches `duplicate` in SymmetrySaddles.jl (copies share w, "
                              "outgoing weight split by fractions that must sum to 1).",
)
