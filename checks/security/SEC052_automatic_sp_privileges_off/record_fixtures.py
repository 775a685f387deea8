"""Re-record SEC052's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC052_automatic_sp_privileges_off.record_fixtures``. The SQL is
the same on MySQL 8 (mysql.sql serves both); MySQL 8 fixtures written from the manual."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC052"
MANUAL = "written from the MySQL 8.0 manual (automatic_sp_privileges, default 1); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            record(CODE, s, "healthy", "OK", "automatic_sp_privileges is ON",
                   note="recorded from a throwaway mariadbd at the default automatic_sp_privileges = 1")
            with lab.globals(automatic_sp_privileges="OFF"):
                record(CODE, s, "off", "WARNING", "automatic_sp_privileges = OFF",
                       note="recorded from a throwaway mariadbd with automatic_sp_privileges = 0")
    finally:
        lab.destroy()
    manual(CODE, "healthy", [{"name": "automatic_sp_privileges", "setting": "ON"}], "OK", note=MANUAL)
    manual(CODE, "off", [{"name": "automatic_sp_privileges", "setting": "OFF"}], "WARNING", note=MANUAL)


if __name__ == "__main__":
    main()
