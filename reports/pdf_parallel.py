"""A large fleet PDF rendered in two processes and joined (issue 13 item 4).

WeasyPrint lays a document out in one thread of pure Python; a 100-instance fleet report took
~14 s of CPU on one core. Here the report's HTML is cut in two at an instance of chapter 5 (the
cut balancing the two halves' HTML, a fair measure of their layout work), a forked child renders
the second half while this process renders the first, and the two PDFs are joined with pypdf.
What a single document would have and two documents would not is put back:

- page numbers ("Page 7 of 120"): the halves are rendered without them; a document of empty
  pages with the report's own ``@page`` footer (so the same font, size and place) is rendered
  for the joined page count and each of its pages laid over the report's page of that number;
- running headers: the second half's first page keeps its header (no ``@page :first`` rule
  there) and a zero-height element carries chapter 5's title into ``string(section)``;
- links across the halves (the overview's instance names, the finding cards' "see 6.N"): each
  half gets a zero-height anchor for every id it links to but lacks (else WeasyPrint drops the
  link); the joined document's named destinations are the real ones, from the half that has
  the element;
- the outline (bookmarks): each half's headings with their levels, rebuilt as one tree.

The one visible difference from a single render: the second half starts on a new page, so the
first half's last page may be short (one page more at most).
"""

from __future__ import annotations

import html as html_lib
import io
import logging
import multiprocessing
import time
import re
import traceback
from typing import Any, Callable

LOG = logging.getLogger(__name__)

INSTANCE_MARK = '<section class="instance" id="inst-'
FIRST_PAGE_RULE = "@page :first { @top-left { content: none; } @top-right { content: none; } }"
NO_PAGE_NUMBER = "<style>@page { @bottom-center { content: none; } }</style>\n"
# the second half: chapter 5's title for its running headers, its first instance at the top of the page
_CARRY = ("<style>.section-carry {{ height: 0; margin: 0; string-set: section {}; }}\n"
          ".section-carry + section.instance, .section-carry + section.instance > h3 {{ margin-top: 0; }}</style>\n<div class=\"section-carry\"></div>\n")
_ZERO = '<div style="height: 0; margin: 0; padding: 0; overflow: hidden">{}</div>\n'


class CannotSplit(Exception):
    """The HTML is not a report this module knows how to cut (render it whole)."""


# The first half's share of the HTML: a little under half, since this process also joins the halves
# (100-instance fleet, CPU s: at 0.5 first 10.5 + join 0.85, second 10.1; at 0.44 7.8 + 1.0 / 13.1).
SHARE = 0.48


def split(html: str, share: float = SHARE) -> list[tuple[str, set[str]]]:
    """The report's HTML as two documents (cover to part of chapter 5, and the rest), each with
    the ids it holds only as placeholders."""
    body = html.find("<body>")
    head_end = html.find("</head>")
    starts = [m.start() for m in re.finditer(re.escape(INSTANCE_MARK), html)]
    chapter = re.search(r'<section class="chapter" id="instances">\s*<h2>(.*?)</h2>', html, re.S)
    if body < 0 or head_end < 0 or len(starts) < 2 or chapter is None or FIRST_PAGE_RULE not in html[:body]:
        raise CannotSplit("not a report with two or more instance sections")
    target = body + share * (len(html) - body)
    cut = min(starts[1:], key=lambda s: abs(s - target))  # never before the first instance
    head = html[:head_end] + NO_PAGE_NUMBER + html[head_end:body + len("<body>")]
    first = head + html[body + len("<body>"):cut] + "</section>\n</body>\n</html>\n"
    second = head.replace(FIRST_PAGE_RULE, "") + _CARRY.format(_css_string(chapter.group(1))) + html[cut:]
    return [_anchor_missing(first), _anchor_missing(second)]


def _css_string(markup: str) -> str:
    """The text of an HTML fragment as a quoted CSS string."""
    text = html_lib.unescape(re.sub(r"<[^>]*>", "", markup))
    return '"' + "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text) + '"'


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _anchor_missing(html: str) -> tuple[str, set[str]]:
    """Zero-height placeholders for the ids this half links to but does not hold."""
    missing = set(re.findall(r'href="#([^"]+)"', html)) - _ids(html)
    if not missing:
        return html, missing
    at = html.index("<body>") + len("<body>")
    holders = "".join(f'<div id="{name}"></div>' for name in sorted(missing))
    return html[:at] + _ZERO.format(holders) + html[at:], missing


def footer_css(html: str) -> str:
    """The report's own ``@page`` rule and root font, for a document of page numbers alone."""
    style = html[html.find("<style>") + len("<style>"):html.find("</style>")]
    page = re.search(r"^@page \{.*?^\}\n", style, re.S | re.M)
    root = re.search(r"^html \{.*?\}\n", style, re.M)
    if page is None or root is None or "counter(pages)" not in page.group(0):
        raise CannotSplit("no @page rule with counter(pages), or no root font")
    return page.group(0) + root.group(0) + "@page { @top-left { content: none; } @top-right { content: none; } }\n"


def footer_html(css: str, first: int, pages: int, total: int) -> str:
    """Empty pages numbered ``first`` to ``first + pages - 1`` of ``total``: the footer alone. The
    total is written out (``counter(pages)`` would lay the document out twice)."""
    css = css.replace("counter(pages)", f'"{total}"') + f"@page :first {{ counter-reset: page {first}; }}\n"
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>{css}</style></head><body><div></div>"
            + '<div style="break-before: page"></div>' * (pages - 1) + "</body></html>")


def _layout(html_class: Callable[..., Any], part: tuple[str, set[str]], base_url: str):
    return html_class(string=part[0], base_url=base_url).render()


def _finish(html_class: Callable[..., Any], doc, part: tuple[str, set[str]], base_url: str, css: str,
            first: int, total: int) -> dict[str, Any]:
    """One laid-out half as PDF bytes, its page numbers as another PDF, its headings (level, label,
    page, left and top in PDF points) and the ids it really holds (not its placeholders)."""
    html, placeholders = part
    marks = []
    for n, page in enumerate(doc.pages):
        for level, label, (x, y), state in page.bookmarks:
            marks.append((level, label, n, x * 0.75, (page.height - y) * 0.75, state))
    numbers = html_class(string=footer_html(css, first, len(doc.pages), total), base_url=base_url).render()
    if len(numbers.pages) != len(doc.pages):
        raise RuntimeError(f"page numbers for {len(numbers.pages)} pages, not {len(doc.pages)}")
    return {"pdf": doc.write_pdf(), "numbers": numbers.write_pdf(), "pages": len(doc.pages), "bookmarks": marks,
            "ids": sorted(_ids(html) - placeholders)}


def _child(conn, html_class, part: tuple[str, set[str]], base_url: str, css: str) -> None:
    """The second half: lay it out, say how many pages, learn where they start and the total, finish."""
    try:
        doc = _layout(html_class, part, base_url)
        conn.send(("pages", len(doc.pages)))
        first, total = conn.recv()
        conn.send(("ok", _finish(html_class, doc, part, base_url, css, first, total)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which renders the half itself
        try:
            conn.send(("error", traceback.format_exc()))
        except OSError:
            pass
    finally:
        conn.close()


class _Silent(Exception):
    """The child did not answer in time (not an OSError: those mean it ended)."""


CHILD_TIMEOUT_MIN_S = 60.0  # the child gets at least this long, and CHILD_TIMEOUT_FACTOR x what the parent took so far
CHILD_TIMEOUT_FACTOR = 3.0


def render(html: str, html_class: Callable[..., Any], base_url: str) -> bytes:
    """The report's PDF, its two halves rendered at once (this process and a forked child)."""
    first, second = split(html)
    css = footer_css(html)
    ctx = multiprocessing.get_context("fork")
    conn, child_conn = ctx.Pipe()
    child = ctx.Process(target=_child, args=(child_conn, html_class, second, base_url, css), daemon=True)
    try:
        child.start()
    except (AssertionError, OSError) as exc:  # e.g. within a daemonic process, or out of processes
        conn.close()
        raise CannotSplit(f"no second process: {exc}") from exc
    finally:
        child_conn.close()
    b: Any = None
    t0 = time.monotonic()

    def recv():
        # bounded: a child forked from a threaded process (a Prefect flow run, the report browser) can
        # inherit a lock another thread held at the fork and never answer; then this half is rendered here
        wait = max(CHILD_TIMEOUT_MIN_S, CHILD_TIMEOUT_FACTOR * (time.monotonic() - t0))
        if not conn.poll(wait):
            raise _Silent(f"the child process did not answer within {wait:.0f} s")
        return conn.recv()

    try:
        doc_a = _layout(html_class, first, base_url)
        pages_a = len(doc_a.pages)
        try:
            status, b = recv()
            if status == "pages":
                conn.send((pages_a + 1, pages_a + b))
                total = pages_a + b
                a = _finish(html_class, doc_a, first, base_url, css, 1, total)
                status, b = recv()
        except (EOFError, OSError):
            status, b = "error", f"the child process ended (exit code {child.exitcode}) without a result"
        except _Silent as exc:
            status, b = "error", str(exc)
            child.kill()
    finally:
        conn.close()
        child.join(30)
        if child.is_alive():
            child.kill()
            child.join()
    if status != "ok":
        LOG.warning("PDF: the second half failed in its process, rendering it here:\n%s", b)
        doc_b = _layout(html_class, second, base_url)
        total = pages_a + len(doc_b.pages)
        a = _finish(html_class, doc_a, first, base_url, css, 1, total)
        b = _finish(html_class, doc_b, second, base_url, css, pages_a + 1, total)
    return join([a, b])


def _overlay(writer, page, numbers, name: str) -> None:
    """Lay page ``numbers`` (another document's page) over ``page`` as a form XObject: the page's own
    content stays as it is, wrapped in q/Q, and is not parsed."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    form = DecodedStreamObject()
    form.set_data(numbers.get_contents().get_data())
    form = form.flate_encode()
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(numbers.mediabox),
                 NameObject("/Resources"): numbers["/Resources"].clone(writer)})
    ref = writer._add_object(form)
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = ref
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"Q\nq %s Do Q\n" % name.encode())
    contents = page.raw_get("/Contents")  # a reference (a stream is never a direct object)
    own = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *own, writer._add_object(after)])


def join(parts: list[dict[str, Any]]) -> bytes:
    """The halves' pages in order, each with its page number laid over it, one outline, one set of
    named destinations (each from the half that holds the element)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Destination, Fit, NameObject

    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(p["pdf"])) for p in parts]
    offsets = []
    for part, reader in zip(parts, readers):
        offsets.append(len(writer.pages))
        for page, numbers in zip(reader.pages, PdfReader(io.BytesIO(part["numbers"])).pages):
            _overlay(writer, writer.add_page(page), numbers, f"/dbpPageNo{len(writer.pages)}")
    for part, reader, offset in zip(parts, readers, offsets):
        real = set(part["ids"])
        for name, dest in reader.named_destinations.items():
            if name in real:
                target = writer.pages[offset + reader.get_destination_page_number(dest)]
                writer.add_named_destination_object(Destination(
                    name, target.indirect_reference, Fit.xyz(dest.left, dest.top, 0)))
    stack: list[tuple[int, Any]] = []  # (level, outline item): WeasyPrint's tree, over both halves
    for part, offset in zip(parts, offsets):
        for level, label, n, left, top, state in part["bookmarks"]:
            while stack and stack[-1][0] >= level:
                stack.pop()
            item = writer.add_outline_item(title=label, page_number=offset + n,
                                           parent=stack[-1][1] if stack else None,
                                           fit=Fit.xyz(left, top, 0), is_open=state != "closed")
            stack.append((level, item))
    first = readers[0]
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items()})
    lang = first.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = lang
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
