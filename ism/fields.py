"""Model fields that recur across ISM's apps, each declared once. Each returns the
field the models wrote by hand, so using it changes no migration."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


def _link(to, *, optional: bool, **kwargs) -> models.ForeignKey:
    # An optional link is optional twice: in the database and in its forms.
    if optional:
        kwargs.update(null=True, blank=True)
    return models.ForeignKey(to, **kwargs)


def optional_fk(
    to, *, related_name: str = "+", on_delete=models.PROTECT, **extra
) -> models.ForeignKey:
    """A link a row may lack (an invoice's assessment, a payment's invoice, a
    document's agenda item). PROTECT by default: what a record refers to stays
    while it does; SET_NULL where the link is loose and the row outlives what
    it pointed at."""
    return _link(
        to, optional=True, on_delete=on_delete, related_name=related_name, **extra
    )


def user_fk(*, on_delete=models.PROTECT, **extra) -> models.ForeignKey:
    """Who did something to the row (recorded, issued, decided, published it).

    Optional, because imports, tasks and demo data act without a person. No
    reverse accessor: nobody asks a user for everything they ever touched.
    PROTECT by default so the record keeps its author; SET_NULL where the row
    outlives the person by design (a working copy's last editor)."""
    return optional_fk(settings.AUTH_USER_MODEL, on_delete=on_delete, **extra)


def convention_fk(
    *,
    related_name: str = "+",
    on_delete=models.PROTECT,
    optional: bool = False,
    **extra,
) -> models.ForeignKey:
    """The convention a row belongs to. PROTECT by default: a convention with
    budgets, invoices, reports or meetings is never deleted, so what it recorded
    keeps its scope (ism.access filters by it). CASCADE only for what exists
    just for the convention's sake and says nothing of its own (a contact, a
    statement that is rendered again, a role). `optional`: a row that may
    belong to no convention (an audit event, a mail)."""
    return _link(
        "ism.Convention",
        optional=optional,
        on_delete=on_delete,
        related_name=related_name,
        **extra,
    )


def state_fk(
    *,
    related_name: str = "+",
    on_delete=models.PROTECT,
    optional: bool = False,
    **extra,
) -> models.ForeignKey:
    """The State a row is about (its invoice, payment, report, seat): PROTECT by
    default for the same reason as convention_fk, and no reverse accessor unless
    one is named."""
    return _link(
        "ism.State",
        optional=optional,
        on_delete=on_delete,
        related_name=related_name,
        **extra,
    )


def part_of(parent, *, related_name: str, **extra) -> models.ForeignKey:
    """The whole a row is a part of (a budget's line, a meeting's agenda item, a
    report's form): it has no life of its own and is deleted with its whole."""
    return models.ForeignKey(
        parent, on_delete=models.CASCADE, related_name=related_name, **extra
    )


def money_field(
    verbose_name=None, *, optional: bool = False, max_digits: int = 14, **extra
) -> MoneyField:
    """An amount of money (djmoney's Money on a Decimal), to the cent; the
    currency is a column beside it, and which currency an amount must be in is
    its model's rule. `optional`: the amount may be missing (not known, not
    given)."""
    if optional:
        extra.update(null=True, blank=True)
    return MoneyField(verbose_name, max_digits=max_digits, decimal_places=2, **extra)


def language_field(verbose_name=None, **extra) -> models.CharField:
    """One of the six languages ISM works in (settings.LANGUAGES): what a user
    reads, what the ISU writes to a State in, what an invoice or an invitation
    is written in. Seven characters: "zh-hans"."""
    return models.CharField(
        verbose_name, max_length=7, choices=settings.LANGUAGES, **extra
    )


def flag(label, help_text="") -> models.BooleanField:
    """A yes-or-no trait of a row, off unless set (a catalogue row's rule: a
    meeting kind is public, an instrument is the convention itself)."""
    return models.BooleanField(label, default=False, help_text=help_text)


def illustrative_flag(help_text: str = "") -> models.BooleanField:
    """Marks demo data, so that no page passes it off as the real record (a
    treaty status, a meeting's dates, a report's contents)."""
    return flag(_("illustrative data"), help_text)


def catalogue_code(help_text) -> models.SlugField:
    """The code of a row in a convention's own catalogue (a kind of meeting, an
    obligation): short, unique within the convention, what records keep."""
    return models.SlugField(_("code"), max_length=20, help_text=help_text)


def catalogue_row(to, *, code: str, related_name: str = "+") -> models.ForeignObject:
    """The catalogue row a record names by its convention and `code` column (a
    meeting's kind, a State's obligation; issue 17). No column of its own, so the
    record keeps its code and its queries; `select_related` and lookups across
    it (`kind_row__public`) join on both columns. None-safe only where the code
    is: a code the convention does not define raises DoesNotExist on access."""
    return models.ForeignObject(
        to,
        on_delete=models.DO_NOTHING,
        from_fields=["convention", code],
        to_fields=["convention", "code"],
        related_name=related_name,
        null=True,
    )
