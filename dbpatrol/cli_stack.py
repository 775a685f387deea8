"""`dbpatrol server`, `dbpatrol worker`, `dbpatrol deploy`: the local Prefect stack.

    dbpatrol server                # Prefect server + UI on http://127.0.0.1:4200 (SQLite in PREFECT_HOME)
    dbpatrol server status|stop    # the local server `dbpatrol inspect` starts in the background when
                                   # no PREFECT_API_URL is set (dbpatrol/local_server.py); start: start it now
    dbpatrol server --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/prefect
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    dbpatrol worker                # a process worker on the `dbpatrol` pool (creates the pool)
    dbpatrol deploy                # prefect.yaml's base deployments (one per tier, unscheduled)
"""

from __future__ import annotations

import os
from typing import Optional

import typer
from rich.console import Console

from .errors import UserError

err = Console(stderr=True)
out = Console()


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=code)


server_app = typer.Typer(
    invoke_without_command=True, no_args_is_help=False,
    help="Start a Prefect server in the foreground; or `status` / `start` / `stop` the local background server "
         "`dbpatrol inspect` uses when no PREFECT_API_URL is set.")


@server_app.callback()
def server(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on"),
    port: int = typer.Option(4200, "--port", help="Port for the API and the UI"),
    database_url: Optional[str] = typer.Option(
        None, "--database-url", envvar="PREFECT_SERVER_DATABASE_CONNECTION_URL",
        help="postgresql+asyncpg://USER[:PASS]@HOST:5432/DB (recommended); default SQLite in PREFECT_HOME"),
    scheduler_seconds: Optional[float] = typer.Option(
        None, "--scheduler-seconds", help="Scheduler loop interval (Prefect's default: 60)"),
):
    """Start a local Prefect server (API + UI) in the foreground, offline: no telemetry, no promotional content."""
    if ctx.invoked_subcommand is not None:
        return
    from deployments.stack import server_command, server_env

    env = server_env(database_url, host=host, port=port)
    if scheduler_seconds:
        env["PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS"] = str(scheduler_seconds)
    cmd = server_command(host, port)
    err.print(f"Prefect UI and API: http://{host}:{port}  (export PREFECT_API_URL=http://{host}:{port}/api)",
              highlight=False)
    if "PREFECT_UI_API_URL" not in env:
        err.print(f"listening on {host}: set PREFECT_UI_API_URL=http://<this host's name>:{port}/api so the UI in a "
                  "browser elsewhere reaches the API", highlight=False)
    os.execvpe(cmd[0], cmd, env)


def worker(
    pool: str = typer.Option("dbpatrol", "--pool", help="Work pool (process type; created if missing)"),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most N flow runs at once"),
    query_seconds: float = typer.Option(5, "--query-seconds", help="How often to poll for runs"),
    name: Optional[str] = typer.Option(None, "--name", help="Worker name"),
):
    """Start a Prefect process worker on the `dbpatrol` pool: it runs plans and immediate runs."""
    import asyncio

    import httpx

    from deployments.stack import aensure_pool, offline_env, worker_command

    from .cli import prefect_server
    from .settings import load_settings

    with prefect_server("a worker runs the plans kept"):  # never a temporary server left listening
        env = offline_env(PREFECT_WORKER_QUERY_SECONDS=str(query_seconds))
        try:  # the flow runs it starts heartbeat as `dbpatrol deploy` told the crashed-run automation (the pool's own setting wins)
            env.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", str(load_settings().heartbeat_seconds))
        except UserError as exc:
            raise _fail(str(exc))
        os.environ.update({k: v for k, v in env.items() if k not in os.environ})
        try:
            asyncio.run(aensure_pool(pool))
        except (httpx.HTTPError, OSError) as exc:
            raise _fail(f"cannot reach the Prefect API ({os.environ.get('PREFECT_API_URL', 'PREFECT_API_URL not set')}): "
                        f"{exc}; start `dbpatrol server` and export PREFECT_API_URL", code=1)
        cmd = worker_command(pool, limit, name)
        os.execvpe(cmd[0], cmd, env)


def deploy():
    """Register prefect.yaml's base deployments (one per tier, unscheduled) on the `dbpatrol` pool."""
    import httpx

    from deployments.stack import aensure_pool, deploy_base

    import asyncio

    from deployments.notify import aensure_crash_guard

    from .cli import prefect_server
    from .settings import load_settings

    os.environ.setdefault("DO_NOT_TRACK", "1")
    with prefect_server("deployments are registered"):  # not into a throwaway server
        try:
            heartbeat = load_settings().heartbeat_seconds
            asyncio.run(aensure_pool())
            names = deploy_base()
            # zombie runs (a worker and its flow-run process killed): flow runs heartbeat, and an
            # automation marks a run Crashed after three heartbeats of silence
            guard = asyncio.run(aensure_crash_guard(heartbeat))
        except UserError as exc:
            raise _fail(str(exc), code=1)
        except (httpx.HTTPError, OSError) as exc:
            raise _fail(f"cannot reach the Prefect API: {exc}; start `dbpatrol server` and export PREFECT_API_URL",
                        code=1)
    for n in names:
        out.print(f"deployed {n}", highlight=False)
    out.print(f"work pool {guard['pool']}: flow runs heartbeat every {guard['heartbeat_s']} s "
              f"(PREFECT_FLOWS_HEARTBEAT_FREQUENCY); automation dbpatrol-crashed-runs {guard['automation']}: "
              f"a run silent for {guard['crashed_after_s']} s is marked Crashed", highlight=False)


@server_app.command("status")
def server_status(as_json: bool = typer.Option(False, "--json", help="JSON instead of text")):
    """Show the local background Prefect server (exit 1 when it is not running)."""
    import json

    from . import local_server

    from . import warm

    st = local_server.status()
    st["warm_runners"] = warm.runners()
    if as_json:
        print(json.dumps(st, indent=2))
    elif st["running"]:
        out.print(f"local Prefect server: running, pid {st['pid']}, {'healthy' if st['healthy'] else 'NOT answering'}\n"
                  f"  UI  {st['ui']}\n  API {st['url']}  (started {st['started_at']})\n"
                  f"  data {st['home']}\n  log  {st['log']}", highlight=False, soft_wrap=True)
    else:
        out.print(f"local Prefect server: not running{' (a stale record was left: ' + str(st['pid']) + ')' if st['stale'] else ''}; "
                  f"the next `dbpatrol inspect` without PREFECT_API_URL starts it (data in {st['home']})",
                  highlight=False, soft_wrap=True)
    for r in [] if as_json else st["warm_runners"]:
        out.print(f"  warm runner pid {r['pid']} (started {r['started_at']}; serves `dbpatrol inspect`)", highlight=False)
    if not st["running"]:
        raise typer.Exit(code=1)


@server_app.command("start")
def server_start():
    """Start the local background Prefect server now (or say that it is already running)."""
    from . import local_server

    try:
        url, started, state = local_server.ensure(notify=lambda m: err.print(m, highlight=False))
    except UserError as exc:
        raise _fail(str(exc), code=1)
    verb = "started" if started else "already running"
    out.print(f"local Prefect server {verb}: pid {state['pid']}, UI {state['ui']}, API {url}", highlight=False)


@server_app.command("stop")
def server_stop():
    """Stop the local background Prefect server and the warm runners of this DBPATROL_HOME (only the
    processes dbpatrol started, by the PIDs they recorded)."""
    from . import local_server, warm

    for r in warm.stop_all():
        out.print(f"warm runner stopped (pid {r['pid']})", highlight=False)
    stopped = local_server.stop()
    if stopped:
        out.print(f"local Prefect server stopped (pid {stopped['pid']}, {stopped['ui']})", highlight=False)
    else:
        out.print("local Prefect server: not running", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(server_app, name="server")
    app.command(help=worker.__doc__)(worker)
    app.command(help=deploy.__doc__)(deploy)
