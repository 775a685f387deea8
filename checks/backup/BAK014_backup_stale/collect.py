"""BAK014: the newest good backup's age from the backup tool's own record (checks/backup_tools)."""

from checks.backup_tools import history, pgbackrest


def postgresql(ctx):
    return pgbackrest.age_rows(ctx)


def mariadb(ctx):
    return history.age_rows(ctx)


def mysql(ctx):
    return history.age_rows(ctx)
