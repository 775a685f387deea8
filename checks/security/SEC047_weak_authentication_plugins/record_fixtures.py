"""Re-record SEC047's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC047_weak_authentication_plugins.record_fixtures``. MySQL 8
fixtures are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC047"
MANUAL = ("written from the MySQL 8.0 manual (mysql.user.plugin; default_authentication_plugin / "
          "authentication_policy); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        own = {"allowed_accounts": {"value": ["root@127.0.0.1", "mon_sec047@127.0.0.1"]}}
        with lab.session(CODE) as s:
            with lab.accounts("CREATE USER 'app'@'10.1.2.%' IDENTIFIED VIA ed25519 USING PASSWORD('App-secret-1')"):
                record(CODE, s, "healthy", "OK", "No account authenticates with a weak or deprecated plugin",
                       thresholds=own,
                       note="recorded from a throwaway hardened mariadbd: app on ed25519; the lab's own admin and "
                            "monitoring accounts (mysql_native_password: PyMySQL has no ed25519 without PyNaCl) are "
                            "approved exceptions")
                with lab.accounts("CREATE USER 'legacy'@'10.1.2.%' IDENTIFIED VIA mysql_old_password USING '7a8e2b1c3d4f5a6b'",
                                  "CREATE USER 'report'@'10.1.2.%' IDENTIFIED BY 'Report-secret-1'"):
                    record(CODE, s, "old-hash", "CRITICAL", "legacy@10.1.2.% on mysql_old_password", thresholds=own,
                           note="recorded from a throwaway hardened mariadbd: legacy on mysql_old_password, report on "
                                "mysql_native_password")
    finally:
        lab.destroy()
    setting = {"object": "default_authentication_plugin", "kind": "setting", "total": 2}
    manual(CODE, "healthy", [{**setting, "value": "caching_sha2_password", "total": 1}], "OK", note=MANUAL)
    manual(CODE, "native-password",
           [{**setting, "value": "mysql_native_password"},
            {"object": "app@10.1.2.%", "kind": "account", "value": "mysql_native_password", "total": 2}],
           "WARNING", "New accounts get mysql_native_password", note=MANUAL)
    policy = {"object": "authentication_policy", "kind": "setting", "total": 1}
    manual(CODE, "policy-any-default-native", [{**policy, "value": "*:mysql_native_password,,"}], "WARNING",
           "New accounts get *:mysql_native_password,, (authentication_policy)", server_version="8.0.36",
           note=MANUAL + ": authentication_policy '*:mysql_native_password,,' (any plugin, default native: the form "
                         "value.split(',')[0] did not match)")
    manual(CODE, "policy-healthy-84", [{**policy, "value": "*,,"}], "OK", server_version="8.4.3",
           note=MANUAL + ": 8.4's default authentication_policy '*,,' (default caching_sha2_password)")
    manual(CODE, "native-removed-9",
           [{**policy, "value": "*,,", "total": 2},
            {"object": "app@10.1.2.%", "kind": "account", "value": "mysql_native_password", "total": 2}],
           "WARNING", "removed in MySQL 9.0: it cannot log in at all", server_version="9.1.0",
           thresholds={"allowed_plugins": {"value": ["mysql_native_password"]}},
           note="written from the MySQL 9.0 manual (mysql_native_password removed): an account left on it, the "
                "plugin even listed as allowed")


if __name__ == "__main__":
    main()
