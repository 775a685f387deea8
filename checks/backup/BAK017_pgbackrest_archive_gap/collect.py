"""BAK017: the WAL in pgBackRest's archive against the server's WAL now (checks/backup_tools/pgbackrest.py)."""

from checks.backup_tools import pgbackrest


def postgresql(ctx):
    return pgbackrest.archive_rows(ctx)
