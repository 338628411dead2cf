"""Every SQL statement: the history database, its migrations, backups and export/import."""
