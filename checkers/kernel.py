"""The exact kernel: re-checks certificates in rational arithmetic. Nothing else is trusted.

Standard library only (json, gzip, hashlib, re, fractions): no solver, no computer algebra. A solver's
answer (SOS, Lyapunov LMI, performance estimation) becomes a proof only when `verify` accepts its
certificate. Every list of rationals is read once as integers over one common denominator (a positive
scale: signs, zeros and PSD-ness are unchanged), and all arithmetic is on integers.

A certificate is a JSON object (file ".json" or ".json.gz"): kind ("sos", "lmi", "lmi-infeasible"),
claim, problem, problem_sha256 (the problem's hash: a producer sees whether a stored certificate fits the
current problem), producer (informative only), solution, and digest (sha256 of the canonical JSON of all
other fields: an edit that does not recompute it is tampering). Rationals are strings "p/q" or "p" (or JSON
integers, never floats). The reader refuses files over LIMITS["bytes"] (compressed or not), JSON nested
deeper than LIMITS["depth"] and integers longer than LIMITS["digits"] digits, one line naming the limit.

sos             p = m^T Q m with Q PSD, so p >= 0.  problem: variables, polynomial [[exponents, "c"]],
                basis [exponents] (the monomials m); solution: gram (Q, indexed like the basis).
lmi             every S_b(y) PSD, v + sum_i y_i b_i = 0, y_i >= 0 where asked.  problem: multipliers,
                nonnegative, blocks [{size m, vectors (rows v_a, default the unit vectors), constant C_b
                [[i, j, "c"]] (i <= j), coefficients {name: [[a, b, "c"]]} (a <= b, the upper entries of a
                symmetric W_i over the vectors)}], S_b(y) = C_b + V^T (sum_i y_i W_i) V; linear_constant v,
                linear_coefficients {name: [[row, "c"]]}; objective {name: c_i} (then solution.value =
                sum c_i y_i is checked).  solution: multipliers {name: "p/q"}, hints (one per block, null or
                {scale k, R upper triangular integers, exponents e}: diag(2^e) S_b diag(2^e) - R^T R / 4^k
                diagonally dominant with a non-negative diagonal, else exact LDL^T decides).
lmi-infeasible  the same problem (no objective) has no solution.  solution: Z (one symmetric matrix per
                block), w (one entry per equality), hints.  Farkas: Z_b PSD, sum_b <A_ib, Z_b> + w.b_i = 0
                for free y_i and <= 0 for y_i >= 0 (A_ib = V_b^T W_i V_b), sum_b <C_b, Z_b> + w.v < 0. For
                a feasible y, 0 <= sum_b <S_b(y), Z_b> = sum_b <C_b, Z_b> + w.v + sum_i y_i (...) < 0.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate

RATIONAL = re.compile(r"^[+-]?\d+(/\d+)?$")
#: limits of the reader: file size (bytes, also after decompression), JSON depth, digits of one integer
LIMITS = {"bytes": 64 * 2**20, "depth": 64, "digits": 2000}
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class CertificateError(ValueError):
    """The certificate is malformed or does not prove what it says."""


@dataclass
class KernelResult:
    ok: bool
    reason: str
    value: Fraction | None = None
    checks: list = field(default_factory=list)


# ---------------------------------------------------------------- reading

def _too_long(length: int):
    return CertificateError(f"number too long: {length} digits (limit {LIMITS['digits']} digits)")


def loads(raw: bytes) -> dict:
    """Parse certificate bytes (gzip or plain JSON) within LIMITS; CertificateError names the limit."""
    if len(raw) > LIMITS["bytes"]:
        raise CertificateError(f"file too large: {len(raw)} bytes (limit {LIMITS['bytes']})")
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f:
                raw = f.read(LIMITS["bytes"] + 1)
        except (OSError, EOFError) as e:
            raise CertificateError(f"not a valid gzip file: {e}") from None
        if len(raw) > LIMITS["bytes"]:
            raise CertificateError(f"decompressed size over the limit of {LIMITS['bytes']} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CertificateError(f"not UTF-8 text (byte {e.start})") from None
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode()   # depth before the parser recurses
    if brackets and max(accumulate(map(_DEPTH_STEP.__getitem__, brackets))) > LIMITS["depth"]:
        raise CertificateError(f"JSON nested deeper than {LIMITS['depth']} levels")
    long = re.search(r"\d{%d,}" % (LIMITS["digits"] + 1), text)
    if long:
        raise _too_long(len(long.group()))
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise CertificateError(f"not valid JSON: {e}") from None


def read(path) -> dict:
    """The certificate at path, parsed within LIMITS (CertificateError or OSError otherwise)."""
    with open(path, "rb") as f:
        return loads(f.read(LIMITS["bytes"] + 1))


# ---------------------------------------------------------------- numbers

def integer(x) -> int:
    if type(x) is not int:
        raise CertificateError(f"not an integer: {x!r}")
    return x


def _pq(x) -> tuple[int, int]:
    """(p, q), q > 0, of "p/q", "p" or a JSON integer; anything else is an error."""
    if type(x) is int:
        return x, 1
    if type(x) is not str:
        raise CertificateError(f"not an exact rational: {x!r} (write rationals as \"p/q\" strings)")
    return _parse(x)


@lru_cache(maxsize=4096)                           # problem data repeat a few short coefficients
def _parse(x: str) -> tuple[int, int]:
    if not RATIONAL.match(x):
        raise CertificateError(f"not an exact rational: {x!r} (write rationals as \"p/q\" strings)")
    p, _, q = x.partition("/")
    if len(x) > LIMITS["digits"] and max(len(p.lstrip("+-")), len(q)) > LIMITS["digits"]:
        raise _too_long(max(len(p.lstrip("+-")), len(q)))
    p, q = int(p), int(q) if q else 1
    if q == 0:
        raise CertificateError(f"zero denominator: {x!r}")
    return p, q


def rational(x) -> Fraction:
    return Fraction(*_pq(x))


def scaled(items) -> tuple[list[int], int]:
    """Rationals r_k as integers over one common denominator D: r_k = n_k / D."""
    pairs = [_pq(x) for x in items]
    D = math.lcm(*{q for _, q in pairs}) if pairs else 1
    return [p * (D // q) for p, q in pairs], D


def _summed(keys, values) -> dict:
    """{key: sum of its values}, zeros dropped (repeated entries add up)."""
    out: dict = {}
    for k, v in zip(keys, values):
        out[k] = out.get(k, 0) + v
    return {k: v for k, v in out.items() if v}


def scaled_entries(lists: dict, size: int) -> tuple[dict, int]:
    """{name: [[i, j, "c"], ...]} with 0 <= i <= j < size -> ({name: {(i, j): n}}, D), every c = n / D."""
    for name, items in lists.items():
        if not (isinstance(items, list) and all(type(e) is list and len(e) == 3 and type(e[0]) is int
                                                and type(e[1]) is int and 0 <= e[0] <= e[1] < size for e in items)):
            raise CertificateError(f"{name}: entries must be [i, j, \"c\"] with 0 <= i <= j < {size}")
    values, D = scaled([e[2] for items in lists.values() for e in items])
    out, start = {}, 0
    for name, items in lists.items():
        out[name] = _summed([(e[0], e[1]) for e in items], values[start:start + len(items)])
        start += len(items)
    return out, D


def square(rows, size=None) -> tuple[list[list[int]], int]:
    """A square matrix of rationals -> (integer rows, D)."""
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and len(r) == len(rows) for r in rows):
        raise CertificateError("a matrix must be a non-empty square list of rows")
    if size is not None and len(rows) != size:
        raise CertificateError(f"matrix is {len(rows)}x{len(rows)}, expected {size}x{size}")
    flat, D = scaled([x for r in rows for x in r])
    m = len(rows)
    return [flat[i * m:(i + 1) * m] for i in range(m)], D


# ---------------------------------------------------------------- PSD, exactly

def _symmetric(A) -> bool:
    return all(A[i][j] == A[j][i] for i in range(len(A)) for j in range(i))


def psd_ldl(A) -> tuple[bool, str]:
    """Decide A >= 0 for a symmetric integer matrix: fraction-free (Bareiss) LDL^T with diagonal pivoting.
    After k pivots the remaining entries are p_k (Schur complement), p_k > 0 the last pivot (a leading principal
    minor of the permuted matrix), so their signs are the Schur complement's. A negative pivot: not PSD; a zero
    largest pivot: PSD iff the remaining block is zero (a PSD matrix with a zero diagonal entry has that row and
    column zero)."""
    if not _symmetric(A):
        return False, "matrix is not symmetric"
    A = [list(r) for r in A]
    remaining, previous = list(range(len(A))), 1
    while remaining:
        p = max(remaining, key=lambda i: A[i][i])
        pivot = A[p][p]
        if pivot < 0:
            return False, f"negative pivot (row {p})"
        if pivot == 0:
            if any(A[i][j] for i in remaining for j in remaining):
                return False, "zero pivot with a nonzero entry in the remaining block"
            return True, "PSD (singular)"
        remaining.remove(p)
        row_p = A[p]
        for n, i in enumerate(remaining):
            a_ip, row_i = A[i][p], A[i]
            for j in remaining[n:]:
                row_i[j] = A[j][i] = (pivot * row_i[j] - a_ip * row_p[j]) // previous
        previous = pivot
    return True, "PSD"


def psd_by_ldl(M) -> tuple[bool, str]:
    """psd_ldl of a matrix of Fractions (scaled to integers)."""
    D = math.lcm(*{Fraction(x).denominator for row in M for x in row})
    return psd_ldl([[int(Fraction(x) * D) for x in row] for row in M])


def psd_hinted(A, D: int, hint) -> tuple[bool, str]:
    """S = A / D >= 0 from a hint: R upper triangular integers, scale k and optional exponents e (default 0),
    with P = diag(2^e) S diag(2^e) - R^T R / 4^k diagonally dominant with a non-negative diagonal: then
    x^T P x = x^T R^T R x / 4^k + x^T E x >= 0 by Gershgorin, and S is PSD (a congruence of P + R^T R / 4^k)."""
    if not isinstance(hint, dict):
        raise CertificateError("a PSD hint is an object {scale, R, exponents}")
    k, R, m = integer(hint.get("scale")), hint.get("R"), len(A)
    e = hint.get("exponents", [0] * m)
    if not (0 <= k <= 256 and isinstance(R, list) and len(R) == m and all(isinstance(r, list) and len(r) == m for r in R)
            and isinstance(e, list) and len(e) == m and all(abs(integer(x)) <= 256 for x in e)):
        raise CertificateError("PSD hint: R must be n x n, 0 <= scale <= 256, n exponents |e| <= 256")
    R = [[integer(x) for x in row] for row in R]
    if any(R[i][j] for i in range(m) for j in range(i)):
        raise CertificateError("PSD hint: R must be upper triangular")
    low = min(e)
    f = [2 ** (x - low) for x in e]                 # diag(2^e) = 2^low diag(f)
    left, right = 4**k * 2 ** max(2 * low, 0), D * 2 ** max(-2 * low, 0)
    for i in range(m):
        P_i = [left * f[i] * f[j] * A[i][j] - right * sum(R[t][i] * R[t][j] for t in range(min(i, j) + 1))
               for j in range(m)]
        if P_i[i] < sum(abs(x) for j, x in enumerate(P_i) if j != i):
            return False, f"S - R^T R is not diagonally dominant (row {i})"
    return True, "PSD (R^T R + a diagonally dominant remainder)"


def psd(A, D: int, hint=None) -> tuple[bool, str]:
    """S = A / D >= 0: by the hint if it works, otherwise by exact LDL^T."""
    if not _symmetric(A):
        return False, "matrix is not symmetric"
    if hint is not None:
        ok, why = psd_hinted(A, D, hint)
        if ok:
            return ok, why
    return psd_ldl(A)


# ---------------------------------------------------------------- LMI blocks

@dataclass
class Block:
    """S(y) = C + V^T (sum_i y_i W_i) V, every part integers over its own denominator."""
    size: int
    vectors: list | None        # sparse integer rows {column: v} over dV, or None (the unit vectors)
    dV: int
    constant: dict              # {(i, j): c} over dC, i <= j
    dC: int
    coefficients: dict          # {name: {(a, b): w}} over dW, a <= b
    dW: int


def block(data, names) -> Block:
    if not isinstance(data, dict):
        raise CertificateError("a block is an object")
    m = integer(data.get("size"))
    if m < 1:
        raise CertificateError("a block needs size >= 1")
    vectors, dV = None, 1
    if data.get("vectors") is not None:
        rows = data["vectors"]
        if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == m for r in rows):
            raise CertificateError(f"vectors must be rows of {m} entries")
        flat, dV = scaled([x for r in rows for x in r])
        vectors = [{j: x for j, x in enumerate(flat[a * m:(a + 1) * m]) if x} for a in range(len(rows))]
    count = m if vectors is None else len(vectors)
    constant, dC = scaled_entries({"constant": data.get("constant", [])}, m)
    coefficients = data.get("coefficients", {})
    if not isinstance(coefficients, dict) or not set(coefficients) <= names:
        raise CertificateError(f"unknown multiplier(s) in a block's coefficients: {sorted(set(coefficients) - names)}")
    W, dW = scaled_entries(coefficients, count)
    return Block(m, vectors, dV, constant["constant"], dC, W, dW)


def _dense(entries: dict, m: int) -> list[list[int]]:
    M = [[0] * m for _ in range(m)]
    for (i, j), c in entries.items():
        M[i][j] += c
        if i != j:
            M[j][i] += c
    return M


def block_matrix(b: Block, y: dict, dy: int) -> tuple[list[list[int]], int]:
    """(A, D) with S_b(y) = A / D, for multipliers y = n / dy."""
    W: dict = {}
    for k, Wk in b.coefficients.items():
        if y[k]:
            for ab, c in Wk.items():
                W[ab] = W.get(ab, 0) + y[k] * c
    m = b.size
    if b.vectors is None:
        S = _dense(W, m)
    else:                                       # V^T W V = sum_ab W_ab v_a v_b^T
        T = [dict() for _ in b.vectors]         # T_a = sum_b W_ab v_b
        for (a, c), w in W.items():
            for src, dst in ((c, a), (a, c)) if a != c else ((a, a),):
                row = T[dst]
                for j, x in b.vectors[src].items():
                    row[j] = row.get(j, 0) + w * x
        S = [[0] * m for _ in range(m)]
        for v, Ta in zip(b.vectors, T):
            for i, x in v.items():
                Si = S[i]
                for j, t in Ta.items():
                    Si[j] += x * t
    scale = dy * b.dW * b.dV**2
    C = _dense(b.constant, m)
    return [[s * b.dC + c * scale for s, c in zip(rs, rc)] for rs, rc in zip(S, C)], b.dC * scale


def pairings(b: Block, Z, dZ: int) -> tuple[dict, int, int]:
    """({name: n_i}, n_C, D) with <A_i, Z / dZ> = n_i / D and <C, Z / dZ> = n_C / D, for integer Z."""
    needed = {ab for Wk in b.coefficients.values() for ab in Wk}
    if b.vectors is None:
        M = {(a, c): Z[a][c] for a, c in needed}
    else:                                       # M_ac = v_a^T Z v_c
        ZV = {c: [sum(Z[i][j] * x for j, x in b.vectors[c].items()) for i in range(b.size)]
              for c in {c for _, c in needed}}
        M = {(a, c): sum(x * ZV[c][i] for i, x in b.vectors[a].items()) for a, c in needed}
    values = {k: sum(w * M[ab] * (1 if ab[0] == ab[1] else 2) for ab, w in Wk.items())
              for k, Wk in b.coefficients.items()}
    constant = sum(c * Z[i][j] * (1 if i == j else 2) for (i, j), c in b.constant.items())
    return {k: v * b.dC for k, v in values.items()}, constant * b.dW * b.dV**2, b.dW * b.dV**2 * b.dC * dZ


def _names(problem) -> tuple[list, set]:
    names = problem["multipliers"]
    if not isinstance(names, list) or not all(isinstance(k, str) for k in names) or len(set(names)) != len(names):
        raise CertificateError("multipliers must be distinct names")
    nonnegative = set(problem.get("nonnegative", []))
    if not nonnegative <= set(names):
        raise CertificateError(f"unknown multiplier(s) {sorted(nonnegative - set(names))} in 'nonnegative'")
    return names, nonnegative


def _linear(problem, names) -> tuple[list[int], dict, int]:
    """(v, {name: {row: b}}, D): the equalities v + sum_i y_i b_i = 0 with v and every b over D."""
    v_items = problem.get("linear_constant", [])
    columns = problem.get("linear_coefficients", {})
    if not isinstance(v_items, list) or not isinstance(columns, dict) or not set(columns) <= names:
        raise CertificateError("linear_constant must be a list, linear_coefficients {known name: [[row, \"c\"]]}")
    keys, items = [], []
    for k, col in columns.items():
        if not isinstance(col, list) or not all(isinstance(e, list) and len(e) == 2 for e in col):
            raise CertificateError("linear coefficients are lists of [row, \"c\"]")
        for e in col:
            if not 0 <= integer(e[0]) < len(v_items):
                raise CertificateError(f"bad linear coefficient row {e[0]!r}")
            keys.append((k, e[0]))
            items.append(e[1])
    values, D = scaled(list(v_items) + items)
    B: dict = {}
    for (k, row), x in zip(keys, values[len(v_items):]):
        B.setdefault(k, {})[row] = B.get(k, {}).get(row, 0) + x
    return values[:len(v_items)], B, D


def _hints(solution, count) -> list:
    hints = solution.get("hints")
    if hints is None:
        return [None] * count
    if not isinstance(hints, list) or len(hints) != count:
        raise CertificateError(f"hints: expected a list of {count} entries (null or {{scale, R}})")
    return hints


# ---------------------------------------------------------------- certificate checks

def check_sos(problem: dict, solution: dict) -> KernelResult:
    nvars = len(problem["variables"])

    def monomial(e):
        if not (isinstance(e, list) and len(e) == nvars and all(integer(a) >= 0 for a in e)):
            raise CertificateError(f"bad monomial exponents {e!r}")
        return tuple(e)
    terms = problem["polynomial"]
    if not all(isinstance(t, list) and len(t) == 2 for t in terms):
        raise CertificateError("polynomial terms are [exponents, \"c\"]")
    coefficients, dp = scaled([t[1] for t in terms])
    p = _summed([monomial(t[0]) for t in terms], coefficients)
    basis = [monomial(e) for e in problem["basis"]]
    Q, dQ = square(solution["gram"], len(basis))
    gram = _summed([tuple(a + b for a, b in zip(mi, mj)) for mi in basis for mj in basis], [x for r in Q for x in r])
    if {e: c * dp for e, c in gram.items()} != {e: c * dQ for e, c in p.items()}:
        return KernelResult(False, "p != m^T Q m (coefficients differ)")
    ok, why = psd_ldl(Q)
    if not ok:
        return KernelResult(False, f"Gram matrix not PSD: {why}")
    return KernelResult(True, f"p = m^T Q m exactly and Q is {why}", checks=["identity", "psd"])


def check_lmi(problem: dict, solution: dict) -> KernelResult:
    names, nonnegative = _names(problem)
    values = solution["multipliers"]
    if not isinstance(values, dict) or set(values) != set(names):
        raise CertificateError("solution multipliers do not match the problem's")
    numerators, dy = scaled([values[k] for k in names])
    y = dict(zip(names, numerators))
    for k in sorted(nonnegative):
        if y[k] < 0:
            return KernelResult(False, f"multiplier {k} = {Fraction(y[k], dy)} must be >= 0")
    blocks = [block(b, set(names)) for b in problem["blocks"]]
    v, B, dB = _linear(problem, set(names))
    checks = []
    if v:
        residual = [x * dy for x in v]                  # (v + B y) * dB * dy
        for k, column in B.items():
            for row, c in column.items():
                residual[row] += c * y[k]
        if any(residual):
            return KernelResult(False, "linear equalities do not hold exactly")
        checks.append("linear equalities")
    whys = set()
    for i, (b, hint) in enumerate(zip(blocks, _hints(solution, len(blocks)))):
        ok, why = psd(*block_matrix(b, y, dy), hint)
        if not ok:
            return KernelResult(False, f"S(y) not PSD (block {i}): {why}")
        whys.add(why)
    checks.append("psd")
    value = None
    if "objective" in problem:
        value = sum((rational(c) * Fraction(y[k], dy) for k, c in problem["objective"].items()), Fraction(0))
        if rational(solution.get("value", "x")) != value:
            return KernelResult(False, f"stated value {solution.get('value')} != objective {value}")
        checks.append("objective value")
    return KernelResult(True, "multipliers valid and S(y) is " + "; ".join(sorted(whys)), value=value, checks=checks)


def check_lmi_infeasible(problem: dict, solution: dict) -> KernelResult:
    if "objective" in problem:
        raise CertificateError("an infeasibility certificate is for a problem without objective")
    names, nonnegative = _names(problem)
    blocks = [block(b, set(names)) for b in problem["blocks"]]
    Zs = solution["Z"]
    if not isinstance(Zs, list) or len(Zs) != len(blocks):
        raise CertificateError(f"Z: expected one matrix per block ({len(blocks)})")
    v, B, dB = _linear(problem, set(names))
    w, dw = scaled(solution.get("w", []))
    if len(w) != len(v):
        raise CertificateError(f"w has {len(w)} entries, expected {len(v)}")
    # every term of sum_b <A_ib, Z_b> + w.b_i (and of the constant) as a Fraction numerator/denominator
    terms = [({k: sum(w[r] * c for r, c in col.items()) for k, col in B.items()},
              sum(a * b for a, b in zip(w, v)), dw * dB)]
    whys = set()
    for b, Z, hint in zip(blocks, Zs, _hints(solution, len(blocks))):
        Z, dZ = square(Z, b.size)
        ok, why = psd(Z, dZ, hint)
        if not ok:
            return KernelResult(False, f"Z not PSD: {why}")
        whys.add(why)
        terms.append(pairings(b, Z, dZ))
    D = math.lcm(*(d for _, _, d in terms))
    total = {k: sum(t.get(k, 0) * (D // d) for t, _, d in terms) for k in names}
    for k in names:
        if (k in nonnegative and total[k] > 0) or (k not in nonnegative and total[k] != 0):
            return KernelResult(False, f"Farkas condition fails for multiplier {k}")
    if sum(c * (D // d) for _, c, d in terms) >= 0:
        return KernelResult(False, "<C, Z> + w.v is not negative")
    return KernelResult(True, f"Farkas certificate valid (Z is {'; '.join(sorted(whys))}): the LMI has no solution",
                        checks=["farkas", "psd"])


CHECKS = {"sos": check_sos, "lmi": check_lmi, "lmi-infeasible": check_lmi_infeasible}


def canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def digest_of(certificate: dict, problem_json: bytes | None = None) -> str:
    """sha256 of the canonical JSON of every field but the digest (the problem's canonical JSON reused if given:
    a canonical object is its sorted members' canonical texts)."""
    members = sorted((k, v) for k, v in certificate.items() if k != "digest")
    text = b"{" + b",".join(canonical(k) + b":" + (problem_json if k == "problem" and problem_json else canonical(v))
                            for k, v in members) + b"}"
    return hashlib.sha256(text).hexdigest()


def problem_hash(problem: dict) -> str:
    return hashlib.sha256(canonical(problem)).hexdigest()


def verify_certificate(certificate: dict) -> KernelResult:
    """Accept only an untampered certificate whose mathematics checks exactly."""
    try:
        if not isinstance(certificate, dict) or not all(isinstance(k, str) for k in certificate):
            raise CertificateError("a certificate is a JSON object")
        problem_json = canonical(certificate.get("problem"))
        if certificate.get("digest") != digest_of(certificate, problem_json):
            return KernelResult(False, "digest mismatch: the file was edited after it was made (tampered)")
        kind = certificate.get("kind")
        if kind not in CHECKS:
            raise CertificateError(f"unknown certificate kind {kind!r}")
        problem = certificate["problem"]
        if certificate.get("problem_sha256") != hashlib.sha256(problem_json).hexdigest():
            return KernelResult(False, "problem_sha256 does not match the problem data")
        return CHECKS[kind](problem, certificate["solution"])
    except CertificateError as e:
        return KernelResult(False, f"malformed certificate: {e}")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError, IndexError) as e:
        return KernelResult(False, f"malformed certificate: {type(e).__name__}: {e}")


def verify(path) -> KernelResult:
    try:
        certificate = read(path)
    except OSError as e:
        return KernelResult(False, f"cannot read certificate {path}: {e.strerror or e}")
    except CertificateError as e:
        return KernelResult(False, f"rejected {path}: {e}")
    return verify_certificate(certificate)


# ---------------------------------------------------------------- writing (producers only)

def dumps(certificate: dict, path) -> bytes:
    """Bytes of a certificate file: gzip-compressed (deterministically) if path ends in .gz."""
    text = (json.dumps(certificate, indent=None if str(path).endswith(".gz") else 1, sort_keys=True) + "\n").encode()
    return gzip.compress(text, compresslevel=9, mtime=0) if str(path).endswith(".gz") else text


def seal(certificate: dict) -> dict:
    """Add problem_sha256 and digest to a certificate."""
    sealed = {k: v for k, v in certificate.items() if k != "digest"}
    sealed["problem_sha256"] = problem_hash(sealed["problem"])
    sealed["digest"] = digest_of(sealed)
    return sealed
