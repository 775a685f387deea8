"""CFG042: MySQL 8 / MariaDB global variables changed inside the window, from the stored variable
snapshots (checks/config/_drift). MariaDB records no change times: these snapshots are its only record
of when; MySQL 8's own record (variables_info SET_TIME / SET_USER) is CFG039's."""

from __future__ import annotations

from checks.collect import CollectSkip
from checks.config._drift import basis_row, changes, fill_defaults, now_state, stored_points, utcnow

SOURCE = "my.variables"
# MariaDB keeps each variable's compiled-in default; MySQL 8 shows none (its changes from a default say "(default)")
DEFAULTS_SQL = "SELECT LOWER(VARIABLE_NAME) AS name, DEFAULT_VALUE AS boot_val FROM information_schema.SYSTEM_VARIABLES"


def mysql(ctx):
    now = now_state(ctx, SOURCE)
    now_at = utcnow()
    points = stored_points(ctx, SOURCE)
    if not points:
        raise CollectSkip("not_applicable", "no variables snapshot stored for this window yet (the first inspection, or "
                                            "the sampler not running): the next inspection compares with this one's",
                          "本窗口内尚未保存变量快照（首次巡检，或采样器未运行）：下次巡检将与本次快照比较")
    rows = changes(points, now, now_at)
    if rows and ctx.session.flavor == "mariadb":
        fill_defaults(rows, {r["name"]: r["boot_val"] for r in ctx.run(DEFAULTS_SQL)})
    return rows + [basis_row(points, now_at)]
