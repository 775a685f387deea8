"""Re-record SEC045's fixtures from a throwaway hardened mariadbd (tests/mysql_security.py):
``uv run python -m checks.security.SEC045_password_validation_weak.record_fixtures``. MySQL 8 fixtures
are written from the reference manual (no MySQL 8 server here)."""

from tests.mysql_security import Lab, manual, record

CODE = "SEC045"
MANUAL = ("written from the MySQL 8.0 manual (validate_password component variables and their defaults: "
          "length 8, policy MEDIUM); no MySQL 8 server here")


def main():
    lab = Lab.start()
    try:
        with lab.session(CODE) as s:
            record(CODE, s, "none", "CRITICAL", "No password validation is active",
                   note="recorded from a throwaway mariadbd with no password validation plugin (the default)")
            lab.sql("INSTALL SONAME 'simple_password_check'")
            with lab.globals(simple_password_check_minimal_length=14):
                record(CODE, s, "healthy", "OK", "(simple_password_check)",
                       note="recorded from a throwaway mariadbd: simple_password_check loaded, minimal length 14")
            record(CODE, s, "short", "WARNING", "simple_password_check_minimal_length = 8",
                   note="recorded from a throwaway mariadbd: simple_password_check at its default length 8")
            with lab.globals(simple_password_check_minimal_length=14, simple_password_check_digits=0,
                             simple_password_check_other_characters=0):
                record(CODE, s, "no-character-classes", "WARNING", "simple_password_check_digits = 0",
                       note="recorded from a throwaway mariadbd: simple_password_check at length 14 with no digit "
                            "and no other character asked for")
    finally:
        lab.destroy()
    base = [("validate_password.check_user_name", "ON"), ("validate_password.dictionary_file", ""),
            ("validate_password.mixed_case_count", "1"), ("validate_password.number_count", "1"),
            ("validate_password.special_char_count", "1")]
    for scenario, length, policy, outcome, contains in (("healthy", "14", "STRONG", "OK", "(validate_password)"),
                                                        ("low-policy", "8", "LOW", "WARNING", "2 setting(s) off")):
        rows = [{"name": "password_validation", "setting": "validate_password"}]
        rows += [{"name": n, "setting": v} for n, v in base + [("validate_password.length", length),
                                                             ("validate_password.policy", policy)]]
        manual(CODE, scenario, rows, outcome, contains, note=MANUAL)
    toothless = [{"name": "password_validation", "setting": "validate_password"}]
    toothless += [{"name": n, "setting": v} for n, v in (("validate_password.check_user_name", "OFF"),
                                                         ("validate_password.dictionary_file", ""),
                                                         ("validate_password.mixed_case_count", "0"),
                                                         ("validate_password.number_count", "1"),
                                                         ("validate_password.special_char_count", "0"),
                                                         ("validate_password.length", "14"),
                                                         ("validate_password.policy", "STRONG"))]
    manual(CODE, "toothless-strong", toothless, "WARNING", "3 setting(s) off",
           note=MANUAL + ": STRONG at length 14 but check_user_name OFF and no mixed-case or special character asked for")
    manual(CODE, "none", [{"name": "password_validation", "setting": "NONE"}], "CRITICAL",
           "No password validation is active", note=MANUAL)


if __name__ == "__main__":
    main()
