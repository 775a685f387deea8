"""Re-record SEC051's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC051_test_database_present.record_fixtures``. MySQL 8 fixtures
are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC051"
MANUAL = "written from the MySQL 8.0 manual (SCHEMATA, mysql.db; CIS MySQL 8.0 4.2 example names); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            lab.sql("CREATE DATABASE app")
            record(CODE, s, "healthy", "OK", "No test or example database",
                   note="recorded from a throwaway mariadbd bootstrapped with --skip-test-db, one schema app")
            lab.sql("CREATE DATABASE test")
            lab.sql("INSERT INTO mysql.db VALUES ('%', 'test', '', 'Y','Y','Y','Y','Y','Y','N','Y','Y','Y','Y','Y','Y',"
                    "'Y','N','N','N','Y','Y','Y'), ('%', 'test\\\\_%', '', 'Y','Y','Y','Y','Y','Y','N','Y','Y','Y','Y',"
                    "'Y','Y','Y','N','N','N','Y','Y','Y')")
            lab.sql("FLUSH PRIVILEGES")
            record(CODE, s, "test-open-to-all", "CRITICAL", "Every account, anonymous included",
                   note="recorded from a throwaway mariadbd with the old installer's test database and its grants "
                        "on test and test\\_% to the empty user")
            lab.sql("DELETE FROM mysql.db WHERE User = ''")
            lab.sql("FLUSH PRIVILEGES")
            lab.sql("DROP DATABASE test")
            lab.sql("CREATE TABLE app.accounts (id int)")
            lab.sql("GRANT SELECT, INSERT ON app.* TO PUBLIC")
            lab.sql("GRANT UPDATE ON app.accounts TO PUBLIC")
            record(CODE, s, "public", "CRITICAL", "GRANT … TO PUBLIC: every account holds",
                   note="recorded from a throwaway mariadbd 10.11: GRANT SELECT, INSERT ON app.* and UPDATE ON "
                        "app.accounts TO PUBLIC")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [], "OK", note=MANUAL)
    manual(CODE, "example-schema",
           [{"object": "schema sakila", "kind": "schema", "name": "sakila", "host_name": None, "privileges": None,
             "total": 1}], "WARNING", "1 test or example database(s) on the server, e.g. sakila", note=MANUAL)
    manual(CODE, "mandatory-role",
           [{"object": "grant ledger to mandatory role everyone@%", "kind": "mandatory", "name": "ledger",
             "host_name": "%", "privileges": "SELECT, INSERT", "total": 1}], "CRITICAL",
           "A role in mandatory_roles holds SELECT, INSERT on ledger",
           note=MANUAL + " and Mandatory Roles: mandatory_roles = 'everyone', the role holding SELECT, INSERT on ledger.*")


if __name__ == "__main__":
    main()
