"""The local Prefect stack: server, worker, base deployments. Used by `dbpatrol server|worker|deploy`,
by the tests' session fixture and by bench/plans.py, so they all start Prefect the same way.

Offline by default: DO_NOT_TRACK=1, PREFECT_SERVER_ANALYTICS_ENABLED=false,
PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT=false (the caller's own values win).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dbpatrol.errors import UserError

from .ops import BASE_DEPLOYMENT, PROJECT_ROOT, WORK_POOL

OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}
PROJECT_ROOT_VAR = "DBPATROL_PROJECT_ROOT"  # prefect.yaml's pull step reads it when not rendered


def offline_env(base: dict[str, str] | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    for k, v in OFFLINE_ENV.items():
        env.setdefault(k, v)
    env.setdefault(PROJECT_ROOT_VAR, str(PROJECT_ROOT))
    env.update({k: str(v) for k, v in extra.items() if v is not None})
    return env


def prefect_exe() -> str:
    """The `prefect` next to this interpreter (the project's venv), else the one on PATH."""
    here = Path(sys.executable).with_name("prefect")
    return str(here) if here.exists() else (shutil.which("prefect") or "prefect")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_command(host: str = "127.0.0.1", port: int = 4200) -> list[str]:
    return [prefect_exe(), "server", "start", "--host", host, "--port", str(port)]


def server_env(database_url: str | None = None, prefect_home: str | None = None,
               base: dict[str, str] | None = None, host: str | None = None, port: int | None = None,
               **extra: str) -> dict[str, str]:
    """The server process's environment. With ``host``/``port``, the UI in the browser calls that
    server's API: Prefect derives the UI's API address from PREFECT_API_URL when one is set (a
    user's profile pointing at :4200) or else from PREFECT_SERVER_API_HOST/PORT, not from
    `--port` (issue 14 item 14: `dbpatrol server --port P` served a UI talking to 4200)."""
    env = offline_env(base, **extra)
    if port is not None:
        api_host = host or "127.0.0.1"
        env["PREFECT_SERVER_API_HOST"] = api_host
        env["PREFECT_SERVER_API_PORT"] = str(port)
        if api_host not in ("0.0.0.0", "::") and not (base or os.environ).get("PREFECT_UI_API_URL"):
            env["PREFECT_UI_API_URL"] = f"http://{api_host}:{port}/api"
        env.pop("PREFECT_API_URL", None)
    if database_url:
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = database_url
    if prefect_home:
        env["PREFECT_HOME"] = prefect_home
    return env


def worker_command(pool: str = WORK_POOL, limit: int | None = None, name: str | None = None) -> list[str]:
    cmd = [prefect_exe(), "worker", "start", "--pool", pool, "--type", "process"]
    if limit:
        cmd += ["--limit", str(limit)]
    if name:
        cmd += ["--name", name]
    return cmd


def wait_for_api(api_url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> float:
    """Seconds until GET /api/health answers 200; UserError on timeout or if proc exits."""
    import httpx

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise UserError(f"the Prefect server exited with code {proc.returncode}")
        try:
            if httpx.get(api_url.rstrip("/") + "/health", timeout=2).status_code == 200:
                return time.monotonic() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise UserError(f"no Prefect API at {api_url} after {timeout:.0f} s")


def stop(proc: subprocess.Popen | None, timeout: float = 15.0) -> None:
    """Stop a process we started (by its PID; its own process group if it has one)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGINT) if _own_group(proc) else proc.send_signal(signal.SIGINT)
        proc.wait(timeout)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(proc.pid, signal.SIGKILL) if _own_group(proc) else proc.kill()
        except ProcessLookupError:
            pass
        proc.wait(5)


def _own_group(proc: subprocess.Popen) -> bool:
    try:
        return os.getpgid(proc.pid) == proc.pid
    except ProcessLookupError:
        return False


# ----- PostgreSQL for the server -------------------------------------------------------------------


def create_database(name: str, admin_url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> str:
    """Create an empty database for a Prefect server; return its asyncpg connection URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    host_part = admin_url.split("://", 1)[1].rsplit("/", 1)[0]
    return f"postgresql+asyncpg://{host_part}/{name}"


def drop_database(name: str, admin_url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ----- base deployments (prefect.yaml) -----------------------------------------------------------


def render_prefect_yaml(root: Path = PROJECT_ROOT) -> str:
    """prefect.yaml with the project root written in: a clone anywhere deploys its own path."""
    text = (root / "prefect.yaml").read_text(encoding="utf-8")
    return text.replace("{{ $" + PROJECT_ROOT_VAR + " }}", str(root.resolve()))


def deploy_base(env: dict[str, str] | None = None, root: Path = PROJECT_ROOT) -> list[str]:
    """Register prefect.yaml's base deployments (`prefect deploy --all`), with the absolute project
    root in the pull step, then give each form the inventory's names as choices."""
    import asyncio

    env = offline_env(env)
    with tempfile.TemporaryDirectory() as tmp:
        rendered = Path(tmp) / "prefect.yaml"
        rendered.write_text(render_prefect_yaml(root), encoding="utf-8")
        proc = subprocess.run([prefect_exe(), "--no-prompt", "deploy", "--all", "--prefect-file", str(rendered)],
                              cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise UserError(f"prefect deploy failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return asyncio.run(_patch_base_forms())


async def _patch_base_forms() -> list[str]:
    from prefect import get_client
    from prefect.client.schemas.actions import DeploymentUpdate
    from prefect.exceptions import ObjectNotFound

    from .ops import form_schema
    from .plan import TIERS

    names = []
    async with get_client() as client:
        for tier in TIERS:
            name = f"dbpatrol-{tier}/{BASE_DEPLOYMENT}"
            try:
                dep = await client.read_deployment_by_name(name)
            except ObjectNotFound:
                continue
            await client.update_deployment(dep.id, DeploymentUpdate(parameter_openapi_schema=form_schema(tier)))
            names.append(name)
    return names


async def aensure_pool(pool: str = WORK_POOL) -> None:
    from prefect import get_client

    from .ops import ensure_work_pool

    async with get_client() as client:
        await ensure_work_pool(client, pool)
