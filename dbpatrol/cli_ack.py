"""``dbpatrol ack …``: acknowledge known issues (mute a finding with a reason and an expiry).

    dbpatrol ack add CODE --instance I [--database D] [--object O] --reason TEXT [--until DATE] [--by NAME]
    dbpatrol ack list [--instance I] [--json]
    dbpatrol ack remove ID [--by NAME]
    dbpatrol ack audit [--json]

Kept in the report store's database (reports/acks.py); every add and remove is recorded in the
audit trail. A check that runs in each database (scope "database": OBJ020-OBJ046, SEC025/026/029 on
PostgreSQL …) has one finding per database, and the same object name (``public.account``) can be
at fault in several: ``--database`` acknowledges it in that database only (without it, in every
database of the instance). The check code is validated against the catalog and the instance against the
inventory here, in the CLI: bad input prints one message and exits 2, having changed nothing.
Mounted by dbpatrol/cli.py as ``app.add_typer(cli_ack.app, name="ack")``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from . import timefmt
from .errors import UserError

app = typer.Typer(help="Acknowledge known issues: muted with a reason and an expiry, costing no score.",
                  no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _store():
    from reports.store import ReportStore

    from .settings import load_settings

    try:
        return ReportStore(load_settings())
    except UserError as exc:
        raise _fail(str(exc))


def _zone():
    import zoneinfo

    from .settings import load_settings

    try:
        return zoneinfo.ZoneInfo(load_settings().timezone)
    except Exception:  # noqa: BLE001 - a bad timezone setting falls back to UTC for display
        return dt.timezone.utc


def _me() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container without a passwd entry)
        return "unknown"


def parse_until(text: str, zone: dt.tzinfo) -> dt.datetime:
    """``2026-12-31`` (through the end of that day, in the settings timezone) or an ISO 8601 time
    (``2026-12-31T18:00``, with or without an offset; without one, the settings timezone)."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--until {text!r}: expected a date like 2026-12-31 or a time like 2026-12-31T18:00") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _when(value: dt.datetime | None, zone: dt.tzinfo) -> str:
    return timefmt.fmt(value, zone) if value else "-"


def _check_code(code: str, obj: str | None):
    from checks import registry

    try:
        check = registry.load().get(code)
    except UserError:
        raise UserError(f"unknown check code {code!r} (dbpatrol checks list shows the catalog)") from None
    if obj is not None and not check.spec.object_key:
        raise UserError(f"check {code} has no per-object findings; acknowledge it without --object")
    return check


def _check_instance(instance: str, inventory: Path | None):
    from .inventory import load_inventory

    from .settings import load_settings

    inv = load_inventory(inventory or load_settings().inventory_path())
    return inv.select(instances=[instance])[0]  # unknown names are a UserError naming the known ones


def _check_database(check, target, database: str | None) -> str | None:
    """``--database`` only for a check that runs in each database on this instance's engine."""
    if database is None:
        return None
    database = database.strip()
    if not database:
        raise UserError("--database must name a database")
    engine = target.instance.engine
    if check.spec.scope_of(engine) != "database":
        raise UserError(f"check {check.code} runs once per instance on {engine}, not in each database; "
                        "acknowledge it without --database")
    return database


def _where(instance: str, database: str | None) -> str:
    """The instance, and on a line of its own the one database an ack applies in (tables stay narrow)."""
    return f"{instance}\ndb {database}" if database else instance


@app.command("add")
def add(
    code: str = typer.Argument(..., help="Check code, e.g. RUN003"),
    instance: str = typer.Option(..., "--instance", "-n", help="Instance name (as in the inventory)"),
    obj: Optional[str] = typer.Option(None, "--object", help="Only this object (table, role, slot …) of the check"),
    database: Optional[str] = typer.Option(None, "--database", "-d",
                                           help="Only in this database (a check that runs in each database); "
                                                "default: every database"),
    reason: str = typer.Option(..., "--reason", help="Why this is a known issue"),
    until: Optional[str] = typer.Option(None, "--until", help="Expiry: a date (through that day) or a time; default: until removed"),
    by: Optional[str] = typer.Option(None, "--by", help="Who acknowledges (default: your login name)"),
    inventory: Optional[Path] = typer.Option(None, "--inventory", "-i", help="Inventory YAML (default: settings)"),
    as_json: bool = typer.Option(False, "--json", help="Print the acknowledgement as JSON"),
) -> None:
    """Acknowledge a finding (or one object of it) on an instance."""
    from reports.acks import AckExists

    code = code.strip().upper()
    zone = _zone()
    try:
        check = _check_code(code, obj)
        database = _check_database(check, _check_instance(instance, inventory), database)
        until_at = parse_until(until, zone) if until else None
        if not reason.strip():
            raise UserError("--reason must say why (it is shown in every report)")
        if by is not None and not by.strip():
            raise UserError("--by must name someone")
        ack = _store().acks.add(instance, code, reason, object=obj, until=until_at, by=by or _me(), database=database)
    except (UserError, AckExists, ValueError) as exc:
        raise _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(ack.as_dict(), ensure_ascii=False) + "\n")
        return
    what = f"{code} on {instance}" + (f", database {database}" if database else "") + (f", object {obj}" if obj else "")
    out.print(f"ack {ack.id}: {what} acknowledged by {ack.by} until {_when(ack.until, zone) if ack.until else 'removed'}",
              highlight=False, markup=False)


@app.command("list")
def list_acks(
    instance: Optional[str] = typer.Option(None, "--instance", "-n", help="Only acknowledgements of this instance"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List acknowledgements, active and expired (an expired one no longer applies)."""
    now = dt.datetime.now(dt.timezone.utc)
    acks = _store().acks.list(instance=instance)
    if as_json:
        sys.stdout.write(json.dumps([a.as_dict(now) for a in acks], ensure_ascii=False, indent=2) + "\n")
        return
    if not acks:
        out.print("No acknowledgements.")
        return
    zone = _zone()
    table = Table()
    for col in ("id", "status", "instance", "code", "object", "until", "by", "reason"):
        table.add_column(col, overflow="fold")
    for a in acks:
        status = "[dim]expired[/]" if a.expired(now) else "[green]active[/]"
        table.add_row(str(a.id), status, _where(a.instance, a.database), a.code, a.object or "", _when(a.until, zone),
                      a.by, a.reason)
    out.print(table)


@app.command("remove")
def remove(
    ack_id: int = typer.Argument(..., help="The acknowledgement's id (ack list shows it)"),
    by: Optional[str] = typer.Option(None, "--by", help="Who removes it (default: your login name)"),
) -> None:
    """Remove an acknowledgement: the finding is live again from the next inspection on."""
    from reports.acks import AckNotFound

    try:
        ack = _store().acks.remove(ack_id, by=by or _me())
    except AckNotFound:
        raise _fail(f"no acknowledgement {ack_id} (dbpatrol ack list shows them)")
    out.print(f"ack {ack.id} removed: {ack.code} on {ack.instance}" + (f", database {ack.database}" if ack.database else "")
              + (f", object {ack.object}" if ack.object else ""),
              highlight=False, markup=False)


@app.command("audit")
def audit(as_json: bool = typer.Option(False, "--json", help="Print JSON")) -> None:
    """Every add and remove of an acknowledgement: when, who, what."""
    entries = _store().acks.audit()
    if as_json:
        sys.stdout.write(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2) + "\n")
        return
    if not entries:
        out.print("No changes recorded.")
        return
    zone = _zone()
    table = Table()
    for col in ("at", "action", "by", "ack", "instance", "code", "object", "until", "reason"):
        table.add_column(col, overflow="fold")
    for e in entries:
        table.add_row(_when(e.at, zone), e.action, e.by, str(e.ack_id), _where(e.instance, e.database), e.code,
                      e.object or "", _when(e.until, zone), e.reason)
    out.print(table)
