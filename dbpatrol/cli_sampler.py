"""`dbpatrol sampler …`: the snapshots window checks read (issue 8).

``start [--every 15m]`` deploys (or updates) and runs the ``dbpatrol-sampler`` deployment on a Prefect
server; ``stop`` pauses it; ``status`` says whether it runs and, from the store, each instance's last
snapshot; ``run`` takes one snapshot of every instance now, without Prefect (cron, tests, a first
baseline). Bad input exits 2 and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from .cli_plans import _call as _plans_call
from .cli_plans import _env, _fail
from . import timefmt
from .errors import UserError

app = typer.Typer(no_args_is_help=True, help="The sampler: counter snapshots for window-true inspections.")
out = Console()


def _call(fn, *args, **kwargs):
    """As plans: on a Prefect server (the configured one or the local background server), never a
    temporary one that would keep the sampler for a moment; `dbpatrol sampler run` samples once
    without any."""
    _env()
    return _plans_call(fn, *args, what="the sampler runs (`dbpatrol sampler run` samples once without one)",
                       **kwargs)


def _inventory(path: Optional[Path]) -> Optional[str]:
    if path is None:
        return None
    if not path.is_file():
        raise _fail(f"inventory {path} does not exist")
    from .inventory import load_inventory

    try:
        load_inventory(str(path))
    except UserError as exc:
        raise _fail(str(exc))
    return str(path.resolve())


@app.command()
def start(
    every: Optional[str] = typer.Option(None, "--every", help="Interval between samples: e.g. 15m (default), 5m, 1h"),
    inventory: Optional[Path] = typer.Option(None, "--inventory", "-i", help="Inventory YAML (default: the worker's settings)"),
    retention_days: Optional[float] = typer.Option(None, "--retention-days", help="Keep snapshots this long (default 35)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Sample every instance of the inventory on an interval (a Prefect deployment; a worker runs it)."""
    from deployments import sampler

    try:
        interval = sampler.every_of(every)
    except UserError as exc:
        raise _fail(str(exc))
    inv = _inventory(inventory)
    info = _call(sampler.start, interval, inventory=inv, retention_days=retention_days)
    _show(info, as_json, "started")


@app.command()
def stop(as_json: bool = typer.Option(False, "--json")) -> None:
    """Pause the sampler (its scheduled runs are removed; stored snapshots stay)."""
    from deployments import sampler

    _show(_call(sampler.stop), as_json, "stopped")


@app.command()
def status(
    inventory: Optional[Path] = typer.Option(None, "--inventory", "-i", help="Only the instances of this inventory"),
    as_json: bool = typer.Option(False, "--json"),
    offline: bool = typer.Option(False, "--offline", help="Only the store; do not ask the Prefect server"),
) -> None:
    """Whether the sampler runs, and each instance's last snapshot in the store."""
    from . import snapshots
    from .settings import load_settings
    from .store_db import store_url

    info = None
    if not offline:
        from deployments import sampler

        info = _call(sampler.status)
    names = None
    if inventory is not None:
        from .inventory import load_inventory

        _inventory(inventory)
        names = [t.instance.name for t in load_inventory(str(inventory)).select()]
    stored = snapshots.latest(store_url(load_settings()), names)
    if as_json:
        print(json.dumps({"sampler": info.to_dict() if info else None,
                          "instances": {k: {kk: (vv.isoformat() if isinstance(vv, dt.datetime) else vv)
                                            for kk, vv in v.items()} for k, v in stored.items()}}, indent=2))
        return
    if not offline:
        if info is None:
            out.print("sampler: not deployed (`dbpatrol sampler start`)")
        else:
            _show(info, False, "running" if info.running else "stopped")
    table = Table("instance", "snapshots", "first", "last", "last good", "last result")
    for name in sorted(set(stored) | set(names or [])):
        s = stored.get(name)
        if not s:
            table.add_row(name, "0", "", "", "", "never sampled")
            continue
        table.add_row(name, str(s["snapshots"]), _t(s.get("first")), _t(s.get("last_attempt")), _t(s.get("last_ok")),
                      "ok" if s.get("last_ok_flag") else f"gap: {s.get('last_cause') or ''}"[:80])
    out.print(table)


@app.command("run")
def run_once(
    inventory: Optional[Path] = typer.Option(None, "--inventory", "-i", help="Inventory YAML (default: settings)"),
    instance: Optional[List[str]] = typer.Option(None, "--instance", "-n", help="Only these instances (repeatable)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Take one snapshot of every (or the named) instance now, without Prefect."""
    from flows.sampler import sample_all

    inv = _inventory(inventory)
    try:
        done = sample_all(instances=instance or None, inventory=inv)
    except UserError as exc:
        raise _fail(str(exc))
    if as_json:
        from dataclasses import asdict

        print(json.dumps([asdict(d) for d in done], indent=2))
        return
    for d in done:
        out.print(f"{d.instance}: " + (f"{d.rows} rows, {d.statements} statements, {d.ms:g} ms" if d.ok else
                                        f"gap ({d.cause})") + (f"; not read: {d.cause}" if d.ok and d.cause else ""),
                  highlight=False)
    if any(not d.ok for d in done):
        raise typer.Exit(code=1)


def _t(v) -> str:
    """A snapshot time in settings.timezone, to the second, labelled (dbpatrol/timefmt.py)."""
    return timefmt.fmt(v, timefmt.zone(None)) if isinstance(v, dt.datetime) else ""


def _show(info, as_json: bool, verb: str) -> None:
    if as_json:
        print(json.dumps(info.to_dict(), indent=2))
        return
    every = f"every {info.every}" if info.every else "no interval"
    nxt = f", next at {info.next_run:%Y-%m-%d %H:%M}Z" if info.next_run else ""
    out.print(f"sampler {verb}: dbpatrol-sampler/sampler, {every}{nxt}", highlight=False)
