"""The exact kernel accepts valid certificates and rejects every altered one."""
import copy
import json
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings, strategies as st

from checkers import kernel

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def sos_certificate():
    """x^2 - 2xy + 2y^2 = [x y] [[1,-1],[-1,2]] [x y]^T, Q > 0."""
    return kernel.seal({
        "kind": "sos", "claim": "test.sos",
        "problem": {"variables": ["x", "y"], "basis": [[1, 0], [0, 1]],
                    "polynomial": [[[2, 0], "1"], [[1, 1], "-2"], [[0, 2], "2"]]},
        "producer": {}, "solution": {"gram": [["1", "-1"], ["-1", "2"]]}})


def lmi_certificate():
    """min a s.t. [[a, 1], [1, 1]] PSD, a + b = 1, b >= 0: a = 1, b = 0."""
    return kernel.seal({
        "kind": "lmi", "claim": "test.lmi",
        "problem": {"multipliers": ["a", "b"], "nonnegative": ["b"],
                    "blocks": [{"size": 2, "constant": [[0, 1, "1"], [1, 1, "1"]],
                                "coefficients": {"a": [[0, 0, "1"]]}}],
                    "linear_constant": ["-1"], "linear_coefficients": {"a": [[0, "1"]], "b": [[0, "1"]]},
                    "objective": {"a": "1"}},
        "producer": {}, "solution": {"multipliers": {"a": "1", "b": "0"}, "value": "1"}})


def vector_certificate(hint=None):
    """S(y) = V^T (y W) V with V rows u = (1, 1), w = (1, -1) and W = <u, u> + <w, w>: S = 2 y I, y = 1/2."""
    return kernel.seal({
        "kind": "lmi", "claim": "test.vectors",
        "problem": {"multipliers": ["y"], "nonnegative": ["y"],
                    "blocks": [{"size": 2, "vectors": [["1", "1"], ["1", "-1"]], "constant": [],
                                "coefficients": {"y": [[0, 0, "1"], [1, 1, "1"]]}}]},
        "producer": {}, "solution": {"multipliers": {"y": "1/2"}, "hints": [hint]}})


def number_paths(data, path=()):
    """Every place in the certificate that holds a rational string."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from number_paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from number_paths(v, path + (i,))
    elif isinstance(data, str) and kernel.RATIONAL.match(data):
        yield path


def altered(cert, path, delta):
    cert = copy.deepcopy(cert)
    node = cert
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = str(Fraction(node[path[-1]]) + delta)
    return cert


def test_valid_certificates_are_accepted():
    assert kernel.verify_certificate(sos_certificate()).ok
    result = kernel.verify_certificate(lmi_certificate())
    assert result.ok and result.value == 1


@SETTINGS
@given(st.data(), st.fractions(min_value=-5, max_value=5).filter(lambda d: d != 0))
def test_any_altered_number_is_rejected(data, delta):
    for make in (sos_certificate, lmi_certificate):
        cert = make()
        path = data.draw(st.sampled_from(list(number_paths(cert))))
        assert not kernel.verify_certificate(altered(cert, path, delta)).ok


@SETTINGS
@given(st.data(), st.fractions(min_value=-5, max_value=5).filter(lambda d: d != 0))
def test_altered_gram_entry_breaks_the_identity_even_when_resealed(data, delta):
    """The digest is not the only defence: a forged SOS certificate fails the mathematics."""
    cert = sos_certificate()
    i, j = data.draw(st.integers(0, 1)), data.draw(st.integers(0, 1))
    forged = copy.deepcopy(cert)
    for a, b in {(i, j), (j, i)}:
        forged["solution"]["gram"][a][b] = str(Fraction(forged["solution"]["gram"][a][b]) + delta)
    result = kernel.verify_certificate(kernel.seal(forged))
    assert not result.ok and "coefficients differ" in result.reason


def test_resealed_negative_multiplier_and_wrong_value_are_rejected():
    cert = lmi_certificate()
    cert["solution"]["multipliers"]["b"] = "-1/2"
    assert "must be >= 0" in kernel.verify_certificate(kernel.seal(cert)).reason
    cert = lmi_certificate()
    cert["solution"]["value"] = "1/2"
    assert "stated value" in kernel.verify_certificate(kernel.seal(cert)).reason
    cert = lmi_certificate()
    cert["solution"]["multipliers"]["a"] = "1/2"  # the matrix [[1/2, 1], [1, 1]] is indefinite
    assert not kernel.verify_certificate(kernel.seal(cert)).ok


@pytest.mark.parametrize("bad", [0.5, "0.5", "nan", "1e3", True, None, "1/0"])
def test_inexact_numbers_are_rejected_cleanly(bad):
    cert = sos_certificate()
    cert["solution"]["gram"][0][0] = bad
    result = kernel.verify_certificate(kernel.seal(cert))
    assert not result.ok and "malformed" in result.reason


def test_unreadable_and_truncated_files(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(sos_certificate())[:-20])
    assert not kernel.verify(path).ok
    assert not kernel.verify(tmp_path / "missing.json").ok


small = st.integers(-4, 4)


@SETTINGS
@given(st.integers(1, 5).flatmap(lambda n: st.lists(st.lists(small, min_size=n, max_size=n), min_size=n, max_size=n)),
       st.integers(0, 3))
def test_ldl_agrees_with_exact_eigenvalue_signs(rows, rank_cut):
    """PSD by LDL^T agrees with sympy's exact eigenvalues, on Gram matrices (PSD, often singular)
    and on arbitrary symmetric ones."""
    n = len(rows)
    B = sympy.Matrix(rows)
    for M in (B * B.T, B + B.T, (B[:, :max(1, n - rank_cut)]) * (B[:, :max(1, n - rank_cut)]).T):
        M = [[Fraction(int(M[i, j])) for j in range(n)] for i in range(n)]
        ok, _ = kernel.psd_by_ldl(M)
        eigen = sympy.Matrix(M).eigenvals()
        assert ok == all(sympy.re(sympy.N(e, 50)) >= -1e-40 for e in eigen)


def test_nonsymmetric_matrix_is_not_psd():
    assert kernel.psd_by_ldl([[Fraction(1), Fraction(1)], [Fraction(0), Fraction(1)]]) == \
        (False, "matrix is not symmetric")


def test_cli_verify(tmp_path):
    from checkers.__main__ import main
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(sos_certificate()))
    bad.write_text(json.dumps(altered(sos_certificate(), ("solution", "gram", 0, 0), Fraction(1, 7))))
    assert main(["verify", str(good)]) == 0
    assert main(["verify", str(bad)]) == 1


def test_vectors_and_hints():
    """S = V^T W V is formed exactly; a hint R with S - R^T R diagonally dominant is accepted, a bad
    hint falls back to the exact LDL^T (which still decides), a forged S is rejected either way."""
    assert kernel.verify_certificate(vector_certificate()).reason.endswith("PSD")
    good = {"scale": 1, "R": [[1, 0], [0, 1]]}           # R^T R / 4 = I/4 <= S = I
    assert "diagonally dominant" in kernel.verify_certificate(vector_certificate(good)).reason
    bad = {"scale": 0, "R": [[5, 0], [0, 5]]}            # S - 25 I is not dominant: exact LDL^T decides
    assert kernel.verify_certificate(vector_certificate(bad)).ok
    forged = vector_certificate(good)
    forged["solution"]["multipliers"]["y"] = "-1/2"
    forged["problem"]["nonnegative"] = []
    assert not kernel.verify_certificate(kernel.seal(forged)).ok
    assert "upper triangular" in kernel.verify_certificate(vector_certificate({"scale": 1, "R": [[1, 0], [1, 1]]})).reason


def test_farkas_certificate_over_blocks():
    """No y >= 0 makes [[1 - y, 1], [1, y]] PSD: Z = [[1, -1], [-1, 1]] pairs to <A, Z> = 0 <= 0, <C, Z> = -1."""
    cert = kernel.seal({"kind": "lmi-infeasible", "claim": "test.farkas",
                        "problem": {"multipliers": ["y"], "nonnegative": ["y"],
                                    "blocks": [{"size": 2, "constant": [[0, 0, "1"], [0, 1, "1"]],
                                                "coefficients": {"y": [[0, 0, "-1"], [1, 1, "1"]]}}]},
                        "producer": {}, "solution": {"Z": [[["1", "-1"], ["-1", "1"]]], "w": []}})
    assert kernel.verify_certificate(cert).ok
    cert["solution"]["Z"] = [[["1", "1"], ["1", "1"]]]
    assert not kernel.verify_certificate(kernel.seal(cert)).ok


def test_gzip_certificates_round_trip(tmp_path):
    path = tmp_path / "c.json.gz"
    path.write_bytes(kernel.dumps(lmi_certificate(), path))
    assert path.read_bytes()[:2] == b"\x1f\x8b" and kernel.verify(path).ok
    assert kernel.dumps(lmi_certificate(), path) == path.read_bytes()   # deterministic bytes


@pytest.mark.parametrize("content,limit", [
    (b'{"kind": "lmi", "x": ' + b"7" * 5000 + b"}", "number too long"),
    (b'{"kind": "lmi", "x": "' + b"7" * 5000 + b'/3"}', None),             # parsed only where used
    (b'{"kind": "\xff\xfe"}', "not UTF-8"),
    (b"[" * 200_000 + b"]" * 200_000, "nested deeper than 64"),
])
def test_parser_limits_give_one_clear_line(tmp_path, capsys, content, limit):
    """Old behaviour: ValueError (int digits), UnicodeDecodeError, RecursionError tracebacks."""
    from checkers.__main__ import main
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith("REJECTED") and "\n" not in out
    if limit:
        assert limit in out


def test_long_rational_string_is_rejected_by_the_digit_limit():
    cert = sos_certificate()
    cert["solution"]["gram"][0][0] = "7" * 5000
    assert "number too long" in kernel.verify_certificate(kernel.seal(cert)).reason


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setitem(kernel.LIMITS, "bytes", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(sos_certificate()))
    assert "file too large" in kernel.verify(path).reason
