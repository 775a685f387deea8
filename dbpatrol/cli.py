"""The dbpatrol command line: ``dbpatrol inspect``, ``checks list``, ``demo`` and the sub-apps.

Bad input (files, options, names, windows) prints one clear message and exits 2, having created
nothing. Prefect is imported only by the commands that run flows, after the environment for a
quiet, offline client is set.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from .cli_text import plain
from .errors import UserError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="dbpatrol: database inspection (巡检) on Prefect.")
checks_app = typer.Typer(no_args_is_help=True, help="The check catalog.")
app.add_typer(checks_app, name="checks")
err = Console(stderr=True)
out = Console()

TIERS = ("daily", "weekly", "monthly", "semiannual", "annual")
FORMATS = ("pdf", "html", "json", "csv", "xlsx")
LANGS = ("en", "zh-CN")
SHORT = {"OK": "OK", "WARNING": "WARN", "CRITICAL": "CRIT", "SKIPPED": "SKIP", "ERROR": "ERR"}
OUTCOME_STYLE = {"OK": "green", "WARNING": "yellow", "CRITICAL": "bold red", "SKIPPED": "dim", "ERROR": "magenta"}


def quiet_prefect_env(verbose: bool = False) -> None:
    """Offline, quiet Prefect client defaults (the user's own settings win)."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT", "false")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # an inspection run here heartbeats as often as the crashed-run automation of `dbpatrol deploy`
    # expects (Prefect's default, 180 s, would make a long one look dead)
    try:
        from .settings import load_settings

        os.environ.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", str(load_settings().heartbeat_seconds))
    except UserError:
        pass  # bad settings are reported by the command itself


def fail(message: str, code: int = 2) -> "typer.Exit":
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


@contextlib.contextmanager
def prefect_api():
    """The Prefect API the command's flow runs report to: the configured one (PREFECT_API_URL, a
    Prefect profile), else dbpatrol's local server, started in the background the first time and
    reused after (dbpatrol/local_server.py); what it does is said on stderr. Exit 1 when that
    server cannot be started."""
    from . import local_server

    stack = contextlib.ExitStack()
    try:
        stack.enter_context(local_server.prefect_api(
            lambda msg: err.print(f"[dim]{msg}[/]", highlight=False, soft_wrap=True)))
    except UserError as exc:
        raise fail(str(exc), code=1)
    with stack:
        yield


@contextlib.contextmanager
def prefect_server(what: str):
    """Around a command that keeps state on a Prefect server (plans, the sampler, deployments, a
    worker): the configured API, else the local background server (started when needed). Without
    either — DBPATROL_LOCAL_SERVER=off and no PREFECT_API_URL — refuse (exit 2) instead of letting
    Prefect start a temporary server that would keep it for a moment (issue 14 item 7)."""
    from prefect.settings import PREFECT_API_URL

    with prefect_api():
        if not PREFECT_API_URL.value():
            raise fail(f"{what} on a Prefect server: set PREFECT_API_URL (e.g. export "
                       "PREFECT_API_URL=http://127.0.0.1:4200/api after `dbpatrol server`), or leave "
                       "DBPATROL_LOCAL_SERVER unset so dbpatrol uses its local background server")
        yield


@app.command()
def inspect(
    tier: str = typer.Option("daily", "--tier", "-t", help="daily | weekly | monthly | semiannual | annual"),
    inventory: Optional[Path] = typer.Option(None, "--inventory", "-i", help="Inventory YAML (default: settings)"),
    business: Optional[str] = typer.Option(None, "--business", "-b", help="Only this business"),
    host: Optional[str] = typer.Option(None, "--host", help="Only this host"),
    instance: Optional[List[str]] = typer.Option(None, "--instance", "-n", help="Only these instances (repeatable)"),
    start: Optional[str] = typer.Option(None, "--from", help="Window start, ISO 8601 with offset"),
    end: Optional[str] = typer.Option(None, "--to", help="Window end, ISO 8601 with offset (default: now)"),
    last: Optional[str] = typer.Option(None, "--last", help="Window ending now: e.g. 3d, 12h, 1w"),
    threshold: Optional[List[str]] = typer.Option(None, "--threshold", help="Override: CODE.NAME=WARN/CRIT (repeatable)"),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="Do not run these checks: CODE or category (repeatable, or comma-separated)"),
    only: Optional[List[str]] = typer.Option(None, "--only", help="Run only these checks: CODE or category (repeatable, or comma-separated; --skip wins)"),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Write reports into this directory"),
    fmt: str = typer.Option("pdf,html,json", "--format", "-f", help="Comma-separated: pdf,html,json,csv,xlsx"),
    lang: str = typer.Option("en", "--lang", help="Report language: en | zh-CN"),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON report to stdout (nothing else)"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Prefect's logs"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 3 when any instance is at least this bad: "
                                          "warning | critical | unreachable (default: exit 0 whatever was found)"),
):
    """Run an immediate inspection as a Prefect flow run and write its reports.

    Exit codes: 0 the inspection ran (and nothing reached --fail-on); 2 bad input, nothing was run or
    created; 3 --fail-on was reached (the reports are written); 1 the inspection itself failed."""
    args = {"tier": tier, "inventory": str(inventory) if inventory else None, "business": business, "host": host,
            "instance": list(instance or []), "start": start, "end": end, "last": last,
            "threshold": list(threshold or []), "skip": list(skip or []), "only": list(only or []),
            "out_dir": str(out_dir) if out_dir else None, "fmt": fmt, "lang": lang, "fail_on": fail_on}
    if fail_on is not None and fail_on not in FAIL_ON:
        raise fail(f"--fail-on {fail_on!r}: one of {', '.join(FAIL_ON)}")
    console = err if as_json else out
    env_before = dict(os.environ)  # the runner's key: the user's environment, before our defaults
    summary = _inspect_warm(args, console, env_before) if not verbose else None
    if summary is None:  # no warm runner served it: this process runs it (and starts one for next time)
        from . import warm

        quiet_prefect_env(verbose)
        try:
            with console.status(f"inspecting {tier} tier …"):
                summary = run_inspection(
                    args, notify=lambda m: err.print(f"[dim]{plain(m)}[/]", highlight=False, soft_wrap=True),
                    progress=lambda d: print_progress(console, d))
        except Failed as exc:
            raise fail(str(exc), code=exc.code)
        if not verbose and warm.enabled(env_before):
            warm.spawn(env_before)
    if as_json:
        sys.stdout.write(Path(summary["files"]["json"]).read_text(encoding="utf-8") if "json" in summary["files"] else json.dumps(summary))
        sys.stdout.write("\n")
    else:
        _print_summary(summary)
    if fail_on is not None and reached(summary, fail_on):
        if not as_json:
            err.print(f"--fail-on {fail_on}: reached", highlight=False)
        raise typer.Exit(code=3)


class Failed(Exception):
    """An inspection that could not run: bad input (code 2, nothing created) or a failure (code 1)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def _import_for_the_run() -> None:
    """What the flow run imports and loads, done while a first run's local server boots (~0.6 s)."""
    import prefect.flow_engine  # noqa: F401
    import prefect.task_engine  # noqa: F401

    import flows.tiers  # noqa: F401
    from checks import registry

    registry.load()


def run_inspection(args: dict, *, notify, progress) -> dict:
    """Validate an inspect command's options and run its tier flow (a Prefect flow run) on the
    configured or local Prefect server: the flow's summary. The same whether this process is the
    command's own or the warm runner's (dbpatrol/warm.py). Raises Failed."""
    from . import local_server

    try:
        params = _validate_inspect(args["tier"], Path(args["inventory"]) if args.get("inventory") else None,
                                   args.get("business"), args.get("host"), args.get("instance") or None,
                                   args.get("start"), args.get("end"), args.get("last"), args.get("threshold") or None,
                                   args["fmt"], args["lang"], args.get("skip") or None, args.get("only") or None)
        if args.get("out_dir"):
            from .cli_text import writable_dir

            writable_dir(Path(args["out_dir"]), "--out")
    except UserError as exc:
        raise Failed(str(exc), 2) from None
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(local_server.prefect_api(notify, while_starting=_import_for_the_run))
        except UserError as exc:
            raise Failed(str(exc), 1) from None
        from flows.runner import PROGRESS_HOOKS
        from flows.tiers import TIER_FLOWS

        def hook(event, instance, **info):
            if event == "done":
                progress(progress_info(instance, info["result"]))

        PROGRESS_HOOKS.append(hook)
        try:
            instance = args.get("instance") or None
            return TIER_FLOWS[args["tier"]](
                instances=instance, business=args.get("business"), host=args.get("host"),
                window_start=params["window"][0], window_end=params["window"][1],
                thresholds=params["thresholds"] or None, formats=params["formats"], lang=args["lang"],
                inventory=str(params["inventory"]), out_dir=args.get("out_dir"),
                skip=params["skip"] or None, only=params["only"] or None,
            )
        except UserError as exc:
            raise Failed(str(exc), 2) from None
        finally:
            PROGRESS_HOOKS.remove(hook)


def _inspect_warm(args: dict, console: Console, env: dict[str, str]) -> dict | None:
    """The inspection served by a warm runner (dbpatrol/warm.py), printed as this process would
    print it; None when no runner serves it."""
    from . import warm

    if not warm.enabled(env):
        return None

    def on_message(msg: dict) -> None:
        kind = msg.get("type")
        if kind == "notify":
            err.print(f"[dim]{plain(msg.get('text'))}[/]", highlight=False, soft_wrap=True)
        elif kind == "progress":
            print_progress(console, msg)
        elif kind == "log":
            err.print(plain(msg.get("text")), highlight=False, soft_wrap=True)

    try:
        with console.status(f"inspecting {args['tier']} tier (warm runner) …"):
            reply = warm.request(args, on_message, env=env)
    except warm.Gone as exc:
        raise fail(str(exc), code=1)
    except KeyboardInterrupt:
        err.print("interrupted: the flow run goes on in the warm runner and stores its report "
                  "(`dbpatrol reports list`); `dbpatrol server stop` ends it", highlight=False, soft_wrap=True)
        raise typer.Exit(code=130)
    if reply is None:
        return None
    if reply["type"] == "error":
        if reply.get("traceback"):
            err.print(plain(reply["traceback"]), highlight=False, soft_wrap=True)
        raise fail(reply.get("message") or "the inspection failed", code=int(reply.get("code") or 1))
    err.print(f"[dim]served by the warm runner (pid {reply.get('pid')}; DBPATROL_WARM=off runs each inspection in "
              f"its own process)[/]", highlight=False, soft_wrap=True)
    return reply["summary"]


FAIL_ON = ("warning", "critical", "unreachable")


def reached(summary: dict, level: str) -> bool:
    """Whether the inspection found something at least as bad as ``level``: unreachable instances
    count at every level; a finding counts unless it is acknowledged."""
    if summary.get("unreachable"):
        return True
    if level == "unreachable":
        return False
    live = summary.get("live_counts") or summary.get("counts") or {}
    if level == "critical":
        return (live.get("CRITICAL") or 0) > 0
    return (live.get("CRITICAL") or 0) + (live.get("WARNING") or 0) > 0


def _validate_inspect(tier, inventory, business, host, instance, start, end, last, threshold, fmt, lang,
                      skip=None, only=None) -> dict:
    """Everything that can be wrong with the input, checked before any flow run is created."""
    from checks import items, registry
    from flows.window import DEFAULT_WINDOW_DAYS, check_window, parse_duration, resolve_window, utcnow, aware
    from .inventory import load_inventory
    from .settings import load_settings

    if tier not in TIERS:
        raise UserError(f"--tier {tier!r}: one of {', '.join(TIERS)}")
    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserError(f"--format {fmt!r}: choose from {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise UserError(f"--lang {lang!r}: en or zh-CN")
    if last and (start or end):
        raise UserError("give either --last or --from/--to, not both")
    now = utcnow()
    if last:
        window = (now - parse_duration(last), now)
    elif start:
        window = (aware(start, "--from"), aware(end, "--to") if end else now)
    elif end:
        raise UserError("--to needs --from (or use --last)")
    settings = load_settings()
    if not last and not start and not end:  # the tier's default length, calendar days as plans count them
        window = resolve_window(None, now, DEFAULT_WINDOW_DAYS[tier], None, now=now, timezone=settings.timezone)
    window = check_window(*window, now=now)
    inv_path = inventory or settings.inventory_path()
    inv = load_inventory(inv_path)
    targets = inv.select(business=business, host=host, instances=instance or None)
    overrides = registry.merge_overrides(*(registry.parse_override(t) for t in threshold or []))
    reg = registry.load()
    reg.validate_overrides(overrides)
    skip_items, only_items = items.normalize(reg, skip, "--skip"), items.normalize(reg, only, "--only")
    items.Selection.build(reg, settings=settings.disabled_checks)  # the settings' items are known checks too
    if only_items and not items.codes_of(reg, only_items) & {c.code for c in reg.select(tier)}:
        raise UserError(f"--only {','.join(only_items)}: selects no check of the {tier} tier")
    return {"window": window, "inventory": Path(inv_path).resolve(), "targets": targets,
            "thresholds": overrides, "formats": formats, "skip": skip_items, "only": only_items}


def progress_info(instance: str, r) -> dict:
    """What the progress line of one inspected instance says (sent as is by the warm runner)."""
    if r.reachable:
        return {"instance": instance, "reachable": True, "flavor": r.flavor, "server_version": r.server_version,
                "worst": r.worst.value, "checks": len(r.findings)}
    return {"instance": instance, "reachable": False, "cause": r.cause}


def print_progress(console: Console, d: dict) -> None:
    if d.get("reachable"):
        worst = d.get("worst")
        console.print(f"  [bold]{plain(d.get('instance'))}[/] {plain(d.get('flavor'))} {plain(d.get('server_version'))}: "
                      f"[{OUTCOME_STYLE.get(worst, '')}]{plain(worst)}[/] ({d.get('checks')} checks)", highlight=False)
    else:
        console.print(f"  [bold]{plain(d.get('instance'))}[/] [bold red]unreachable[/]: {plain(d.get('cause'))}",
                      highlight=False)


def _progress_hook(console: Console):
    def hook(event, instance, **info):
        if event == "done":
            print_progress(console, progress_info(instance, info["result"]))
    return hook


def _print_summary(summary: dict) -> None:
    import json as _json

    report = _json.loads(Path(summary["files"]["json"]).read_text(encoding="utf-8")) if "json" in summary["files"] else None
    from dbpatrol.timefmt import message_time, message_zone
    from reports.render import display_zone

    with message_zone(display_zone((report or {}).get("timezone"))):  # the run's zone, as its report
        start, end = (plain(message_time(t)) for t in summary["window"])  # text that is no time: as it is
    table = Table(title=f"Inspection {summary['report_id'][:8]} — window {start} → {end}")
    table.add_column("instance", no_wrap=True)
    table.add_column("reachable")
    for o in OUTCOME_STYLE:
        table.add_column(SHORT[o], justify="right")
    table.add_column("worst", no_wrap=True, min_width=8)
    for inst in (report or {}).get("instances", []):
        counts = {o: 0 for o in OUTCOME_STYLE}
        for f in inst.get("findings", []):
            counts[f["outcome"]] += 1
        worst = inst.get("worst") or _worst(inst)
        table.add_row(
            plain(inst["name"]), "yes" if inst["reachable"] else f"[red]no[/]: {plain(inst.get('cause'))}",
            *[str(counts[o]) for o in OUTCOME_STYLE], f"[{OUTCOME_STYLE.get(worst, '')}]{worst}[/]",
        )
    out.print(table)
    _print_problems(report)
    for fmt, path in summary["files"].items():
        out.print(f"{fmt.upper():5} {path}", highlight=False, soft_wrap=True)
    if summary.get("url"):
        out.print(f"URL   {summary['url']}", highlight=False, soft_wrap=True)


def _print_problems(report: dict | None, limit: int = 30) -> None:
    """The WARNING and CRITICAL findings, worst first, each with what it evaluated (window, now,
    since a time) and whether it is acknowledged."""
    from dbpatrol.results import Finding
    from reports.render import basis_label, display_zone

    problems = [(inst["name"], Finding.model_validate(f)) for inst in (report or {}).get("instances", [])
                for f in inst.get("findings", []) if f["outcome"] in ("CRITICAL", "WARNING")]
    if not problems:
        return
    problems.sort(key=lambda p: (-p[1].outcome.rank, p[1].acknowledged is not None))
    tz = display_zone((report or {}).get("timezone"))  # the run's zone, as its report
    table = Table(title=f"{len(problems)} problem(s)" + (f", the first {limit}" if len(problems) > limit else ""))
    for col in ("instance", "outcome", "code", "message", "basis", "acknowledged"):
        table.add_column(col, overflow="fold")
    for name, f in problems[:limit]:
        ack = f"by {f.acknowledged.by or '?'}: {f.acknowledged.reason}" if f.acknowledged else ""
        table.add_row(plain(name), f"[{OUTCOME_STYLE[f.outcome.value]}]{f.outcome.value}[/]", plain(f.code),
                      plain(_short(f.message.en)), plain(basis_label(f, "en", tz)), plain(_short(ack, 80)))
    out.print(table)


def _short(text: str, limit: int = 160) -> str:
    """One line for a terminal table; the reports carry the whole text."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _worst(inst: dict) -> str:
    from dbpatrol.results import Outcome

    if not inst["reachable"]:
        return "CRITICAL"
    return Outcome.worst(Outcome(f["outcome"]) for f in inst.get("findings", [])).value


@checks_app.command("list")
def checks_list(
    engine: Optional[str] = typer.Option(None, "--engine", "-e", help="postgresql | mysql | mariadb | oracle"),
    tier: Optional[str] = typer.Option(None, "--tier", "-t", help="Checks that run in this tier (cumulative)"),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of a table"),
    lang: str = typer.Option("en", "--lang", help="en | zh-CN"),
):
    """List the check catalog."""
    from checks import registry
    from checks.spec import ENGINES

    if engine and engine not in ENGINES:
        raise fail(f"--engine {engine!r}: one of {', '.join(ENGINES)}")
    if tier and tier not in TIERS:
        raise fail(f"--tier {tier!r}: one of {', '.join(TIERS)}")
    if lang not in LANGS:
        raise fail(f"--lang {lang!r}: en or zh-CN")
    reg = registry.load()
    chosen = reg.select(tier or "annual", engine)
    rows = [
        {
            "code": c.code, "name": c.spec.name, "title": c.spec.title.get(lang), "category": c.spec.category,
            "tier": c.spec.tier, "engines": sorted(c.spec.engines),
            "privilege": {e: s.privilege for e, s in c.spec.engines.items()},
            "min_version": {e: s.min_version for e, s in c.spec.engines.items()},
            "roles": {e: list(s.roles) for e, s in c.spec.engines.items()},
            "requires": {e: list(s.requires) for e, s in c.spec.engines.items() if s.requires},
            "thresholds": [t.model_dump(mode="json") for t in c.spec.thresholds],
            "basis": c.spec.basis,
            "scope": c.spec.scope,
            **({"scope_by_engine": {e: c.spec.scope_of(e) for e in c.spec.engines}}
               if any(s.scope for s in c.spec.engines.values()) else {}),
            "object_key": list(c.spec.object_key),
        }
        for c in chosen
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{len(rows)} checks" + (f" for {engine}" if engine else "") + (f" in the {tier} tier" if tier else ""))
    for col in ("code", "name", "category", "tier", "basis", "engines", "thresholds (warn/crit)"):
        table.add_column(col)
    for r in rows:
        th = ", ".join(f"{t['name']} {_n(t['warning'])}/{_n(t['critical'])}{t['unit']}" if t["kind"] == "level"
                       else f"{t['name']}={_n(t['value'])}{t['unit']}" for t in r["thresholds"])
        table.add_row(r["code"], r["name"], r["category"], r["tier"], r["basis"], " ".join(r["engines"]), th)
    out.print(table)


COLLECTOR_HOST = "<collector-host>"  # `checks grants`' placeholder for the MySQL/MariaDB host part


@checks_app.command("grants")
def checks_grants(
    engine: str = typer.Option(..., "--engine", "-e", help="postgresql | mysql | mariadb | oracle"),
    tier: Optional[str] = typer.Option(None, "--tier", "-t", help="Only what the checks of this tier need (cumulative; default: every tier)"),
    user: str = typer.Option("dbpatrol_mon", "--user", "-u", help="The monitoring user to grant to"),
    host: Optional[str] = typer.Option(None, "--host", help="MySQL/MariaDB: the user's host part, the address dbpatrol "
                                            "connects from (default: a <collector-host> placeholder to fill)"),
    require_ssl: bool = typer.Option(True, "--require-ssl/--no-require-ssl",
                                     help="MySQL/MariaDB: CREATE USER … REQUIRE SSL (give the instance tls: in the inventory)"),
    include_sensitive: bool = typer.Option(False, "--include-sensitive",
                                           help="Also grant what reads table data or password hashes (printed commented out otherwise)"),
):
    """Print the GRANT statements a monitoring user needs: exactly what the checks declare.

    Grants that read every table's data or every password hash are printed commented out, with
    the checks that need them: without them those checks are SKIPPED "missing privilege"."""
    from checks.privileges import declared, grant_statements

    if engine not in ("postgresql", "mysql", "mariadb", "oracle"):
        raise fail(f"--engine {engine!r}: one of postgresql, mysql, mariadb, oracle")
    if tier and tier not in TIERS:
        raise fail(f"--tier {tier!r}: one of {', '.join(TIERS)}")
    needed = declared(engine, tier)
    lines = []
    if engine in ("mysql", "mariadb"):
        # Not '%': an account that can log in from any host is what SEC042 reports (and CIS 1.x / 等保
        # 8.1.4.2 ask to bind it to its client); REQUIRE SSL is what SEC049 asks of a remote account.
        if host is None:
            host = COLLECTOR_HOST
            lines.append(f"-- replace {COLLECTOR_HOST} by the address dbpatrol connects from (an account open to '%' "
                         "is what SEC042 reports)")
        lines.append(f"CREATE USER '{user}'@'{host}' IDENTIFIED BY '…'" + (" REQUIRE SSL" if require_ssl else "")
                     + ";" + ("  -- REQUIRE SSL: give the instance tls: in the inventory" if require_ssl else ""))
    lines += grant_statements(engine, needed, user=user, host=host or "%", include_sensitive=include_sensitive,
                              codes=needed)
    nothing = {"postgresql": "LOGIN", "oracle": "CREATE SESSION"}.get(engine, "USAGE")
    for line in lines or [f"-- the checks need nothing beyond {nothing}"]:
        sys.stdout.write(line + "\n")


def _n(v):
    if isinstance(v, (list, tuple)):
        return ",".join(map(str, v))
    return "-" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


@app.command()
def demo(
    keep: bool = typer.Option(False, "--keep", help="Keep the scratch database"),
    lang: str = typer.Option("en", "--lang", help="Report language: en | zh-CN"),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the reports"),
):
    """Plant real problems in a scratch PostgreSQL database, inspect it, print the PDF's path."""
    if lang not in LANGS:  # before anything is planted
        raise fail(f"--lang {lang!r}: en or zh-CN")
    quiet_prefect_env()
    from .demo import run_demo

    with prefect_api():
        try:
            run_demo(out, keep=keep, lang=lang, out_dir=out_dir)
        except UserError as exc:
            raise fail(str(exc))


def _mount_subapps() -> None:
    from . import cli_ack, cli_notify, cli_plans, cli_reports, cli_sampler, cli_stack

    app.add_typer(cli_plans.app, name="plan")
    app.add_typer(cli_sampler.app, name="sampler")
    app.add_typer(cli_reports.app, name="reports")
    app.add_typer(cli_ack.app, name="ack")
    app.add_typer(cli_notify.app, name="notify")
    cli_stack.register(app)


_mount_subapps()


def main() -> None:
    try:
        app()
    except UserError as exc:  # raised from deep inside a command
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
