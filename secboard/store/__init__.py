"""Storage: the SQLite workspace file, its schema and migrations, reads and writes.

The only package that talks to the database. Opening and bulk reads use ``sqlite3``
(:mod:`.database`, :mod:`.queries`, :mod:`.bulk`) so start-up stays fast; single-request
changes go through SQLModel (:mod:`.tables`, :mod:`.orm`), imported on first use. It
never imports the UI.
"""
