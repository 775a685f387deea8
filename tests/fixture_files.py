"""Recorded check fixtures: rows a check's SQL returned, with the hash of that SQL.

Layout: ``checks/<category>/<CODE>_<name>/fixtures/<engine>-<scenario>.yaml`` — a check's fixtures
live in its own folder, beside its spec and SQL::

    engine: postgresql            # postgresql | mysql | mariadb | oracle
    server_version: "15.20"
    facts: {role: primary}
    sql: postgresql.sql           # the file that produced the rows
    sql_sha256: 3f2a…             # its hash when recorded: a changed SQL makes the fixture stale
    thresholds: {}                # optional overrides {name: {warning, critical}} for this scenario
    rows: [...]
    expect:
      outcome: WARNING
      message_contains: "idle in transaction"   # optional, English message

Record live rows with ``uv run python -m tests.fixture_files CODE ENGINE SCENARIO`` (runs the SQL
on the local database as the admin user, writes the file, leaves ``expect`` for you to fill).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import yaml

from checks import registry



def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fixtures_dir(code: str) -> Path:
    return registry.load().get(code).folder / "fixtures"


def code_of(path: Path) -> str:
    """The check code a fixture file belongs to (its check folder is ``<CODE>_<name>``)."""
    return path.parent.parent.name.split("_", 1)[0]


def all_fixtures() -> list[Path]:
    return sorted(p for c in registry.load() for p in (c.folder / "fixtures").glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _plain(v):
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return v.total_seconds()
    if hasattr(v, "__float__") and not isinstance(v, (int, float, bool)):
        return float(v)
    return v


def record(code: str, engine: str, scenario: str) -> Path:
    from checks.adapters import ConnectTarget, open_session

    check = registry.load().get(code)
    target = {
        "postgresql": ConnectTarget("postgresql", "127.0.0.1", 5432, "test", "postgres"),
        "mariadb": ConnectTarget("mariadb", "127.0.0.1", 3306, "test", "root"),
    }[engine]
    now = dt.datetime.now(dt.timezone.utc)
    with open_session(target) as s:
        variant = check.sql_for(s.flavor, s.version)
        params = {k: v for k, v in {"window_start": now - dt.timedelta(days=1), "window_end": now}.items()
                  if k in registry.bind_names(variant.text)}
        rows = s.run(variant.text, params)
        doc = {
            "engine": s.flavor,
            "server_version": s.server_version,
            "facts": {"role": s.facts.get("role")},
            "sql": variant.path.name,
            "sql_sha256": sha256(variant.path),
            "rows": [{k: _plain(v) for k, v in r.items()} for r in rows],
            "expect": {"outcome": "FILL-ME"},
        }
    out = fixtures_dir(code) / f"{s.flavor}-{scenario}.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(record(*sys.argv[1:4]))
