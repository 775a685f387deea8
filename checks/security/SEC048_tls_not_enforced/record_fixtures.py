"""Re-record SEC048's fixtures from throwaway mariadbd servers (tests/mysql_security.py):
``uv run python -m checks.security.SEC048_tls_not_enforced.record_fixtures``. MySQL 8 fixtures are
written from the reference manual (no MySQL 8 server here)."""

import shutil
import tempfile
from pathlib import Path

from tests.mysql_security import Lab, certificate, manual, record

CODE = "SEC048"
MANUAL = ("written from the MySQL 8.0 manual (have_ssl, require_secure_transport, tls_version, Ssl_server_not_after "
          "status); no MySQL 8 server here")


MANUAL84 = ("written from the MySQL 8.4 manual (have_ssl removed in 8.4.0; performance_schema.tls_channel_status "
            "CHANNEL mysql_main, PROPERTY Enabled); no MySQL 8.4 server here")


def main():
    folder = Path(tempfile.mkdtemp(prefix="dbpatrol-sec048-"))
    folder.chmod(0o755)
    try:
        lab = Lab.start()
        try:
            with lab.session(CODE) as s:
                record(CODE, s, "no-tls", "CRITICAL", "TLS is not available",
                       note="recorded from a throwaway mariadbd with no certificate (the default)")
        finally:
            lab.destroy()
        cert, key = certificate(folder, "short", 20)
        lab = Lab.start({"ssl-cert": cert, "ssl-key": key, "tls-version": "TLSv1.1,TLSv1.2,TLSv1.3"})
        try:
            with lab.session(CODE) as s:
                record(CODE, s, "weak-tls", "WARNING", "require_secure_transport = OFF",
                       note="recorded from a throwaway mariadbd with a 20-day certificate, tls_version including "
                            "TLSv1.1 and require_secure_transport OFF")
        finally:
            lab.destroy()
        cert, key = certificate(folder, "long", 400)
        lab = Lab.start({"ssl-cert": cert, "ssl-key": key, "require-secure-transport": "ON"})
        try:
            with lab.session(CODE) as s:
                record(CODE, s, "healthy", "OK", "Connections are encrypted and required to be",
                       note="recorded from a throwaway mariadbd with a 400-day certificate, TLSv1.2/1.3 only and "
                            "require_secure_transport ON")
        finally:
            lab.destroy()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    manual(CODE, "healthy",
           [{"name": "have_ssl", "setting": "YES", "days_left": None},
            {"name": "require_secure_transport", "setting": "ON", "days_left": None},
            {"name": "tls_version", "setting": "TLSv1.2,TLSv1.3", "days_left": None},
            {"name": "server_certificate", "setting": "2027-11-02 08:00:00", "days_left": 340},
            {"name": "tls_channel", "setting": "Yes", "days_left": None}], "OK", sql="mysql@8.0.21.sql", note=MANUAL)
    manual(CODE, "expired-certificate",
           [{"name": "have_ssl", "setting": "YES", "days_left": None},
            {"name": "require_secure_transport", "setting": "ON", "days_left": None},
            {"name": "tls_version", "setting": "TLSv1.2,TLSv1.3", "days_left": None},
            {"name": "server_certificate", "setting": "2026-11-20 08:00:00", "days_left": -7},
            {"name": "tls_channel", "setting": "Yes", "days_left": None}],
           "CRITICAL", "The server certificate expired on 2026-11-20 08:00:00 UTC", sql="mysql@8.0.21.sql", note=MANUAL)
    manual(CODE, "no-tls-8020",
           [{"name": "have_ssl", "setting": "DISABLED", "days_left": None},
            {"name": "require_secure_transport", "setting": "OFF", "days_left": None},
            {"name": "tls_version", "setting": "TLSv1.2,TLSv1.3", "days_left": None}],
           "CRITICAL", "have_ssl = DISABLED", server_version="8.0.20", note=MANUAL + " (8.0.20: no tls_channel_status)")
    manual(CODE, "healthy-84",
           [{"name": "require_secure_transport", "setting": "ON", "days_left": None},
            {"name": "tls_version", "setting": "TLSv1.2,TLSv1.3", "days_left": None},
            {"name": "server_certificate", "setting": "2027-11-02 08:00:00", "days_left": 340},
            {"name": "tls_channel", "setting": "Yes", "days_left": None}], "OK", server_version="8.4.3",
           sql="mysql@8.0.21.sql", note=MANUAL84)
    manual(CODE, "no-tls-84",
           [{"name": "require_secure_transport", "setting": "OFF", "days_left": None},
            {"name": "tls_version", "setting": "", "days_left": None},
            {"name": "tls_channel", "setting": "No", "days_left": None}], "CRITICAL",
           "TLS is not available (tls_channel = No", server_version="8.4.3", sql="mysql@8.0.21.sql",
           note=MANUAL84 + "; tls_version = '' (TLS turned off), no certificate status")


if __name__ == "__main__":
    main()
