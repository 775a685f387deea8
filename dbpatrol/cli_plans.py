"""`dbpatrol plan …`: inspection plans (scheduled inspections) as Prefect deployments.

Every command validates its input completely before talking to the server; bad input prints one
clear message and exits 2 with nothing created. The work is done by deployments.ops.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import timefmt
from .errors import UserError

app = typer.Typer(no_args_is_help=True, help="Inspection plans: scheduled inspections as Prefect deployments.")
err = Console(stderr=True)
out = Console()

SCHEDULE_HELP = ('"daily at HH:MM" | "weekly on <weekday> at HH:MM" | "monthly on <1..31|last> at HH:MM" | '
                 '"semiannual on <MM-DD> at HH:MM" | "annual on <MM-DD> at HH:MM" | cron "<5 fields>"')


def _env() -> None:
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=code)


def _call(fn, *args, what: str = "plans live", **kwargs):
    """Run an operation on the Prefect server (the configured one, else dbpatrol's local background
    server; never a temporary one, where a plan would vanish with the process): UserError → exit 2;
    an unreachable API → exit 1 with a hint."""
    import httpx

    from .cli import prefect_server

    _env()
    with prefect_server(what):
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            raise _fail(str(exc))
        except (httpx.ConnectError, httpx.ConnectTimeout, OSError) as exc:
            from prefect.settings import PREFECT_API_URL

            raise _fail(f"cannot reach the Prefect API at {PREFECT_API_URL.value()}: {exc}. Start it with "
                        f"`dbpatrol server` and set PREFECT_API_URL.", code=1)


def _formats(fmt: Optional[str]) -> Optional[list[str]]:
    if fmt is None:
        return None
    return [f.strip().lower() for f in fmt.split(",") if f.strip()]


def _fields(tier, schedule, timezone, window_days, instance, business, host, threshold, fmt, lang, inventory,
            skip=None, only=None) -> dict:
    from checks.items import split
    from deployments.plan import parse_thresholds

    return {
        "skip": split(skip) or None, "only": split(only) or None,
        "tier": tier, "schedule": schedule, "timezone": timezone, "window_days": window_days,
        "instances": list(instance) if instance else None, "business": business, "host": host,
        "thresholds": parse_thresholds(threshold) if threshold else None,
        "formats": _formats(fmt), "lang": lang,
        "inventory": str(Path(inventory).resolve()) if inventory else None,
    }


def _when(t: Optional[dt.datetime], tz: str, short: bool = False) -> str:
    """A time in the plan's timezone, with its abbreviation; ``short`` drops the year when it is the
    current one (the `plan list` columns)."""
    if t is None:
        return "-"
    zone = timefmt.zone(tz)
    # to the minute: cron schedules are minute-granular, and the list must fit 80 columns
    return timefmt.fmt_minute(t, zone, year=not (short and t.astimezone(zone).year == dt.datetime.now(zone).year))


def _describe(info, verb: str) -> None:
    p = info.plan
    nxt = "paused" if info.paused else _when(info.next_run, p.timezone)
    out.print(f"{verb} plan [bold]{p.name}[/] ({p.tier}): {info.words}, {p.timezone}; next run {nxt}", highlight=False)
    out.print(f"  deployment {p.deployment_name} ({info.deployment_id}); cron {' | '.join(info.crons)}",
              highlight=False, style="dim")


T_OPT = typer.Option(None, "--tier", "-t", help="daily | weekly | monthly | semiannual | annual")
S_OPT = typer.Option(None, "--schedule", "-s", help=SCHEDULE_HELP)
TZ_OPT = typer.Option(None, "--timezone", "--tz", help="IANA timezone (default: settings, Asia/Shanghai)")
W_OPT = typer.Option(None, "--window-days", "-w", help="Days the sampling window spans (default: the tier's)")
I_OPT = typer.Option(None, "--instance", "-n", help="Inspect this instance (repeatable)")
B_OPT = typer.Option(None, "--business", "-b", help="Inspect this business's instances (resolved at run time)")
H_OPT = typer.Option(None, "--host", help="Inspect this host's instances (resolved at run time)")
TH_OPT = typer.Option(None, "--threshold", help="Plan override CODE.NAME=WARN/CRIT (repeatable)")
F_OPT = typer.Option(None, "--format", "-f", help="Report formats, comma-separated: pdf,html,json,csv,xlsx")
L_OPT = typer.Option(None, "--lang", help="Report language: en | zh-CN")
INV_OPT = typer.Option(None, "--inventory", "-i", help="Inventory YAML (default: settings)")
SKIP_OPT = typer.Option(None, "--skip", help="Checks the plan does not run: CODE or category (repeatable, or comma-separated)")
ONLY_OPT = typer.Option(None, "--only", help="Checks the plan runs: CODE or category (repeatable, or comma-separated; --skip wins)")


@app.command()
def create(
    name: str = typer.Argument(..., help="Plan name: a slug like prod-weekly"),
    tier: Optional[str] = T_OPT, schedule: Optional[str] = S_OPT, timezone: Optional[str] = TZ_OPT,
    window_days: Optional[float] = W_OPT, instance: Optional[List[str]] = I_OPT, business: Optional[str] = B_OPT,
    host: Optional[str] = H_OPT, threshold: Optional[List[str]] = TH_OPT, fmt: Optional[str] = F_OPT,
    lang: Optional[str] = L_OPT, inventory: Optional[Path] = INV_OPT,
    skip: Optional[List[str]] = SKIP_OPT, only: Optional[List[str]] = ONLY_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON"),
):
    """Create a plan: a deployment of the tier's flow with one cron schedule. Fails if it exists."""
    from deployments import ops
    from deployments.plan import build_plan

    if tier is None:
        raise _fail("--tier is required (daily | weekly | monthly | semiannual | annual)")
    if schedule is None:
        raise _fail(f"--schedule is required: {SCHEDULE_HELP}")
    try:
        plan = build_plan(name=name, **_fields(tier, schedule, timezone, window_days, instance, business, host,
                                               threshold, fmt, lang, inventory, skip, only))
    except UserError as exc:
        raise _fail(str(exc))
    info = _call(ops.create_plans, [plan], check=False)[0]  # checked just above
    _emit(info, "created", as_json)


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="Plans file (YAML or JSON): `plans:` a list of plans, optional `defaults:`"),
    inventory: Optional[Path] = typer.Option(None, "--inventory", "-i",
                                             help="Inventory for plans that name none (default: settings)"),
    concurrency: int = typer.Option(8, "--concurrency", min=1, max=32, help="Requests in flight at once"),
    as_json: bool = typer.Option(False, "--json", help="Print the created plans as JSON"),
):
    """Create many plans from one file, all or none: every plan is validated and every name checked
    free before the first is created (one bad plan: exit 2, nothing created). Fields are
    `plan create`'s: name, tier, schedule, timezone, instances | business/host, window_days,
    thresholds, skip, only, formats, lang, inventory."""
    import time

    from deployments import ops
    from deployments.plan import load_plans_file

    try:
        plans = load_plans_file(path, str(inventory.resolve()) if inventory else None)
    except UserError as exc:
        raise _fail(str(exc))
    t0 = time.perf_counter()
    infos = _call(ops.create_plans, plans, concurrency=concurrency, check=False)
    if as_json:
        sys.stdout.write(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2) + "\n")
        return
    names = ", ".join(i.plan.name for i in infos[:10]) + (f" … and {len(infos) - 10} more" if len(infos) > 10 else "")
    out.print(f"created {len(infos)} plan(s) in {time.perf_counter() - t0:.1f} s: {names}", highlight=False)
    out.print("  `dbpatrol plan list` shows them with their next runs", style="dim", highlight=False)


@app.command()
def update(
    name: str = typer.Argument(..., help="The plan to change"),
    tier: Optional[str] = T_OPT, schedule: Optional[str] = S_OPT, timezone: Optional[str] = TZ_OPT,
    window_days: Optional[float] = W_OPT, instance: Optional[List[str]] = I_OPT, business: Optional[str] = B_OPT,
    host: Optional[str] = H_OPT, threshold: Optional[List[str]] = TH_OPT, fmt: Optional[str] = F_OPT,
    lang: Optional[str] = L_OPT, inventory: Optional[Path] = INV_OPT,
    skip: Optional[List[str]] = SKIP_OPT, only: Optional[List[str]] = ONLY_OPT,
    clear_thresholds: bool = typer.Option(False, "--clear-thresholds", help="Drop the plan's threshold overrides"),
    clear_items: bool = typer.Option(False, "--clear-items", help="Drop the plan's --skip and --only"),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON"),
):
    """Change a plan in place (same deployment and run history). Options not given keep their value;
    --threshold replaces the plan's overrides, --skip and --only replace the plan's own."""
    from deployments import ops

    try:
        fields = _fields(tier, schedule, timezone, window_days, instance, business, host, threshold, fmt, lang, inventory,
                         skip, only)
    except UserError as exc:
        raise _fail(str(exc))
    if clear_thresholds:
        fields["thresholds"] = {}
    if clear_items:
        fields["skip"] = fields["skip"] or []
        fields["only"] = fields["only"] or []
    info = _call(ops.update_plan, name, **fields)
    _emit(info, "updated", as_json)


@app.command()
def pause(name: str = typer.Argument(...)):
    """Pause a plan: no runs until resumed. Runs not started yet are removed, including runs asked
    for by hand (`plan run` while no worker was up): a paused plan does not run; each is named."""
    from deployments import ops

    info = _call(ops.pause_plan, name)
    _describe(info, "paused")
    if info.removed:
        manual = f", {info.removed_manual} of them asked for by hand" if info.removed_manual else ""
        out.print(f"  removed {len(info.removed)} run(s) that had not started{manual}:", highlight=False)
        for r in info.removed[:10]:
            out.print(f"    {r.name} ({r.id}), due {_when(r.scheduled, info.plan.timezone)}", highlight=False)
        if len(info.removed) > 10:
            out.print(f"    … and {len(info.removed) - 10} more", highlight=False)


@app.command()
def resume(name: str = typer.Argument(...)):
    """Resume a paused plan."""
    from deployments import ops

    _describe(_call(ops.resume_plan, name), "resumed")


@app.command()
def delete(name: str = typer.Argument(...)):
    """Delete a plan: its deployment and its future runs. Past runs and reports stay."""
    from deployments import ops

    dep_id = _call(ops.delete_plan, name)
    out.print(f"deleted plan [bold]{name}[/] (deployment {dep_id})", highlight=False)


@app.command()
def show(name: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")):
    """Show a plan: its schedule, target, options, next runs and recent runs."""
    from deployments import ops

    info = _call(ops.show_plan, name)
    if as_json:
        sys.stdout.write(json.dumps(info.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    p = info.plan
    _describe(info, "")
    rows = [("target", p.target_words()), ("window", f"{p.window_days:g} days, ending at each run's scheduled time"),
            ("thresholds", json.dumps(p.thresholds) if p.thresholds else "-"),
            ("checks", _items_words(p)),
            ("reports", f"{', '.join(p.formats)} ({p.lang})"), ("inventory", str(p.inventory)),
            ("paused", "yes" if info.paused else "no")]
    for k, v in rows:
        out.print(f"  {k:11} {v}", highlight=False, soft_wrap=True)
    out.print("  upcoming   " + (", ".join(_when(r.scheduled, p.timezone) for r in info.upcoming) or "-"), highlight=False)
    for r in info.recent:
        out.print(f"  ran        {_when(r.scheduled, p.timezone)}  {r.state}  {r.name}", highlight=False)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="JSON instead of a table")):
    """List plans: name, tier, schedule in words, timezone, next run, last run and its state, paused."""
    from deployments import ops

    infos = _call(ops.list_plans)
    if as_json:
        sys.stdout.write(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2) + "\n")
        return
    out.print(plan_table(infos))


def plan_table(infos) -> Table:
    """The `plan list` table. Times never wrap or clip (they were cut to "2026-1…" in 80 columns or a
    pipe): they are written without the year when it is this year's, and the name and schedule
    columns fold instead."""
    table = Table(title=f"{len(infos)} plan(s)", padding=(0, 1), collapse_padding=True)
    for col in ("name", "tier", "schedule", "timezone"):
        table.add_column(col, overflow="fold", ratio=2 if col in ("name", "schedule") else 1)
    for col in ("next run", "last run"):
        table.add_column(col, no_wrap=True, min_width=len("12-01 08:00 CST"))
    for col in ("state", "paused"):
        table.add_column(col, overflow="fold")
    for i in infos:
        tz = i.plan.timezone
        table.add_row(i.plan.name, i.plan.tier, i.words, tz, "-" if i.paused else _when(i.next_run, tz, short=True),
                      _when(i.last_run.scheduled, tz, short=True) if i.last_run else "-",
                      i.last_run.state if i.last_run else "-", "yes" if i.paused else "no")
    return table


@app.command()
def run(
    name: str = typer.Argument(...),
    wait: bool = typer.Option(False, "--wait", help="Wait for the run to finish and print its state"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="With --wait: give up after N seconds"),
    at: Optional[str] = typer.Option(None, "--at", help="Inspect the window ending at this past time (ISO 8601 with offset)"),
):
    """Run a plan now with its own parameters (a worker on the `dbpatrol` pool runs it)."""
    from deployments import ops

    scheduled = None
    if at:
        from flows.window import aware

        try:
            scheduled = aware(at, "--at")
        except UserError as exc:
            raise _fail(str(exc))
    fr = _call(ops.run_plan, name, wait=wait, timeout=timeout, scheduled_time=scheduled)
    state = fr.state.name if fr.state else "?"
    out.print(f"flow run {fr.name} ({fr.id}): {state}", highlight=False)
    if wait and fr.state and not fr.state.is_completed():
        for line in _run_failure(fr):
            out.print(f"  {line}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1)


def _run_failure(fr) -> list[str]:
    """Why a waited-for run did not complete, and where to look: the state's message (Prefect keeps
    the exception's text there) and the run's page in the Prefect UI."""
    from prefect.settings import PREFECT_UI_URL

    lines = []
    message = (fr.state.message or "").strip() if fr.state else ""
    if message:
        lines.append(f"cause: {message[:2000]}")
    elif fr.state and fr.state.is_scheduled():
        lines.append("cause: still waiting to start (--timeout reached): is a worker running on the dbpatrol pool? "
                     "`dbpatrol worker`")
    ui = PREFECT_UI_URL.value()
    lines.append(f"run: {ui.rstrip('/')}/runs/flow-run/{fr.id}" if ui else f"run: prefect flow-run inspect {fr.id}")
    return lines


def _items_words(p) -> str:
    words = ([f"only {','.join(p.only)}"] if p.only else []) + ([f"skip {','.join(p.skip)}"] if p.skip else [])
    return "; ".join(words) or "every check of the tier"


def _emit(info, verb: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(info.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _describe(info, verb)
