"""The exact kernel: re-checks certificates in rational arithmetic. Nothing else is trusted.

This module imports no solver and no computer-algebra system: only the standard
library (`fractions`, `json`, `gzip`, `hashlib`). A reviewer should be able to read it
in one sitting. Every proof that rests on a convex solver (SOS, Lyapunov LMI,
performance estimation) becomes a proof only when `verify` accepts its certificate.

Certificate files are JSON (".json", or gzip-compressed ".json.gz"). Common fields:
  kind         "sos", "lmi" or "lmi-infeasible"
  claim        the claim id the certificate belongs to
  problem      the problem data (below); `problem_sha256` is its hash, so a producer
               can tell whether a stored certificate was made for the current problem
  producer     how the candidate was found (solver, options); informative only
  digest       sha256 of the canonical JSON of every other field: any edit of the file
               that does not recompute the digest is rejected as tampering

Rationals are strings "p/q" or "p" (no floats anywhere). The reader refuses files over
LIMITS["bytes"] (compressed or not), JSON nested deeper than LIMITS["depth"], and
integers longer than LIMITS["digits"] digits, each with one line naming the limit.

kind "sos"  (p = m^T Q m, Q PSD, hence p >= 0 everywhere)
  problem.variables   ["x", "y", ...]
  problem.polynomial  [[exponents, "coefficient"], ...]
  problem.basis       [exponents, ...]                (the monomials m)
  solution.gram       square symmetric matrix Q, indexed like the basis

kind "lmi"  (every block S_b(y) PSD, v + sum_i y_i b_i = 0, y_i >= 0 where asked)
  problem.multipliers          ["y1", ...]
  problem.nonnegative          names constrained to be >= 0
  problem.blocks               [block, ...], each
      size                     m: S_b is m x m
      vectors                  optional list of rows v_a (each m entries; default: the unit vectors)
      constant                 C_b as entries [[i, j, "c"], ...] (i <= j, symmetric)
      coefficients             {name: entries [[a, b, "c"], ...] of a symmetric W_i over the vectors}
                               S_b(y) = C_b + V^T (sum_i y_i W_i) V  (a <= b; W_ab = W_ba = c)
  problem.linear_constant      v (optional)
  problem.linear_coefficients  {name: [[row, "c"], ...]}   (optional, sparse b_i)
  problem.objective            {name: c_i}          (optional; value = sum c_i y_i)
  solution.multipliers         {name: "p/q"}
  solution.value               "p/q"                (required when there is an objective)
  solution.hints               optional, one per block: null or {"scale": k, "R": upper-triangular
                               integer rows}: with R' = R / 2^k, S_b - R'^T R' must be diagonally
                               dominant with a non-negative diagonal (then S_b = R'^T R' + E is PSD,
                               by Gershgorin); without a hint S_b is decided by exact LDL^T.

kind "lmi-infeasible"  (the same problem without objective has NO solution)
  solution.Z    one symmetric PSD matrix per block (dense rows);  solution.w  one entry per
                linear equality;  solution.hints  as above, for the Z_b
  Farkas: sum_b <A_ib, Z_b> + w.b_i = 0 for free y_i, <= 0 for y_i >= 0, and sum_b <C_b, Z_b> + w.v < 0.
  For any feasible y, 0 <= sum_b <S_b(y), Z_b> = sum_b <C_b, Z_b> + w.v + sum_i y_i (...) < 0.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

RATIONAL = re.compile(r"^[+-]?\d+(/\d+)?$")
#: sane limits of the reader: file size (bytes, also after decompression), JSON depth, digits of one integer
LIMITS = {"bytes": 64 * 2**20, "depth": 64, "digits": 2000}


class CertificateError(ValueError):
    """The certificate is malformed or does not prove what it says."""


@dataclass
class KernelResult:
    ok: bool
    reason: str
    value: Fraction | None = None
    checks: list = field(default_factory=list)


# ---------------------------------------------------------------- reading and parsing

def _digits(text: str) -> str:
    if len(text) > LIMITS["digits"] + 2:
        raise CertificateError(f"number too long: {len(text)} characters (limit {LIMITS['digits']} digits)")
    return text


def _depth_ok(text: str) -> None:
    """Reject JSON nested deeper than the limit before the parser recurses into it."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > LIMITS["depth"]:
                raise CertificateError(f"JSON nested deeper than {LIMITS['depth']} levels")
        elif ch in "]}":
            depth -= 1


def loads(raw: bytes) -> dict:
    """Parse certificate bytes (gzip or plain JSON) within LIMITS; CertificateError names the limit."""
    if len(raw) > LIMITS["bytes"]:
        raise CertificateError(f"file too large: {len(raw)} bytes (limit {LIMITS['bytes']})")
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=__import__("io").BytesIO(raw)) as f:
                raw = f.read(LIMITS["bytes"] + 1)
        except (OSError, EOFError) as e:
            raise CertificateError(f"not a valid gzip file: {e}") from None
        if len(raw) > LIMITS["bytes"]:
            raise CertificateError(f"decompressed size over the limit of {LIMITS['bytes']} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CertificateError(f"not UTF-8 text (byte {e.start})") from None
    _depth_ok(text)
    try:
        return json.loads(text, parse_int=lambda s: int(_digits(s)), parse_float=lambda s: float(_digits(s)),
                          parse_constant=lambda s: float(s))
    except json.JSONDecodeError as e:
        raise CertificateError(f"not valid JSON: {e}") from None


def rational(text) -> Fraction:
    """Parse "p/q" or "p" exactly; anything else (floats, NaN, numbers as JSON floats) is an error."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise CertificateError(f"not an exact rational: {text!r} (write rationals as \"p/q\" strings)")
    if isinstance(text, int):
        return Fraction(text)
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Fraction:
    """rational() of a string (cached: problem data repeat a few coefficients many times)."""
    text = text.strip()
    if not RATIONAL.match(text):
        raise CertificateError(f"not an exact rational: {text!r}")
    p, _, q = text.partition("/")
    return Fraction(int(_digits(p)), int(_digits(q)) if q else 1)


def integer(x) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise CertificateError(f"not an integer: {x!r}")
    return x


def matrix(rows) -> list[list[Fraction]]:
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise CertificateError("a matrix must be a non-empty list of rows")
    n = len(rows)
    if any(len(r) != n for r in rows):
        raise CertificateError("a matrix must be square")
    return [[rational(x) for x in r] for r in rows]


def vector(items, length=None) -> list[Fraction]:
    if not isinstance(items, list):
        raise CertificateError("a vector must be a list")
    if length is not None and len(items) != length:
        raise CertificateError(f"vector of length {len(items)}, expected {length}")
    return [rational(x) for x in items]


def entries(items, size, what) -> dict:
    """[[i, j, "c"], ...] with 0 <= i <= j < size -> {(i, j): Fraction} (repeated entries add up)."""
    if not isinstance(items, list):
        raise CertificateError(f"{what}: entries must be a list")
    out: dict = {}
    for e in items:
        if not (isinstance(e, list) and len(e) == 3):
            raise CertificateError(f"{what}: bad entry {e!r}")
        i, j, c = integer(e[0]), integer(e[1]), rational(e[2])
        if not 0 <= i <= j < size:
            raise CertificateError(f"{what}: entry ({i}, {j}) outside 0 <= i <= j < {size}")
        out[i, j] = out[i, j] + c if (i, j) in out else c
    return out


def canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def digest_of(certificate: dict) -> str:
    return hashlib.sha256(canonical({k: v for k, v in certificate.items() if k != "digest"})).hexdigest()


def problem_hash(problem: dict) -> str:
    return hashlib.sha256(canonical(problem)).hexdigest()


# ---------------------------------------------------------------- linear algebra (integers)

def is_symmetric(M) -> bool:
    return all(M[i][j] == M[j][i] for i in range(len(M)) for j in range(i))


def common_denominator(values) -> int:
    d = 1
    for q in {v.denominator for v in values}:
        d = d * q // math.gcd(d, q)
    return d


def psd_by_ldl(M) -> tuple[bool, str]:
    """Decide M >= 0 exactly: fraction-free (Bareiss) LDL^T with symmetric (diagonal) pivoting on
    the integer matrix D M (D the common denominator, a positive scale).

    After k pivots the remaining entries are A_ij = det_k * (Schur complement)_ij with det_k > 0
    the product of the pivots so far (a leading principal minor), so signs and the choice of the
    largest remaining diagonal entry are those of the Schur complement. A negative pivot means M is
    not PSD; if the largest remaining diagonal entry is 0, M is PSD only if the whole remaining
    block is zero (a PSD matrix with a zero diagonal entry has that row and column zero)."""
    if not is_symmetric(M):
        return False, "matrix is not symmetric"
    D = common_denominator(x for row in M for x in row)
    A = [[int(x * D) for x in row] for row in M]
    remaining = list(range(len(A)))
    previous = 1
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
            for j in remaining[n:]:          # the upper part; mirrored below
                row_i[j] = A[j][i] = (pivot * row_i[j] - a_ip * row_p[j]) // previous
        previous = pivot
    return True, "PSD"


def psd_with_hint(M, hint) -> tuple[bool, str]:
    """M >= 0 from a hint R (upper triangular integers over 2^scale): E = M - R^T R / 4^scale is
    diagonally dominant with a non-negative diagonal, so x^T M x = ||R x||^2/4^scale + x^T E x >= 0."""
    if not isinstance(hint, dict):
        raise CertificateError("a PSD hint is an object {scale, R}")
    k, R = integer(hint.get("scale")), hint.get("R")
    n = len(M)
    if not (0 <= k <= 256 and isinstance(R, list) and len(R) == n and all(isinstance(r, list) and len(r) == n for r in R)):
        raise CertificateError("PSD hint: R must be n x n with 0 <= scale <= 256")
    R = [[integer(x) for x in row] for row in R]
    if any(R[i][j] for i in range(n) for j in range(i)):
        raise CertificateError("PSD hint: R must be upper triangular")
    D = common_denominator(x for row in M for x in row)
    scale = 4**k
    E = [[int(x * D) * scale for x in row] for row in M]   # E = D 4^k (M - R^T R / 4^k)
    for i in range(n):
        for j in range(i, n):
            s = sum(R[t][i] * R[t][j] for t in range(i + 1))
            if s:
                E[i][j] -= D * s
                if i != j:
                    E[j][i] -= D * s
    for i in range(n):
        if E[i][i] < sum(abs(E[i][j]) for j in range(n) if j != i):
            return False, f"M - R^T R is not diagonally dominant (row {i})"
    return True, "PSD (R^T R + a diagonally dominant remainder)"


def psd(M, hint=None) -> tuple[bool, str]:
    if not is_symmetric(M):
        return False, "matrix is not symmetric"
    if hint is not None:
        ok, why = psd_with_hint(M, hint)
        if ok:
            return ok, why
    return psd_by_ldl(M)


# ---------------------------------------------------------------- polynomials

def polynomial(terms, nvars) -> dict[tuple, Fraction]:
    """[[exponents, "c"], ...] -> {exponent tuple: Fraction}, zero terms dropped."""
    poly: dict[tuple, Fraction] = {}
    for term in terms:
        if not (isinstance(term, list) and len(term) == 2):
            raise CertificateError(f"bad polynomial term {term!r}")
        exps, coeff = monomial(term[0], nvars), rational(term[1])
        poly[exps] = poly.get(exps, Fraction(0)) + coeff
    return {e: c for e, c in poly.items() if c != 0}


def monomial(exps, nvars) -> tuple:
    if (not isinstance(exps, list) or len(exps) != nvars
            or not all(isinstance(e, int) and not isinstance(e, bool) and e >= 0 for e in exps)):
        raise CertificateError(f"bad monomial exponents {exps!r}")
    return tuple(exps)


def gram_polynomial(basis, Q) -> dict[tuple, Fraction]:
    """m^T Q m as a coefficient dictionary."""
    poly: dict[tuple, Fraction] = {}
    for i, mi in enumerate(basis):
        for j, mj in enumerate(basis):
            if Q[i][j]:
                e = tuple(a + b for a, b in zip(mi, mj))
                poly[e] = poly.get(e, Fraction(0)) + Q[i][j]
    return {e: c for e, c in poly.items() if c != 0}


# ---------------------------------------------------------------- LMI blocks

@dataclass
class Block:
    size: int
    vectors: list | None        # rows v_a as {column: Fraction}, or None (unit vectors)
    constant: dict              # {(i, j): c}, i <= j
    coefficients: dict          # {name: {(a, b): c}}, a <= b


def block(data, names) -> Block:
    if not isinstance(data, dict):
        raise CertificateError("a block is an object")
    m = integer(data.get("size"))
    if m < 1:
        raise CertificateError("a block needs size >= 1")
    vectors = None
    if data.get("vectors") is not None:
        vectors = [{j: x for j, x in enumerate(vector(row, m)) if x} for row in data["vectors"]]
    count = m if vectors is None else len(vectors)
    coefficients = {}
    for k, W in data.get("coefficients", {}).items():
        if k not in names:
            raise CertificateError(f"unknown multiplier {k!r} in a block's coefficients")
        coefficients[k] = entries(W, count, f"coefficients of {k}")
    return Block(m, vectors, entries(data.get("constant", []), m, "constant"), coefficients)


def _dense(sym: dict, m: int) -> list[list[Fraction]]:
    M = [[Fraction(0)] * m for _ in range(m)]
    for (i, j), c in sym.items():
        M[i][j] += c
        if i != j:
            M[j][i] += c
    return M


def block_matrix(b: Block, y: dict) -> list[list[Fraction]]:
    """S_b(y) = C_b + V^T W V with W = sum_k y_k W_k, exactly (integers over common denominators)."""
    used = [k for k in b.coefficients if y[k]]
    dy = common_denominator(y[k] for k in used)
    dc = common_denominator(c for k in used for c in b.coefficients[k].values())
    scaled = {}
    W_int: dict = {}
    for k in used:
        yk = int(y[k] * dy)
        for ab, c in b.coefficients[k].items():
            key = (c.numerator, c.denominator)
            ci = scaled.get(key)
            if ci is None:
                ci = scaled[key] = c.numerator * (dc // c.denominator)
            W_int[ab] = W_int.get(ab, 0) + yk * ci
    W = {ab: Fraction(x, dy * dc) for ab, x in W_int.items() if x}
    C = _dense(b.constant, b.size)
    S = _dense(W, b.size) if b.vectors is None else _congruence(W, b.vectors, b.size)
    return [[c + s for c, s in zip(rc, rs)] for rc, rs in zip(C, S)]


def _congruence(W: dict, V: list, m: int) -> list[list[Fraction]]:
    """V^T W V for a symmetric W given by its upper entries and sparse rows V, in integers over
    common denominators (one division at the end)."""
    dW = common_denominator(W.values())
    dV = common_denominator(x for row in V for x in row.values())
    Vi = [{j: int(x * dV) for j, x in row.items()} for row in V]
    T = [dict() for _ in V]                     # T = (dW W) (dV V), sparse rows
    for (a, b), c in W.items():
        c = int(c * dW)
        if not c:
            continue
        for src, dst in ((b, a), (a, b)) if a != b else ((a, a),):
            row = T[dst]
            for j, x in Vi[src].items():
                row[j] = row.get(j, 0) + c * x
    S = [[0] * m for _ in range(m)]
    for a, row in enumerate(Vi):
        Ta = T[a]
        if not Ta:
            continue
        for i, x in row.items():
            Si = S[i]
            for j, t in Ta.items():
                Si[j] += x * t
    scale = dW * dV * dV
    return [[Fraction(s, scale) for s in r] for r in S]


def _hints(solution, count):
    hints = solution.get("hints")
    if hints is None:
        return [None] * count
    if not isinstance(hints, list) or len(hints) != count:
        raise CertificateError(f"hints: expected a list of {count} entries (null or {{scale, R}})")
    return hints


def _linear(problem, names):
    v = vector(problem["linear_constant"]) if "linear_constant" in problem else []
    B = {}
    for k, items in problem.get("linear_coefficients", {}).items():
        if k not in names:
            raise CertificateError(f"unknown multiplier {k!r} in 'linear_coefficients'")
        if not isinstance(items, list):
            raise CertificateError("linear coefficients are lists of [row, \"c\"]")
        col = {}
        for e in items:
            if not (isinstance(e, list) and len(e) == 2 and 0 <= integer(e[0]) < len(v)):
                raise CertificateError(f"bad linear coefficient {e!r}")
            col[e[0]] = col[e[0]] + rational(e[1]) if e[0] in col else rational(e[1])
        B[k] = col
    return v, B


def _names(problem):
    names = problem["multipliers"]
    if not isinstance(names, list) or not all(isinstance(k, str) for k in names) or len(set(names)) != len(names):
        raise CertificateError("multipliers must be distinct names")
    nonnegative = set(problem.get("nonnegative", []))
    if not nonnegative <= set(names):
        raise CertificateError(f"unknown multiplier(s) {sorted(nonnegative - set(names))} in 'nonnegative'")
    return names, nonnegative


# ---------------------------------------------------------------- certificate checks

def check_sos(problem: dict, solution: dict) -> KernelResult:
    variables = problem["variables"]
    n = len(variables)
    p = polynomial(problem["polynomial"], n)
    basis = [monomial(m, n) for m in problem["basis"]]
    Q = matrix(solution["gram"])
    if len(Q) != len(basis):
        raise CertificateError(f"Gram matrix is {len(Q)}x{len(Q)} but the basis has {len(basis)} monomials")
    if gram_polynomial(basis, Q) != p:
        return KernelResult(False, "p != m^T Q m (coefficients differ)")
    ok, why = psd_by_ldl(Q)
    if not ok:
        return KernelResult(False, f"Gram matrix not PSD: {why}")
    return KernelResult(True, f"p = m^T Q m exactly and Q is {why}", checks=["identity", "psd"])


def check_lmi(problem: dict, solution: dict) -> KernelResult:
    names, nonnegative = _names(problem)
    values = solution["multipliers"]
    if not isinstance(values, dict) or set(values) != set(names):
        raise CertificateError("solution multipliers do not match the problem's")
    y = {k: rational(values[k]) for k in names}
    for k in sorted(nonnegative):
        if y[k] < 0:
            return KernelResult(False, f"multiplier {k} = {y[k]} must be >= 0")
    blocks = [block(b, set(names)) for b in problem["blocks"]]
    checks = []
    v, B = _linear(problem, set(names))
    if v or B:
        r = list(v)
        for k, col in B.items():
            for i, c in col.items():
                r[i] += y[k] * c
        if any(r):
            return KernelResult(False, "linear equalities do not hold exactly")
        checks.append("linear equalities")
    whys = []
    for i, (b, hint) in enumerate(zip(blocks, _hints(solution, len(blocks)))):
        ok, why = psd(block_matrix(b, y), hint)
        if not ok:
            return KernelResult(False, f"S(y) not PSD (block {i}): {why}")
        whys.append(why)
    checks.append("psd")
    value = None
    if "objective" in problem:
        value = sum((rational(c) * y[k] for k, c in problem["objective"].items()), Fraction(0))
        if rational(solution.get("value", "x")) != value:
            return KernelResult(False, f"stated value {solution.get('value')} != objective {value}")
        checks.append("objective value")
    return KernelResult(True, "multipliers valid and S(y) is " + "; ".join(sorted(set(whys))), value=value,
                        checks=checks)


def _pairing(b: Block, Z) -> dict:
    """{name: <A_k, Z>} for the block's coefficient matrices A_k = V^T W_k V, via M = V Z V^T."""
    m = b.size
    if b.vectors is None:
        M = Z
    else:
        ZV = [[sum((Z[i][j] * x for j, x in row.items()), Fraction(0)) for i in range(m)] for row in b.vectors]
        M = [[sum((x * ZV[c][i] for i, x in row.items()), Fraction(0)) for c in range(len(b.vectors))]
             for row in b.vectors]
    return {k: sum((c * (M[a][bb] if a == bb else 2 * M[a][bb]) for (a, bb), c in W.items()), Fraction(0))
            for k, W in b.coefficients.items()}


def check_lmi_infeasible(problem: dict, solution: dict) -> KernelResult:
    if "objective" in problem:
        raise CertificateError("an infeasibility certificate is for a problem without objective")
    names, nonnegative = _names(problem)
    blocks = [block(b, set(names)) for b in problem["blocks"]]
    Zs = solution["Z"]
    if not isinstance(Zs, list) or len(Zs) != len(blocks):
        raise CertificateError(f"Z: expected one matrix per block ({len(blocks)})")
    Zs = [matrix(Z) for Z in Zs]
    if any(len(Z) != b.size for Z, b in zip(Zs, blocks)):
        raise CertificateError("Z has the wrong size")
    v, B = _linear(problem, set(names))
    w = vector(solution.get("w", []), len(v))
    total = {k: sum((w[i] * c for i, c in B.get(k, {}).items()), Fraction(0)) for k in names}
    constant = sum((wi * vi for wi, vi in zip(w, v)), Fraction(0))
    whys = []
    for b, Z, hint in zip(blocks, Zs, _hints(solution, len(blocks))):
        ok, why = psd(Z, hint)
        if not ok:
            return KernelResult(False, f"Z not PSD: {why}")
        whys.append(why)
        for k, value in _pairing(b, Z).items():
            total[k] += value
        constant += sum((c * (Z[i][j] if i == j else 2 * Z[i][j]) for (i, j), c in b.constant.items()), Fraction(0))
    for k in names:
        if (k in nonnegative and total[k] > 0) or (k not in nonnegative and total[k] != 0):
            return KernelResult(False, f"Farkas condition fails for multiplier {k}")
    if constant >= 0:
        return KernelResult(False, "<C, Z> + w.v is not negative")
    return KernelResult(True, f"Farkas certificate valid (Z is {'; '.join(sorted(set(whys)))}): the LMI has no solution",
                        checks=["farkas", "psd"])


CHECKS = {"sos": check_sos, "lmi": check_lmi, "lmi-infeasible": check_lmi_infeasible}


def verify_certificate(certificate: dict) -> KernelResult:
    """Accept only an untampered certificate whose mathematics checks exactly."""
    try:
        if not isinstance(certificate, dict):
            raise CertificateError("a certificate is a JSON object")
        if certificate.get("digest") != digest_of(certificate):
            return KernelResult(False, "digest mismatch: the file was edited after it was made (tampered)")
        kind = certificate.get("kind")
        if kind not in CHECKS:
            raise CertificateError(f"unknown certificate kind {kind!r}")
        problem = certificate["problem"]
        if certificate.get("problem_sha256") != problem_hash(problem):
            return KernelResult(False, "problem_sha256 does not match the problem data")
        return CHECKS[kind](problem, certificate["solution"])
    except CertificateError as e:
        return KernelResult(False, f"malformed certificate: {e}")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError, IndexError) as e:
        return KernelResult(False, f"malformed certificate: {type(e).__name__}: {e}")


def read(path) -> dict:
    """The certificate at path, parsed within LIMITS (CertificateError or OSError otherwise)."""
    with open(path, "rb") as f:
        raw = f.read(LIMITS["bytes"] + 1)
    return loads(raw)


def verify(path) -> KernelResult:
    try:
        certificate = read(path)
    except OSError as e:
        return KernelResult(False, f"cannot read certificate {path}: {e.strerror or e}")
    except CertificateError as e:
        return KernelResult(False, f"rejected {path}: {e}")
    return verify_certificate(certificate)


def dumps(certificate: dict, path) -> bytes:
    """Bytes of a certificate file: gzip-compressed (deterministically) if path ends in .gz."""
    text = (json.dumps(certificate, indent=None if str(path).endswith(".gz") else 1, sort_keys=True) + "\n").encode()
    return gzip.compress(text, compresslevel=9, mtime=0) if str(path).endswith(".gz") else text


def seal(certificate: dict) -> dict:
    """Add problem_sha256 and digest to a certificate (used by the producers, not by checks)."""
    sealed = dict(certificate)
    sealed["problem_sha256"] = problem_hash(sealed["problem"])
    sealed.pop("digest", None)
    sealed["digest"] = digest_of(sealed)
    return sealed
