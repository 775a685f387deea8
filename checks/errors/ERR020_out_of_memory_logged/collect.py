"""ERR020: out-of-memory errors (53200) and server processes killed by SIGKILL in the PostgreSQL server log inside the window (checks/logs/postgresql.py)."""

from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("out_of_memory", "killed"))
