"""BAK016: pgBackRest's own status of the stanza (checks/backup_tools/pgbackrest.py)."""

from checks.backup_tools import pgbackrest


def postgresql(ctx):
    return pgbackrest.status_rows(ctx)
