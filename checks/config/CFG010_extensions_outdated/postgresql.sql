-- Extensions of this database whose installed version is older than the version the server's
-- packages provide (the control file's default_version): the new binaries are installed, but the
-- extension's SQL objects were never updated with ALTER EXTENSION … UPDATE. Runs in each database.
SELECT name, installed_version, default_version
FROM pg_available_extensions
WHERE installed_version IS NOT NULL
  AND default_version IS NOT NULL
  AND installed_version <> default_version
ORDER BY name
LIMIT 200
