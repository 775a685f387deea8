"""Re-record SEC043's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC043_admin_privileges_not_local.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC043"
MANUAL = ("written from the MySQL 8.0 manual (information_schema.USER_PRIVILEGES, mysql.global_grants for "
          "dynamic privileges); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s, lab.accounts("CREATE USER 'app'@'10.1.2.%' IDENTIFIED BY 'App-secret-1'"):
            lab.sql("GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO 'app'@'10.1.2.%'")
            record(CODE, s, "healthy", "OK", "No account that logs in remotely holds an administrative privilege",
                   note="recorded from a throwaway hardened mariadbd: one remote account with data privileges only")
            with lab.accounts("CREATE USER 'dba'@'%' IDENTIFIED BY 'Dba-secret-1'"):
                lab.sql("GRANT ALL ON *.* TO 'dba'@'%' WITH GRANT OPTION")
                record(CODE, s, "remote-all-privileges", "CRITICAL", "can log in from any host",
                       note="recorded from a throwaway hardened mariadbd: dba@% granted ALL WITH GRANT OPTION")
    finally:
        lab.destroy()
    manual(CODE, "healthy",
           [{"account": "app@10.1.2.%", "user_name": "app", "host_name": "10.1.2.%", "host_kind": "private",
             "privilege": "SELECT", "grantable": "NO", "total": 1}], "OK", note=MANUAL)
    manual(CODE, "remote-system-user",
           [{"account": "ops@10.1.2.%", "user_name": "ops", "host_name": "10.1.2.%", "host_kind": "private",
             "privilege": p, "grantable": "NO", "total": 2} for p in ("SYSTEM_USER", "SYSTEM_VARIABLES_ADMIN")],
           "WARNING", "ops@10.1.2.% (SYSTEM_USER)", note=MANUAL)


if __name__ == "__main__":
    main()
