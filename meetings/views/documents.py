"""Meeting documents: their page, uploads (staff), and the authorised download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ism.access import can_manage, get_visible_or_404, require_manage, visible
from ism.forms import save_posted
from ism.uploads import max_upload_bytes, serve_upload
from meetings import services
from meetings.forms import DocumentFileForm, DocumentForm
from meetings.models import DocumentFile, Meeting, MeetingDocument
from meetings.views.common import form_page, history


def _meeting(request, pk: int) -> Meeting:
    return get_visible_or_404(
        request.user,
        Meeting.objects.select_related("convention", "committee", "kind_row"),
        pk=pk,
    )


def _document(request, meeting: Meeting, doc_pk: int) -> MeetingDocument:
    files = visible(request.user, DocumentFile.objects.order_by("language"))
    return get_visible_or_404(
        request.user,
        MeetingDocument.objects.filter(meeting=meeting)
        .select_related("agenda_item", "meeting__convention")
        .prefetch_related(Prefetch("files", files)),
        pk=doc_pk,
    )


def document_create(request, pk: int):
    meeting = _meeting(request, pk)
    require_manage(request.user, meeting.convention_id)
    return form_page(
        request,
        form=DocumentForm(request.POST or None, meeting=meeting),
        save=lambda data: services.document_create(
            meeting=meeting, data=data, actor=request.user
        ),
        success=_("Document recorded: now upload its files."),
        title=_("New document for %(title)s") % {"title": meeting.title},
        cancel_url=f"{meeting.get_absolute_url()}#documents",
    )


def _render_document(
    request, meeting, document, *, form=None, file_form=None, status=200
):
    manage = can_manage(request.user, meeting.convention_id)
    return render(
        request,
        "meetings/document.html",
        {
            "meeting": meeting,
            "document": document,
            "can_manage": manage,
            "form": form
            or (DocumentForm(instance=document, meeting=meeting) if manage else None),
            "file_form": file_form or (DocumentFileForm() if manage else None),
            "max_bytes": max_upload_bytes(),
            "history": history(request, document),
        },
        status=status,
    )


@login_not_required
def document_detail(request, pk: int, doc_pk: int):
    meeting = _meeting(request, pk)
    document = _document(request, meeting, doc_pk)
    if request.method != "POST":
        return _render_document(request, meeting, document)
    require_manage(request.user, meeting.convention_id)
    form = DocumentForm(request.POST, instance=document, meeting=meeting)
    saved = save_posted(
        request,
        form,
        lambda data: services.document_update(
            document=document, data=data, actor=request.user
        ),
        success=_("Document saved."),
    )
    if saved:
        return redirect(saved)
    return _render_document(request, meeting, document, form=form, status=400)


@require_POST
def document_upload(request, pk: int, doc_pk: int):
    meeting = _meeting(request, pk)
    document = _document(request, meeting, doc_pk)
    require_manage(request.user, meeting.convention_id)
    form = DocumentFileForm(request.POST, request.FILES)
    stored = save_posted(
        request,
        form,
        lambda data: services.document_file_upload(
            document=document,
            language=data["language"],
            upload=data["file"],
            actor=request.user,
        ),
        success=_("File stored."),
    )
    if stored:
        return redirect(document)
    document = _document(request, meeting, doc_pk)
    return _render_document(request, meeting, document, file_form=form, status=400)


@require_POST
def document_file_remove(request, pk: int, doc_pk: int, file_pk: int):
    meeting = _meeting(request, pk)
    document = _document(request, meeting, doc_pk)
    stored = document.files.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    services.document_file_delete(file=stored, actor=request.user)
    messages.success(request, _("File removed."))
    return redirect(document)


@require_POST
def document_remove(request, pk: int, doc_pk: int):
    meeting = _meeting(request, pk)
    document = _document(request, meeting, doc_pk)
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("Document removed."))
    return redirect(f"{reverse('meetings:detail', args=[meeting.pk])}#documents")


@login_not_required
def document_download(request, file_pk: int):
    """A document's file, to whoever may see it: a restricted document is a 404 for
    everyone but the convention's staff and the committee's members."""
    stored = get_visible_or_404(
        request.user, DocumentFile.objects.select_related("document"), pk=file_pk
    )
    return serve_upload(stored, public=stored.document.is_public)
