-- The server's time zone settings (MySQL 8 and MariaDB): the default time zone of new sessions, the
-- host's zone the server took at start, and whether the named time zone tables are loaded (without
-- them CONVERT_TZ with a zone name returns NULL and SET time_zone = 'Europe/…' fails).
-- SELECT on mysql.time_zone_name: the count only.
SELECT CAST(@@global.time_zone AS CHAR)                 AS time_zone,
       CAST(@@system_time_zone AS CHAR)                 AS system_time_zone,
       (SELECT COUNT(*) FROM mysql.time_zone_name)      AS zone_names
