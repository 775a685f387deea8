-- Roles that hold superuser: the SUPERUSER attribute itself, or a LOGIN role that can SET ROLE to
-- a superuser role through a chain of memberships granted WITH SET (CIS PostgreSQL 16 4.8 audits these:
-- "login roles holding direct or inherited superuser privileges"). From PostgreSQL 16 a membership
-- granted WITH SET FALSE does not allow SET ROLE, so only set_option links count. The bootstrap superuser (oid 10, the
-- initdb user) is marked: it cannot be dropped or lose superuser. pg_roles and pg_auth_members
-- are readable by every role.
WITH RECURSIVE reach AS (
    SELECT m.member, m.roleid AS via, ARRAY[m.member, m.roleid] AS path
    FROM pg_auth_members m
    WHERE m.set_option
    UNION ALL
    SELECT r.member, m.roleid, r.path || m.roleid
    FROM reach r
    JOIN pg_auth_members m ON m.member = r.via
    WHERE m.set_option AND NOT m.roleid = ANY (r.path)
)
SELECT r.rolname                                            AS role_name,
       r.rolcanlogin                                        AS can_login,
       r.rolsuper                                           AS direct,
       (SELECT string_agg(DISTINCT s.rolname, ', ')
          FROM reach x JOIN pg_roles s ON s.oid = x.via AND s.rolsuper
         WHERE x.member = r.oid)                            AS via,
       r.oid = 10                                           AS bootstrap
FROM pg_roles r
WHERE r.rolsuper
   OR (r.rolcanlogin AND EXISTS (SELECT 1 FROM reach x JOIN pg_roles s ON s.oid = x.via AND s.rolsuper
                                  WHERE x.member = r.oid))
ORDER BY r.rolname
LIMIT 500
