"""OSH002: df -P -i of each directory the server names, over SSH (checks/host/fs.py)."""

from checks.host import fs


def postgresql(ctx):
    return fs.rows(ctx, inodes=True)


def mysql(ctx):
    return fs.rows(ctx, inodes=True)


def oracle(ctx):  # ADR base, trace, audit, FRA and local archive destinations
    return fs.rows(ctx, inodes=True)
