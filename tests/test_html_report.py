"""build/report.html without a browser: self-contained, every claim a graph node linking to its
section, everything the Markdown report says, claim-specific series as tables with a plot."""
import re
from html.parser import HTMLParser
from pathlib import Path

from checkers import html_report
from checkers.report import markdown


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.nodes, self.ids, self.links, self.meta = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("class") == "node":
            self.nodes.append((a["data-id"], a["href"]))
        for key in ("src", "href"):
            if key in a:
                self.links.append(a[key])
        if tag == "meta":
            self.meta.append(a)


def record(cid, status, uses=(), **extra):
    return {"id": cid, "kind": "claim", "source": "", "paper": cid.split(".")[0], "citation": "A, \"T\"",
            "theorem": "Thm 1", "statement": f"statement of {cid}", "uses": list(uses), "confirmed": "abstract only",
            "status": status, "own_status": status, "fully_proved": status == "proved", "reasons": ["a reason"],
            "trust_base": [{"kind": "engine", "step": "z3 unsat confirmed by cvc5", "claims": [cid]}],
            "assumptions": [], "artifacts": [],
            "evidence": [{"verdict": "proved", "engine": "smt", "summary": "z3 unsat", "engine_version": "z3 5.4",
                          "options": {}, "instances": ["D = 2"], "margins": {"worst_margin": 0.5},
                          "certificate": "proofs/certificates/x/a.json", "counterexample": {"x": "1/2"},
                          "details": {}, "report_fields": {}, "artifacts": [], "trust": ["z3 unsat confirmed by cvc5"],
                          "time": 0.1, "obligation": "the obligation", "cached": False, "criterion": "margin >= 0"}],
            "negative_controls": [], **extra}


def page(tmp_path):
    report = {"versions": {"z3-solver": "5.4.1.0"}, "summary": {"proved": 2, "refuted": 1},
              "claims": [record("p.base", "proved"), record("p.top", "proved", ["p.base"]),
                         record("q.other", "refuted", ["p.base"],
                                bounds={"hb": {"1": "1/2", "2": "1/4"}}, lower={"hb": {"1": "49/100", "2": "6/25"}})]}
    return report, html_report.html(report, ["p.top: fell"], root=tmp_path, out=tmp_path / "build")


def test_the_page_is_self_contained_and_every_node_links_to_its_section(tmp_path):
    report, text = page(tmp_path)
    parsed = Collect()
    parsed.feed(text)
    assert sorted(n for n, _ in parsed.nodes) == ["p.base", "p.base", "p.top", "q.other"]  # p.base also in q's graph
    assert all(href[1:] in parsed.ids for _, href in parsed.nodes)
    assert not [link for link in parsed.links if re.match(r"https?://", link)]
    assert any(m.get("name") == "viewport" for m in parsed.meta)


def test_the_page_says_what_the_markdown_says(tmp_path):
    report, text = page(tmp_path)
    for needle in ("statement of p.top", "abstract only", "a reason", "z3 unsat confirmed by cvc5", "margin &gt;= 0",
                   "D = 2", "worst_margin", "../proofs/certificates/x/a.json", "1/2", "Gate", "p.top: fell", "z3-solver",
                   "proved for instances assuming", "legend".title()):
        assert needle in text, needle
    assert "<th>bounds</th><th>lower</th>" in text and "<polyline" in text   # series as a table and a plot
    md = markdown(report, [])
    assert "| n | bounds | lower |" in md and "| 2 | 1/4 | 6/25 |" in md       # and in Markdown, not raw JSON
