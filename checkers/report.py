"""Reports: build/report.json (machine-readable), build/report.md and build/report.html (for people),
build/junit.xml (for CI).

report.json
  {"versions": {engine: version}, "summary": {status: count},
   "warnings": [lines: a missing second engine, an unusable cache, ...],
   "second_opinion": {"confirmed": [ids], "unconfirmed": [ids]} (claims resting on z3 unsat answers),
   "claims": [{"id", "kind" ("claim" | "lemma"), "source" (a lemma's reference), "paper",
               "citation", "theorem", "statement", "uses", "confirmed",
               "status", "own_status", "fully_proved", "reasons",
               "trust_base": [{"kind": "engine" | "cited", "step", "claims"}...],
               "second_opinion": "confirmed" | "unconfirmed" | null (checkers.evidence.second_opinion),
               "assumptions": [cited lemma ids],
               "evidence": [Evidence...], "negative_controls": [Evidence...],
               "artifacts": [...], ...report_fields of its evidence (e.g. "pep_bounds")}]}
Evidence entries carry engine, engine_version, options, time, instances, margins,
certificate path, counterexample, details, trust and the obligation's criterion
(see checkers.evidence).
"""
from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from checkers.evidence import jsonable, second_opinion
from checkers.status import MEANING, ORDER


STANDARD_FIELDS = {"id", "kind", "source", "paper", "citation", "theorem", "statement", "uses", "confirmed",
                   "status", "own_status", "fully_proved", "reasons", "trust_base", "second_opinion", "assumptions",
                   "evidence", "negative_controls", "artifacts"}


def _evidence_json(e, obligations) -> dict:
    data = e.to_json()
    criterion = next((o.criterion for o in obligations if o.name == e.obligation), "")
    if criterion:
        data["criterion"] = criterion
    return data


def claim_record(claim, evidence, controls, derived) -> dict:
    record = {
        "id": claim.id, "kind": claim.kind, "source": claim.source, "paper": claim.paper.key,
        "citation": claim.paper.citation,
        "theorem": claim.theorem, "statement": claim.statement, "uses": list(claim.uses),
        "confirmed": claim.confirmed, "status": derived.status, "own_status": derived.own,
        "fully_proved": derived.fully_proved, "reasons": derived.reasons,
        "trust_base": derived.trust_base,
        "second_opinion": second_opinion([t["step"] for t in derived.trust_base if t["kind"] == "engine"]),
        "assumptions": derived.assumptions,
        "evidence": [_evidence_json(e, claim.obligations) for e in evidence],
        "negative_controls": [_evidence_json(e, claim.negative_controls) for e in controls],
        "artifacts": sorted({a for e in evidence + controls for a in e.artifacts}),
    }
    for e in evidence + controls:
        for k, v in e.report_fields.items():
            if k in STANDARD_FIELDS:
                record["reasons"].append(f"evidence '{e.obligation}' tried to overwrite the report field {k!r}")
            else:
                record[k] = jsonable(v)
    return record


def _short_json(value, limit=600) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[:limit] + " ..."


def build_report(claims, order, results, derived, versions, warnings=()) -> dict:
    records = [claim_record(claims[cid], *results.get(cid, ([], [])), derived[cid]) for cid in order
               if cid in derived]
    summary = {s: sum(r["status"] == s for r in records) for s in ORDER}
    second = {level: [r["id"] for r in records if r["second_opinion"] == level]
              for level in ("confirmed", "unconfirmed")}
    return {"versions": versions, "summary": summary, "warnings": list(warnings), "second_opinion": second,
            "claims": records}


def second_opinion_line(report: dict) -> str:
    """How many claims rest on a z3 answer that no second engine confirmed ("" if none)."""
    unconfirmed = report["second_opinion"]["unconfirmed"]
    if not unconfirmed:
        return ""
    many = len(unconfirmed) > 1
    return (f"{len(unconfirmed)} claim{'s rest' if many else ' rests'} on a z3 answer no second engine "
            "confirmed (lower trust): " + ", ".join(unconfirmed))


def write_all(report: dict, build: Path, gate_lines: list[str]) -> None:
    build.mkdir(parents=True, exist_ok=True)
    (build / "report.json").write_text(json.dumps(report, indent=1, sort_keys=False, allow_nan=False) + "\n")
    (build / "report.md").write_text(markdown(report, gate_lines))
    (build / "junit.xml").write_text(junit(report, gate_lines))
    (build / "report.html").write_text(html(report, gate_lines))


def trust_lines(record: dict) -> list[str]:
    """The trust base as text, one line per step: cited steps first (they are what a reader must accept)."""
    lines = []
    for t in sorted(record["trust_base"], key=lambda t: t["kind"] != "cited"):
        via = ", ".join(c for c in t["claims"] if c != record["id"])
        where = f" (via {via})" if via else ""
        if t["kind"] == "cited":
            lines.append(f"cited, not machine-checked: {t['lemma']}: {t['step']} [source: {t['source']}]{where}")
        else:
            lines.append(f"{t['step']}{where}")
    return lines


def _evidence_line(e: dict) -> str:
    extra = []
    if e.get("criterion"):
        extra.append(f"criterion: {e['criterion']}")
    if e.get("instances"):
        extra.append("instances: " + ", ".join(map(str, e["instances"])))
    if e.get("margins"):
        extra.append("margins: " + ", ".join(f"{k}={v}" for k, v in e["margins"].items()))
    if e.get("certificate"):
        extra.append(f"certificate: `{e['certificate']}`")
    if e.get("counterexample"):
        extra.append(f"counterexample: `{json.dumps(e['counterexample'])[:300]}`")
    cached = ", cached" if e.get("cached") else ""
    tail = ("; " + "; ".join(extra)) if extra else ""
    return (f"- **{e['verdict']}** [{e['engine']}{cached}, {e['time']:.2f}s] {e['obligation']}: "
            f"{e['summary']}{tail}")


def summary_line(summary: dict) -> str:
    return ", ".join(f"{v} {k}" for k, v in summary.items() if v)


def markdown(report: dict, gate_lines: list[str]) -> str:
    lines = ["# Theorem report", "", "Status words:", ""] + [f"- **{k}**: {v}" for k, v in MEANING.items()]
    lines += ["", "Summary: " + summary_line(report["summary"]), ""]
    if second_opinion_line(report):
        lines += ["Second opinion: " + second_opinion_line(report), ""]
    if report["warnings"]:
        lines += ["## Warnings", ""] + [f"- **{w}**" for w in report["warnings"]] + [""]
    if gate_lines:
        lines += ["## Gate", ""] + [f"- {g}" for g in gate_lines] + [""]
    lines += ["| claim | status | theorem | uses |", "|---|---|---|---|"]
    for r in report["claims"]:
        lines.append(f"| [{r['id']}](#{r['id'].replace('.', '')}) | {r['status']} | {r['theorem']} | "
                     f"{', '.join(r['uses'])} |")
    lines.append("")
    for r in report["claims"]:
        lines += [f"## {r['id']}", "", f"*{r['citation']}*, {r['theorem']}", "", r["statement"], "",
                  f"**Status: {r['status']}** (own evidence: {r['own_status']}"
                  f"{'; fully proved' if r['fully_proved'] else ''})", ""]
        if r["kind"] == "lemma":
            lines += [f"Lemma; source: {r['source']}", ""]
        if r["confirmed"]:
            lines += [f"Checked against the paper: {r['confirmed']}", ""]
        lines += [f"- {x}" for x in r["reasons"]] + ([""] if r["reasons"] else [])
        lines += ["Trust base:"] + [f"- {t}" for t in trust_lines(r)] + [""]
        if not r["evidence"] and not r["negative_controls"]:
            continue
        lines += ["Evidence:"] + [_evidence_line(e) for e in r["evidence"]] + [""]
        lines += ["Negative controls (each must be refuted):"] + [_evidence_line(e) for e in r["negative_controls"]]
        extra = [k for k in r if k not in STANDARD_FIELDS]
        if extra:
            lines += ["", "Data (in full in report.json):"]
            lines += [f"- `{k}`: `{_short_json(r[k])}`" for k in extra]
        lines += [""] + [f"![{a}]({Path(a).relative_to('build') if a.startswith('build/') else a})"
                         for a in r["artifacts"]] + [""]
    lines += ["## Versions", ""] + [f"- {k}: {v}" for k, v in report["versions"].items()] + [""]
    return "\n".join(lines)


COLOURS = {"proved": "#1a7f37", "proved assuming": "#2f8f6f", "proved for instances": "#4c9a2a",
           "proved for instances assuming": "#6f9a4a", "supported": "#9a6700", "unknown": "#6e7781",
           "cited": "#0969da", "refuted": "#8250df", "error": "#cf222e"}


def html(report: dict, gate_lines: list[str]) -> str:
    """Status table coloured by status, the `uses` graph as links, plots inline."""
    def badge(s):
        return f'<span style="color:#fff;background:{COLOURS[s]};padding:1px 6px;border-radius:4px">{escape(s)}</span>'

    status_of = {r["id"]: r["status"] for r in report["claims"]}
    rows, sections = [], []
    for r in report["claims"]:
        anchor = r["id"].replace(".", "-")
        uses = ", ".join(f'<a href="#{u.replace(".", "-")}">{escape(u)}</a> {badge(status_of.get(u, "unknown"))}'
                         for u in r["uses"])
        rows.append(f'<tr><td><a href="#{anchor}">{escape(r["id"])}</a></td><td>{badge(r["status"])}</td>'
                    f'<td>{escape(r["theorem"])}</td><td>{uses}</td></tr>')
        items = "".join(f"<li>{badge(e['verdict'])} [{escape(e['engine'])}] {escape(e['obligation'])}: "
                        f"{escape(e['summary'])}</li>" for e in r["evidence"])
        controls = "".join(f"<li>{badge(e['verdict'])} {escape(e['obligation'])}: {escape(e['summary'])}</li>"
                           for e in r["negative_controls"])
        plots = "".join(f'<p><img src="{escape(a[len("build/"):] if a.startswith("build/") else a)}" '
                        f'style="max-width:720px"></p>' for a in r["artifacts"] if a.endswith(".png"))
        reasons = "".join(f"<li>{escape(x)}</li>" for x in r["reasons"])
        trust = "".join(f"<li>{escape(t)}</li>" for t in trust_lines(r))
        sections.append(f'<h2 id="{anchor}">{escape(r["id"])} {badge(r["status"])}</h2>'
                        f'<p><i>{escape(r["citation"])}</i>, {escape(r["theorem"])}</p>'
                        f'<pre style="white-space:pre-wrap">{escape(r["statement"])}</pre>'
                        f'<ul>{reasons}</ul><h4>Trust base</h4><ul>{trust}</ul><h4>Evidence</h4><ul>{items}</ul>'
                        f'<h4>Negative controls</h4><ul>{controls}</ul>{plots}')
    gate = "".join(f"<li>{escape(g)}</li>" for g in gate_lines)
    warnings = "".join(f"<li><b>{escape(w)}</b></li>" for w in report["warnings"])
    second = second_opinion_line(report)
    return ("<!doctype html><meta charset=utf-8><title>Theorem report</title>"
            "<body style='font-family:sans-serif;max-width:1000px;margin:auto'><h1>Theorem report</h1>"
            + (f"<h3>Warnings</h3><ul>{warnings}</ul>" if warnings else "")
            + (f"<p>Second opinion: {escape(second)}</p>" if second else "")
            + (f"<h3>Gate failures</h3><ul>{gate}</ul>" if gate else "")
            + "<table border=1 cellpadding=4 style='border-collapse:collapse'>"
              "<tr><th>claim</th><th>status</th><th>theorem</th><th>uses</th></tr>"
            + "".join(rows) + "</table>" + "".join(sections) + "</body>\n")


def junit(report: dict, gate_lines: list[str]) -> str:
    """One testcase per claim: `<error>` for an `error` claim, `<failure>` for any other gate failure;
    a locked claim that is no longer declared gets a failing testcase of its own."""
    failing = {g.split(":")[0] for g in gate_lines}
    cases = []
    declared = {r["id"] for r in report["claims"]}
    for cid in sorted(failing - declared):
        message = next(g for g in gate_lines if g.split(":")[0] == cid)
        cases.append(f'  <testcase classname="status.lock" name={quoteattr(cid)} time="0.000">\n'
                     f'    <failure message={quoteattr(message)}>{escape(message)}</failure>\n  </testcase>')
    for r in report["claims"]:
        body = escape(f"status: {r['status']}\n" + "\n".join(r["reasons"])
                      + "\ntrust base:\n" + "\n".join(f"  {t}" for t in trust_lines(r)))
        case = f'  <testcase classname={quoteattr(r["paper"])} name={quoteattr(r["id"])} ' \
               f'time="{sum(e["time"] for e in r["evidence"] + r["negative_controls"]):.3f}">'
        properties = [("status", r["status"]), ("own_status", r["own_status"])]
        properties += [("trust_base", t) for t in trust_lines(r)]
        case += "\n    <properties>" + "".join(f"<property name={quoteattr(k)} value={quoteattr(v)}/>"
                                             for k, v in properties) + "</properties>"
        if r["status"] == "error":
            message = "; ".join(r["reasons"]) or "status error"
            case += f"\n    <error message={quoteattr(message)}>{body}</error>"
        elif r["id"] in failing:
            message = "; ".join(g for g in gate_lines if g.split(":")[0] == r["id"])
            case += f"\n    <failure message={quoteattr(message)}>{body}</failure>"
        case += f"\n    <system-out>{body}</system-out>\n  </testcase>"
        cases.append(case)
    failures = sum("\n    <failure" in c for c in cases)
    errors = sum("\n    <error" in c for c in cases)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="theorems" tests="{len(cases)}" '
            f'failures="{failures}" errors="{errors}">\n' + "\n".join(cases) + "\n</testsuite>\n")
