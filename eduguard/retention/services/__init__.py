"""Retention services: purge.py (remove or anonymise personal records past the retention period)
and backup.py (back up and restore the whole database, SQLite or PostgreSQL)."""
