"""Reports: build/report.json (machine-readable), build/report.md and build/report.html (for people;
the page is made by checkers.html_report), build/junit.xml (for CI).

report.json
  {"versions": {engine: version}, "summary": {status: count},
   "claims": [{"id", "kind" ("claim" | "lemma"), "source" (a lemma's reference), "paper",
               "citation", "theorem", "statement", "uses", "confirmed",
               "status", "own_status", "fully_proved", "reasons",
               "trust_base": [{"kind": "engine" | "cited", "step", "claims"}...],
               "assumptions": [cited lemma ids],
               "evidence": [Evidence...], "negative_controls": [Evidence...],
               "artifacts": [...], ...report_fields of its evidence (e.g. "pep_bounds")}]}
Evidence entries carry engine, engine_version, options, time, instances, margins,
certificate path, counterexample, details, trust and the obligation's criterion
(see checkers.evidence).
"""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from checkers.evidence import jsonable
from checkers.status import MEANING, ORDER


ROOT = Path(__file__).resolve().parent.parent
STANDARD_FIELDS = {"id", "kind", "source", "paper", "citation", "theorem", "statement", "uses", "confirmed",
                   "status", "own_status", "fully_proved", "reasons", "trust_base", "assumptions", "evidence",
                   "negative_controls", "artifacts"}


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
        "trust_base": derived.trust_base, "assumptions": derived.assumptions,
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


def number(value):
    """A float for a number or a "p/q" string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value))
        except (ValueError, ZeroDivisionError):
            return None
    return None


def series_groups(record) -> dict:
    """Claim-specific fields shaped {group: {n: number}} (e.g. pep_bounds = {"hb": {"1": "p/q", ...}}),
    regrouped as {group: {field: {n: value}}}."""
    groups: dict = {}
    for key, value in record.items():
        if not isinstance(value, dict) or not value:
            continue
        for group, series in value.items():
            if (isinstance(series, dict) and series and all(str(n).isdigit() for n in series)
                    and all(number(v) is not None for v in series.values())):
                groups.setdefault(group, {})[key] = {int(n): v for n, v in series.items()}
    return groups


def _short_json(value, limit=600) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[:limit] + " ..."


def build_report(claims, order, results, derived, versions) -> dict:
    records = [claim_record(claims[cid], *results.get(cid, ([], [])), derived[cid]) for cid in order
               if cid in derived]
    summary = {s: sum(r["status"] == s for r in records) for s in ORDER}
    return {"versions": versions, "summary": summary, "claims": records}


def write_all(report: dict, build: Path, gate_lines: list[str]) -> None:
    build.mkdir(parents=True, exist_ok=True)
    (build / "report.json").write_text(json.dumps(report, indent=1, sort_keys=False, allow_nan=False) + "\n")
    (build / "report.md").write_text(markdown(report, gate_lines))
    (build / "junit.xml").write_text(junit(report, gate_lines))
    from checkers import html_report
    (build / "report.html").write_text(html_report.html(report, gate_lines, root=ROOT, out=build))


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


def _data_lines(extra: dict) -> list[str]:
    """Claim-specific fields: series by n as one table per group, the rest as short JSON."""
    if not extra:
        return []
    lines = ["", "Data (in full in report.json):"]
    groups = series_groups(extra)
    for group, fields in groups.items():
        ns = sorted({n for s in fields.values() for n in s})
        lines += ["", f"`{group}`:", "", "| n | " + " | ".join(fields) + " |", "|---" * (len(fields) + 1) + "|"]
        lines += ["| " + " | ".join([str(n)] + [str(fields[f].get(n, "")) for f in fields]) + " |" for n in ns]
    shown = {k for f in groups.values() for k in f}
    lines += [""] + [f"- `{k}`: `{_short_json(v)}`" for k, v in extra.items()
                     if not (k in shown and all(k in f for f in groups.values()))]
    return lines


def markdown(report: dict, gate_lines: list[str]) -> str:
    lines = ["# Theorem report", "", "Status words:", ""] + [f"- **{k}**: {v}" for k, v in MEANING.items()]
    lines += ["", "Summary: " + summary_line(report["summary"]), ""]
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
        lines += _data_lines({k: v for k, v in r.items() if k not in STANDARD_FIELDS})
        lines += [""] + [f"![{a}]({Path(a).relative_to('build') if a.startswith('build/') else a})"
                         for a in r["artifacts"]] + [""]
    lines += ["## Versions", ""] + [f"- {k}: {v}" for k, v in report["versions"].items()] + [""]
    return "\n".join(lines)


def junit(report: dict, gate_lines: list[str]) -> str:
    failing = {g.split(":")[0] for g in gate_lines}
    cases = []
    for r in report["claims"]:
        body = escape(f"status: {r['status']}\n" + "\n".join(r["reasons"])
                      + "\ntrust base:\n" + "\n".join(f"  {t}" for t in trust_lines(r)))
        case = f'  <testcase classname={quoteattr(r["paper"])} name={quoteattr(r["id"])} ' \
               f'time="{sum(e["time"] for e in r["evidence"] + r["negative_controls"]):.3f}">'
        properties = [("status", r["status"]), ("own_status", r["own_status"])]
        properties += [("trust_base", t) for t in trust_lines(r)]
        case += "\n    <properties>" + "".join(f"<property name={quoteattr(k)} value={quoteattr(v)}/>"
                                             for k, v in properties) + "</properties>"
        if r["id"] in failing or r["status"] == "error":
            message = next((g for g in gate_lines if g.startswith(r["id"])), f"status {r['status']}")
            case += f"\n    <failure message={quoteattr(message)}>{body}</failure>"
        case += f"\n    <system-out>{body}</system-out>\n  </testcase>"
        cases.append(case)
    failures = sum("<failure" in c for c in cases)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="theorems" tests="{len(cases)}" '
            f'failures="{failures}">\n' + "\n".join(cases) + "\n</testsuite>\n")
