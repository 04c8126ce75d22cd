"""Storage: a workspace in a SQLite file (the default) or on a PostgreSQL server.

The only package that talks to a database. :mod:`.tables` defines every column once;
:mod:`.writes` is the one writer (SQLAlchemy Core), :mod:`.queries` the reads (SQL both
databases run, rows read by column name through :mod:`.rows`); :mod:`.database` opens
either kind, :mod:`.sqlite` and :mod:`.postgres` hold what only one kind has. It never
imports the UI.
"""
