from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    """Every role whose stored password is an MD5 hash is at fault (a LOGIN one can be logged into with
    the hash alone over the md5 method); the others are counted."""
    md5 = [r for r in rows if r.get("hash_kind") == "md5"]
    md5.sort(key=lambda r: (not r.get("can_login"), not r.get("superuser"), str(r.get("role_name"))))
    params = {"total": len(rows), "count": len(md5),
              "scram_count": sum(1 for r in rows if r.get("hash_kind") == "scram-sha-256")}
    if not md5:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    first = md5[0]
    yes_no = {"login": "yes" if first.get("can_login") else "no", "superuser_yn": "yes" if first.get("superuser") else "no",
              "login_zh": "是" if first.get("can_login") else "否", "superuser_zh": "是" if first.get("superuser") else "否"}
    return Verdict(outcome=Outcome.WARNING, message="md5", params={**params, **first, **yes_no},
                   evidence=md5[:EVIDENCE_LIMIT], total=len(md5),
                   objects={str(r["role_name"]): Outcome.WARNING for r in md5})


SPEC = CheckSpec(
    code="SEC023",
    name="md5_password_hashes",
    title=T("Role passwords stored as MD5 hashes", "角色口令以 MD5 散列保存"),
    category="security",
    tier="weekly",
    # pg_authid.rolpassword: superuser only by default (pg_roles shows ******** for every role).
    engines={"postgresql": EngineSupport(min_version="10", privilege="SELECT ON pg_catalog.pg_authid")},
    columns=("role_name", "can_login", "superuser", "hash_kind"),
    object_key=("role_name",),
    judge=judge,
    messages={
        "ok": T("No role password is stored as an MD5 hash ({total} role(s) with a password, {scram_count} SCRAM)",
                "没有以 MD5 散列保存的角色口令（共 {total} 个角色设有口令，其中 SCRAM {scram_count} 个）"),
        "md5": T("{count} of {total} role(s) with a password have it stored as an MD5 hash, e.g. {role_name} "
                 "(login: {login}, superuser: {superuser_yn}): the hash alone logs in over the md5 method",
                 "设有口令的 {total} 个角色中有 {count} 个以 MD5 散列保存，例如 {role_name}（可登录：{login_zh}，"
                 "超级用户：{superuser_zh}）：仅凭该散列即可通过 md5 方式登录"),
    },
    remediation=RemediationSpec(
        text=T("With password_encryption = scram-sha-256 (SEC022), have each listed role set its password again — the "
               "new one is stored as SCRAM; then change md5 lines in pg_hba.conf to scram-sha-256, which refuses the "
               "roles still on MD5.",
               "在 password_encryption = scram-sha-256（SEC022）的前提下，让所列角色重新设置口令——新口令以 SCRAM "
               "保存；之后把 pg_hba.conf 中的 md5 改为 scram-sha-256（仍为 MD5 的角色将被拒绝登录）。"),
        commands={"postgresql": [
            "SHOW password_encryption;  -- scram-sha-256 first",
            "\\password <role_name>  -- psql, as the role or a superuser: stored as SCRAM from now on",
            "SELECT rolname FROM pg_authid WHERE rolpassword LIKE 'md5%';  -- as a superuser: who is left",
        ]},
        references=["https://www.postgresql.org/docs/current/auth-password.html",
                    "https://www.postgresql.org/docs/current/catalog-pg-authid.html"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="5.4",
                   title=T('Ensure login via "host" TCP/IP Socket is configured correctly',
                           "确保通过 host TCP/IP 套接字的登录配置正确"),
                   note=T("passwords hashed with scram-sha-256, not md5", "口令以 scram-sha-256 而非 md5 散列")),
        Compliance(framework="等保2.0", item="8.1.4.8",
                   note=T("b) cryptography protects authentication data in storage",
                          "b）应采用密码技术保证鉴别数据在存储过程中的保密性")),
    ),
    timeout_s=5,
)
