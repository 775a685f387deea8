"""dbpatrol/prefect_schema.py: the local server's new database made from the schema Prefect's own
migrations produce, only when the installed Prefect is the one the dump was made from (issue 13:
first run). The server started on such a database runs flows, deployments and plans:
tests/test_local_server.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dbpatrol import prefect_schema


def _schema(db: Path) -> tuple[set[tuple[str, str, str]], list[tuple[str]]]:
    con = sqlite3.connect(db)
    try:
        return (set(con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")),
                con.execute("SELECT version_num FROM alembic_version").fetchall())
    finally:
        con.close()


def _restored(sql: str, db: Path) -> Path:
    con = sqlite3.connect(db)
    try:
        con.executescript(sql)
    finally:
        con.close()
    return db


def _described(db: Path) -> dict:
    """What a schema is, independent of the order Alembic's table rebuilds write constraints in (two
    runs of Prefect's migrations differ only in that): per table its columns, foreign keys, indexes
    with their columns, and its CREATE statement's lines as a set; triggers and views as written."""
    con = sqlite3.connect(db)
    try:
        out: dict = {"version": con.execute("SELECT version_num FROM alembic_version").fetchall()}
        for kind, name, sql in con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall():
            if kind == "table":
                out[name] = {
                    "columns": con.execute(f'PRAGMA table_info("{name}")').fetchall(),
                    "foreign keys": sorted(tuple(r[2:]) for r in con.execute(f'PRAGMA foreign_key_list("{name}")')),
                    "lines": sorted(line.strip().rstrip(",") for line in (sql or "").splitlines()),
                }
            elif kind == "index":
                out[name] = (kind, sql, con.execute(f'PRAGMA index_xinfo("{name}")').fetchall())
            else:
                out[name] = (kind, sql)
        return out
    finally:
        con.close()


def test_the_shipped_dump_is_what_the_installed_prefects_migrations_make(tmp_path):
    # Runs Prefect's migrations on a new SQLite database (~6-9 s). After a Prefect upgrade this fails
    # until `uv run python -m dbpatrol.prefect_schema` makes the file again (and seed() falls back to
    # Prefect's migrations meanwhile: the next tests).
    shipped = prefect_schema.shipped()
    assert shipped is not None, f"{prefect_schema.SCHEMA} is missing or has no header"
    assert (shipped[0], shipped[1]) == (prefect_schema.prefect_version(), prefect_schema.alembic_head()), \
        "made from another Prefect: run `uv run python -m dbpatrol.prefect_schema`"
    migrated = _described(_restored(prefect_schema.migrated_dump(), tmp_path / "migrated.db"))
    ours = _described(_restored(shipped[2], tmp_path / "shipped.db"))
    assert len(migrated) > 50 and set(ours) == set(migrated)
    for name in migrated:
        assert ours[name] == migrated[name], name


def test_a_new_database_is_seeded_at_prefects_head(tmp_path):
    assert prefect_schema.seed(tmp_path, {}) is True
    db = tmp_path / prefect_schema.DB_FILE
    objects, version = _schema(db)
    assert version == [(prefect_schema.alembic_head(),)]
    names = {name for kind, name, _ in objects if kind == "table"}
    assert {"flow_run", "deployment", "task_run", "concurrency_limit_v2", "block_document"} <= names
    assert not list(tmp_path.glob(".prefect-*"))  # no temporary file left beside it


def test_nothing_is_seeded_for_another_prefect_an_own_database_or_an_existing_file(tmp_path, monkeypatch):
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / prefect_schema.DB_FILE).write_bytes(b"not touched")
    assert prefect_schema.seed(existing, {}) is False
    assert (existing / prefect_schema.DB_FILE).read_bytes() == b"not touched"

    for setting in prefect_schema.URL_SETTINGS:
        own = tmp_path / setting
        own.mkdir()
        assert prefect_schema.seed(own, {setting: "postgresql+asyncpg://u@127.0.0.1/prefect"}) is False
        assert not (own / prefect_schema.DB_FILE).exists()

    other = tmp_path / "other-version"
    other.mkdir()
    monkeypatch.setattr(prefect_schema, "prefect_version", lambda: "3.99.0")
    assert prefect_schema.seed(other, {}) is False and not (other / prefect_schema.DB_FILE).exists()
    monkeypatch.undo()
    monkeypatch.setattr(prefect_schema, "alembic_head", lambda: "0123456789ab")  # same version, another head
    assert prefect_schema.seed(other, {}) is False and not (other / prefect_schema.DB_FILE).exists()


def test_the_head_is_read_from_prefects_migration_files():
    # the chain's last revision: the one in the shipped dump's own alembic_version row
    head = prefect_schema.alembic_head()
    assert head and f"INSERT INTO \"alembic_version\" VALUES('{head}');" in prefect_schema.shipped()[2]
