"""Text from an inspected database is inert in every format (issue #14, item 1).

A database user controls query text, object names and whatever a check's message formats from
row values; a driver's error message (an instance's cause) can carry them too. Rendered into a
report, none of it may become a link, emphasis, HTML, a table cell or a spreadsheet formula.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

import reports
from dbpatrol.results import InspectionResult, Outcome, Text
from reports import sample
from reports.render import css_string, md_text, md_unescape, sheet_safe

LINK = "SELECT/*[Open the report](http://evil.test/)*/pg_sleep(60)"
ITALICS = "SELECT count(*) FROM t /* */ WHERE a = '_b_' AND c = '**d**'"
HTML_TEXT = "<script>alert(1)</script><img src=x onerror=alert(1)> &lt;b&gt; &#91;e&#93;(http://evil.test/)"
AUTOLINKS = "see www.evil.test or https://evil.test/x or ops@evil.test ![px](http://evil.test/p.png)"
BLOCKS = "one\ntwo\r\n# heading\n- item\n> quote\n[ref]: http://evil.test/\n| a | b |"
MISC = "`code` ~~gone~~ a|b \\| c \\*not\\* {x} <http://evil.test/>"
FORMULA = '=HYPERLINK("http://evil.test/","Open the report")'
HOSTILE = [LINK, ITALICS, HTML_TEXT, AUTOLINKS, BLOCKS, MISC, FORMULA]
REPORT_URL = "http://127.0.0.1:8765/reports/3f2a9c1e/download/pdf"


def hostile_result(performance: bool = False) -> InspectionResult:
    """The standard fixture with hostile text wherever a database or driver can put text (``performance``:
    and a top-SQL finding whose statement texts and user names are hostile, for the performance section)."""
    r = sample.two_instance_result()
    pg, my = r.instances
    problems = [f for f in pg.findings if f.outcome in (Outcome.CRITICAL, Outcome.WARNING)]
    oks = [f for f in pg.findings if f.outcome == Outcome.OK]
    for f, s in zip(problems + oks, HOSTILE + ["\x1b[31mred\x1b[0m \x00 \x08"]):  # 5 problems, then OK ones
        f.message = Text(en=s, zh=s)
    for f in pg.findings:
        f.evidence = [{"object": s, "detail": s} for s in HOSTILE] + f.evidence
        f.columns = list(f.evidence[0])
    skipped = next(f for f in pg.findings if f.outcome == Outcome.SKIPPED)
    skipped.message = Text(en="-2+3+cmd|' /C calc'!A0", zh="-2+3+cmd|' /C calc'!A0")
    errored = next(f for f in pg.findings if f.outcome == Outcome.ERROR)
    errored.message = Text(en="@SUM(1+1)*cmd|' /C calc'!A0", zh="@SUM(1+1)*cmd|' /C calc'!A0")
    errored.duration_ms = -1.5  # a genuine negative number must stay a number
    pg.server_version = "\t=1+1"
    my.cause = f"{LINK} {ITALICS} {AUTOLINKS} {MISC}"
    my.host = "+1+1"
    r.plan = "[plan](http://evil.test/)"
    r.business = "*core*"
    if performance:  # the performance section (reports/performance.py): statement texts and user names
        pg.findings.append(sample.top_sql_finding(HOSTILE, usernames=HOSTILE))
    return r


# ------------------------------------------------------------------------------------- Markdown

def _md():
    # CommonMark plus the GFM tables and strikethrough the Prefect UI (marked) renders
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _tokens(tokens):
    for t in tokens:
        yield t
        if t.children:
            yield from _tokens(t.children)


ACTIVE = {"link_open", "image", "em_open", "strong_open", "code_inline", "html_inline", "html_block", "s_open",
          "heading_open", "blockquote_open", "bullet_list_open", "hr", "fence", "code_block", "table_open", "td_open"}


def _kinds(md: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for t in _tokens(_md().parse(md)):
        if t.type in ACTIVE:
            counts[t.type] = counts.get(t.type, 0) + 1
    return counts


def _text(md: str) -> str:
    return " ".join(t.content for t in _tokens(_md().parse(md)) if t.type == "text")


def test_summary_markdown_makes_database_text_inert():
    benign = reports.summary_markdown(sample.two_instance_result(), report_url=REPORT_URL)
    md = reports.summary_markdown(hostile_result(), report_url=REPORT_URL)
    tokens = list(_tokens(_md().parse(md)))
    links = [t.attrs.get("href") for t in tokens if t.type == "link_open"]
    assert links == [REPORT_URL], "our own link, and only ours"
    assert not [t for t in tokens if t.type in ("em_open", "image", "html_inline", "html_block", "code_inline",
                                                 "s_open")]
    # the same structure as a report without hostile text: no extra cells, rows, bold or headings
    assert _kinds(md) == _kinds(benign)
    # …and the text itself is shown literally
    text = _text(md)
    for s in (LINK, ITALICS, "[plan](http://evil.test/)", "*core*"):
        assert s in text, s
    # bare-URL autolinks (GFM, marked) need "http://" or "www." in the source: only our link has them
    assert re.findall(r"https?://|www\.", md) == ["http://"]


def test_table_artifact_cells_are_inert():
    """The Prefect UI renders each string cell of a table artifact as Markdown."""
    rows = reports.findings_table(hostile_result())
    messages = [r["message"] for r in rows]
    assert len(rows) == 8 and any("pg\\_sleep" in m for m in messages)
    for row in rows:
        for value in row.values():
            assert not _kinds(value).keys() - {"table_open", "td_open"}, value
            assert not re.search(r"https?://|www\.", value), value
            assert "\n" not in value
    assert LINK in _text(next(m for m in messages if "Open the report" in m))
    assert {r["outcome"] for r in rows} == {"CRITICAL", "WARNING", "ERROR", "SKIPPED", "UNREACHABLE"}


@pytest.mark.parametrize("s", HOSTILE + ["a\\", "\\", "x" * 500, "\x1b[31mred\x1b[0m \u202eevil\u2028x", "核心银行 *加粗*"])
def test_md_text_round_trips_as_plain_text(s):
    out = md_text(s, 200)
    assert "\n" not in out and "\x1b" not in out and "\u202e" not in out
    parsed = _md().parse(f"| a |\n|---|\n| {out} |\n")
    assert [t.type for t in parsed].count("td_open") == 1
    inline = next(t for t in parsed if t.type == "inline" and t.map and t.map[0] == 2)
    assert {c.type for c in inline.children} <= {"text", "text_special"}
    expected = " ".join(re.sub(r"[\x00-\x1f\u202e\u2028]", " ", s).split())
    if len(expected) > 200:
        expected = expected[:199] + "…"
    assert "".join(c.content for c in inline.children) == expected
    assert md_unescape(out) == expected  # what `dbpatrol reports show` prints in a terminal


# ------------------------------------------------------------------------------------- HTML / PDF

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_html_escapes_database_text(lang):
    page = reports.to_html(hostile_result(performance=True), lang)
    parser = _Tags()
    parser.feed(page)
    tags = {t for t, _ in parser.tags}
    assert "script" not in tags and "img" not in tags
    hrefs = [a.get("href") for t, a in parser.tags if t == "a"]
    assert hrefs and all(h.startswith("#") for h in hrefs), hrefs
    assert not [a for _, a in parser.tags if "onerror" in a]
    assert html.escape(HTML_TEXT, quote=False) in page or html.escape(HTML_TEXT) in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    perf = page[page.index('id="performance"'):page.index('id="appendix-thresholds"')]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in perf and "<script" not in perf  # its tables and its chart
    chart = perf[perf.index("<svg"):perf.index("</svg>")]
    assert "<img" not in chart and "&lt;script&gt;" in chart


def test_pdf_header_string_cannot_be_ended_by_the_tier():
    assert css_string('a\\"<b') == "a\\5c \\22 \\3c b"
    r = hostile_result()
    r.tier = 'weekly\\'  # a trailing backslash would swallow the closing quote of the CSS string
    page = reports.to_html(r, "en", for_pdf=True)
    header = next(line for line in page.splitlines() if "@top-left" in line)
    assert 'weekly\\5c ";' in header


def test_pdf_has_no_links_from_database_text(tmp_path):
    for tool in ("pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install poppler-utils (bash .ci/run does)")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(reports.to_pdf(hostile_result(performance=True), "en"))
    urls = subprocess.run(["pdfinfo", "-url", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "evil.test" not in urls
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                             text=True).stdout)
    assert "<script>alert(1)</script>" in text and re.sub(r"\s+", "", LINK) in text


# ------------------------------------------------------------------------------------- CSV / XLSX

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _dangerous(cell) -> bool:
    return isinstance(cell, str) and cell.startswith(TRIGGERS) and cell != "-" and not NUMBER.fullmatch(cell)


def test_csv_cells_cannot_be_formulas():
    rows = list(csv.reader(io.StringIO(reports.to_csv(hostile_result()).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    cells = [c for r in body for c in r]
    assert not [c for c in cells if _dangerous(c)]
    messages = [r[header.index("message")] for r in body]
    assert "'" + FORMULA in messages and "'-2+3+cmd|' /C calc'!A0" in messages
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in messages
    assert "'+1+1" in [r[header.index("host")] for r in body]
    assert "-1.5" in [r[header.index("duration_ms")] for r in body]  # a negative number stays as it is


def test_xlsx_cells_cannot_be_formulas():
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(reports.to_xlsx(hostile_result())))
    seen = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                assert not _dangerous(c.value), (ws.title, c.coordinate, c.value)
                seen.append(c.value)
    assert "'" + FORMULA in seen and "'\t=1+1" in seen
    findings = wb["findings"]
    header = [c.value for c in findings[1]]
    durations = [r[header.index("duration_ms")] for r in findings.iter_rows(min_row=2, values_only=True)]
    assert -1.5 in durations  # a number, not text


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+1", "+1"), ("-5", "-5"), ("-0.25", "-0.25"), ("-", "-"), ("- / -", "'- / -"),
    ("-2+3", "'-2+3"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=1", "a=1"), (-3, -3), (2.5, 2.5),
    (True, True), (None, None),
])
def test_sheet_safe(value, expected):
    assert sheet_safe(value) == expected


# ------------------------------------------------------------------------------------- terminal

def test_cli_prints_database_text_without_rich_markup(tmp_path, monkeypatch):
    """Rich reads [..] as markup: a cause with [/bold] crashed `inspect` after the whole run, and
    [link=…] made a terminal hyperlink; ESC went through to the terminal."""
    from rich.console import Console

    from dbpatrol import cli

    r = hostile_result()
    r.instances[1].cause = "FATAL: database \"[/bold][link=http://evil.test/]x[/link]\" does not exist \x1b]8;;http://e\x1b\\"
    doc = tmp_path / "r.json"
    doc.write_text(reports.to_json(r), encoding="utf-8")
    buf = io.StringIO()
    monkeypatch.setattr(cli, "out", Console(file=buf, width=400, force_terminal=True))
    cli._print_summary({"report_id": r.id, "window": ["a", "b"], "files": {"json": doc}})
    progress = io.StringIO()
    cli._progress_hook(Console(file=progress, width=400, force_terminal=True))("done", "my-replica",
                                                                             result=r.instances[1])
    for text in (buf.getvalue(), progress.getvalue()):
        assert "[/bold][link=http://evil.test/]x[/link]" in text
        assert "\x1b]8;" not in text  # no terminal hyperlink, no raw escape sequence from the cause


def test_performance_section_json_keeps_statement_text_as_data():
    """The JSON's performance summary carries the statement texts as strings, byte for byte."""
    import json

    doc = json.loads(reports.to_json(hostile_result(performance=True)))
    top = doc["summary"]["performance"][0]["top"]
    assert [r["query"] for r in top] == HOSTILE[: len(top)] and [r["username"] for r in top] == HOSTILE[: len(top)]
