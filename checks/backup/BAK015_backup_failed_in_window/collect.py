"""BAK015: backups that failed or are missing inside the window, from the tool's own record (checks/backup_tools)."""

from checks.backup_tools import history, pgbackrest


def postgresql(ctx):
    return pgbackrest.window_rows(ctx)


def mariadb(ctx):
    return history.window_rows(ctx)


def mysql(ctx):
    return history.window_rows(ctx)
