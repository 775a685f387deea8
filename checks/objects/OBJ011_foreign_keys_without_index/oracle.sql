-- Foreign keys of application schemas whose columns are not the leading columns of any index on the child
-- table (in any order). Without one, a DELETE of a parent row or an UPDATE of its key locks the whole child
-- table (share lock) and scans it (Oracle Database Concepts 19c, "Indexes and Foreign Keys"). NUM_ROWS is the
-- child table's row count at its last statistics (NULL: never analyzed). A DISABLED foreign key is not
-- enforced and takes no lock: it is left out here (OBJ013 reports it).
WITH fk AS (
  SELECT c.owner, c.table_name, c.constraint_name, c.r_owner, c.r_constraint_name, COUNT(*) AS fk_columns,
         LISTAGG(cc.column_name, ', ') WITHIN GROUP (ORDER BY cc.position) AS fk_column_list
  FROM dba_constraints c
  JOIN dba_cons_columns cc ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name AND cc.table_name = c.table_name
  JOIN dba_users u ON u.username = c.owner
  WHERE c.constraint_type = 'R'
    AND c.status = 'ENABLED'
    AND u.oracle_maintained = 'N'
    AND c.table_name NOT LIKE 'BIN$%'
  GROUP BY c.owner, c.table_name, c.constraint_name, c.r_owner, c.r_constraint_name
)
SELECT fk.owner                                  AS owner,
       fk.table_name                             AS table_name,
       fk.constraint_name                        AS constraint_name,
       fk.fk_column_list                         AS columns,
       p.table_name                              AS parent_table,
       t.num_rows                                AS num_rows,
       COUNT(*) OVER ()                          AS total
FROM fk
JOIN dba_tables t ON t.owner = fk.owner AND t.table_name = fk.table_name
LEFT JOIN dba_constraints p ON p.owner = fk.r_owner AND p.constraint_name = fk.r_constraint_name
WHERE NOT EXISTS (
  SELECT 1
  FROM dba_ind_columns ic
  JOIN dba_cons_columns cc2 ON cc2.owner = fk.owner AND cc2.constraint_name = fk.constraint_name
                           AND cc2.column_name = ic.column_name
  WHERE ic.table_owner = fk.owner
    AND ic.table_name = fk.table_name
    AND ic.column_position <= fk.fk_columns
  GROUP BY ic.index_owner, ic.index_name
  HAVING COUNT(*) = fk.fk_columns
)
ORDER BY t.num_rows DESC NULLS FIRST, fk.owner, fk.table_name
FETCH FIRST 200 ROWS ONLY
