"""OSH010: I/O error lines in the host's kernel log inside the window, over SSH (checks/host/kernel.py)."""

from checks.host import kernel, ssh_ok


def postgresql(ctx):
    ssh_ok(ctx)
    return kernel.io_error_rows(ctx)


def mysql(ctx):
    ssh_ok(ctx)
    return kernel.io_error_rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
