"""OSH006: cat /proc/sys/vm/swappiness /proc/sys/vm/overcommit_memory on the instance's host, over SSH
(the /proc/sys files rather than sysctl, which a login user's PATH often lacks: /usr/sbin)."""

from checks.host import run, ssh_ok

SETTINGS = ("swappiness", "overcommit_memory", "overcommit_ratio")


def _rows(ctx):
    ssh_ok(ctx)
    r = run(ctx, ["cat", *(f"/proc/sys/vm/{s}" for s in SETTINGS)])
    values = r.text.split()
    if len(values) != len(SETTINGS):
        raise RuntimeError(f"cat /proc/sys/vm/…: {r.error if not r.ok else 'unexpected output'}")
    return [{"setting": f"vm.{s}", "value": int(v) if v.lstrip("-").isdigit() else v} for s, v in zip(SETTINGS, values)]


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
