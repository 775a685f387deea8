from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("skew_s")
def judge(rows, th, ctx) -> Verdict:
    r = rows[0]
    skew = r.get("skew_s")
    by_skew = th["skew_s"].classify(abs(skew) if skew is not None else None)
    synced = r.get("synchronised")
    params = {"skew": f"{skew:+.3f}" if skew is not None else "?", "rtt": r.get("round_trip_s"),
              "source": r.get("sync_source") or "", "detail": r.get("detail") or ""}
    if by_skew.rank > 0:
        return Verdict(outcome=by_skew, message="skew", params=params)
    if synced is False:
        return Verdict(outcome=Outcome.WARNING, message="not_synced", params=params)
    return Verdict(outcome=Outcome.OK, message="ok" if synced else "ok_unknown", params=params)


SPEC = CheckSpec(
    code="OSH008",
    name="clock_not_synchronised",
    title=T("Host clock: skew against the inspecting host and time synchronisation (over SSH)",
            "主机时钟：与巡检主机的偏差及时间同步状态（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("skew_s", "round_trip_s", "synchronised", "sync_source", "offset_s", "detail"),
    thresholds=(
        Threshold(name="skew_s", unit="s", warning=2, critical=5, direction="above",
                  rationale="check_postgres timesync: warning 2 s, critical 5 s between the server's clock and the "
                            "checking host's (catalog PG-OS-05); here the host's clock read over SSH, to within half "
                            "the round trip"),
    ),
    judge=judge,
    messages={
        "ok": T("host clock {skew} s from the inspecting host's (round trip {rtt} s); synchronised ({source}: {detail})",
                "主机时钟与巡检主机相差 {skew} 秒（往返 {rtt} 秒）；已同步（{source}：{detail}）"),
        "ok_unknown": T("host clock {skew} s from the inspecting host's (round trip {rtt} s); whether it is kept "
                        "synchronised is not known ({detail})",
                        "主机时钟与巡检主机相差 {skew} 秒（往返 {rtt} 秒）；无法得知是否保持同步（{detail}）"),
        "skew": T("host clock is {skew} s off the inspecting host's (at or above {skew_s_warning} s; round trip {rtt} s): "
                  "log times, the window and replication lag read wrong ({detail})",
                  "主机时钟与巡检主机相差 {skew} 秒（≥ {skew_s_warning} 秒；往返 {rtt} 秒）：日志时间、巡检窗口与复制延迟"
                  "都会失真（{detail}）"),
        "not_synced": T("host clock is not synchronised ({source}: {detail}); {skew} s off the inspecting host's now",
                        "主机时钟未同步（{source}：{detail}）；当前与巡检主机相差 {skew} 秒"),
    },
    remediation=RemediationSpec(
        text=T("Run one NTP client (chrony or systemd-timesyncd) against reachable servers on every database host and "
               "the hosts that inspect them; check that it has a source (chronyc sources, timedatectl "
               "timesync-status).",
               "在每台数据库主机及巡检主机上运行一个 NTP 客户端（chrony 或 systemd-timesyncd）并指向可达的时间服务器；确认其已有"
               "同步源（chronyc sources、timedatectl timesync-status）。"),
        commands={"postgresql": ["timedatectl", "chronyc tracking"], "mysql": ["timedatectl", "chronyc tracking"]},
        references=["https://bucardo.org/check_postgres/check_postgres.pl.html#timesync"],
    ),
    timeout_s=10,
)
