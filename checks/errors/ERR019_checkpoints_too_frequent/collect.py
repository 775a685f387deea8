"""ERR019: the server's own 'checkpoints are occurring too frequently' warnings in the PostgreSQL server log inside the window (checks/logs/postgresql.py)."""

from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("checkpoint_too_frequent",))
