"""Re-record SEC040's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py),
never the shared server: ``uv run python -m checks.security.SEC040_empty_password_accounts.record_fixtures``.
The MySQL 8 fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC040"
MANUAL = ("written from the MySQL 8.0 manual (CREATE USER … IDENTIFIED BY '' leaves authentication_string "
          "empty for caching_sha2_password; CIS MySQL 8.0 7.3 audit query); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            with lab.accounts("CREATE USER 'app'@'10.0.0.%' IDENTIFIED BY 'App-secret-1'",
                              "CREATE USER 'old_app'@'%' ACCOUNT LOCK",
                              "CREATE USER 'ops'@'localhost' IDENTIFIED VIA unix_socket"):
                record(CODE, s, "healthy", "OK", "No account that can log in accepts an empty password",
                       note="recorded from a throwaway hardened mariadbd: root by unix_socket, accounts with a "
                            "password, one locked account with no password, one unix_socket account")
                with lab.accounts("CREATE USER 'report'@'%'",
                                  "CREATE USER 'etl'@'10.0.0.%' IDENTIFIED VIA unix_socket OR mysql_native_password USING ''"):
                    record(CODE, s, "empty-password", "CRITICAL", "2 account(s) accept an empty password",
                           note="recorded from a throwaway hardened mariadbd: report@% created with no password, "
                                "etl@10.0.0.% with an empty mysql_native_password alternative beside unix_socket")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [], "OK", "No account that can log in accepts an empty password", note=MANUAL)
    manual(CODE, "empty-password",
           [{"account": "app@%", "user_name": "app", "host_name": "%", "plugin": "caching_sha2_password", "total": 1}],
           "CRITICAL", "1 account(s) accept an empty password (app@%)", note=MANUAL)


if __name__ == "__main__":
    main()
