"""Re-record SEC042's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC042_accounts_open_to_any_host.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC042"
MANUAL = "written from the MySQL 8.0 manual (account names, CIDR hosts 8.0.23+); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s, lab.accounts("CREATE USER 'app'@'10.1.2.%' IDENTIFIED BY 'App-secret-1'",
                                                  "CREATE USER 'batch'@'db-batch01.example.com' IDENTIFIED BY 'B-secret-1'"):
            record(CODE, s, "healthy", "OK", "No account is open to any host",
                   note="recorded from a throwaway hardened mariadbd: app on a private subnet, batch on a DNS name")
            with lab.accounts("CREATE USER 'report'@'%' IDENTIFIED BY 'R-secret-1'",
                              "CREATE USER 'root'@'%' IDENTIFIED BY 'Root-secret-1'"):
                record(CODE, s, "root-any-host", "CRITICAL", "root can log in from any host (root@%)",
                       note="recorded from a throwaway hardened mariadbd: root@% and report@% planted")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [], "OK", "No account is open to any host", note=MANUAL)
    manual(CODE, "public-network",
           [{"account": "app@203.0.113.0/24", "user_name": "app", "host_name": "203.0.113.0/24", "host_kind": "public",
             "total": 1}], "WARNING", "1 account(s) accept logins from a public network", note=MANUAL)


if __name__ == "__main__":
    main()
