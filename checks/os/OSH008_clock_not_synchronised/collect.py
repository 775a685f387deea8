"""OSH008: the host's clock over SSH — ``date +%s.%N`` against this process's clock (the skew, read at
the middle of the round trip), and whether it is synchronised: ``timedatectl show`` (systemd-timesyncd or
any NTP client systemd knows of), else ``chronyc -c tracking``; neither present → not known."""

from checks.host import measured_skew, run, ssh_ok


def _sync(ctx) -> tuple[bool | None, str, float | None, str]:
    """(synchronised, how known, NTP offset in s or None, detail)."""
    r = run(ctx, ["timedatectl", "show"])
    if r.ok:
        kv = dict(line.split("=", 1) for line in r.text.splitlines() if "=" in line)
        synced = kv.get("NTPSynchronized")
        if synced in ("yes", "no"):
            return synced == "yes", "timedatectl", None, f"NTP={kv.get('NTP', '?')} NTPSynchronized={synced}"
    notes = [f"timedatectl: {r.error}"]
    c = run(ctx, ["chronyc", "-c", "tracking"])
    if c.ok and c.text.count(",") >= 13:
        f = c.text.strip().split(",")
        try:
            offset = float(f[4])
        except ValueError:
            offset = None
        return f[13] != "Not synchronised", "chronyc", offset, f"chrony reference {f[1]} stratum {f[2]} leap {f[13]}"
    notes.append(f"chronyc: {'not installed' if c.missing else c.error}")
    return None, "", None, "; ".join(notes)


def _rows(ctx):
    ssh_ok(ctx)
    skew, rtt = measured_skew(ctx)
    synced, how, offset, detail = _sync(ctx)
    return [{"skew_s": round(skew, 3), "round_trip_s": round(rtt, 3), "synchronised": synced, "sync_source": how or None,
             "offset_s": offset, "detail": detail}]


def postgresql(ctx):
    return _rows(ctx)


def mysql(ctx):
    return _rows(ctx)


def oracle(ctx):  # the host's own state: the same commands whatever the engine
    return postgresql(ctx)
