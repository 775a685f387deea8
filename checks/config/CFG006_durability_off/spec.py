from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="CFG006",
    name="durability_off",
    title=T("Crash safety switched off (fsync, full_page_writes, synchronous_commit, data checksums)",
            "崩溃安全被关闭（fsync、full_page_writes、synchronous_commit、数据校验和）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("name", "setting", "unit", "shown", "source"),
    object_key=("name",),
    thresholds=(
        Threshold(name="on", unit="value", kind="list", value=("on",),
                  rationale="PMM postgresql_fsync (severity error: 'PostgreSQL can get corrupt if fsync is off'); the "
                            "PostgreSQL manual (WAL configuration) says the same of full_page_writes = off: CRITICAL"),
        Threshold(name="synchronous_commit", unit="values", kind="list",
                  value=("on", "remote_apply", "remote_write", "local"),
                  rationale="PostgreSQL manual: synchronous_commit = off can lose the last transactions reported "
                            "committed on a crash (up to 3 x wal_writer_delay), without corrupting: WARNING"),
        Threshold(name="data_checksums", unit="value", kind="list", value=("on",),
                  rationale="pg-healthcheck G07-001 (data checksums enabled; 'silent data corruption on storage will go "
                            "undetected'): WARNING, enabling needs pg_checksums on a stopped cluster; initdb enables them "
                            "by default from PostgreSQL 18"),
        Threshold(name="off", unit="value", kind="list", value=("off",),
                  rationale="PostgreSQL manual (developer options): zero_damaged_pages destroys data on a damaged page "
                            "and ignore_checksum_failure lets corrupt data through: set only while recovering, CRITICAL"),
    ),
    judge=expected_settings(
        Expect("fsync", allowed="on", severity=Outcome.CRITICAL, message="corrupt"),
        Expect("full_page_writes", allowed="on", severity=Outcome.CRITICAL, message="corrupt"),
        Expect("zero_damaged_pages", allowed="off", severity=Outcome.CRITICAL, message="hidden"),
        Expect("ignore_checksum_failure", allowed="off", severity=Outcome.CRITICAL, message="hidden"),
        Expect("synchronous_commit", allowed="synchronous_commit", message="lose"),
        Expect("data_checksums", allowed="data_checksums", message="checksums"),
    ),
    messages={
        "ok": T("Committed data is crash-safe: fsync, full_page_writes and synchronous_commit on, data checksums on "
                "({total} settings read)",
                "已提交的数据具备崩溃安全：fsync、full_page_writes、synchronous_commit 与数据校验和均已开启（读取 {total} 项设置）"),
        "corrupt": T("{name} = {shown} (expected {expected}): an OS crash or power loss can corrupt the cluster beyond "
                     "crash recovery; {count} setting(s) at fault",
                     "{name} = {shown}（应为 {expected}）：操作系统崩溃或掉电可能损坏整个集簇，崩溃恢复也无法修复；"
                     "共 {count} 项设置有问题"),
        "hidden": T("{name} = {shown} (expected {expected}): corrupt pages are zeroed or read as if valid instead of "
                    "raising an error; {count} setting(s) at fault",
                    "{name} = {shown}（应为 {expected}）：损坏的页面被清零或当作有效数据读取，而不是报错；共 {count} 项设置有问题"),
        "lose": T("{name} = {shown} (expected {expected}): commits are acknowledged before they reach disk and the "
                  "last ones are lost on a crash; {count} setting(s) at fault",
                  "{name} = {shown}（应为 {expected}）：事务在写入磁盘前即确认提交，崩溃时会丢失最近的提交；共 {count} 项设置有问题"),
        "checksums": T("data_checksums = {shown} (expected {expected}): storage corruption of data pages goes "
                       "unnoticed until the data is wrong; {count} setting(s) at fault",
                       "data_checksums = {shown}（应为 {expected}）：数据页在存储上的损坏无法被发现，直到数据出错；"
                       "共 {count} 项设置有问题"),
    },
    remediation=RemediationSpec(
        text=T("Turn fsync and full_page_writes back on and synchronous_commit to on (all reloadable: ALTER SYSTEM + "
               "pg_reload_conf()); reset zero_damaged_pages and ignore_checksum_failure once a recovery is over. "
               "Data checksums are chosen at initdb (-k, default from 18) or enabled with pg_checksums --enable on a "
               "cleanly stopped cluster (rewrites every file: plan the downtime, or enable them on a new standby and "
               "switch over). A session may still relax synchronous_commit for its own work.",
               "重新开启 fsync 与 full_page_writes，并把 synchronous_commit 设为 on（均可重新加载：ALTER SYSTEM + "
               "pg_reload_conf()）；恢复工作结束后重置 zero_damaged_pages 与 ignore_checksum_failure。数据校验和在 initdb 时"
               "选择（-k，18 起默认开启），或在干净停止的集簇上用 pg_checksums --enable 开启（会重写所有文件，需计划停机，"
               "或在新备库上开启后切换）。个别会话仍可为自身工作放宽 synchronous_commit。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET fsync = on;",
            "ALTER SYSTEM SET full_page_writes = on;",
            "ALTER SYSTEM SET synchronous_commit = on;",
            "ALTER SYSTEM RESET zero_damaged_pages; ALTER SYSTEM RESET ignore_checksum_failure;",
            "SELECT pg_reload_conf();",
            "pg_checksums --enable -D <data directory>  -- cluster stopped cleanly; data checksums",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-wal.html",
                    "https://www.postgresql.org/docs/current/app-pgchecksums.html"],
    ),
    timeout_s=5,
)
