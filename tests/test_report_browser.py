"""The HTML report in a real browser: headless Chromium driven through ChromeDriver's W3C WebDriver
protocol (plain HTTP, no extra package). Marked `browser`; skipped where Chromium or ChromeDriver
is not installed (Debian: `apt-get install chromium chromium-driver`).

`make report-check` runs it against the real `build/report.html` (REPORT_HTML) and leaves
screenshots at 400 px and 1400 px beside it; `make test` runs it on a small generated report.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import checkers.__main__ as cli
from checkers import registry

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs chromium and chromedriver")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Browser:
    """The few WebDriver commands the test needs."""

    def __init__(self, profile: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                if self._call("GET", "/status")["value"]["ready"]:
                    break
            except OSError:
                time.sleep(0.1)
        options = {"binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={profile}"]}
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})["value"]["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:
            raise AssertionError(f"WebDriver {method} {path}: {e.read().decode()[:500]}") from None

    def command(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)["value"]

    def run(self, script, *args):
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def close(self):
        try:
            self.command("DELETE", "")
        finally:
            self.driver.kill()
            self.driver.wait()


@pytest.fixture
def report(tmp_path, monkeypatch):
    """REPORT_HTML if given (make report-check), else a small report made from the sample claims."""
    given = os.environ.get("REPORT_HTML")
    if given:
        return Path(given).resolve()
    monkeypatch.setattr(registry, "paper_modules",
                        lambda package="proofs": ["tests.sample_lemma_claims"])
    monkeypatch.setattr(cli, "BUILD", tmp_path / "build")
    monkeypatch.setattr(cli, "LOCK", tmp_path / "status.lock")
    cli.main(["check", "--jobs", "2"])
    return tmp_path / "build" / "report.html"


def test_the_report_in_headless_chromium(report, tmp_path):
    claims = [r["id"] for r in json.loads((report.parent / "report.json").read_text())["claims"]]
    browser = Browser(tmp_path / "profile")
    try:
        for width in (1400, 400):
            browser.command("POST", "/window/rect", {"width": width, "height": 1000})
            browser.command("POST", "/url", {"url": report.as_uri()})
            nodes = browser.run("return Array.from(document.querySelectorAll('svg a.node'))"
                                ".map(a => [a.dataset.id, a.getAttribute('href')])")
            assert sorted(n for n, _ in nodes) == sorted(claims)      # every claim and lemma is a node
            missing = browser.run("return arguments[0].filter(h => !document.getElementById(h.slice(1)))",
                                  [href for _, href in nodes])
            assert missing == []                                       # every node links to a section
            overflow = browser.run("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"the page overflows by {overflow} px at {width} px"
            shot = base64.b64decode(browser.command("GET", "/screenshot"))
            (report.parent / f"report-{width}px.png").write_bytes(shot)
        target = claims[-1]
        element = browser.command("POST", "/element", {"using": "css selector",
                                                        "value": f'svg a.node[data-id="{target}"]'})
        browser.command("POST", f"/element/{next(iter(element.values()))}/click", {})
        assert browser.run("return decodeURIComponent(location.hash)") == "#" + target.replace(".", "-")
        paper = target.split(".")[0]
        shown = browser.run("var s = document.getElementById('paper'); s.value = arguments[0];"
                            "s.dispatchEvent(new Event('change'));"
                            "return Array.from(document.querySelectorAll('section[data-paper]'))"
                            ".filter(e => e.style.display !== 'none').map(e => e.dataset.paper)", paper)
        assert shown and set(shown) == {paper}                        # the paper filter hides the others
    finally:
        browser.close()
