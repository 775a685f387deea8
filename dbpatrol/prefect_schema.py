"""The local Prefect server's new database, created from the schema Prefect's migrations produce.

A fresh machine's first ``dbpatrol inspect`` starts the local Prefect server (dbpatrol/local_server.py)
on a new SQLite database, and Prefect's migrate-on-start runs its ~116 SQLite migrations: measured
5.8 s of the server's ~10 s start on this 2-core machine, most of it Alembic reflecting tables for
``batch_alter_table`` (issue 13: first run ≤ 10 s). The result is always the same: an empty schema
and one ``alembic_version`` row — no other row, no generated id.

``prefect_schema.sql`` beside this module is that result, dumped (``sqlite3`` ``iterdump``) from a
database Prefect's own migrations created, with the Prefect version and the Alembic head it was made
at in its first lines. ``seed`` writes it into the local server's database file when that file does
not exist yet, and only when the installed Prefect is that version with that head; the server's
migrate-on-start then finds the database at head and has nothing to do. In any other case (another
Prefect, a database URL of one's own, an existing database) nothing is seeded and Prefect migrates as
it always does. tests/test_prefect_schema.py runs Prefect's migrations and requires the same dump;
after a Prefect upgrade it fails until the file is made again:

    uv run python -m dbpatrol.prefect_schema      # rewrites dbpatrol/prefect_schema.sql
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

SCHEMA = Path(__file__).with_name("prefect_schema.sql")
DB_FILE = "prefect.db"  # Prefect's default database under PREFECT_HOME (the local server's home)
# Settings that point the server at a database of its own: then nothing is seeded.
URL_SETTINGS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")
_HEADER = re.compile(r"^-- prefect (?P<version>\S+), alembic head (?P<head>[0-9a-f]+)$")


def prefect_version() -> str:
    return importlib.metadata.version("prefect")


def alembic_head() -> str | None:
    """The head revision of the installed Prefect's SQLite migrations, read from their files (no
    Alembic, no Prefect import): the one revision no other names as its down_revision."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.origin:
        return None
    versions = Path(spec.origin).parent / "server" / "database" / "_migrations" / "versions" / "sqlite"
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in versions.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*"([0-9a-f]+)"', text, re.M)
        if rev:
            revisions.add(rev.group(1))
        down = re.search(r"^down_revision\s*=\s*(.+)$", text, re.M)
        if down:
            downs.update(re.findall(r'"([0-9a-f]+)"', down.group(1)))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def shipped() -> tuple[str, str, str] | None:
    """(prefect version, alembic head, SQL) of the shipped dump, or None when it is missing or malformed."""
    try:
        sql = SCHEMA.read_text(encoding="utf-8")
    except OSError:
        return None
    m = _HEADER.match(sql.split("\n", 1)[0])
    return (m["version"], m["head"], sql) if m else None


def applies(env: dict[str, str]) -> str | None:
    """The dump's SQL when it may seed a new database for this environment's Prefect, else None."""
    if any(env.get(k) for k in URL_SETTINGS):
        return None
    dump = shipped()
    if dump is None or dump[0] != prefect_version() or dump[1] != alembic_head():
        return None
    return dump[2]


def seed(home: Path, env: dict[str, str]) -> bool:
    """Create ``home``/prefect.db from the dump when it does not exist and the dump applies: whether it did.
    Written to a temporary file first and renamed, so a half-written database is never left."""
    target = home / DB_FILE
    if target.exists():
        return False
    sql = applies(env)
    if sql is None:
        return False
    fd, tmp = tempfile.mkstemp(prefix=".prefect-", suffix=".db", dir=home)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(sql)
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def dump(db: Path) -> str:
    """A database's dump in the shipped file's form: the header, then ``iterdump``'s statements."""
    con = sqlite3.connect(db)
    try:
        head = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        body = "\n".join(con.iterdump())
    finally:
        con.close()
    return f"-- prefect {prefect_version()}, alembic head {head}\n" \
           f"-- made by `python -m dbpatrol.prefect_schema` from Prefect's own migrations; do not edit\n{body}\n"


def migrated_dump() -> str:
    """Run Prefect's migrations on a new SQLite database in a child process (its settings are read at
    import) and return its dump."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / DB_FILE
        env = {**os.environ, "PREFECT_HOME": tmp, "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{db}"}
        code = ("import asyncio\nfrom prefect.server.database import provide_database_interface\n"
                "asyncio.run(provide_database_interface().create_db())\n")
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=600,
                       stdout=subprocess.DEVNULL)
        return dump(db)


if __name__ == "__main__":
    SCHEMA.write_text(migrated_dump(), encoding="utf-8")
    print(f"wrote {SCHEMA} ({shipped()[0]}, head {shipped()[1]})")
