"""What the meetings services do alike to the row they change."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def locked(obj: M) -> M:
    """The row read again and locked until the transaction ends, so two saves run
    one after the other and each records what the other left. Read again, not
    refreshed: a page's bound ModelForm has already written the typed values on
    the instance it passes, and the audit needs the stored ones. No ORDER BY: a
    default ordering that joins a nullable relation (a document's agenda item)
    cannot be locked on PostgreSQL."""
    return type(obj).objects.select_for_update().order_by().get(pk=obj.pk)
