"""ERR016: failed logins in the server log inside the window (checks/logs)."""

from checks.logs import mariadb as mylog
from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("auth_failure",))


def mariadb(ctx):
    return mylog.rows(ctx, ("auth_failure",))
