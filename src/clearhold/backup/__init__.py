"""Backups that restore: `clearhold backup` and `clearhold restore` (issue 21, section 3).

A backup is one directory: the database as one file (SQLite's online backup API, or
``pg_dump --format=custom``), the uploaded and generated files under ``media/``, and
``manifest.json`` naming every file with its size and sha256, the migration state and each
table's row count. The manifest is written last, so a directory without one is not a backup.
"""
