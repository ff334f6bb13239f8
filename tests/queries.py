"""The statements Django's backend sends for a bulk write, for query-count
bounds that hold on both databases: one statement on PostgreSQL however many
rows; on SQLite one per batch, as Django 5.2 allows 999 parameters a statement
(two INSERTs of the 195 States). A row-by-row write still goes far past: a
batch holds about a hundred rows."""

from __future__ import annotations

from django.db import connection
from django.db.models import AutoField, Model


def insert_statements(model: type[Model], rows: int) -> int:
    """The INSERTs bulk_create sends for `rows` new rows (ids from the
    database)."""
    fields = [
        f for f in model._meta.local_concrete_fields if not isinstance(f, AutoField)
    ]
    return _batches(fields, rows)


def update_statements(model: type[Model], rows: int, fields: list[str]) -> int:
    """The UPDATEs bulk_update sends for `rows` rows and these fields (each
    row's key goes in twice: its WHEN and its WHERE)."""
    opts = model._meta
    return _batches([opts.pk, opts.pk, *map(opts.get_field, fields)], rows)


def _batches(fields: list, rows: int) -> int:
    if not rows:
        return 0
    size = max(connection.ops.bulk_batch_size(fields, [None] * rows), 1)
    return -(-rows // size)
