-- The server's version string (MySQL 8 and MariaDB): the judge takes the series and release from it and
-- compares them with the end-of-life dates, the supported series and the CVE list beside this file.
SELECT CAST(@@version AS CHAR) AS version, CAST(@@version_comment AS CHAR) AS version_comment
