from checks.judges import uses
from checks.logs import _time
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("reboots")
def judge(rows, th, ctx) -> Verdict:
    inside = [r for r in rows if r.get("in_window")]
    current = next((r for r in rows if r.get("boot") == "current"), rows[0] if rows else {})
    known = "the journal's boot list and /proc/stat" if any(r.get("journal") for r in rows) else \
        "/proc/stat only (no journal: earlier boots inside the window are not seen)"
    params = {"count": len(inside), "booted": _time(current.get("booted_at")), "known": known,
              "when": ", ".join(_time(r.get("booted_at")) for r in inside)}
    outcome = th["reboots"].classify(len(inside)) if inside else Outcome.OK
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=inside or rows[:1])


SPEC = CheckSpec(
    code="OSH011",
    name="host_rebooted",
    title=T("Host reboots inside the window (over SSH)", "窗口内的主机重启（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("booted_at", "in_window", "source", "boot"),
    basis="window",
    thresholds=(
        Threshold(name="reboots", unit="boots", warning=1, critical=3, direction="above",
                  rationale="a boot inside the window restarted the database with it (crash recovery, cold caches); "
                            "planned or not, the report names it — catalog PG-OS-06 / ORA-OS-04 os_logs; 3 in a window "
                            "is a host that keeps failing (ours)"),
    ),
    judge=judge,
    messages={
        "ok": T("no reboot inside the window: the host has been up since {booted} ({known})",
                "窗口内无重启：主机自 {booted} 起运行（{known}）"),
        "problem": T("the host booted {count} time(s) inside the window: {when} ({known})",
                     "窗口内主机启动了 {count} 次：{when}（{known}）"),
    },
    remediation=RemediationSpec(
        text=T("Match each boot with a change record; for an unplanned one read the previous boot's last kernel "
               "lines (journalctl -b -1 -k -n 100: panic, watchdog, power) and the hypervisor's events, and check that "
               "the database came back cleanly (its log: crash recovery, replication resumed).",
               "将每次启动与变更记录核对；对计划外的重启，查看上一次启动的最后内核日志（journalctl -b -1 -k -n 100：panic、"
               "watchdog、断电）及虚拟化平台事件，并确认数据库已正常恢复（其日志：崩溃恢复、复制已恢复）。"),
        commands={"postgresql": ["journalctl --list-boots", "last -x reboot | head"],
                  "mysql": ["journalctl --list-boots", "last -x reboot | head"]},
        references=["https://www.freedesktop.org/software/systemd/man/latest/journalctl.html"],
    ),
    timeout_s=10,
)
