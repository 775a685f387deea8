"""Re-record SEC054's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC054_accounts_changed_in_window.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

import datetime as dt

from tests.mysql_security import Lab, manual, record

CODE = "SEC054"
MANUAL = "written from the MySQL 8.0 manual (mysql.user.password_last_changed); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            now = dt.datetime.now(dt.timezone.utc)
            record(CODE, s, "healthy", "OK", "No account was created or given a new password inside the window",
                   window=(now - dt.timedelta(days=8), now - dt.timedelta(days=1)),
                   note="recorded from a throwaway mariadbd created minutes ago, over a window that ended a day ago")
            with lab.accounts("CREATE USER 'contractor'@'%' IDENTIFIED BY 'C-secret-1'"):
                end = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
                record(CODE, s, "created", "WARNING", "created or given a new password inside the window",
                       window=(end - dt.timedelta(days=7), end),
                       note="recorded from a throwaway mariadbd over the last 7 days: the lab's own accounts and "
                            "contractor@% were all created inside it")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [], "OK", note=MANUAL)
    manual(CODE, "created", [{"account": "etl@10.1.2.%", "password_changed": "2026-11-26T09:14:02", "state": "open",
                              "total": 1}], "WARNING", "latest etl@10.1.2.% at 2026-11-26 09:14:02 UTC", note=MANUAL)


if __name__ == "__main__":
    main()
