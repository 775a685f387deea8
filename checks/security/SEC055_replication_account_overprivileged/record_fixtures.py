"""Re-record SEC055's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC055_replication_account_overprivileged.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC055"
MANUAL = ("written from the MySQL 8.0 manual (USER_PRIVILEGES, mysql.global_grants, the Group Replication "
          "recovery user's privileges); no MySQL 8 server here")


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
    finally:
        lab.destroy()
    gr = [{"account": "recovery@10.1.2.%", "user_name": "recovery", "host_name": "10.1.2.%", "privilege": p,
           "grantable": "NO", "total": 4} for p in ("BACKUP_ADMIN", "CONNECTION_ADMIN", "GROUP_REPLICATION_STREAM",
                                                   "REPLICATION SLAVE")]
    manual(CODE, "group-replication-recovery", gr, "OK", "Replication accounts hold replication privileges only",
           note=MANUAL)
    manual(CODE, "mixed", gr + [{**gr[0], "privilege": "SELECT", "total": 5}], "WARNING",
           "1 replication account(s) hold more than replication, e.g. recovery@10.1.2.%: SELECT", note=MANUAL)


if __name__ == "__main__":
    main()
