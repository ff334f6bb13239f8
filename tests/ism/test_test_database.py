"""The tests' PostgreSQL backend (tests/postgresql/base.py) empties a database as
Django's does, by DELETE where every table is small: rows linked by foreign keys
all go, in any order, and the keys still hold at the end; a table over the limit,
or a flush that resets sequences, gets Django's own TRUNCATE."""

from __future__ import annotations

import pytest
from django.core.management.color import no_style
from django.db.backends.postgresql.operations import DatabaseOperations
from psycopg import sql

from ism.models import Convention, RoleAssignment, State, User
from tests.factories import StateFactory
from tests.postgresql import base


def _tables(connection) -> list[str]:
    return sorted(
        connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
    )


def _rows(connection, tables) -> dict[str, int]:
    count = sql.SQL("SELECT count(*) FROM {}")
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(count.format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def test_a_flush_of_small_tables_deletes_every_row_and_the_keys_hold(
    postgres, focal_a, coordinating_committee
):
    tables = _tables(postgres)
    before = _rows(postgres, tables)
    # Rows that point at each other: a focal point's role, a committee's State.
    assert RoleAssignment.objects.exists() and Convention.objects.exists()
    assert sum(1 for n in before.values() if n) > 5

    flush = postgres.ops.sql_flush(no_style(), tables)
    assert [statement.split('"')[1] for statement in flush] == tables
    assert all(statement.startswith("DELETE FROM ") for statement in flush)
    postgres.ops.execute_sql_flush(flush)
    # The deferred foreign keys are checked now rather than at a commit the
    # test's transaction never reaches.
    with postgres.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert {t: n for t, n in _rows(postgres, tables).items() if n} == {}
    assert not User.objects.exists() and not State.objects.exists()


def test_a_table_over_the_limit_is_truncated_as_django_does(postgres, monkeypatch):
    monkeypatch.setattr(base, "SMALL", 2)
    StateFactory.create_batch(3)
    tables = _tables(postgres)

    flush = postgres.ops.sql_flush(no_style(), tables)

    assert flush == DatabaseOperations.sql_flush(postgres.ops, no_style(), tables)
    assert flush[0].startswith("TRUNCATE ")


@pytest.mark.parametrize("option", ["reset_sequences", "allow_cascade"])
def test_a_flush_that_resets_sequences_or_cascades_is_djangos(postgres, option):
    tables = _tables(postgres)

    flush = postgres.ops.sql_flush(no_style(), tables, **{option: True})

    assert flush == DatabaseOperations.sql_flush(
        postgres.ops, no_style(), tables, **{option: True}
    )
    assert any(statement.startswith("TRUNCATE ") for statement in flush)
