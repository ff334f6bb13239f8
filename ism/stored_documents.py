"""Generated documents, stored and served: the one rule every document follows.

A document (a budget, an invoice, a statement, a work plan in either layout, a
report version, the ISU's annual report, a list of participants) is rendered by a
Celery task, stored privately, and served through an authorised view. This module
holds what they share:

* **Storing** — `store_if_newer`: the file is saved under a path of its own, then
  the row is pointed at it with a *conditional UPDATE* (compare-and-set): the
  UPDATE names the file and revision the row held when it was read, so it changes
  nothing if another render got there in between; the loop then reads the row
  again and decides afresh. A render wins when the row's document is of an older
  revision, or of the same one and still what the render saw (nothing, or a file
  gone missing); a loser deletes its own file. So two renders racing store the
  document once (an invoice's, a report version's, never replaced), and an older
  revision never replaces a newer one (a budget's, a statement's, a work plan's).
  Chosen over a row lock (`select_for_update`), which the budget and work plan
  copies used, because it holds no lock and opens no transaction while a file is
  written or a second render waits, it reads the same on SQLite and PostgreSQL
  (the UPDATE is atomic on both; PostgreSQL re-checks its WHERE on the newest row
  after a concurrent writer commits), and it tells the winner exactly which file it
  replaced, to delete after commit. ISM claims its outgoing mail the same way
  (ism.mail). tests/ism/test_stored_documents_concurrency.py races renders on
  PostgreSQL.
* **Asking** — `request_render`: a page left open polls every POLL_SECONDS, so a
  render is queued at most once a minute per document and revision (the cache
  remembers it); a broker that is down only means a later poll asks again.
* **Serving** — `serve_or_preparing`: the file as an attachment with its meaningful
  name, or the one "being prepared" page (templates/ism/document_preparing.html,
  202) that htmx polls; `PdfAction` is the API's `pdf` action, answering the file
  or a 409 with Retry-After in the one error shape (`document_not_ready` makes
  each kind's exception, whose detail the schema shows).

Who may see a document is decided before any of this, by ism.access: each view
fetches the row with get_visible_or_404 and only then asks for its document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from celery import shared_task
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse
from django.shortcuts import render
from kombu.exceptions import OperationalError as BrokerError
from rest_framework.decorators import action
from rest_framework.exceptions import APIException

logger = logging.getLogger(__name__)

# The "being prepared" page asks again this often (seconds); the API's Retry-After.
POLL_SECONDS = 2
# A render asked for is not asked for again within this time (seconds).
RENDER_REQUEST_TTL = 60
PREPARING_TEMPLATE = "ism/document_preparing.html"


# --- Storing -----------------------------------------------------------------------

# The Celery task of every document that is rendered and stored (budgets, invoices,
# statements, work plans, report versions, the ISU's annual report): it takes ids
# and is safe to run twice (store_if_newer). OSError, the storage (a full disk, a
# network volume) or fonts failing for a moment, is tried again with backoff.
render_task = shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)


def row_to_render(rows: models.QuerySet, pk: int):
    """The row (among `rows`) whose document a render task was queued for, or
    None when it was deleted since: the task then has nothing to do, and the log
    says so."""
    try:
        return rows.get(pk=pk)
    except rows.model.DoesNotExist:
        name = rows.model._meta.verbose_name
        logger.info("%s %s is gone; nothing to render", name, pk)
        return None


def store_if_newer(
    model: type[models.Model],
    pk: int,
    *,
    content: bytes,
    path: str,
    seen_name: str,
    revision: int = 0,
    file_field: str = "pdf",
    revision_field: str | None = "pdf_revision",
    also: Callable[[], dict] | None = None,
    seen_revision: int | None = None,
) -> bool:
    """Save `content` under `path` (a path of its own: the revision in it) and
    point row `pk` at it if the row's document is older than `revision`, or of the
    same revision and still `seen_name` (what the caller saw: nothing, or a file
    gone missing). Returns True when this call stored it. A row without a
    `revision_field` keeps the first document stored (the same-revision rule).
    `also()` gives more fields to set with the file (e.g. rendered_at).
    `seen_revision`, the row's document revision read with `seen_name`: the
    compare-and-set is tried on what the caller saw before reading the row
    again (one query fewer a render when nothing moved in between)."""
    storage = model._meta.get_field(file_field).storage
    stored_name = storage.save(path, ContentFile(content))
    # Unordered: one row by its key needs no ORDER BY, and a model's default
    # ordering (an invoice's by its convention's code) would join for nothing.
    rows = model.objects.filter(pk=pk).order_by()
    fields = [file_field] + ([revision_field] if revision_field else [])
    # What the caller read, if it says: the first compare-and-set is tried on it.
    seen = None
    if revision_field and seen_revision is not None:
        seen = {file_field: seen_name, revision_field: seen_revision}
    while True:
        guessed, stored = seen is not None, seen or rows.values(*fields).first()
        seen = None
        if stored is None:
            won = False
            break
        stored_revision = stored[revision_field] if revision_field else 0
        if stored_revision > revision or (
            stored_revision == revision and stored[file_field] != seen_name
        ):
            if guessed:
                continue  # decided on the row as it is, not as the caller saw it
            won = False  # a newer document, or a twin's of this revision, is there
            break
        changes = {file_field: stored_name, **(also() if also else {})}
        if revision_field:
            changes[revision_field] = revision
        # Compare-and-set: changes nothing if another render moved the row since
        # it was read; then read it again and decide afresh.
        if rows.filter(**stored).update(**changes):
            won = True
            replaced = stored[file_field]
            if replaced and replaced != stored_name:
                # No longer referenced. A download that already opened it keeps
                # reading it: the file handle outlives the name.
                transaction.on_commit(lambda name=replaced: storage.delete(name))
            break
    if not won:
        storage.delete(stored_name)
    return won


def store_row_pdf(row, *, content: bytes, folder: str, filename: str) -> bool:
    """store_if_newer for a RenderedPdf row (a budget, an invoice, a statement):
    `content`, rendered from the row as read, saved as
    <folder>/r<revision>/<filename> and stored over an older document only."""
    revision = row.revision
    return store_if_newer(
        type(row),
        row.pk,
        content=content,
        path=f"{folder}/r{revision}/{filename}",
        seen_name=row.pdf.name or "",
        seen_revision=row.pdf_revision,
        revision=revision,
    )


def store_once_at(storage, path: str, content: bytes) -> bool:
    """For a document whose name is its content's fingerprint (a list of
    participants): store it at `path` unless it is there. A twin that lands first
    wrote the same bytes; the storage then gives ours another name, which is
    deleted. Returns True when this call stored it."""
    if storage.exists(path):
        return False
    stored_name = storage.save(path, ContentFile(content))
    if stored_name != path:
        storage.delete(stored_name)
        return False
    return True


# --- Asking and serving ----------------------------------------------------------


@dataclass(frozen=True)
class StoredDocument:
    """One document as its views see it: the stored file, whether it is of the
    row's current revision, the name it downloads under and how to ask for it."""

    storage: object
    name: str  # the stored file's name, "" when none
    current: bool  # stored for the current revision (the name may still be gone)
    filename: str
    # The cache key of a request for this revision; it names the row by
    # something besides its id (created_at…), as a key must never outlive an id.
    render_key: str
    render: Callable[[], object] = field(repr=False)  # queues the task
    reload: Callable[[], StoredDocument] = field(repr=False)  # read it again

    @property
    def ready(self) -> bool:
        return self.current and bool(self.name) and self.storage.exists(self.name)

    def open(self):
        return self.storage.open(self.name, "rb")


def request_render(document: StoredDocument) -> bool:
    """Queue the document's render unless it was queued within RENDER_REQUEST_TTL.
    Straight away, not on commit: what to render is committed already (asking
    writes nothing). Returns True when it queued one."""
    if not cache.add(document.render_key, True, RENDER_REQUEST_TTL):
        return False
    try:
        document.render()
    except (BrokerError, OSError):
        logger.exception("could not queue the render of %s", document.render_key)
        cache.delete(document.render_key)  # a later poll tries again
        return False
    return True


def prepared(document: StoredDocument) -> StoredDocument:
    """The document, its render asked for when it is not ready, read again (without
    a broker, in development, the task has run in this request already)."""
    if document.ready:
        return document
    request_render(document)
    return document.reload()


def attachment(document: StoredDocument) -> FileResponse:
    return FileResponse(
        document.open(),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )


def serve_or_preparing(
    request,
    document: StoredDocument,
    *,
    title: str,
    what: str,
    back_url: str,
    back_label: str,
    on_request: bool = False,
):
    """The file, or the page saying `what` is being prepared (202) that htmx polls
    and that offers a link once the file is there (htmx never gets the file: it
    would be swapped into the page as text). With `on_request`, a ready document
    is offered on the page and downloaded from its link (?download=1)."""
    document = prepared(document)
    ready = document.ready
    wanted = not on_request or request.GET.get("download")
    if ready and wanted and not request.htmx:
        try:
            return attachment(document)
        except FileNotFoundError:
            ready = False  # replaced by a newer render between the check and here
    return render(
        request,
        PREPARING_TEMPLATE,
        {
            "title": title,
            "what": what,
            "ready": ready,
            "poll_seconds": POLL_SECONDS,
            "document_url": _same_document(request),
            "download_url": _same_document(request, download="1")
            if on_request
            else _same_document(request),
            "back_url": back_url,
            "back_label": back_label,
        },
        status=200 if ready else 202,
    )


def _same_document(request, **more) -> str:
    """This document's address again: the same language (?lang=), and `more`."""
    query = {key: request.GET[key] for key in ("lang",) if request.GET.get(key)}
    query.update(more)
    return f"{request.path}?{urlencode(query)}" if query else request.path


def row_document_view(
    rows: Callable,
    stored: Callable[..., StoredDocument],
    *,
    what: str,
    back_label: str,
    back_url: Callable[..., str] | None = None,
    language: Callable[..., str] | None = None,
):
    """The view of the document a row is (a budget, a report version, an
    invoice) at the row's own address (<pk>/pdf/): the row looked up among
    `rows(user=...)` (a selector) through the access policy (one the user may not
    see is a 404), then its document (`stored(row, language)`) served, or the page
    saying it is being prepared, titled by the row and leading back to the row's
    page (or to `back_url(row)`). The document is in the language asked for with
    ?lang= (ism.document_languages), else in `language(request, row)`, by default
    the page's."""
    from ism.access import get_visible_or_404
    from ism.document_languages import requested_language

    def view(request, pk: int):
        row = get_visible_or_404(request.user, rows(user=request.user), pk=pk)
        default = language(request, row) if language else request.LANGUAGE_CODE
        return serve_or_preparing(
            request,
            stored(row, requested_language(request, default)),
            title=str(row),
            what=what,
            back_url=back_url(row) if back_url else row.get_absolute_url(),
            back_label=back_label,
        )

    return view


def document_not_ready(what: str, name: str) -> type[APIException]:
    """The API's 409 for a kind of document, e.g. what="budget document": its
    detail is in the schema, its Retry-After is POLL_SECONDS (DRF's exception
    handler turns `wait` into the header)."""
    return type(
        name,
        (APIException,),
        {
            "status_code": 409,
            "default_detail": (
                f"The {what} is being prepared; ask again after Retry-After seconds."
            ),
            "default_code": "document_not_ready",
            "wait": POLL_SECONDS,
            "__module__": __name__,
        },
    )


def pdf_or_409(document: StoredDocument, not_ready: type[APIException]):
    """The API's answer: the file, or `not_ready` (409 + Retry-After) with the
    render asked for."""
    document = prepared(document)
    if not document.ready:
        raise not_ready
    try:
        return attachment(document)
    except FileNotFoundError:
        raise not_ready from None


class PdfAction:
    """The `pdf` action of an API viewset (/api/v1/<rows>/<pk>/pdf/): the row comes
    from get_object(), so the access policy has scoped it; the viewset says which
    document is the row's (`stored_document`) and which 409 it answers meanwhile
    (`document_not_ready`, made by document_not_ready())."""

    document_not_ready: type[APIException]

    def stored_document(self, row, language: str | None = None) -> StoredDocument:
        """The row's document, in `language` (?lang=; none: its own)."""
        raise NotImplementedError

    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        language = request.query_params.get("lang") or None
        return pdf_or_409(
            self.stored_document(self.get_object(), language), self.document_not_ready
        )
