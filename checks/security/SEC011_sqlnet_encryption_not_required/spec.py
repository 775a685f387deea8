from checks.host.oracle import value_list
from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_NETRF = ("Oracle Database Net Services Reference 19c, sqlnet.ora parameters SQLNET.ENCRYPTION_SERVER / "
          "SQLNET.CRYPTO_CHECKSUM_SERVER: ACCEPTED (the default), REJECTED, REQUESTED, REQUIRED; Oracle Database "
          "Security Guide 19c, 'Configuring Oracle Database Native Network Encryption and Data Integrity', table of "
          "negotiations: only REQUIRED on the server refuses a client that does not encrypt; ACCEPTED and REQUESTED "
          "let such a client in unencrypted, REJECTED never encrypts. Expectation REQUIRED: catalog ORA-SEC-07 "
          "(anchor 'CIS Oracle': CIS Oracle Database 19c Benchmark v2.0.0 item 2.2.7 'Ensure SQLNET.ENCRYPTION_SERVER Is "
          "Set To REQUIRED', read in Tenable's audit text of it; TLS is accepted in lieu)")
_WEAK = ("Oracle Database Security Guide 19c (native network encryption): DES, DES40, 3DES112, 3DES168 deprecated in "
         "this release (MOS 2118136.2 to move to stronger algorithms); RC4_* removed from the supported list; MD5 and "
         "SHA1 checksums deprecated; SQLNET.ALLOW_WEAK_CRYPTO (19c Net Services Reference, from the July 2021 update) "
         "names DES, 3DES, RC4 and MD5 as the weak ones")
WEAK_ENCRYPTION = ("DES", "DES40", "3DES112", "3DES168", "RC4_40", "RC4_56", "RC4_128", "RC4_256")
WEAK_CHECKSUM = ("MD5", "SHA1")


@uses("allowed_encryption_server", "allowed_checksum_server", "weak_encryption_types", "weak_checksum_types")
def judge(rows, th, ctx) -> Verdict:
    by = {r["parameter"]: r for r in rows}
    path = rows[0]["file"] if rows else "sqlnet.ora"
    present = bool(rows and rows[0].get("file_present"))
    problems: list[tuple[Outcome, str, str]] = []  # (severity, parameter, text)

    def level(param, allowed_name):
        v = (by.get(param) or {}).get("value")
        eff = (v or "ACCEPTED").strip().upper()
        allowed = [str(a).upper() for a in th[allowed_name].value or ()]
        shown = v if v is not None else "not set (default ACCEPTED)"
        if eff in allowed:
            return
        sev = Outcome.CRITICAL if eff == "REJECTED" else Outcome.WARNING
        problems.append((sev, param, f"{param} = {shown}, expected {'/'.join(allowed)}"))

    level("SQLNET.ENCRYPTION_SERVER", "allowed_encryption_server")
    level("SQLNET.CRYPTO_CHECKSUM_SERVER", "allowed_checksum_server")
    for param, name in (("SQLNET.ENCRYPTION_TYPES_SERVER", "weak_encryption_types"),
                        ("SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER", "weak_checksum_types")):
        listed = value_list((by.get(param) or {}).get("value"))
        weak = [a for a in listed if a in {str(w).upper() for w in th[name].value or ()}]
        if weak:
            problems.append((Outcome.WARNING, param, f"{param} allows {', '.join(weak)} (weak)"))
    # no algorithm list: every algorithm the release offers may be negotiated; SQLNET.ALLOW_WEAK_CRYPTO
    # (default TRUE) decides whether the weak ones are among them. Said in the finding, not rated.
    weak_off = str((by.get("SQLNET.ALLOW_WEAK_CRYPTO") or {}).get("value") or "").strip().upper() == "FALSE"
    unlisted = [p for p in ("SQLNET.ENCRYPTION_TYPES_SERVER", "SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER")
                if (by.get(p) or {}).get("value") is None]
    note = "" if not unlisted or weak_off else (
        f"; {' and '.join(unlisted)} not set: every algorithm the release offers may be negotiated, the weak ones "
        "included unless SQLNET.ALLOW_WEAK_CRYPTO = FALSE")
    worst = max((p[0] for p in problems), key=lambda o: o.rank, default=Outcome.OK)
    set_ = {r["parameter"]: r["value"] for r in rows if r.get("value") is not None}
    ifile = (by.get("IFILE") or {}).get("value")
    if ifile:
        note += f"; IFILE = {ifile} is not read: settings there are not seen"
    how = (rows[0].get("located_by") if rows else None) or ""
    params = {"file": path, "present": "" if present else (f" (the file does not exist{', located by ' + how if how else ''}: "
                                                           "every parameter is its default)"),
              "present_zh": "" if present else f"（文件不存在{'，位置依据 ' + how if how else ''}：各参数均为默认值）",
              "settings": "; ".join(f"{k} = {v}" for k, v in set_.items()) or "none of the rated parameters set",
              "bad": "; ".join(p[2] for p in problems), "count": len(problems), "note": note,
              "note_zh": ("" if not unlisted or weak_off else "；未设置算法列表：可协商该版本提供的所有算法，除非 SQLNET.ALLOW_WEAK_CRYPTO = FALSE，"
                          "否则包括弱算法") + (f"；未读取 IFILE = {ifile}：其中的设置不可见" if ifile else "")}
    objects = {r["parameter"]: Outcome.OK for r in rows}
    for sev, param, _ in problems:
        objects[param] = sev if sev.rank > objects.get(param, Outcome.OK).rank else objects[param]
    if worst is Outcome.OK:
        return Verdict(outcome=worst, message="ok", params=params, objects=objects)
    return Verdict(outcome=worst, message="problem", params=params, objects=objects,
                   evidence=[r for r in rows if objects.get(r["parameter"], Outcome.OK).rank > 0])


SPEC = CheckSpec(
    code="SEC011",
    name="sqlnet_encryption_not_required",
    title=T("Oracle Net encryption and integrity not required by the server's sqlnet.ora (over SSH)",
            "服务器端 sqlnet.ora 未强制 Oracle Net 加密与完整性校验（通过 SSH）"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("parameter", "value", "file", "file_present"),
    object_key=("parameter",),
    thresholds=(
        Threshold(name="allowed_encryption_server", unit="setting", kind="list", value=("REQUIRED",),
                  rationale=_NETRF + ". Other values: WARNING; REJECTED: CRITICAL (the server refuses encryption even "
                            "to a client that requires it: ORA-12660)"),
        Threshold(name="allowed_checksum_server", unit="setting", kind="list", value=("REQUIRED",),
                  rationale=_NETRF + " (data integrity: a keyed checksum on every packet against modified or replayed "
                            "packets)"),
        Threshold(name="weak_encryption_types", unit="algorithms", kind="list", value=WEAK_ENCRYPTION, rationale=_WEAK),
        Threshold(name="weak_checksum_types", unit="algorithms", kind="list", value=WEAK_CHECKSUM, rationale=_WEAK),
    ),
    judge=judge,
    messages={
        "ok": T("{file}: network encryption and integrity required ({settings}){note} — state now",
                "{file}：已强制网络加密与完整性校验（{settings}）{note_zh}——当前状态"),
        "problem": T("{file}{present}: {bad}{note} — clients may connect without encryption or integrity (unless every "
                     "client uses TCPS, which this check does not see) — state now",
                     "{file}{present_zh}：{bad}{note_zh}——客户端可不加密或不做完整性校验即连接（除非所有客户端均使用 TCPS，本检查无法得知）"
                     "——当前状态"),
    },
    remediation=RemediationSpec(
        text=T("In the server's sqlnet.ora (ORACLE_HOME/network/admin, or TNS_ADMIN) set SQLNET.ENCRYPTION_SERVER = "
               "REQUIRED and SQLNET.CRYPTO_CHECKSUM_SERVER = REQUIRED, list only strong algorithms "
               "(SQLNET.ENCRYPTION_TYPES_SERVER = (AES256, AES192, AES128), SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER = "
               "(SHA256, SHA384, SHA512)) and, once every client is on a release that has them, "
               "SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS = FALSE. New connections pick the settings up; no restart. Check first "
               "that old clients can negotiate (ORA-12650 / ORA-12269 otherwise): REQUIRED refuses every client that does not "
               "encrypt, so list the clients and their releases before the change and keep the old file to put back. "
               "TCPS (TLS) is the alternative: CIS Oracle Database 19c v2.0.0 item 2.2.7 accepts TLS in lieu of this "
               "setting; where every client uses TCPS this finding does not apply (REQUIRED would add native "
               "encryption inside TLS).",
               "在服务器端 sqlnet.ora（ORACLE_HOME/network/admin 或 TNS_ADMIN）中设置 SQLNET.ENCRYPTION_SERVER = REQUIRED 与 "
               "SQLNET.CRYPTO_CHECKSUM_SERVER = REQUIRED，只列强算法（SQLNET.ENCRYPTION_TYPES_SERVER = (AES256, AES192, AES128)，"
               "SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER = (SHA256, SHA384, SHA512)），待所有客户端升级后设置 "
               "SQLNET.ALLOW_WEAK_CRYPTO_CLIENTS = FALSE。新连接即生效，无需重启。先确认旧客户端能协商（否则 ORA-12650 / "
               "ORA-12269）：REQUIRED 会拒绝所有不加密的客户端，修改前列出客户端及其版本并保留原文件以便回退。也可改用 TCPS（TLS）："
               "CIS Oracle Database 19c v2.0.0 第 2.2.7 条接受以 TLS 代替本设置；所有客户端均使用 TCPS 时本结论不适用"
               "（REQUIRED 会在 TLS 之内再做一层原生加密）。"),
        commands={"oracle": ["cat $ORACLE_HOME/network/admin/sqlnet.ora",
                             "SQLNET.ENCRYPTION_SERVER = REQUIRED",
                             "SQLNET.ENCRYPTION_TYPES_SERVER = (AES256, AES192, AES128)",
                             "SQLNET.CRYPTO_CHECKSUM_SERVER = REQUIRED",
                             "SQLNET.CRYPTO_CHECKSUM_TYPES_SERVER = (SHA256, SHA384, SHA512)"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/netrf/parameters-for-the-sqlnet.ora.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/dbseg/configuring-network-data-encryption-and-integrity.html"],
    ),
    timeout_s=10,
)
