"""CFG015: this PostgreSQL node's settings against the other nodes of its cluster — the instances whose
stored settings snapshot (pg.settings) carries the same system identifier (a primary and its physical
standbys share it) — each node's newest snapshot inside the window, against this node now."""

from __future__ import annotations

from checks.collect import CollectSkip
from checks.config._drift import META, _iso, decode, now_state

SOURCE = "pg.settings"
DEFAULTS_SQL = "SELECT lower(name) AS name, boot_val FROM pg_settings"  # compiled-in defaults, the units of setting
# A hot standby needs at least the primary's value of these (PostgreSQL manual, "Hot Standby": recovery
# pauses, and the standby cannot start, below them).
AT_LEAST_PRIMARY = {"max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                    "max_locks_per_transaction"}


def postgresql(ctx):
    session = ctx.session
    now = now_state(ctx, SOURCE)
    sysid, here_standby = now.get("system_identifier"), bool(now.get("in_recovery!"))
    if session.snapshots is None or not session.instance_name:
        raise CollectSkip("not_applicable", "no snapshot store in this run: the nodes are compared through their stored "
                                            "settings snapshots", "本次运行没有快照存储：节点间通过保存的设置快照比较")
    peers = {name: p for name, p in session.snapshots.latest_points(SOURCE, ctx.window_start).items()
             if name != session.instance_name and p.data.get("system_identifier") == sysid}
    if not peers:
        raise CollectSkip("not_applicable", f"no other node of this cluster (system identifier {sysid}) has a settings "
                                            "snapshot in the window: inventory its primary and standbys and inspect or "
                                            "sample them",
                          f"本集群（system identifier {sysid}）的其他节点在窗口内没有设置快照：请把主库与备库都加入清单并巡检或采样")
    skip = {str(v).lower() for v in ctx.thresholds["node_specific"].value or ()}
    cache: dict[str, dict] = {}

    def defaults() -> dict:
        if "d" not in cache:
            cache["d"] = {r["name"]: r["boot_val"] for r in ctx.run(DEFAULTS_SQL)}
        return cache["d"]

    def number(state: dict, key: str):
        """A node's value of an integer setting: the snapshot's, or the compiled-in default a snapshot leaves
        out (max_prepared_transactions, max_worker_processes … are rarely in a configuration file)."""
        if key in state:
            return state[key]
        try:
            return float(defaults().get(key))
        except (TypeError, ValueError):
            return None

    rows = []
    for name, p in sorted(peers.items()):
        there_standby = bool(p.data.get("in_recovery!"))
        for key in sorted((set(now) | set(p.data)) - META):
            setting = key.rstrip("!#")
            if setting in skip or now.get(key) == p.data.get(key):
                continue
            mine = decode(key, now[key])[1] if key in now else "(default)"
            theirs = decode(key, p.data[key])[1] if key in p.data else "(default)"
            kind = "differs"
            if setting in AT_LEAST_PRIMARY and here_standby != there_standby:
                mine_n, theirs_n = number(now, key), number(p.data, key)
                standby_value, primary_value = (mine_n, theirs_n) if here_standby else (theirs_n, mine_n)
                if standby_value is not None and primary_value is not None and standby_value < primary_value:
                    kind = "below_primary"
            rows.append({"name": setting, "this_value": mine, "other_value": theirs, "other_instance": name,
                         "other_role": "standby" if there_standby else "primary", "kind": kind,
                         "other_taken_at": _iso(p.taken_at)})
    if rows:
        for r in rows:  # fill_defaults' columns are old_value / new_value
            for col in ("this_value", "other_value"):
                if r[col] == "(default)" and defaults().get(r["name"]) not in (None, ""):
                    r[col] = f"{defaults()[r['name']]} (default)"
    return rows or [{"name": "(nodes)", "this_value": None, "other_value": None,
                     "other_instance": ", ".join(sorted(peers)), "other_role": None, "kind": "same",
                     "other_taken_at": None}]
