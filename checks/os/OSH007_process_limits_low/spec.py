from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _n(v):
    return "unlimited" if v is None else f"{v:,.0f}"


def _oracle(r, lv) -> Outcome:
    """Oracle: the guide's minimums are a compliance level — below one is WARNING; CRITICAL only when the limit
    is below the critical share of what the instance itself starts (PROCESSES: ORA-27300 fork failures)."""
    if (r.get("pct_of_need") or 0) >= 100:
        return Outcome.OK
    rated = lv.classify(r.get("pct_of_need"))
    own, lim = r.get("instance_need"), [x for x in (r.get("soft"), r.get("hard")) if x is not None]
    below_own = bool(own and lim and lv.classify(round(100.0 * min(lim) / own, 1)) is Outcome.CRITICAL)
    if rated is Outcome.CRITICAL and not below_own:
        return Outcome.WARNING
    return rated


@uses("limit_pct_of_need")
def judge(rows, th, ctx) -> Verdict:
    lv = th["limit_pct_of_need"]
    # Oracle's needs are the install guide's minimums (rows with hard_needed): meeting one is compliant;
    # PostgreSQL's and MySQL's are what the settings use, and a limit at exactly that has no headroom
    rated = [(r, _oracle(r, lv) if r.get("hard_needed") is not None else lv.classify(r.get("pct_of_need")))
             for r in rows]
    worst = max((o for _, o in rated), key=lambda o: o.rank, default=Outcome.OK)
    text = "; ".join(f"{r['limit']} soft {_n(r.get('soft'))} (hard {_n(r.get('hard'))}) for a need of {_n(r['needed'])}"
                     for r in rows)
    params = {"pid": rows[0].get("pid") if rows else "?", "pid_from": rows[0].get("pid_from") if rows else "",
              "limits": text,
              "bad": "; ".join(f"{r['limit']} soft limit {_n(r.get('soft'))} is {r['pct_of_need']:g}% of "
                               f"{r['needed_from']}" if r.get("hard_needed") is None else
                               f"{r['limit']} limits soft {_n(r.get('soft'))} / hard {_n(r.get('hard'))} are at "
                               f"{r['pct_of_need']:g}% of {r['needed_from']}" for r, o in rated if o.rank > 0)}
    objects = {r["limit"]: o for r, o in rated}
    if worst is Outcome.OK:
        return Verdict(outcome=worst, message="ok", params=params, objects=objects)
    return Verdict(outcome=worst, message="problem", params=params, objects=objects)


SPEC = CheckSpec(
    code="OSH007",
    name="process_limits_low",
    title=T("Open-file and process limits of the database server process (over SSH)",
            "数据库服务进程的打开文件数与进程数限制（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="pg_read_all_settings"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="SELECT ON V_$PROCESS, SELECT ON V_$PARAMETER", container="any")},
    columns=("limit", "soft", "hard", "needed", "needed_from", "pid", "pct_of_need"),
    object_key=("limit",),
    thresholds=(
        Threshold(name="limit_pct_of_need", unit="% of what the settings need", warning=100, critical=50,
                  direction="below",
                  rationale="the process's soft RLIMIT_NOFILE / RLIMIT_NPROC against what its own settings need: "
                            "PostgreSQL documentation 19.4 (max_connections + autovacuum_max_workers + "
                            "max_worker_processes + max_wal_senders + 7 processes; max_files_per_process files each), "
                            "MySQL manual open_files_limit (max of 10 + max_connections + 2 × table_open_cache and "
                            "5 × max_connections); catalog MY-OS-04 limits.conf; Oracle: Database Installation Guide 19c for Linux, "
                            "'Checking Resource Limits for Oracle Software Installation Users' (nofile soft 1024 / hard "
                            "65536, nproc soft 2047 / hard 16384; both rated, the lower share counts; processes at least "
                            "the PROCESSES parameter: every Oracle process is an OS process of the software owner), "
                            "catalog ORA-OS-02; below a guide minimum is WARNING, CRITICAL only below the critical share of "
                            "PROCESSES. At the need: no headroom; half: connections are refused long before "
                            "max_connections / PROCESSES"),
    ),
    judge=judge,
    messages={
        "ok": T("server process {pid} ({pid_from}): {limits}", "服务进程 {pid}（{pid_from}）：{limits}"),
        "problem": T("server process {pid} runs with limits below what its settings need: {bad}",
                     "服务进程 {pid} 的资源限制低于其配置所需：{bad}"),
    },
    remediation=RemediationSpec(
        text=T("Raise the limits where the service starts: systemd LimitNOFILE= / LimitNPROC= in a drop-in for the "
               "service (systemctl edit postgresql@… / mariadb), or /etc/security/limits.conf for a server started by "
               "a login; restart the server. Limits count per process (files) and per OS user (processes and "
               "threads), so every process of the server's user counts against LimitNPROC. Oracle: the software owner's limits in "
               "/etc/security/limits.d (the preinstall RPM's oracle-database-preinstall-19c.conf) or in the unit / "
               "Grid Infrastructure resource that starts the instance; restart the instance.",
               "在服务启动处提高限制：在服务的 drop-in 中设置 systemd LimitNOFILE= / LimitNPROC=（systemctl edit "
               "postgresql@… / mariadb），或对通过登录启动的服务设置 /etc/security/limits.conf；然后重启。文件数按进程计，"
               "进程数按操作系统用户计（含线程），该用户的所有进程都计入 LimitNPROC。Oracle：在 /etc/security/limits.d（preinstall RPM 的 "
               "oracle-database-preinstall-19c.conf）或启动实例的 systemd 单元 / Grid Infrastructure 资源中设置软件属主的限制，"
               "然后重启实例。"),
        commands={"postgresql": ["cat /proc/$(head -1 <data_directory>/postmaster.pid)/limits",
                                 "systemctl edit postgresql@15-main  # [Service] LimitNOFILE=65536"],
                  "mysql": ["cat /proc/$(cat <pid_file>)/limits", "systemctl edit mariadb  # [Service] LimitNOFILE=65536"],
                  "oracle": ["cat /proc/$(pgrep -x ora_pmon_<SID>)/limits",
                             "# /etc/security/limits.d/oracle-database-preinstall-19c.conf: oracle soft nofile 1024, "
                             "hard nofile 65536, soft nproc 16384, hard nproc 16384; restart the instance from a new login"]},
        references=["https://www.postgresql.org/docs/current/kernel-resources.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_open_files_limit",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/ladbi/checking-resource-limits-for-oracle-software-installation-users.html"],
    ),
    timeout_s=10,
)
