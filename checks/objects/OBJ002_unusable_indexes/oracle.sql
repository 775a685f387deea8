-- Unusable indexes, index partitions and subpartitions (STATUS = 'UNUSABLE'): DML on a table with an
-- unusable unique index fails (ORA-01502), and queries lose the index.
SELECT i.owner AS owner, i.index_name AS index_name, CAST(NULL AS VARCHAR2(128)) AS partition_name,
       i.table_name AS table_name, i.uniqueness AS uniqueness
FROM dba_indexes i
WHERE i.status = 'UNUSABLE'
UNION ALL
SELECT p.index_owner, p.index_name, p.partition_name, x.table_name, x.uniqueness
FROM dba_ind_partitions p
JOIN dba_indexes x ON x.owner = p.index_owner AND x.index_name = p.index_name
WHERE p.status = 'UNUSABLE'
UNION ALL
SELECT s.index_owner, s.index_name, s.subpartition_name, y.table_name, y.uniqueness
FROM dba_ind_subpartitions s
JOIN dba_indexes y ON y.owner = s.index_owner AND y.index_name = s.index_name
WHERE s.status = 'UNUSABLE'
FETCH FIRST 200 ROWS ONLY
