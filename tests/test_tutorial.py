"""README's "Writing a claim" runs as written: its files go into a temporary claims folder and its
`landscape-check` lines run through the command line, with the exit codes the comments state."""
import json
import re
import shlex
import sys
from pathlib import Path

import checkers.__main__ as cli
from checkers import claims as claims_mod

README = Path(__file__).resolve().parent.parent / "README.md"


def section():
    text = README.read_text()
    return text[text.index("## Writing a claim"):text.index("### For every size")]


def test_the_tutorial_runs_as_written(tmp_path, monkeypatch, capsys):
    text = section()
    files = re.findall(r"```python\n# (my_claims/\S+\.py)\n(.*?)```", text, re.S)
    commands = [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines()
                if line.startswith("landscape-check ")]
    assert files and len(commands) >= 3
    for name, body in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "BUILD", cli.BUILD)                   # --out changes it for this test only
    monkeypatch.setattr(sys, "path", list(sys.path))               # the claims folder goes on a copy
    monkeypatch.setattr(claims_mod, "CERTIFICATE_FOLDERS", {})
    for line in commands:
        words, _, comment = line.partition("#")
        expected = int(re.search(r"exit (\d)", comment).group(1)) if "exit" in comment else 0
        assert cli.main(shlex.split(words)[1:]) == expected, line
    out = capsys.readouterr().out
    folder = tmp_path / "my_claims"
    lock = json.loads((folder / "status.lock").read_text())
    assert lock["mine.quartic"] == "proved" and "mine.two-squares" in lock
    assert (folder / "certificates" / "mine.quartic" / "c-2.json").exists()
    report = json.loads((folder / "build" / "report.json").read_text())
    records = {r["id"]: r for r in report["claims"]}
    assert set(records) == {"mine.two-squares", "mine.quartic"}
    assert records["mine.quartic"]["negative_controls"][0]["verdict"] == "refuted"
    assert records["mine.quartic"]["negative_controls"][0]["counterexample"]["exact"]
    assert (folder / "build" / "report.html").exists() and "trust base:" in out
