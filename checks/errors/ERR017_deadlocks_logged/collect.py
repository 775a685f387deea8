"""ERR017: deadlocks (40P01), with the statements involved in the PostgreSQL server log inside the window (checks/logs/postgresql.py)."""

from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("deadlock",))
