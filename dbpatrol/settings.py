"""Project settings: environment variables (DBPATROL_*) over an optional YAML settings file.

| variable | default | meaning |
|---|---|---|
| DBPATROL_SETTINGS | ./dbpatrol.yaml if present | YAML file with any of the keys below (lower-case) |
| DBPATROL_INVENTORY | ./inventory.yaml, else examples/inventory.yaml | the inventory file |
| DBPATROL_HOME | ~/.dbpatrol | where reports and the report store live |
| DBPATROL_REPORT_DIR | $DBPATROL_HOME/reports | report files |
| DBPATROL_TIMEZONE | Asia/Shanghai | default timezone for plans and report times |
| DBPATROL_MAX_CONCURRENCY | 8 | instances inspected at once in one flow run |
| DBPATROL_CONNECT_TIMEOUT | 5 | seconds to connect (and to get the server's greeting) |
| DBPATROL_STATEMENT_TIMEOUT | 30 | upper bound on any check's statement, seconds |
| DBPATROL_LOCK_TIMEOUT | 2 | seconds a check may wait for a lock |
| DBPATROL_REPORT_URL | http://127.0.0.1:8765 | base URL of the report browser, for artifact links (no user:password@) |
| DBPATROL_REPORT_TOKEN | (none) | token the report browser requires (``Authorization: Bearer``, or ``?token=`` once, then a cookie); without one it binds to loopback only |
| DBPATROL_HEARTBEAT_SECONDS | 60 | flow runs' heartbeat interval (≥ 30; `dbpatrol deploy` writes it into the work pool); a run silent for three heartbeats is marked Crashed |
| DBPATROL_DISABLED_CHECKS | (none) | checks no inspection runs: codes or categories, e.g. ``RUN007,security`` |

The settings file may also hold ``thresholds:`` — project-wide overrides, the lowest layer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator

from .errors import UserError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseModel):
    inventory: Path | None = None
    home: Path = Field(default_factory=lambda: Path.home() / ".dbpatrol")
    report_dir: Path | None = None
    timezone: str = "Asia/Shanghai"
    max_concurrency: int = Field(default=8, ge=1, le=256)
    connect_timeout: float = Field(default=5.0, gt=0, le=120)
    statement_timeout: float = Field(default=30.0, gt=0, le=3600)
    lock_timeout: float = Field(default=2.0, gt=0, le=600)
    report_url: str = "http://127.0.0.1:8765"
    # the report browser's token: at least 16 characters, e.g. python -c "import secrets; print(secrets.token_urlsafe(32))"
    report_token: SecretStr | None = None
    # flow runs heartbeat this often (Prefect's minimum is 30 s); the crashed-run automation of
    # `dbpatrol deploy` marks a run Crashed after three heartbeats of silence
    heartbeat_seconds: int = Field(default=60, ge=30, le=3600)
    thresholds: dict[str, dict[str, dict[str, float | list[str] | None]]] = Field(default_factory=dict)
    # inspection items turned off project-wide: check codes or categories, checked against the
    # catalog by the commands and flows that use them (checks/items.py)
    disabled_checks: list[str] = Field(default_factory=list)

    model_config = {"extra": "forbid"}

    @field_validator("disabled_checks", mode="before")
    @classmethod
    def _comma_separated(cls, v):
        if isinstance(v, str):  # DBPATROL_DISABLED_CHECKS=RUN007,security
            return [p.strip() for p in v.split(",") if p.strip()]
        return v

    @field_validator("report_token")
    @classmethod
    def _long_enough(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and len(v.get_secret_value()) < 16:
            raise ValueError('must be at least 16 characters, e.g. the output of '
                             'python -c "import secrets; print(secrets.token_urlsafe(32))"')
        return v

    @field_validator("report_url")
    @classmethod
    def _no_credentials_in_url(cls, v: str) -> str:
        # the URL is published in every Prefect link artifact and report summary
        try:
            parts = urlsplit(v)
            has_userinfo = parts.username is not None or parts.password is not None
        except ValueError:
            raise ValueError("must be an http(s) URL like http://reports.example:8765") from None
        if has_userinfo or "@" in parts.netloc:
            raise ValueError("must not carry a user name or password (it is published in every artifact link); "
                             "protect the report browser with DBPATROL_REPORT_TOKEN instead")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http(s) URL like http://reports.example:8765")
        return v

    @property
    def reports_path(self) -> Path:
        return self.report_dir or self.home / "reports"

    def inventory_path(self) -> Path:
        if self.inventory:
            return self.inventory
        local = Path.cwd() / "inventory.yaml"
        return local if local.exists() else PROJECT_ROOT / "examples" / "inventory.yaml"


_ENV_KEYS = ("inventory", "home", "report_dir", "timezone", "max_concurrency", "connect_timeout",
             "statement_timeout", "lock_timeout", "report_url", "report_token", "disabled_checks", "heartbeat_seconds")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data: dict[str, Any] = {}
    path = env.get("DBPATROL_SETTINGS") or ("dbpatrol.yaml" if Path("dbpatrol.yaml").exists() else None)
    if path:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise UserError(f"{path}: cannot read settings: {exc}") from None
        if not isinstance(data, dict):
            raise UserError(f"{path}: settings must be a mapping")
    for key in _ENV_KEYS:
        value = env.get(f"DBPATROL_{key.upper()}")
        if value:
            data[key] = value
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path or 'environment'}: settings {where}: {first['msg'].removeprefix('Value error, ')}") from None
