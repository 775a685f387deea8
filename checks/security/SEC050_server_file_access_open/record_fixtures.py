"""Re-record SEC050's fixtures from throwaway mariadbd servers (tests/mysql_security.py):
``uv run python -m checks.security.SEC050_server_file_access_open.record_fixtures``. MySQL 8 fixtures
are written from the reference manual (no MySQL 8 server here)."""

import shutil
import tempfile

from tests.mysql_security import Lab, manual, record

CODE = "SEC050"
MANUAL = "written from the MySQL 8.0 manual (local_infile, secure_file_priv: NULL disables); no MySQL 8 server here"


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            record(CODE, s, "open", "WARNING", "local_infile = ON",
                   note="recorded from a throwaway mariadbd at its defaults: local_infile ON, secure_file_priv unset")
    finally:
        lab.destroy()
    folder = tempfile.mkdtemp(prefix="dbpatrol-sec050-")
    shutil.chown(folder, "mysql")
    lab = Lab.start({"secure-file-priv": folder, "local-infile": "0"})
    try:
        with lab.session(CODE) as s:
            record(CODE, s, "healthy", "OK", "Server file access is confined",
                   note="recorded from a throwaway mariadbd with local_infile 0 and secure_file_priv on a directory")
    finally:
        lab.destroy()
        shutil.rmtree(folder, ignore_errors=True)
    manual(CODE, "healthy", [{"name": "local_infile", "setting": "OFF", "path": None},
                             {"name": "secure_file_priv", "setting": "disabled", "path": None}], "OK", note=MANUAL)
    manual(CODE, "unrestricted", [{"name": "local_infile", "setting": "OFF", "path": None},
                                  {"name": "secure_file_priv", "setting": "unrestricted", "path": ""}],
           "WARNING", "secure_file_priv is unrestricted", note=MANUAL)


if __name__ == "__main__":
    main()
