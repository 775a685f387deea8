"""Re-record SEC043's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC043_admin_privileges_not_local.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC043"
MANUAL = ("written from the MySQL 8.0 manual (information_schema.USER_PRIVILEGES, mysql.global_grants for "
          "dynamic privileges, mysql.role_edges / default_roles and mandatory_roles for roles); no MySQL 8 server here")


def _row(account, host_kind, privileges, via_role=None, role_active="direct", total=1):
    user, host = account.split("@")
    return {"account": account, "user_name": user, "host_name": host, "host_kind": host_kind, "via_role": via_role,
            "role_active": role_active, "privileges": privileges, "total": total}


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
            with lab.accounts("CREATE ROLE admin_role", "CREATE USER 'etl'@'%' IDENTIFIED BY 'Etl-secret-1'"):
                lab.sql("GRANT SUPER, FILE ON *.* TO admin_role")
                lab.sql("GRANT admin_role TO 'etl'@'%'")
                lab.sql("SET DEFAULT ROLE admin_role FOR 'etl'@'%'")
                record(CODE, s, "default-role", "CRITICAL", "holds FILE, SUPER (through role admin_role)",
                       note="recorded from a throwaway hardened mariadbd: etl@% holds nothing itself, SUPER and FILE "
                            "through its default role admin_role")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [_row("app@10.1.2.%", "private", "SELECT")], "OK", note=MANUAL)
    manual(CODE, "remote-system-user", [_row("ops@10.1.2.%", "private", "SYSTEM_USER, SYSTEM_VARIABLES_ADMIN")],
           "WARNING", "ops@10.1.2.% (SYSTEM_USER, SYSTEM_VARIABLES_ADMIN)", note=MANUAL)
    manual(CODE, "mandatory-role",
           [_row("app@10.1.2.%", "private", "SELECT, UPDATE"),
            _row("app@10.1.2.%", "private", "CREATE USER", via_role="ops_role@%", role_active="set_role")],
           "WARNING", "app@10.1.2.% (CREATE USER, through role ops_role@% (SET ROLE))",
           note=MANUAL + ": a role named in @@mandatory_roles, not a default role, holding CREATE USER")
    manual(CODE, "dynamic-privileges",
           [_row("etl@%", "any", "ROLE_ADMIN, SELECT, SET_USER_ID"),
            _row("etl@%", "any", "WRITE ON mysql", via_role="grants@%", role_active="default")],
           "CRITICAL", "etl@% holds ROLE_ADMIN, SET_USER_ID, WRITE ON MYSQL (through role grants@%)",
           note=MANUAL + ": ROLE_ADMIN and SET_USER_ID without SUPER, and UPDATE on mysql.user through a default role")


if __name__ == "__main__":
    main()
