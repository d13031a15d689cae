"""Counting the affine subspaces of SGJ21 (Simsek et al., arXiv 2105.12221, Sec. 4-5).

Two-layer net of width m, `f(x) = sum_j a_j sigma(w_j . x)`, realisable teacher of minimal
width r* (irreducible).  A *subspace descriptor* says, for every student neuron j, which
role it plays:

- teacher block i (i = 0..r*-1): w_j = w*_i, and the outgoing weights of the block sum to a*_i;
- zero-type group g: the members share a free incoming vector w, outgoing weights sum to 0.

Counting conventions for T (the zero-loss set at width m = r* + h):

- ``zero_type="group"``: zero-type neurons form groups (a shared free w per group).  A
  descriptor is a set partition of the m neurons into r* blocks labelled by the teacher
  neurons and any number of unlabelled blocks:
  ``T(r*, m) = sum_{j=r*}^{m} S(m, j) j! / (j - r*)!``.
- ``zero_type="single"``: every zero-type neuron is alone with a = 0 (free w).  A descriptor
  is a set Z of zero neurons plus a surjection of the rest onto the teacher labels:
  ``T_A(r*, m) = r*! S(m + 1, r* + 1)``.

G (symmetry-induced critical subspaces from one irreducible critical point of width r):
``G(r, m) = r! S(m, r)``, the surjections [m] -> [r] (replication of every neuron).

The dimension of a descriptor's subspace, input dimension d, q zero-type groups (or q
single zero neurons): ``h + q (d - 1)``.

Closed forms use an exact Stirling table (S defined by its recurrence); each closed form is one
function that also accepts a symbolic S, so the every-size proof checks this code.  The
enumerations and the zero-set decomposition below count the objects without the closed forms
and are the independent side of every check.
"""
from __future__ import annotations

import itertools
import math
from math import comb, perm

ZERO_TYPES = ("group", "single")


# ---------------------------------------------------------------- closed forms

_STIRLING_ROWS: list[list[int]] = [[1]]   # row n holds S(n, 0..n); grown on demand


def stirling_row(n: int) -> list[int]:
    """[S(n, 0), ..., S(n, n)] by the recurrence S(n, k) = k S(n-1, k) + S(n-1, k-1)."""
    if n < 0:
        raise ValueError("S(n, k) needs n >= 0")
    while len(_STIRLING_ROWS) <= n:
        prev = _STIRLING_ROWS[-1]
        i = len(_STIRLING_ROWS)
        _STIRLING_ROWS.append([0] + [k * (prev[k] if k < i else 0) + prev[k - 1] for k in range(1, i + 1)])
    return _STIRLING_ROWS[n]


def stirling2(n: int, k: int) -> int:
    """Stirling number of the second kind S(n, k): set partitions of [n] into k blocks."""
    if k < 0:
        raise ValueError("S(n, k) needs k >= 0")
    row = stirling_row(n)
    return row[k] if k <= n else 0


def labelled_partitions(r: int, m: int, j: int, *, stirling=None, falling=None):
    """Group-convention descriptors with j blocks: set partitions of [m] into j blocks, r of
    them labelled by distinct teacher neurons, ``S(m, j) j! / (j - r)!``.  `stirling` and
    `falling` (the falling factorial j!/(j-r)!, 0 for j < r; default `stirling2`, `perm`) may be
    symbolic: the every-size proof evaluates this same formula with an undefined S."""
    stirling, falling = stirling or stirling2, falling or perm
    return stirling(m, j) * falling(j, r)


def single_descriptors(r: int, m: int, *, stirling=None, factorial=None):
    """Single-convention descriptors (a set Z of zero neurons, the rest onto the r labels):
    ``r! S(m + 1, r + 1)``; symbolic `stirling` and `factorial` allowed."""
    stirling, factorial = stirling or stirling2, factorial or math.factorial
    return factorial(r) * stirling(m + 1, r + 1)


def surjection_formula(r: int, m: int, *, stirling=None, factorial=None):
    """Surjections [m] -> [r]: ``r! S(m, r)``; symbolic `stirling` and `factorial` allowed."""
    stirling, factorial = stirling or stirling2, factorial or math.factorial
    return factorial(r) * stirling(m, r)


def surjection_count(m: int, r: int) -> int:
    """Number of surjections [m] -> [r]: r! S(m, r)."""
    return surjection_formula(r, m)


def global_min_subspace_count(r_star: int, m: int, zero_type: str = "group") -> int:
    """T(r*, m): affine subspaces forming the zero-loss set of the width-m student."""
    _check_sizes(r_star, m)
    if zero_type == "group":
        return sum(labelled_partitions(r_star, m, j) for j in range(r_star, m + 1))
    if zero_type == "single":
        return single_descriptors(r_star, m)
    raise ValueError(f"zero_type must be one of {ZERO_TYPES}; got {zero_type!r}")


def symmetry_critical_subspace_count(r: int, m: int) -> int:
    """G(r, m) = r! S(m, r): subspaces of symmetry-induced critical points at width m that
    come from one irreducible critical point of width r by replication and permutation."""
    _check_sizes(r, m)
    return surjection_count(m, r)


def subspace_dimension(h: int, q: int, d: int) -> int:
    """Dimension of a zero-loss subspace with q zero-type groups, input dimension d."""
    return h + q * (d - 1)


def _check_sizes(r: int, m: int) -> None:
    if not (isinstance(r, int) and isinstance(m, int)) or r < 0 or m < 0:
        raise ValueError(f"sizes must be integers >= 0; got r = {r!r}, m = {m!r}")


# ---------------------------------------------------------------- enumerations

def set_partitions(m: int):
    """Every set partition of [m] once, as a restricted growth string (block of each element)."""
    if m == 0:
        yield ()
        return

    def grow(prefix, blocks):
        if len(prefix) == m:
            yield tuple(prefix)
            return
        for b in range(blocks + 1):
            prefix.append(b)
            yield from grow(prefix, max(blocks, b + 1))
            prefix.pop()

    yield from grow([0], 1)


def bell_numbers(n_max: int) -> list[int]:
    """[B(0), ..., B(n_max)]: the number of set partitions of [n], counted by enumeration."""
    return [sum(1 for _ in set_partitions(n)) for n in range(n_max + 1)]


def surjections_by_inclusion_exclusion(n: int, r: int) -> int:
    """Surjections [n] -> [r] by inclusion-exclusion over the missed labels (no Stirling
    numbers): sum_i (-1)^i C(r, i) (r - i)^n."""
    return sum((-1) ** i * comb(r, i) * (r - i) ** n for i in range(r + 1))


def count_by_zero_set(r: int, m: int, kind: str, bell: list[int]) -> int:
    """Descriptors counted from the definition by their zero-type neurons, independently of
    the closed forms (no Stirling table, no labelling factor): choose the set Z of zero-type
    neurons (|Z| = k), group it (B(k) set partitions in the group convention, 1 way in the
    single one), and map the other m - k neurons onto the r teacher labels (a surjection):
      kind "T-group":  sum_k C(m, k) B(k) surj(m - k, r)
      kind "T-single": sum_k C(m, k) surj(m - k, r)
      kind "G":        surj(m, r) (every neuron replicates one of the r neurons)
    `bell` must hold B(0..m) (e.g. from `bell_numbers`)."""
    if kind == "G":
        return surjections_by_inclusion_exclusion(m, r)
    if kind not in ("T-group", "T-single"):
        raise ValueError(f"unknown kind {kind!r}")
    if len(bell) <= m:
        raise ValueError(f"need Bell numbers up to {m}; got {len(bell) - 1}")
    return sum(comb(m, k) * (bell[k] if kind == "T-group" else 1) * surjections_by_inclusion_exclusion(m - k, r)
               for k in range(m + 1))


def descriptor_counts_by_blocks(r_star: int, m: int, zero_type: str = "group") -> dict[int, int]:
    """{j: descriptors with j blocks (r* teacher blocks plus j - r* zero-type groups)}, by
    generating every descriptor (`global_min_descriptors`)."""
    counts: dict[int, int] = {}
    for d in global_min_descriptors(r_star, m, zero_type):
        j = r_star + zero_group_count(d)
        counts[j] = counts.get(j, 0) + 1
    return counts


def global_min_descriptors(r_star: int, m: int, zero_type: str = "group"):
    """Every subspace descriptor of the zero-loss set, generated one by one.

    A descriptor is a tuple over the m student neurons: ``("teacher", i)`` or
    ``("zero", g)`` with zero groups numbered by first occurrence (so each set of groups
    appears once).  In the "single" convention every zero neuron is its own group.
    """
    if zero_type not in ZERO_TYPES:
        raise ValueError(f"zero_type must be one of {ZERO_TYPES}; got {zero_type!r}")
    for roles in itertools.product(range(r_star + 1), repeat=m):   # r_star means "zero type"
        if len(set(roles) - {r_star}) != r_star:
            continue
        zeros = [j for j, role in enumerate(roles) if role == r_star]
        groupings = set_partitions(len(zeros)) if zero_type == "group" else [tuple(range(len(zeros)))]
        for grouping in groupings:
            group_of = dict(zip(zeros, grouping))
            yield tuple(("zero", group_of[j]) if role == r_star else ("teacher", role)
                        for j, role in enumerate(roles))


def last_neuron_recurrence(kind: str, count, r, m, j=None):
    """The count at (r, m[, j]) from the counts at m - 1, by conditioning on the last student
    neuron (m >= 1).  `count` is a function of (r, m[, j]) (numbers or symbols):
      kind "T-group" (descriptors with j blocks, N):  the neuron joins one of the j blocks, or
          opens an unlabelled block, or opens a block labelled by one of the r teacher neurons:
          N(r, m, j) = j N(r, m-1, j) + N(r, m-1, j-1) + r N(r-1, m-1, j-1)
      kind "T-single" (A): the neuron is a zero neuron, or joins one of the r teacher blocks, or
          is alone in one of them:  A(r, m) = (r+1) A(r, m-1) + r A(r-1, m-1)
      kind "G" (surjections, r >= 1): its image i is hit by another neuron or not:
          G(r, m) = r (G(r, m-1) + G(r-1, m-1))"""
    if kind == "T-group":
        return j * count(r, m - 1, j) + count(r, m - 1, j - 1) + r * count(r - 1, m - 1, j - 1)
    if kind == "T-single":
        return (r + 1) * count(r, m - 1) + r * count(r - 1, m - 1)
    if kind == "G":
        return r * (count(r, m - 1) + count(r - 1, m - 1))
    raise ValueError(f"unknown kind {kind!r}; expected 'T-group', 'T-single' or 'G'")


def surjections(m: int, r: int):
    """Every surjection [m] -> [r], as a tuple of images."""
    for images in itertools.product(range(r), repeat=m):
        if len(set(images)) == r:
            yield images


def zero_group_count(descriptor) -> int:
    return len({g for role, g in descriptor if role == "zero"})


# ---------------------------------------------------------------- mild vs vast (Sec. 5)

def h1_ratio(r_star: int):
    """G(r*-1, r*+1) / T(r*, r*+1) as an exact fraction (group convention)."""
    from fractions import Fraction
    return Fraction(symmetry_critical_subspace_count(r_star - 1, r_star + 1),
                    global_min_subspace_count(r_star, r_star + 1))


def h1_ratio_closed_form(r_star: int):
    """The closed form (r*-1)(3r*-2) / (12 (r*+2))."""
    from fractions import Fraction
    return Fraction((r_star - 1) * (3 * r_star - 2), 12 * (r_star + 2))


def saddles_dominate(r_star: int, h: int) -> bool:
    """G(r*-1, r*+h) > T(r*, r*+h)?  Exact; T's terms are summed from the largest block
    count down and the sum stops as soon as it exceeds G (a partial sum of T's positive
    terms is a lower bound for T)."""
    m = r_star + h
    G = symmetry_critical_subspace_count(r_star - 1, m)
    row, partial, falling = stirling_row(m), 0, perm(m, r_star)
    for j in range(m, r_star - 1, -1):
        partial += row[j] * falling
        if partial >= G:
            return False
        falling = falling * (j - r_star) // j          # perm(j - 1, r*) from perm(j, r*)
    return True


def crossover_table(r_max: int, horizon=lambda r: r // 2 + 10, dominate=None):
    """For r* = 2..r_max: the h in 1..horizon(r*) with G(r*-1, r*+h) > T(r*, r*+h), decided by
    `dominate(r*, h)` (default `saddles_dominate`).

    Returns rows {"r_star", "h_max" (largest such h, 0 if none), "interval" (whether they
    form 1..h_max), "horizon"}.  Exact integers; Stirling rows computed once per m.
    """
    dominate = saddles_dominate if dominate is None else dominate
    rows = []
    for r in range(2, r_max + 1):
        H = horizon(r)
        dominant = [h for h in range(1, H + 1) if dominate(r, h)]
        h_max = max(dominant, default=0)
        rows.append({"r_star": r, "h_max": h_max, "horizon": H,
                     "interval": dominant == list(range(1, h_max + 1))})
    return rows


__all__ = ["stirling2", "stirling_row", "labelled_partitions", "single_descriptors", "surjection_formula",
           "surjection_count", "global_min_subspace_count", "symmetry_critical_subspace_count",
           "subspace_dimension", "set_partitions", "bell_numbers",
           "surjections_by_inclusion_exclusion", "count_by_zero_set", "global_min_descriptors",
           "descriptor_counts_by_blocks", "last_neuron_recurrence", "surjections", "zero_group_count", "h1_ratio",
           "h1_ratio_closed_form", "saddles_dominate", "crossover_table"]
