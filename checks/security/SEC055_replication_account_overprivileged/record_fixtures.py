"""Re-record SEC055's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC055_replication_account_overprivileged.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC055"
MANUAL = ("written from the MySQL 8.0 manual (USER_PRIVILEGES, mysql.global_grants, mysql.role_edges / "
          "default_roles, the Group Replication recovery user's privileges); no MySQL 8 server here")


def _row(account, privileges, via_role=None, role_active="direct", total=1):
    user, host = account.split("@")
    return {"account": account, "user_name": user, "host_name": host, "via_role": via_role,
            "role_active": role_active, "privileges": privileges, "total": total}


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s, lab.accounts("CREATE USER 'repl'@'10.1.2.%' IDENTIFIED BY 'Repl-secret-1'"):
            lab.sql("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'10.1.2.%'")
            record(CODE, s, "healthy", "OK", "Replication accounts hold replication privileges only",
                   note="recorded from a throwaway hardened mariadbd: repl@10.1.2.% with REPLICATION SLAVE only")
            lab.sql("GRANT SUPER, SELECT ON *.* TO 'repl'@'10.1.2.%'")
            record(CODE, s, "super", "CRITICAL", "Replication account repl@10.1.2.% also holds SELECT, SUPER",
                   note="recorded from a throwaway hardened mariadbd: repl@10.1.2.% given SUPER and SELECT besides")
        with lab.session(CODE) as s, lab.accounts("CREATE ROLE repl_role",
                                                   "CREATE USER 'repl2'@'10.1.3.%' IDENTIFIED BY 'Repl-secret-2'"):
            lab.sql("GRANT REPLICATION SLAVE, RELOAD ON *.* TO repl_role")
            lab.sql("GRANT repl_role TO 'repl2'@'10.1.3.%'")
            lab.sql("SET DEFAULT ROLE repl_role FOR 'repl2'@'10.1.3.%'")
            record(CODE, s, "through-role", "WARNING", "repl2@10.1.3.%: RELOAD (through role repl_role)",
                   note="recorded from a throwaway hardened mariadbd: repl2@10.1.3.% holds REPLICATION SLAVE and "
                        "RELOAD through its default role repl_role only")
    finally:
        lab.destroy()
    gr = _row("recovery@10.1.2.%", "BACKUP_ADMIN, CONNECTION_ADMIN, GROUP_REPLICATION_STREAM, REPLICATION SLAVE")
    member = {"role": "primary", "group_replication": True, "group_replication_role": "SECONDARY"}
    manual(CODE, "group-replication-recovery", [gr], "OK", "Replication accounts hold replication privileges only",
           note=MANUAL + "; on a Group Replication member", facts=member)
    manual(CODE, "mixed", [gr, _row("recovery@10.1.2.%", "SELECT", via_role="reader@%", role_active="set_role")],
           "WARNING", "1 replication account(s) hold more than replication, e.g. recovery@10.1.2.%: SELECT "
           "(through role reader@% (SET ROLE))", note=MANUAL + ": SELECT through a role it may SET ROLE to", facts=member)
    manual(CODE, "clone-admin-without-group-replication", [gr], "WARNING",
           "recovery@10.1.2.%: BACKUP_ADMIN, CONNECTION_ADMIN, GROUP_REPLICATION_STREAM",
           note=MANUAL + "; the same account on a server that is no Group Replication member (plain asynchronous "
                         "replication), where CLONE_ADMIN-like privileges have no business")

if __name__ == "__main__":
    main()
