-- Roles that hold superuser: the SUPERUSER attribute itself, or a LOGIN role that can SET ROLE to
-- a superuser role through a chain of memberships granted WITH SET (CIS PostgreSQL 16 4.8 audits these:
-- "login roles holding direct or inherited superuser privileges"). From PostgreSQL 16 a membership
-- granted WITH SET FALSE does not allow SET ROLE, so only set_option links count. The bootstrap superuser (oid 10, the
-- initdb user) is marked: it cannot be dropped or lose superuser. pg_roles and pg_auth_members
-- are readable by every role.
-- Beside superuser, what is superuser on the host in effect: a LOGIN role that reaches
-- pg_execute_server_program (COPY … PROGRAM runs shell commands as the server's OS user),
-- pg_write_server_files or pg_read_server_files through memberships that pass their privileges on
-- (``os_roles``) — from 16 a membership granted with INHERIT or SET
-- (inherit_option / set_option); CREATEROLE no longer grants roles without ADMIN OPTION
-- (``createrole`` false).
WITH RECURSIVE grants AS (  -- chains of memberships that pass privileges on (for the OS roles)
    SELECT m.member, m.roleid, ARRAY[m.member, m.roleid] AS path
    FROM pg_auth_members m
    WHERE (m.inherit_option OR m.set_option)
    UNION ALL
    SELECT g.member, m.roleid, g.path || m.roleid
    FROM grants g
    JOIN pg_auth_members m ON m.member = g.roleid
    WHERE (m.inherit_option OR m.set_option) AND NOT m.roleid = ANY (g.path)
),
os AS (
    SELECT g.member, string_agg(DISTINCT o.rolname, ', ') AS os_roles
    FROM grants g
    JOIN pg_roles o ON o.oid = g.roleid AND o.rolname IN ('pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files')
    GROUP BY g.member
),
reach AS (
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
       r.oid = 10                                           AS bootstrap,
       os.os_roles,
       false                                                AS createrole
FROM pg_roles r
LEFT JOIN os ON os.member = r.oid
WHERE r.rolsuper
   OR (r.rolcanlogin AND EXISTS (SELECT 1 FROM reach x JOIN pg_roles s ON s.oid = x.via AND s.rolsuper
                                  WHERE x.member = r.oid))
   OR (r.rolcanlogin AND os.os_roles IS NOT NULL)
ORDER BY r.rolname
LIMIT 500
