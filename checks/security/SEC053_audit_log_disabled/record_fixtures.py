"""Re-record SEC053's fixtures from throwaway mariadbd servers (tests/mysql_security.py):
``uv run python -m checks.security.SEC053_audit_log_disabled.record_fixtures``. MySQL 8 fixtures are
written from the reference manual (no MySQL 8 server here)."""

import shutil
import tempfile
from pathlib import Path

from tests.mysql_security import Lab, _strict_options, manual, record

CODE = "SEC053"
MANUAL = ("written from the MySQL 8.0 manual (MySQL Enterprise Audit plugin audit_log, its load option, "
          "audit_log_connection_policy; general_log, log_error); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            record(CODE, s, "no-audit", "WARNING", "No audit plugin is active",
                   note="recorded from a throwaway mariadbd without server_audit (the default)")
    finally:
        lab.destroy()
    folder = Path(tempfile.mkdtemp(prefix="dbpatrol-lab-"))
    folder.chmod(0o755)
    try:
        lab = Lab.start(_strict_options(folder))
        try:
            with lab.session(CODE) as s:
                record(CODE, s, "healthy", "OK", "audited by server_audit (FORCE_PLUS_PERMANENT)",
                       note="recorded from a throwaway mariadbd started with server_audit FORCE_PLUS_PERMANENT, "
                            "server_audit_logging ON, events CONNECT,QUERY_DDL")
        finally:
            lab.destroy()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    log_error = {"name": "log_error", "setting": "/var/log/mysql/error.log", "detail": None}
    manual(CODE, "healthy", [{"name": "audit_log", "setting": "ACTIVE", "detail": "FORCE_PLUS_PERMANENT"},
                             {"name": "audit_log_connection_policy", "setting": "ALL", "detail": None},
                             {"name": "general_log", "setting": "OFF", "detail": None}, log_error], "OK", note=MANUAL)
    manual(CODE, "community-no-audit", [{"name": "audit_log", "setting": "NOT LOADED", "detail": None},
                                        {"name": "general_log", "setting": "ON", "detail": None}, log_error],
           "WARNING", "No audit plugin is active (audit_log: NOT LOADED)",
           note=MANUAL + "; MySQL Community Server has no audit plugin")
    off = {"name": "general_log", "setting": "OFF", "detail": None}
    manual(CODE, "percona-queries-only", [{"name": "audit_log", "setting": "ACTIVE", "detail": "FORCE_PLUS_PERMANENT"},
                                          {"name": "audit_log_policy", "setting": "QUERIES", "detail": None}, off, log_error],
           "WARNING", "Logins are not audited (audit_log_policy = QUERIES)",
           note="written from Percona Server 8.0's audit_log plugin documentation (audit_log_policy ALL, LOGINS, "
                "QUERIES, NONE); no Percona server here")
    manual(CODE, "percona-84-component", [{"name": "audit_log", "setting": "NOT LOADED", "detail": None},
                                          {"name": "audit_log_filter", "setting": "ACTIVE", "detail": "COMPONENT"},
                                          off, log_error], "OK", "audited by audit_log_filter (COMPONENT)",
           server_version="8.4.3",
           note="written from Percona Server 8.4's audit_log_filter component documentation (a component: not in "
                "information_schema.PLUGINS; its audit_log_filter.* variables while loaded); no Percona server here")


if __name__ == "__main__":
    main()
