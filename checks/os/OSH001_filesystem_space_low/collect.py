"""OSH001: df -P -k of each directory the server names, over SSH (checks/host/fs.py)."""

from checks.host import fs


def postgresql(ctx):
    return fs.rows(ctx, inodes=False)


def mysql(ctx):
    return fs.rows(ctx, inodes=False)


def oracle(ctx):  # ADR base, trace, audit, FRA and local archive destinations
    return fs.rows(ctx, inodes=False)
