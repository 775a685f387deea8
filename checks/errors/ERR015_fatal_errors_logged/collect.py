"""ERR015: FATAL/PANIC lines and crashes in the server log inside the window (checks/logs)."""

from checks.logs import mariadb as mylog
from checks.logs import postgresql as pglog


def postgresql(ctx):
    return pglog.rows(ctx, ("fatal", "panic", "crash"))


def mariadb(ctx):
    return mylog.rows(ctx, ("error", "crash"))
