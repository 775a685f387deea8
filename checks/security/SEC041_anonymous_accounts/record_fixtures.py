"""Re-record SEC041's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC041_anonymous_accounts.record_fixtures``. MySQL 8 fixtures are
written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC041"
MANUAL = "written from the MySQL 8.0 manual (mysql.user User = '', account_locked); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s, lab.accounts("CREATE USER 'app'@'%' IDENTIFIED BY 'App-secret-1'"):
            record(CODE, s, "healthy", "OK", "No anonymous account",
                   note="recorded from a throwaway hardened mariadbd with one named account")
            with lab.accounts("CREATE USER ''@'localhost'", "CREATE USER ''@'%' ACCOUNT LOCK"):
                record(CODE, s, "anonymous", "CRITICAL", "2 anonymous account(s)",
                       note="recorded from a throwaway hardened mariadbd: ''@'localhost' open (the old installer "
                            "default), ''@'%' locked")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [], "OK", "No anonymous account", note=MANUAL)
    manual(CODE, "anonymous-locked",
           [{"account": "@%", "grantee": "''@'%'", "host_name": "%", "state": "locked", "total": 1}],
           "WARNING", "1 anonymous account(s) (@%), locked", note=MANUAL)


if __name__ == "__main__":
    main()
