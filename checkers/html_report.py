"""build/report.html: one self-contained page (no network, no external file needed to read it).

In the manner of a blueprint's web view: the `uses` graph drawn as a layered DAG per paper
(networkx layers it: topological generations, placed by `multipartite_layout`), one node per
claim and lemma, coloured by derived status, each node a link to its claim's section; a
legend; filters by paper and status (a few lines of inline JavaScript); then every claim with
everything the Markdown report has: statement, paper check, own and derived status, reasons,
trust base, evidence (engine, version, time, criterion, instances, margins, certificate
links, counterexamples, details), negative controls, plots (embedded as data URIs) and
claim-specific data as tables, with a log-scale plot for numeric series indexed by n.
Readable from 400 px to wide screens (viewport meta, wrapping tables, scalable SVG).
"""
from __future__ import annotations

import base64
import json
import math
import os
from html import escape
from pathlib import Path

import networkx as nx

from checkers.report import STANDARD_FIELDS, number, series_groups, trust_lines
from checkers.status import MEANING

COLOURS = {"proved": "#1a7f37", "proved assuming": "#2f8f6f", "proved for instances": "#4c9a2a",
           "proved for instances assuming": "#6f9a4a", "supported": "#9a6700", "unknown": "#6e7781",
           "cited": "#0969da", "refuted": "#8250df", "error": "#cf222e"}
NODE_W, NODE_H, COL_W, ROW_H, PER_ROW = 168, 30, 184, 64, 4

CSS = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 12px;line-height:1.45;color:#1f2328}
h1{font-size:1.6em}h2{font-size:1.25em;border-top:1px solid #d0d7de;padding-top:14px;margin-top:28px;word-break:break-word}
h3{font-size:1.05em}h4{font-size:.95em;margin:12px 0 4px}
.badge{color:#fff;padding:1px 6px;border-radius:4px;font-size:.85em;white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #d0d7de;padding:3px 6px;vertical-align:top;text-align:left}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px;border-radius:4px;font-size:.88em}
code{word-break:break-all}img{max-width:100%;height:auto}svg{max-width:100%;height:auto}
.evidence{border:1px solid #d0d7de;border-radius:6px;padding:6px 10px;margin:8px 0}
.legend span{display:inline-block;margin:2px 8px 2px 0}.filters{margin:10px 0}.filters label{margin-right:12px}
.graph{margin:8px 0 18px}.muted{color:#57606a}
"""

SCRIPT = """
function applyFilters(){
  var p=document.getElementById('paper').value, s=document.getElementById('status').value;
  document.querySelectorAll('[data-paper]').forEach(function(e){
    var ok=(p===''||e.dataset.paper===p)&&(s===''||!e.dataset.status||e.dataset.status===s);
    e.style.display=ok?'':'none';});
}
"""


def badge(status: str) -> str:
    return f'<span class="badge" style="background:{COLOURS.get(status, "#6e7781")}">{escape(status)}</span>'


def anchor(cid: str) -> str:
    return cid.replace(".", "-")


# ---------------------------------------------------------------- the graph

def _layout(records, paper):
    """Positions (x, y) of the nodes of one paper's graph (and the nodes it uses from other papers)."""
    ids = {r["id"] for r in records}
    own = [r for r in records if r["paper"] == paper]
    graph = nx.DiGraph()
    for r in own:
        graph.add_node(r["id"])
        for u in r["uses"]:
            if u in ids:
                graph.add_edge(r["id"], u)
    rows = []
    for generation in nx.topological_generations(graph):
        ordered = sorted(generation)
        rows += [ordered[i:i + PER_ROW] for i in range(0, len(ordered), PER_ROW)]
    layered = nx.DiGraph()
    for k, row in enumerate(rows):
        for cid in row:
            layered.add_node(cid, row=k)
    spread = nx.multipartite_layout(layered, subset_key="row", align="horizontal", scale=1)
    width = COL_W * min(PER_ROW, max((len(r) for r in rows), default=1))
    xs = [p[0] for p in spread.values()]
    low, high = min(xs, default=0), max(xs, default=0)
    position = {}
    for k, row in enumerate(rows):
        for cid in row:
            x = spread[cid][0]
            fraction = 0.5 if high == low else (x - low) / (high - low)
            position[cid] = (NODE_W / 2 + 8 + fraction * (width - NODE_W - 16), 24 + k * ROW_H)
    return graph, position, width + 8, 24 + len(rows) * ROW_H


def graph_svg(records, paper) -> str:
    status = {r["id"]: r["status"] for r in records}
    graph, position, width, height = _layout(records, paper)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" role="img" '
             f'aria-label="uses graph of {escape(paper)}" xmlns="http://www.w3.org/2000/svg">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker></defs>']
    for a, b in sorted(graph.edges):
        (x1, y1), (x2, y2) = position[a], position[b]
        parts.append(f'<line x1="{x1:.1f}" y1="{y1 + NODE_H / 2:.1f}" x2="{x2:.1f}" y2="{y2 - NODE_H / 2:.1f}" '
                     'stroke="#8c959f" stroke-width="1.2" marker-end="url(#arrow)"/>')
    for cid, (x, y) in sorted(position.items()):
        s = status.get(cid, "unknown")
        label = cid.split(".", 1)[1] if cid.startswith(paper + ".") else cid
        label = label if len(label) <= 24 else label[:23] + "…"
        parts.append(f'<a href="#{anchor(cid)}" class="node" data-id="{escape(cid)}"><title>{escape(cid)}: {escape(s)}'
                     f'</title><rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" '
                     f'height="{NODE_H}" rx="6" fill="{COLOURS.get(s, "#6e7781")}"/>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12" fill="#fff">'
                     f'{escape(label)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- values and tables

def _cell(value) -> str:
    if isinstance(value, (dict, list)):
        return f"<code>{escape(json.dumps(value)[:400])}</code>"
    approx = number(value)
    if isinstance(value, str) and "/" in value and approx is not None:
        return f"<code>{escape(value)}</code> <span class=muted>≈ {approx:.6g}</span>"
    return escape(str(value))


def key_value_table(data: dict) -> str:
    rows = "".join(f"<tr><th>{escape(str(k))}</th><td>{_cell(v)}</td></tr>" for k, v in data.items())
    return f'<div class="scroll"><table>{rows}</table></div>'


def rows_table(rows: list) -> str:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r.get(c, ''))}</td>" for c in columns) + "</tr>" for r in rows)
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>'


def series_plot(fields: dict) -> str:
    """Inline SVG: each field's values against n, on a log scale when every value is positive."""
    values = [number(v) for s in fields.values() for v in s.values()]
    ns = sorted({n for s in fields.values() for n in s})
    if len(ns) < 2:
        return ""
    log = all(v > 0 for v in values)
    ys = [math.log10(v) if log else v for v in values]
    y_low, y_high = min(ys), max(ys)
    y_high = y_high if y_high > y_low else y_low + 1
    w, h, left, right, top, bottom = 560, 250 + 16 * len(fields), 70, 16, 12, 44 + 16 * len(fields)
    palette = ["#0969da", "#cf222e", "#1a7f37", "#9a6700", "#8250df"]

    def point(n, y):
        return (left + (n - ns[0]) / (ns[-1] - ns[0]) * (w - left - right),
                h - bottom - (y - y_low) / (y_high - y_low) * (h - top - bottom))

    def tick(y):
        return f"{10 ** y:.3g}" if log else f"{y:.3g}"

    parts = [f'<svg viewBox="0 0 {w} {h}" width="{w}" xmlns="http://www.w3.org/2000/svg" font-size="11">',
             f'<rect x="{left}" y="{top}" width="{w - left - right}" height="{h - top - bottom}" fill="none" '
             'stroke="#d0d7de"/>']
    for y in (y_low, (y_low + y_high) / 2, y_high):
        _, py = point(ns[0], y)
        parts.append(f'<text x="{left - 4}" y="{py + 4:.1f}" text-anchor="end">{tick(y)}</text>')
    for n in (ns if len(ns) <= 12 else ns[:: max(1, len(ns) // 10)] + [ns[-1]]):
        px, _ = point(n, y_low)
        parts.append(f'<text x="{px:.1f}" y="{h - bottom + 14}" text-anchor="middle">{n}</text>')
    parts.append(f'<text x="{(left + w - right) / 2}" y="{h - bottom + 28}" text-anchor="middle">n'
                 f'{" (log scale in y)" if log else ""}</text>')
    for k, (name, series) in enumerate(fields.items()):
        colour = palette[k % len(palette)]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(n, math.log10(number(v)) if log else number(v))
                                                      for n, v in sorted(series.items())))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
        parts.append(f'<text x="{left}" y="{h - bottom + 44 + 16 * k}" fill="{colour}">— {escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def claim_data(record) -> str:
    """Claim-specific report fields: series by n as a table and a plot; lists of rows as tables;
    everything else as a key-value table."""
    extra = {k: v for k, v in record.items() if k not in STANDARD_FIELDS}
    if not extra:
        return ""
    out = ["<h4>Data</h4>"]
    groups = series_groups(extra)
    used = {key for fields in groups.values() for key in fields}
    for group, fields in groups.items():
        ns = sorted({n for s in fields.values() for n in s})
        rows = [{"n": n, **{name: series.get(n, "") for name, series in fields.items()}} for n in ns]
        out += [f"<h4>{escape(str(group))}</h4>", rows_table(rows), series_plot(fields)]
    for key, value in extra.items():
        if key in used and all(key in f for f in groups.values()):
            continue
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            out += [f"<h4>{escape(key)}</h4>", rows_table(value)]
        elif isinstance(value, dict) and value and all(isinstance(r, dict) for r in value.values()):
            out += [f"<h4>{escape(key)}</h4>", rows_table([{"": k, **r} for k, r in value.items()])]
        elif isinstance(value, dict):
            out += [f"<h4>{escape(key)}</h4>", key_value_table(value)]
        else:
            out += [f"<h4>{escape(key)}</h4>", f"<p>{_cell(value)}</p>"]
    return "".join(out)


# ---------------------------------------------------------------- claims

def _embedded(path: str, root: Path) -> str:
    file = root / path
    try:
        data = base64.b64encode(file.read_bytes()).decode()
    except OSError:
        return f"<p class=muted>plot {escape(path)} is missing</p>"
    return f'<p><img alt="{escape(path)}" src="data:image/png;base64,{data}"></p>'


def evidence_block(e: dict, root: Path, out: Path) -> str:
    head = (f'<div class="evidence">{badge(e["verdict"])} <b>{escape(e["obligation"])}</b> '
            f'<span class=muted>[{escape(e["engine"])}, {escape(e.get("engine_version", ""))}, '
            f'{e["time"]:.2f} s{", cached" if e.get("cached") else ""}]</span><p>{escape(e["summary"])}</p>')
    parts = [head]
    if e.get("criterion"):
        parts.append(f"<p><b>Criterion</b> (fixed before the run): {escape(e['criterion'])}</p>")
    if e.get("trust"):
        parts.append("<p><b>Rests on</b>: " + "; ".join(escape(t) for t in e["trust"]) + "</p>")
    if e.get("instances"):
        parts.append("<p><b>Instances</b>: " + escape(", ".join(map(str, e["instances"]))) + "</p>")
    if e.get("margins"):
        parts.append("<h4>Margins</h4>" + key_value_table(e["margins"]))
    if e.get("certificate"):
        target = os.path.relpath(root / e["certificate"], out)
        parts.append(f'<p><b>Certificate</b>: <a href="{escape(target)}"><code>{escape(e["certificate"])}</code></a></p>')
    if e.get("counterexample"):
        parts.append("<h4>Counterexample</h4>" + key_value_table(e["counterexample"]))
    if e.get("options"):
        parts.append("<details><summary>options</summary>" + key_value_table(e["options"]) + "</details>")
    if e.get("details"):
        parts.append(f"<details><summary>details</summary><pre>{escape(json.dumps(e['details'], indent=1)[:20000])}"
                     "</pre></details>")
    return "".join(parts) + "</div>"


def claim_section(r: dict, root: Path, out: Path) -> str:
    parts = [f'<section id="{anchor(r["id"])}" data-paper="{escape(r["paper"])}" data-status="{escape(r["status"])}">',
             f'<h2>{escape(r["id"])} {badge(r["status"])}</h2>',
             f'<p><i>{escape(r["citation"])}</i>, {escape(r["theorem"])}</p>',
             f'<pre>{escape(r["statement"])}</pre>',
             f'<p><b>Status</b>: {badge(r["status"])} (own evidence: {badge(r["own_status"])}'
             f'{"; fully proved" if r["fully_proved"] else ""})</p>']
    if r["kind"] == "lemma":
        parts.append(f"<p><b>Lemma</b>; source: {escape(r['source'])}</p>")
    if r["uses"]:
        parts.append("<p><b>Uses</b>: " + ", ".join(f'<a href="#{anchor(u)}">{escape(u)}</a>' for u in r["uses"])
                     + "</p>")
    if r["confirmed"]:
        parts.append(f"<p><b>Checked against the paper</b>: {escape(r['confirmed'])}</p>")
    if r["reasons"]:
        parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in r["reasons"]) + "</ul>")
    parts.append("<h3>Trust base</h3><ul>" + "".join(f"<li>{escape(t)}</li>" for t in trust_lines(r)) + "</ul>")
    if r["evidence"]:
        parts.append("<h3>Evidence</h3>" + "".join(evidence_block(e, root, out) for e in r["evidence"]))
    if r["negative_controls"]:
        parts.append("<h3>Negative controls (each must be refuted)</h3>"
                     + "".join(evidence_block(e, root, out) for e in r["negative_controls"]))
    parts.append(claim_data(r))
    parts += [_embedded(a, root) for a in r["artifacts"] if a.endswith(".png")]
    return "".join(parts) + "</section>"


def html(report: dict, gate_lines: list, *, root: Path, out: Path) -> str:
    """The page; `root` is the repository (plots and certificates are found there), `out` the
    folder the page is written to (certificate links are relative to it)."""
    records = report["claims"]
    papers = sorted({r["paper"] for r in records})
    statuses = [s for s in COLOURS if any(r["status"] == s for r in records)]
    summary = " ".join(f"{badge(s)} {n}" for s, n in report["summary"].items() if n)
    legend = "".join(f"<span>{badge(s)} {escape(MEANING.get(s, ''))}</span>" for s in COLOURS)
    options = lambda values: "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)  # noqa: E731
    filters = (f'<div class="filters"><label>paper <select id="paper" onchange="applyFilters()"><option value="">all'
               f'</option>{options(papers)}</select></label><label>status <select id="status" '
               f'onchange="applyFilters()"><option value="">all</option>{options(statuses)}</select></label></div>')
    graphs = "".join(f'<div class="graph" data-paper="{escape(p)}"><h3>{escape(p)}</h3>{graph_svg(records, p)}</div>'
                     for p in papers)
    table = "".join(f'<tr data-paper="{escape(r["paper"])}" data-status="{escape(r["status"])}">'
                    f'<td><a href="#{anchor(r["id"])}">{escape(r["id"])}</a></td><td>{escape(r["kind"])}</td>'
                    f'<td>{badge(r["status"])}</td><td>{escape(r["theorem"])}</td>'
                    f'<td>{", ".join(escape(u) for u in r["uses"])}</td></tr>' for r in records)
    run = report.get("run", {})
    versions = key_value_table(report["versions"])
    gate = ("<h3>Gate</h3><ul>" + "".join(f"<li>{escape(g)}</li>" for g in gate_lines) + "</ul>") if gate_lines else ""
    sections = "".join(claim_section(r, root, out) for r in records)
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Theorem report</title><style>{CSS}</style><script>{SCRIPT}</script></head><body>"
            f"<h1>Theorem report</h1><p>{summary}</p>"
            + (f"<p class=muted>{run.get('claims', len(records))} claims, {run.get('seconds', '?')} s, "
               f"{run.get('jobs', '?')} workers, cache {'on' if run.get('cache') else 'off'}</p>" if run else "")
            + gate + f"<h3>Legend</h3><div class=legend>{legend}</div>{filters}"
            "<h3>The uses graph</h3><p class=muted>An arrow goes from a claim to a claim or lemma it uses; "
            "a node links to its section.</p>" + graphs
            + '<h3>Claims</h3><div class="scroll"><table><tr><th>claim</th><th>kind</th><th>status</th>'
              "<th>theorem</th><th>uses</th></tr>" + table + "</table></div>" + sections
            + f"<h2>Versions</h2>{versions}</body></html>\n")
