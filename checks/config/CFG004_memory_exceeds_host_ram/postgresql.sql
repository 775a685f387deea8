-- The memory settings and what each can take, in bytes (pg_settings units: 8kB pages for shared_buffers
-- and effective_cache_size, kB for the *_mem settings; -1 for autovacuum_work_mem means "use
-- maintenance_work_mem"). One row per setting. The host's RAM is not visible from SQL: the judge takes
-- it from the host_ram_mb threshold a bank sets for the instance (or, later, the OS collector).
SELECT name, setting, coalesce(unit, '') AS unit, current_setting(name) AS shown,
       CASE unit WHEN '8kB' THEN setting::numeric * 8192
                 WHEN 'kB' THEN setting::numeric * 1024
                 WHEN 'MB' THEN setting::numeric * 1048576 END              AS bytes,
       setting = boot_val                                                   AS at_default
FROM pg_settings
WHERE name IN ('shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem', 'autovacuum_work_mem',
               'max_connections', 'autovacuum_max_workers', 'hash_mem_multiplier')
ORDER BY name
