"""PostgreSQL for the tests: Django's own backend, flushing small tables with
DELETE instead of TRUNCATE.

A transactional test (a live server, real workers, concurrency) ends with Django
emptying every table (TransactionTestCase's flush). TRUNCATE gives each of ISM's
87 tables, and their indexes, new files, created and written to disk at commit.
One flush of the empty test database, on the 2-core box: 1.7-2.0 s and 0.9 s of
the server's processor time; with DELETE, 0.2-0.3 s and 0.1 s, Django's own work
(content types and permissions put back) included. The rule is checked by
tests/ism/test_test_database.py. A journey's own writes go to a copy of the demo
that is dropped after it, so the flush it ends with finds almost nothing to
delete. Where a table holds more than SMALL rows, Django's TRUNCATE runs as
before: DELETE would then be the slower. Every table is emptied either way, and
Django's foreign keys are deferred to the commit, so the order of the DELETEs
does not matter."""

from django.db.backends.postgresql import base, operations
from psycopg import sql

SMALL = 1000


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        truncate = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not tables or reset_sequences or allow_cascade or self._any_large(tables):
            return truncate
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} "
            f"{style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    def _any_large(self, tables) -> bool:
        """Whether a table holds more than SMALL rows (reads at most SMALL + 1 of
        each, in one query)."""
        head = sql.SQL("(SELECT count(*) FROM (SELECT FROM {} LIMIT {}) AS head) > {}")
        probe = sql.SQL("SELECT ") + sql.SQL(" OR ").join(
            head.format(sql.Identifier(table), SMALL + 1, SMALL) for table in tables
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probe)
            return cursor.fetchone()[0]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
