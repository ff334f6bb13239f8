"""Django's SQLite backend, with the number of parameters one statement may take
read from the SQLite library ISM runs on instead of assumed. Django 5.2 assumes
999, SQLite's limit before 3.32; since then SQLite's default is 32,766 (Debian's
3.40 allows 250,000). At 999, a bulk write of the 195 States (six columns) went
out as two INSERTs, and the 127-State membership import as several per table."""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
