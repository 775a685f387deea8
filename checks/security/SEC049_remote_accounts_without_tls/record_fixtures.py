"""Re-record SEC049's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC049_remote_accounts_without_tls.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC049"
MANUAL = "written from the MySQL 8.0 manual (mysql.user.ssl_type, require_secure_transport); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s, lab.accounts("CREATE USER 'app'@'10.1.2.%' IDENTIFIED BY 'App-secret-1' REQUIRE SSL"):
            record(CODE, s, "healthy", "OK", "Every remote account is required to use TLS",
                   note="recorded from a throwaway hardened mariadbd: app@10.1.2.% REQUIRE SSL")
            with lab.accounts("CREATE USER 'report'@'%' IDENTIFIED BY 'Report-secret-1'"):
                record(CODE, s, "require-none", "WARNING", "1 remote account(s) may log in without TLS",
                       note="recorded from a throwaway hardened mariadbd: report@% created without REQUIRE")
    finally:
        lab.destroy()
    rst = {"object": "require_secure_transport", "kind": "setting", "host_name": None, "total": 2}
    account = {"object": "report@%", "kind": "account", "host_name": "%", "ssl_type": "NONE", "total": 2}
    manual(CODE, "enforced", [{**rst, "ssl_type": "ON"}, account], "OK", "every TCP login uses TLS", note=MANUAL)
    manual(CODE, "require-none", [{**rst, "ssl_type": "OFF"}, account], "WARNING",
           "1 remote account(s) may log in without TLS", note=MANUAL)


if __name__ == "__main__":
    main()
