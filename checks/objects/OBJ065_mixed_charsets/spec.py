from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _charsets(row) -> list[str]:
    """The character sets a row shows: its own collation's and its other columns' (collation prefixes)."""
    found = [str(row.get("charset") or "")]
    found += [c.split("_", 1)[0] for c in str(row.get("other_collations") or "").split(",") if c]
    return [c for c in dict.fromkeys(found) if c]


def _detail(row, legacy: list[str]) -> tuple[str, str]:
    en, zh = [], []
    kind = row.get("object_type")
    if kind == "schema":
        en.append(f"default collation {row.get('collation')}, the server's is {row.get('parent_collation')}")
        zh.append(f"默认排序规则 {row.get('collation')}，服务器默认为 {row.get('parent_collation')}")
    elif kind == "table":
        if row.get("collation") != row.get("parent_collation"):
            en.append(f"collation {row.get('collation')}, its schema's is {row.get('parent_collation')}")
            zh.append(f"排序规则 {row.get('collation')}，所在库默认为 {row.get('parent_collation')}")
        if num(row.get("columns_off")):
            en.append(f"{int(num(row['columns_off']))} column(s) in {row.get('other_collations')}")
            zh.append(f"{int(num(row['columns_off']))} 个列使用 {row.get('other_collations')}")
    else:
        en.append(f"server default {row.get('collation')}")
        zh.append(f"服务器默认 {row.get('collation')}")
    if legacy:
        en.append(f"legacy {', '.join(legacy)}")
        zh.append(f"过时字符集 {', '.join(legacy)}")
    return "; ".join(en), "；".join(zh)


@uses("legacy_charsets")
def judge(rows, th, ctx) -> Verdict:
    legacy_names = {str(c).lower() for c in th["legacy_charsets"].value or ()}
    server = next((r for r in rows if r.get("object_type") == "server"), {})
    rated = []
    for r in rows:
        legacy = [c for c in _charsets(r) if c.lower() in legacy_names]
        if r.get("object_type") == "server" and not legacy:
            continue  # the server row is the reference point, at fault only for a legacy default
        en, zh = _detail(r, legacy)
        rated.append(({**r, "detail": en}, Outcome.WARNING, "legacy" if legacy else "mixed", zh))
    total = int(num(rows[0].get("total")) or 0) if rows else 0
    params = {"server_collation": server.get("collation"), "server_charset": server.get("charset"),
              "schemas": sum(1 for r, *_ in rated if r.get("object_type") == "schema"),
              "tables": sum(1 for r, *_ in rated if r.get("object_type") == "table"),
              # every row past the server's is at fault (the SQL lists only those), the LIMIT may have cut some
              "count": max(max(total - 1, 0) + any(r.get("object_type") == "server" for r, *_ in rated), len(rated))}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    rated.sort(key=lambda x: x[2] != "legacy")  # a legacy character set first, then the SQL's order
    worst, outcome, key, zh = rated[0]
    kind_zh = {"server": "服务器", "schema": "库", "table": "表"}.get(worst.get("object_type"), worst.get("object_type"))
    return Verdict(outcome=outcome, message=key, params={**worst, **params, "detail_zh": zh, "object_type_zh": kind_zh},
                   evidence=[r for r, *_ in rated][:EVIDENCE_LIMIT], total=params["count"],
                   objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ065",
    name="mixed_charsets",
    title=T("Character sets and collations inconsistent or legacy (utf8mb3)", "字符集/排序规则不一致或使用过时字符集（utf8mb3）"),
    category="objects",
    tier="weekly",
    engines={
        # COLUMNS shows a column only to a user holding a column privilege on it; REFERENCES on *.*
        # shows every column (and table, schema) without reading data (measured on MariaDB 10.11).
        "mysql": EngineSupport(min_version="8.0", privilege="REFERENCES"),
        "mariadb": EngineSupport(min_version="10.2", privilege="REFERENCES"),
    },
    columns=("object_type", "object_name", "table_schema", "table_name", "charset", "collation", "parent_collation",
             "columns_off", "other_collations", "total"),
    object_key=("object_type", "object_name"),
    thresholds=(
        Threshold(name="legacy_charsets", unit="character set", kind="list", value=("utf8mb3", "utf8", "ucs2"),
                  rationale="MySQL 8.0 deprecates utf8mb3 (alias utf8) and ucs2 for removal (Reference Manual, Unicode "
                            "character sets); utf8mb3 stores at most 3 bytes per character, so no emoji and no CJK "
                            "Extension B characters (rare characters in personal names). BlueKing's character-consistency "
                            "and MySQLTuner's per-database checks flag mixed character sets (catalog MY-OBJ-08)"),
    ),
    judge=judge,
    messages={
        "ok": T("Character sets are consistent: every schema, table and text column follows the server default "
                "{server_collation}, which is not a legacy character set",
                "字符集一致：所有库、表和文本列都沿用服务器默认 {server_collation}，且不是过时字符集"),
        "mixed": T("{count} object(s) do not follow the collation they inherit ({schemas} schema(s), {tables} table(s); "
                   "server default {server_collation}), e.g. {object_type} {object_name}: {detail}. Comparing or joining "
                   "text of different collations fails with ERROR 1267 (Illegal mix of collations) or cannot use an index",
                   "{count} 个对象未沿用其继承的排序规则（{schemas} 个库、{tables} 张表；服务器默认 {server_collation}），例如 "
                   "{object_type_zh} {object_name}：{detail_zh}。比较或关联不同排序规则的文本会报 ERROR 1267（Illegal mix of "
                   "collations）或无法使用索引"),
        "legacy": T("{object_type} {object_name} uses a legacy character set ({detail}): utf8mb3 cannot store 4-byte "
                    "characters (emoji, CJK Extension B names) and MySQL 8.0 deprecates it; {count} object(s) at fault "
                    "({schemas} schema(s), {tables} table(s))",
                    "{object_type_zh} {object_name} 使用过时字符集（{detail_zh}）：utf8mb3 无法存储 4 字节字符（emoji、CJK 扩展 B "
                    "区的生僻字人名），且 MySQL 8.0 已弃用；共 {count} 个对象有问题（{schemas} 个库、{tables} 张表）"),
    },
    remediation=RemediationSpec(
        text=T("Pick one character set and collation (utf8mb4 with the server's default collation) and move objects to "
               "it: ALTER DATABASE … for a schema's default (new tables only), ALTER TABLE … CONVERT TO CHARACTER SET for "
               "a table and its columns (rebuilds the table: in a maintenance window or with an online schema-change "
               "tool; an index on a long VARCHAR may exceed the key length in utf8mb4). Set character_set_server / "
               "collation_server in the configuration file so new schemas follow. Check that the application connects "
               "with the same character set (SET NAMES).",
               "统一使用一种字符集和排序规则（utf8mb4 及服务器默认排序规则）并迁移对象：库的默认值用 ALTER DATABASE …（只影响新建表），"
               "表及其列用 ALTER TABLE … CONVERT TO CHARACTER SET（会重建表：在维护窗口或用在线变更工具执行；长 VARCHAR 上的索引"
               "在 utf8mb4 下可能超过索引长度上限）。在配置文件中设置 character_set_server / collation_server，使新建库沿用之。"
               "确认应用连接使用相同字符集（SET NAMES）。"),
        commands={
            "mysql": ["ALTER DATABASE <schema> CHARACTER SET utf8mb4 COLLATE <collation_server>;",
                      "ALTER TABLE <schema>.<table> CONVERT TO CHARACTER SET utf8mb4 COLLATE <collation_server>;  -- rebuilds "
                      "the table",
                      "SELECT table_schema, table_name, column_name, collation_name FROM information_schema.COLUMNS WHERE "
                      "table_schema = '<schema>' AND table_name = '<table>' AND collation_name IS NOT NULL;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/charset-unicode-utf8mb3.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/charset-conversion.html",
                    "https://mariadb.com/kb/en/setting-character-sets-and-collations/",
                    "https://github.com/TencentBlueKing/blueking-dbm/tree/master/dbm-services/mysql/db-tools/mysql-monitor/pkg/itemscollect/characterconsistency"],
    ),
    timeout_s=10,
)
