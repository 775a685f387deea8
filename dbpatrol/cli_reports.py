"""``dbpatrol reports …``: list, show, export and serve stored reports.

Mounted by dbpatrol/cli.py as ``app.add_typer(reports_app, name="reports")``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .cli_text import plain
from . import timefmt
from .errors import UserError

app = typer.Typer(help="Stored inspection reports: list, show, export, serve over HTTP.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(2)


def _store():
    from .settings import load_settings

    from reports.store import ReportStore

    try:
        return ReportStore(load_settings())
    except UserError as exc:
        raise _fail(str(exc))


def _since(value: str | None) -> dt.datetime | None:
    from .settings import load_settings

    if not value:
        return None
    try:
        since = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _fail(f"--since {value!r}: expected a date or time like 2025-03-01 or 2025-03-01T08:00")
    if since.tzinfo is None:
        import zoneinfo

        since = since.replace(tzinfo=zoneinfo.ZoneInfo(load_settings().timezone))
    return since


@app.command("list")
def list_reports(
    plan: Optional[str] = typer.Option(None, "--plan", help="Only reports of this plan"),
    instance: Optional[str] = typer.Option(None, "--instance", help="Only reports that include this instance"),
    since: Optional[str] = typer.Option(None, "--since", help="Generated at or after this date/time (settings timezone)"),
    tier: Optional[str] = typer.Option(None, "--tier", help="Only this tier"),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many, newest first"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List stored reports, newest first."""
    store = _store()
    rows = store.list(plan=plan, instance=instance, since=_since(since), tier=tier, limit=limit)
    if as_json:
        from reports.store import stored_json

        sys.stdout.write(stored_json(rows) + "\n")
        return
    if not rows:
        out.print("No reports.")
        return
    table = Table()
    table.add_column("id", no_wrap=True)
    table.add_column("generated", no_wrap=True)
    for name in ("tier", "plan", "instances", "score", "worst", "crit", "warn", "unreach"):
        table.add_column(name)
    tz = _tz()
    for r in rows:
        table.add_row(plain(r.id), timefmt.fmt(r.generated_at, tz), plain(r.tier),
                      plain(r.plan), plain(", ".join(r.instances[:4]) + (" …" if len(r.instances) > 4 else "")),
                      f"{r.fleet_score:g}", plain(r.worst), str(r.counts.get("CRITICAL", 0)), str(r.counts.get("WARNING", 0)),
                      str(r.unreachable_count))
    out.print(table)


def _tz():
    return timefmt.zone(None)  # settings.timezone


def _resolve(store, report_id: str):
    stored = store.get(report_id)
    if stored is None:
        # accept a unique prefix, as printed by `reports list`
        matches = store.ids_starting(report_id)
        if len(matches) == 1:
            return store.get(matches[0])
        raise _fail(f"no report {report_id!r}" + (" (prefix is ambiguous)" if len(matches) > 1 else ""))
    return stored


@app.command("show")
def show(
    report_id: str = typer.Argument(..., help="Report id (or a unique prefix of at least 4 characters)"),
    lang: str = typer.Option("en", "--lang", help="en or zh-CN"),
    as_json: bool = typer.Option(False, "--json", help="Print the stored JSON report"),
) -> None:
    """Show one stored report: summary, findings that need attention, files."""
    import reports
    from reports.i18n import normalise_lang

    store = _store()
    stored = _resolve(store, report_id)
    result = store.load_result(stored.id)
    if as_json:
        sys.stdout.write(reports.to_json(result) + "\n")
        return
    try:
        lang = normalise_lang(lang)
    except ValueError as exc:
        raise _fail(str(exc))
    from reports.render import md_unescape  # a terminal does not render Markdown: no backslashes

    sys.stdout.write(md_unescape(reports.summary_markdown(result, lang=lang, report_url=stored.url,
                                                          previous=store.previous(result))))
    sys.stdout.write("\nFiles:\n" + "".join(f"  {fmt:5} {path}\n" for fmt, path in stored.files.items()))


@app.command("export")
def export(
    report_id: str = typer.Argument(..., help="Report id (or a unique prefix)"),
    fmt: str = typer.Option("pdf", "--format", "-f", help="pdf, html, json, csv or xlsx"),
    lang: str = typer.Option("en", "--lang", help="en or zh-CN"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File or directory (default: current directory)"),
) -> None:
    """Re-render a stored report from its stored results (no inspected database is touched)."""
    from reports.i18n import normalise_lang
    from reports.render import FORMATS

    if fmt not in FORMATS:
        raise _fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    try:
        lang = normalise_lang(lang)
    except ValueError as exc:
        raise _fail(str(exc))
    if output is not None:
        from .cli_text import writable_target

        try:
            writable_target(output, "--output")
        except UserError as exc:
            raise _fail(str(exc))
    store = _store()
    stored = _resolve(store, report_id)
    path = store.export(stored.id, fmt, lang, output)
    out.print(str(path), markup=False, highlight=False)


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to bind (loopback by default; any other needs DBPATROL_REPORT_TOKEN)"),
    port: int = typer.Option(8765, "--port", min=1, max=65535),
) -> None:
    """Serve the report browser over HTTP: list, detail pages, downloads in every format.

    With DBPATROL_REPORT_TOKEN set, every request must carry the token (Authorization: Bearer
    TOKEN, or ?token=TOKEN once, which sets a cookie); without it only loopback is served."""
    from .settings import load_settings

    from reports.server import BindRefused, check_bind
    from reports.server import serve as run

    try:
        secret = load_settings().report_token
    except UserError as exc:
        raise _fail(str(exc))
    token = secret.get_secret_value() if secret is not None else None
    try:
        check_bind(host, token)
    except BindRefused as exc:
        raise _fail(str(exc))
    store = _store()
    access = "token required" if token else "no token: loopback only"
    err.print(f"dbpatrol report browser on http://{host}:{port}/  ({access}; reports in {store.root})",
              markup=False, highlight=False)
    run(store, host=host, port=port, token=token)


@app.command("gc")
def gc(older_than: float = typer.Option(3600, "--older-than", help="Seconds")) -> None:
    """Remove temporary directories left by interrupted renders."""
    n = _store().gc(older_than)
    out.print(json.dumps({"removed": n}))
