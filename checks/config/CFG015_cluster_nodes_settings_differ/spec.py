from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("node_specific")
def judge(rows, th, ctx) -> Verdict:
    """A standby below its primary in a hot-standby setting is CRITICAL; any other setting that differs
    between the nodes of one cluster WARNING (a failover changes behaviour)."""
    diffs = [r for r in rows if r.get("kind") in ("differs", "below_primary")]
    same = next((r for r in rows if r.get("kind") == "same"), {})
    if not diffs:
        return Verdict(outcome=Outcome.OK, message="ok", params={"nodes": same.get("other_instance")}, evidence=[],
                       objects={})
    diffs.sort(key=lambda r: (r["kind"] != "below_primary", r["name"]))
    critical = diffs[0]["kind"] == "below_primary"
    listed = "; ".join(f"{r['name']}: {r['this_value']} ≠ {r['other_value']} ({r['other_instance']})" for r in diffs[:8])
    params = {**diffs[0], "count": len(diffs), "list": listed + (f"; … (+{len(diffs) - 8})" if len(diffs) > 8 else "")}
    return Verdict(outcome=Outcome.CRITICAL if critical else Outcome.WARNING, message="below" if critical else "differs",
                   params=params, evidence=diffs[:EVIDENCE_LIMIT], total=len(diffs),
                   objects={f"{r['name']}.{r['other_instance']}": Outcome.CRITICAL if r["kind"] == "below_primary"
                            else Outcome.WARNING for r in diffs})


SPEC = CheckSpec(
    code="CFG015",
    name="cluster_nodes_settings_differ",
    title=T("Settings differ between the primary and its standbys", "主库与备库之间参数不一致"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="pg_read_all_settings")},
    columns=("name", "this_value", "other_value", "other_instance", "other_role", "kind", "other_taken_at"),
    object_key=("name", "other_instance"),
    thresholds=(
        Threshold(name="node_specific", unit="settings", kind="list",
                  value=("port", "listen_addresses", "cluster_name", "primary_conninfo", "primary_slot_name",
                         "data_directory", "config_file", "hba_file", "ident_file", "external_pid_file",
                         "unix_socket_directories", "restore_command", "archive_cleanup_command",
                         "recovery_end_command", "recovery_target_timeline", "promote_trigger_file",
                         "synchronous_standby_names", "hot_standby", "hot_standby_feedback"),
                  rationale="postgres-checkup A006 lists every pg_settings difference between the primary and its "
                            "replicas; these are set per node on purpose (addresses, paths, the standby's own "
                            "replication settings) and left out"),
    ),
    judge=judge,
    messages={
        "ok": T("This node's settings match the other nodes of its cluster ({nodes}), node-specific settings apart",
                "本节点参数与集群其他节点（{nodes}）一致（节点专属参数除外）"),
        "differs": T("{count} setting(s) differ from other nodes of this cluster: {list}. After a failover the new "
                     "primary behaves differently (postgres-checkup A006)",
                     "与集群其他节点有 {count} 项参数不一致：{list}。故障切换后新主库的行为会不同（postgres-checkup A006）"),
        "below": T("{name} is {this_value} here and {other_value} on {other_instance} ({other_role}): a hot standby needs "
                   "at least the primary's value, or recovery pauses and the standby cannot restart; {count} setting(s) "
                   "differ in all: {list}",
                   "{name} 在本节点为 {this_value}，在 {other_instance}（{other_role}）为 {other_value}：热备库的取值不得低于主库，"
                   "否则恢复会暂停、备库无法重启；共 {count} 项参数不一致：{list}"),
    },
    remediation=RemediationSpec(
        text=T("Make the settings the same on every node (ALTER SYSTEM on each, a reload, or a restart for "
               "postmaster settings); raise a standby's hot-standby settings before the primary's, and lower the "
               "primary's first. Settings that must differ go in the node_specific list.",
               "使各节点参数一致（在每个节点 ALTER SYSTEM 后重新加载，需重启的参数则重启）；热备相关参数先调高备库再调高主库，"
               "调低时先调主库。必须不同的参数加入 node_specific 列表。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET <name> = '<value>';  -- on each node; SELECT pg_reload_conf(); or restart",
        ]},
        references=["https://www.postgresql.org/docs/current/hot-standby.html#HOT-STANDBY-ADMIN",
                    "https://gitlab.com/postgres-ai/postgres-checkup"],
    ),
    timeout_s=5,
)
