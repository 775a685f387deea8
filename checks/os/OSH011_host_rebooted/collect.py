"""OSH011: boots of the host inside the window, over SSH (/proc/stat btime, journalctl --list-boots)."""

from checks.host import kernel, ssh_ok


def postgresql(ctx):
    ssh_ok(ctx)
    return kernel.boot_rows(ctx)


def mysql(ctx):
    ssh_ok(ctx)
    return kernel.boot_rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
