"""ERR021: I/O errors (58030), disk full (53100) and data corruption (XX001/XX002) in the PostgreSQL server log inside the window (checks/logs/postgresql.py)."""

from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("io_error", "disk_full", "data_corrupted"))
