"""Re-record SEC044's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC044_password_expiry_not_enforced.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC044"
MANUAL = ("written from the MySQL 8.0 manual (default_password_lifetime, mysql.user.password_lifetime: NULL "
          "follows the default, 0 never expires; mysql.user.plugin, password_last_changed); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s, lab.globals(default_password_lifetime=90), \
                lab.accounts("CREATE USER 'app'@'10.1.2.%' IDENTIFIED BY 'App-secret-1' PASSWORD EXPIRE INTERVAL 60 DAY"):
            record(CODE, s, "healthy", "OK", "Passwords expire within 90 days",
                   note="recorded from a throwaway hardened mariadbd: default_password_lifetime 90, app with 60 days")
        with lab.session(CODE) as s, lab.accounts("CREATE USER 'batch'@'%' IDENTIFIED BY 'B-secret-1' PASSWORD EXPIRE NEVER"):
            record(CODE, s, "never-expire", "CRITICAL", "default_password_lifetime = 0",
                   note="recorded from a throwaway hardened mariadbd at the server default (0: never) with batch@% "
                        "set to PASSWORD EXPIRE NEVER")
    finally:
        lab.destroy()
    manual(CODE, "healthy",
           [{"object": "default_password_lifetime", "scope": "global", "lifetime_days": 90, "accounts": 12,
             "password_changed": None, "oldest_password_changed": "2026-10-02T08:00:00", "total": 1}], "OK",
           "Passwords expire within 90 days", note=MANUAL)
    manual(CODE, "long-lifetime",
           [{"object": "default_password_lifetime", "scope": "global", "lifetime_days": 360, "accounts": 12,
             "password_changed": None, "oldest_password_changed": "2025-12-15T08:00:00", "total": 1}], "WARNING",
           "(the oldest password changed 2025-12-15 08:00:00 UTC; lowering the default expires every older one",
           note=MANUAL)


if __name__ == "__main__":
    main()
