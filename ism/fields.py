"""Model fields that recur across ISM's apps, each declared once. Each returns the
field the models wrote by hand, so using it changes no migration."""

from django.conf import settings
from django.db import models


def user_fk(*, on_delete=models.PROTECT, **extra) -> models.ForeignKey:
    """Who did something to the row (recorded, issued, decided, published it).

    Optional, because imports, tasks and demo data act without a person. No
    reverse accessor: nobody asks a user for everything they ever touched.
    PROTECT by default so the record keeps its author; SET_NULL where the row
    outlives the person by design (a working copy's last editor)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="+",
        **extra,
    )
