"""Re-record SEC046's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC046_login_failures_not_limited.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC046"
MANUAL = ("written from the MySQL 8.0 manual (FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME in "
          "mysql.user.User_attributes Password_locking; connection_control plugin); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            record(CODE, s, "unlimited", "WARNING", "max_password_errors = 4,294,967,295",
                   note="recorded from a throwaway mariadbd at the default max_password_errors (no limit)")
            with lab.globals(max_password_errors=5):
                record(CODE, s, "healthy", "OK", "limited to 10 or fewer",
                       note="recorded from a throwaway mariadbd with max_password_errors = 5")
    finally:
        lab.destroy()
    control_off = {"name": "connection_control", "scope": "global", "failed_logins_limit": None,
                   "lock_time": "delays logins", "total": 3}
    manual(CODE, "healthy",
           [control_off] + [{"name": a, "scope": "account", "failed_logins_limit": 5, "lock_time": "1", "total": 3}
                            for a in ("app@10.1.2.%", "dba@10.1.2.5")], "OK", "limited to 10 or fewer", note=MANUAL)
    manual(CODE, "no-lockout",
           [control_off, {"name": "app@10.1.2.%", "scope": "account", "failed_logins_limit": 0, "lock_time": "0", "total": 3},
            {"name": "dba@10.1.2.5", "scope": "account", "failed_logins_limit": 5, "lock_time": "-1", "total": 3}],
           "WARNING", "1 account(s) are never locked after failed logins", note=MANUAL)
    manual(CODE, "connection-control",
           [{**control_off, "failed_logins_limit": 5},
            {"name": "app@10.1.2.%", "scope": "account", "failed_logins_limit": 0, "lock_time": "0", "total": 2}],
           "OK", "limited to 10 or fewer", note=MANUAL + "; connection_control active with a threshold of 5")
    manual(CODE, "attempts-without-lock-time",
           [control_off, {"name": "app@10.1.2.%", "scope": "account", "failed_logins_limit": 3, "lock_time": "0", "total": 3},
            {"name": "dba@10.1.2.5", "scope": "account", "failed_logins_limit": 5, "lock_time": "-1", "total": 3}],
           "WARNING", "app@10.1.2.%: FAILED_LOGIN_ATTEMPTS 3 but PASSWORD_LOCK_TIME 0",
           note=MANUAL + ": CREATE USER … FAILED_LOGIN_ATTEMPTS 3 with the default PASSWORD_LOCK_TIME 0 locks nothing "
                         "('For failed-login tracking and temporary locking to occur, an account's FAILED_LOGIN_ATTEMPTS "
                         "and PASSWORD_LOCK_TIME options both must be nonzero')")
    manual(CODE, "connection-control-component",
           [{**control_off, "failed_logins_limit": 3},
            {"name": "app@10.1.2.%", "scope": "account", "failed_logins_limit": 0, "lock_time": "0", "total": 2}],
           "OK", "limited to 10 or fewer", server_version="9.2.0",
           note="written from the MySQL 9.4 manual (Connection Control Component, "
                "component_connection_control.failed_connections_threshold = 3); no MySQL 9 server here")


if __name__ == "__main__":
    main()
