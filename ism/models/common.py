"""Abstract models that several apps build on. They hold no rows of their own."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ism.fields import user_fk


class Timestamped(models.Model):
    """When a document (a budget, a work plan, a report, a meeting) was created
    and when it was last saved."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class HasPage:
    """A record with a page of its own: the URL named `page_url_name` with the
    record's key (a budget's, an invoice's, a report version's). A record shown on
    another's page (an agenda item, a delegate) says so in its own
    get_absolute_url instead."""

    page_url_name: str

    def get_absolute_url(self) -> str:
        return reverse(self.page_url_name, args=[self.pk])


class Recorded(models.Model):
    """A row entered into a ledger (a payment, a pledge, a fund movement, an
    exchange rate, an indicator's actual): who entered it, if a person did, and
    when."""

    recorded_by = user_fk()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Comment(models.Model):
    """One message in a review conversation between committee members and ISU
    staff: who wrote what, and when. A subclass adds the link to what is
    discussed (a budget, a work plan's thread)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class FrozenVersion(models.Model):
    """What a document said when it was submitted, frozen as a snapshot and
    numbered from 1 per document; a correction is the next number, never an
    edit. A subclass adds the link to its document and `version_constraints`."""

    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    submitted_by = user_fk()

    class Meta:
        abstract = True


def version_constraints(document: str, *, unique: str, positive: str) -> list:
    """One version per number of a document, numbers counted from 1. The names
    are the subclass's own, as its migrations already know them."""
    return [
        models.UniqueConstraint(fields=[document, "number"], name=unique),
        models.CheckConstraint(condition=Q(number__gte=1), name=positive),
    ]


class RenderedPdf(models.Model):
    """A document whose PDF a worker renders after it changes (a budget, an
    invoice, a statement of account). The subclass declares `pdf`, where its
    files go, and `revision`, which every change to what the document says
    increments; `pdf_revision` is the revision the stored PDF was rendered from."""

    pdf_revision = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def pdf_is_current(self) -> bool:
        return bool(self.pdf) and self.pdf_revision == self.revision
