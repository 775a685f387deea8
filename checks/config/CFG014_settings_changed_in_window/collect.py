"""CFG014: PostgreSQL settings changed inside the window, from the stored settings snapshots
(checks/config/_drift), plus the configuration reload the server records (pg_conf_load_time)."""

from __future__ import annotations

from checks.collect import CollectSkip
from checks.config._drift import _iso, basis_row, changes, fill_defaults, now_state, stored_points, utcnow

SOURCE = "pg.settings"
RELOAD_SQL = "SELECT pg_conf_load_time() AS loaded, pg_postmaster_start_time() AS started"
DEFAULTS_SQL = "SELECT lower(name) AS name, boot_val FROM pg_settings"  # compiled-in defaults, the units of setting


def postgresql(ctx):
    now = now_state(ctx, SOURCE)
    now_at = utcnow()
    points = stored_points(ctx, SOURCE)
    if not points:
        raise CollectSkip("not_applicable", "no settings snapshot stored for this window yet (the first inspection, or "
                                            "the sampler not running): the next inspection compares with this one's",
                          "本窗口内尚未保存设置快照（首次巡检，或采样器未运行）：下次巡检将与本次快照比较")
    rows = changes(points, now, now_at)
    if rows:
        fill_defaults(rows, {r["name"]: r["boot_val"] for r in ctx.run(DEFAULTS_SQL)})
    loaded = ctx.run(RELOAD_SQL)[0]
    start = ctx.window_start
    if loaded["loaded"] is not None and start <= loaded["loaded"] <= ctx.window_end and loaded["loaded"] > loaded["started"]:
        rows.append({"name": "(configuration reload)", "old_value": None, "new_value": None, "kind": "reload",
                     "changed_after": None, "changed_by": _iso(loaded["loaded"])})
    return rows + [basis_row(points, now_at)]
