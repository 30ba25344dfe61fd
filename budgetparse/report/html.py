"""One self-contained HTML page per document: to look at what was read.

The page needs nothing but itself (styles and script inline, no fonts, images or scripts
fetched, no network): the outline to navigate on the left; the document in reading order
— part headings, the running text with every record highlighted (hovering one shows its
fields), and the tables rendered as tables of their typed rows; the findings listed at the
top, each of which, clicked, highlights every place it involves, in the text and in the
table cells, and scrolls to the first.

Places are joined to findings when the page is written: the text is cut at every boundary
of a record's or a finding's span, so each piece knows the records (``data-r``) and
findings (``data-f``) that cover it, and a table cell or row knows the findings whose
spans touch it.  The script only looks them up.  Cost: linear in the text plus the spans.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator
from html import escape
from itertools import pairwise
from typing import Any

from ..model import Document, Part, ProseParagraph, Section, TableBlock
from ..serialize import _converter
from ..tables.rows import Row

KEY_COLUMNS = ("code", "name", "project")


def render(document: Document) -> str:
    """The HTML page of ``document``."""
    findings = FindingSpans(document)
    body = "".join(_stream(document, findings))
    records = [_record_data(document, r) for r in document.records]
    title = document.meta.title or document.source.path or "budgetparse report"
    return _PAGE.format(
        title=escape(title),
        style=_STYLE,
        script=_SCRIPT,
        header=_header(document),
        outline=_outline(document),
        findings=_findings(document, findings),
        body=body,
        records=_json_for_script(records),
    )


# -- spans ----------------------------------------------------------------------------------


class FindingSpans:
    """Every span each finding involves (its own and its inputs'), and which findings
    touch a given span (a binary search over the spans' starts: no pass over all
    findings per cell or paragraph)."""

    def __init__(self, document: Document) -> None:
        self.per_finding: list[list[tuple[int, int]]] = []
        flat: list[tuple[int, int, int]] = []
        for i, finding in enumerate(document.findings):
            spans = {(s[0], s[1]) for s in finding.spans}
            spans |= {(f.span[0], f.span[1]) for f in finding.inputs if f.span is not None}
            self.per_finding.append(sorted(spans))
            flat += [(a, b, i) for a, b in spans]
        flat.sort()
        self._flat = flat
        self._starts = [a for a, _b, _i in flat]
        self._longest = max((b - a for a, b, _i in flat), default=0)

    def within(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(start, end, finding) of the spans that overlap ``[start, end)``."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return [(a, b, i) for a, b, i in self._flat[low:high] if a < end and start < b]

    def touching(self, start: int, end: int) -> list[int]:
        return sorted({i for _a, _b, i in self.within(start, end)})


# -- the document in reading order ----------------------------------------------------------


def _stream(document: Document, findings: FindingSpans) -> Iterator[str]:
    items: list[tuple[int, int, Any]] = []
    for part in document.parts:
        if part.heading_span is not None:  # an implicit part prints no heading
            items.append((part.heading_span[0], 0, part))
    for table in document.tables:
        items.append((table.span[0], 2, table))
    for number, paragraph in enumerate(document.paragraphs):
        items.append((paragraph.span[0], 1, (number, paragraph)))
    items.sort(key=lambda item: (item[0], item[1]))
    record_index = _RecordIndex(document)
    for _start, _order, item in items:
        if isinstance(item, Part):
            yield f'<h2 id="part-{item.number}" class="part">{escape(item.title or "")}</h2>\n'
        elif isinstance(item, TableBlock):
            yield _table(item, findings)
        else:
            number, paragraph = item
            yield _paragraph(document, number, paragraph, record_index, findings)


class _RecordIndex:
    """Records by the paragraph that holds their start (records are in reading order)."""

    def __init__(self, document: Document) -> None:
        self.by_paragraph: dict[int, list[int]] = {}
        for record in document.records:
            if record.sentence is None:
                continue
            paragraph = document.sentences[record.sentence].paragraph
            self.by_paragraph.setdefault(paragraph, []).append(record.index)


def _paragraph(
    document: Document,
    number: int,
    paragraph: ProseParagraph,
    records: _RecordIndex,
    findings: FindingSpans,
) -> str:
    start, end = paragraph.span
    mine = [document.records[i] for i in records.by_paragraph.get(number, [])]
    spans = [(max(r.span[0], start), min(r.span[1], end), "r", r.index) for r in mine]
    for a, b, i in findings.within(start, end):
        spans.append((max(a, start), min(b, end), "f", i))
    cuts = sorted({start, end, *(s[0] for s in spans), *(s[1] for s in spans)})
    pieces = []
    for a, b in pairwise(cuts):
        text = escape(document.text[a:b])
        cover_r = [str(s[3]) for s in spans if s[2] == "r" and s[0] <= a and b <= s[1]]
        cover_f = [str(s[3]) for s in spans if s[2] == "f" and s[0] <= a and b <= s[1]]
        if not cover_r and not cover_f:
            pieces.append(text)
            continue
        classes = (["rec"] if cover_r else []) + (["fnd"] if cover_f else [])
        attrs = f' class="{" ".join(classes)}"'
        if cover_r:
            attrs += f' data-r="{" ".join(cover_r)}"'
        if cover_f:
            attrs += f' data-f="{" ".join(cover_f)}"'
        pieces.append(f"<span{attrs}>{text}</span>")
    content = "".join(pieces)
    anchor = ""
    if paragraph.kind == "heading" and paragraph.section:
        anchor = f' id="{_section_id(paragraph.part, paragraph.section)}"'
        level = min(3 + paragraph.section.count("/"), 6)
        return f'<h{level}{anchor} class="heading">{content}</h{level}>\n'
    return f'<p class="{paragraph.kind}" data-s="{start}" data-e="{end}">{content}</p>\n'


def _table(table: TableBlock, findings: FindingSpans) -> str:
    number = f"表{table.number} " if table.number is not None else ""
    caption = escape(f"{number}{table.title or ''}") + (
        f' <span class="kind">{escape(table.kind or "")}</span>' if table.kind else ""
    )
    out = [f'<section class="table" id="table-{table.index}"><h4>{caption}</h4>']
    if table.unit:
        out.append(f'<div class="unit">单位：{escape(table.unit)}</div>')
    if table.rows:
        out.append("<table><thead><tr>")
        for column in (*KEY_COLUMNS, *table.columns):
            out.append(f"<th>{escape(column)}</th>")
        out.append("</tr></thead><tbody>")
        for row in table.rows:
            out.append(_row(table, row, findings))
        out.append("</tbody></table>")
    elif table.performance is not None:
        out.append("<table><thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th>")
        out.append("<th>指标值</th></tr></thead><tbody>")
        for indicator in table.performance.indicators:
            cells = (indicator.level1, indicator.level2, indicator.name, indicator.value_text)
            out.append("<tr>" + "".join(f"<td>{escape(c or '')}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table>")
    for note in table.notes:
        out.append(f'<p class="note">{escape(note.text)}</p>')
    if table.empty:
        out.append('<p class="empty">(empty table)</p>')
    out.append("</section>\n")
    return "".join(out)


def _row(table: TableBlock, row: Row, findings: FindingSpans) -> str:
    row_hits = findings.touching(*row.span)
    cells = [f"<td>{escape(str(getattr(row, key) or ''))}</td>" for key in KEY_COLUMNS]
    for column in table.columns:
        cell = row.cells.get(column)
        if cell is None:
            undecided = " undecided" if column in row.undecided else ""
            cells.append(f'<td class="num{undecided}"></td>')
            continue
        hits = findings.touching(*cell.span)
        data = f' data-f="{" ".join(map(str, hits))}"' if hits else ""
        hit_class = " fnd" if hits else ""
        cells.append(
            f'<td class="num{hit_class}" data-s="{cell.span[0]}" data-e="{cell.span[1]}"{data}>'
            f"{escape(cell.text)}</td>"
        )
    data = f' data-f="{" ".join(map(str, row_hits))}"' if row_hits else ""
    total = ' class="total"' if row.total else ""
    return f"<tr{total}{data}>{''.join(cells)}</tr>"


# -- header, outline, findings --------------------------------------------------------------


def _header(document: Document) -> str:
    meta = document.meta
    facts = [
        ("department", meta.department),
        ("year", meta.year),
        ("template", meta.template),
        ("published", meta.published),
        ("file", document.source.path),
    ]
    counts = (
        f"{len(document.tables)} tables · {len(document.records)} records · "
        f"{len(document.findings)} findings · {len(document.diagnostics)} diagnostics"
    )
    listed = " · ".join(f"{k}: {escape(str(v))}" for k, v in facts if v is not None)
    title = escape(meta.title or document.source.path or "(untitled)")
    return f'<h1>{title}</h1><p class="facts">{listed}</p><p class="counts">{counts}</p>'


def _outline(document: Document) -> str:
    out = ["<ul>"]
    out.append('<li><a href="#findings">Findings</a></li>')
    for part in document.parts:
        children = [*_section_links(part.number, part.sections, "")]
        children += [_table_link(document.tables[i]) for i in part.tables]
        if part.title is None:  # an implicit part: its sections are the outline's top
            out += children
            continue
        out.append(f'<li><a href="#part-{part.number}">{escape(part.title)}</a>')
        if children:
            out.append("<ul>" + "".join(children) + "</ul>")
        out.append("</li>")
    out.append("</ul>")
    return "".join(out)


def _section_links(part: int | None, sections: tuple[Section, ...], path: str) -> Iterator[str]:
    for section in sections:
        marker = _marker(section)
        full = f"{path}/{marker}" if path else marker
        label = escape(f"{section.number} {section.title}"[:40])
        inner = [*_section_links(part, section.sections, full)]
        if section.level <= 2 or inner:
            nested = "<ul>" + "".join(inner) + "</ul>" if inner and section.level < 2 else ""
            yield f'<li><a href="#{_section_id(part, full)}">{label}</a>{nested}</li>'


def _table_link(table: TableBlock) -> str:
    number = f"表{table.number} " if table.number is not None else ""
    return f'<li><a href="#table-{table.index}">{escape(number + (table.title or ""))}</a></li>'


_MARKERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "({})"}


def _marker(section: Section) -> str:
    return _MARKERS.get(section.level, "{}").format(section.number)


def _section_id(part: int | None, section: str) -> str:
    return "sec-" + str(part) + "-" + "-".join(str(ord(c)) for c in section)


def _findings(document: Document, findings: FindingSpans) -> str:
    if not document.findings:
        return "<p>No findings: the document agrees with itself.</p>"
    out = ["<ol>"]
    for i, finding in enumerate(document.findings):
        out.append(
            f'<li class="finding {escape(finding.severity)}" data-finding="{i}" tabindex="0">'
            f'<span class="sev">{escape(finding.severity)}</span> '
            f"<code>{escape(finding.code)}</code> {escape(finding.message)}"
            f' <span class="places">({len(findings.per_finding[i])} places)</span></li>'
        )
    out.append("</ol>")
    return "".join(out)


def _record_data(document: Document, record: Any) -> dict[str, Any]:
    data: dict[str, Any] = _converter.unstructure(record)
    return {
        k: v
        for k, v in data.items()
        if v not in (None, [], "") and not k.endswith("span") and k != "text"
    }


def _json_for_script(data: object) -> str:
    """JSON that cannot end the ``<script>`` element it is written into."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_STYLE = """
body{margin:0;font:15px/1.7 system-ui,sans-serif;color:#222;display:flex}
nav{position:sticky;top:0;height:100vh;overflow:auto;width:18rem;flex:none;
background:#f5f5f3;border-right:1px solid #ddd;font-size:13px;padding:.5rem}
nav ul{padding-left:1rem;margin:0}
main{flex:1;padding:1rem 2rem;max-width:70rem}
h1{font-size:1.4rem}.facts,.counts{color:#555;margin:.2rem 0}
h2.part{border-bottom:2px solid #888;margin-top:2rem}
.rec{background:#fff3b0;border-bottom:2px solid #e0b000;cursor:help}
.fnd{outline:1px dashed #c33}
.hit{background:#ffb3b3 !important;outline:2px solid #c00}
#tip{position:fixed;display:none;max-width:32rem;background:#222;color:#fff;
font:12px/1.4 monospace;padding:.5rem;border-radius:4px;white-space:pre-wrap;z-index:9}
table{border-collapse:collapse;margin:.5rem 0;font-size:13px}
td,th{border:1px solid #ccc;padding:2px 6px}td.num{text-align:right}
td.undecided{background:repeating-linear-gradient(45deg,#eee,#eee 4px,#fff 4px,#fff 8px)}
tr.total{font-weight:bold}.kind{color:#777;font-size:12px}
#findings li{cursor:pointer;margin:.2rem 0}#findings li:hover{background:#eef}
.sev{font-weight:bold}.error .sev{color:#c00}.warning .sev{color:#b60}.info .sev{color:#06c}
p.note{color:#555;font-size:13px}
"""

_SCRIPT = """
(function(){
var records=JSON.parse(document.getElementById('records').textContent);
var tip=document.getElementById('tip');
document.addEventListener('mouseover',function(e){
  var el=e.target.closest('.rec');
  if(!el){tip.style.display='none';return;}
  var shown=el.getAttribute('data-r').split(' ').map(function(i){
    return JSON.stringify(records[+i],null,1);});
  tip.textContent=shown.join('\\n');
  tip.style.display='block';
  tip.style.left=Math.min(e.clientX+12,window.innerWidth-420)+'px';
  tip.style.top=(e.clientY+16)+'px';
});
function show(i){
  document.querySelectorAll('.hit').forEach(function(el){el.classList.remove('hit');});
  var places=document.querySelectorAll('[data-f~="'+i+'"]');
  places.forEach(function(el){el.classList.add('hit');});
  if(places.length){places[0].scrollIntoView({block:'center'});}
}
document.querySelectorAll('[data-finding]').forEach(function(li){
  li.addEventListener('click',function(){show(li.getAttribute('data-finding'));});
  li.addEventListener('keydown',function(e){
    if(e.key==='Enter'){show(li.getAttribute('data-finding'));}});
});
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title><style>{style}</style></head>
<body><nav>{outline}</nav><main>{header}
<section id="findings"><h2>Findings</h2>{findings}</section>
<article>{body}</article></main><div id="tip"></div>
<script type="application/json" id="records">{records}</script>
<script>{script}</script></body></html>
"""
