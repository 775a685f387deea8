"""ERR018: lock timeouts / NOWAIT failures (55P03) and long lock waits (log_lock_waits) in the PostgreSQL server log inside the window (checks/logs/postgresql.py)."""

from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("lock_timeout", "lock_wait"))
