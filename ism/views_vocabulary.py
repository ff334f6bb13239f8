"""A convention's vocabulary on its settings pages (issue 17): its kinds of
meeting and its catalogue of obligations, each row with its words in the six
languages. ISU staff of the convention edit them; no one else (403; a
convention's page anyone may read lists them)."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ism.access import managed_convention_or_404
from ism.forms import save_posted
from ism.models import ObligationKind
from ism.pages import render_form
from ism.vocabulary import (
    MEETING_KIND_FIELDS,
    OBLIGATION_KIND_FIELDS,
    catalogue_row_save,
)
from meetings.models import MeetingKind

CATALOGUES = {
    "meeting-kinds": (MeetingKind, MEETING_KIND_FIELDS),
    "obligations": (ObligationKind, OBLIGATION_KIND_FIELDS),
}


def _form_class(model, fields: list[str], *, adding: bool):
    names = ["code", *fields] if adding else fields
    return forms.modelform_factory(model, fields=names)


def catalogue_row_edit(request, code: str, catalogue: str, pk: int | None = None):
    """Add (no `pk`) or change one row of the convention's `catalogue`."""
    if catalogue not in CATALOGUES:
        raise Http404
    model, fields = CATALOGUES[catalogue]
    convention = managed_convention_or_404(request.user, code)
    if pk is None:
        row, shown = model(convention=convention), model(convention=convention)
    else:
        row = get_object_or_404(model, convention=convention, pk=pk)
        shown = model.objects.get(pk=row.pk)
    # The form parses into its own copy; the service judges and saves the row.
    form_class = _form_class(model, fields, adding=pk is None)
    form = form_class(request.POST or None, instance=shown)
    saved = save_posted(
        request,
        form,
        lambda data: catalogue_row_save(
            row=row, data=data, fields=fields, actor=request.user
        ),
        success=_("Settings saved."),
    )
    if saved is not None:
        return redirect(f"{convention.get_absolute_url()}#vocabulary")
    return render_form(
        request,
        "ism/form_page.html",
        {
            "form": form,
            "title": _("%(row)s (%(code)s)")
            % {
                "row": row if pk is not None else model._meta.verbose_name,
                "code": convention.code,
            },
            "cancel_url": convention.get_absolute_url(),
        },
    )
