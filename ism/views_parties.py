"""Parties in bulk (ism.parties_import): the convention's ISU staff upload the
participation table, see what it would record, then confirm."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ism.access import managed_convention_or_404
from ism.forms import TextUploadForm, upload_confirmed, upload_previewed
from ism.parties_import import memberships_import, memberships_read
from ism.selectors import members_of
from ism.translated import text_in


class PartiesUpload(TextUploadForm):
    file = forms.FileField(
        label=gettext_lazy("Participation table (CSV)"),
        help_text=gettext_lazy(
            "As the UN Treaty Collection publishes it: participant, signature, "
            "then one column per instrument with the date of consent and its "
            'mark ("a" accession, "A" acceptance, "AA" approval, "d" '
            "succession). A header row first."
        ),
    )


def _labelled(instruments):
    """Each instrument with `label`, its name in the page's language (staff's
    translation, else the original)."""
    language = get_language()
    for instrument in instruments:
        instrument.label = text_in(instrument, "name", language)[0]
    return instruments


def _instruments(convention, today):
    instruments = _labelled(list(convention.instruments.order_by("-is_base", "order")))
    return [(i, members_of(i, on=today).count()) for i in instruments]


def _recorded(done) -> str:
    return _(
        "%(states)d State(s): %(new)d membership(s) recorded, "
        "%(changed)d changed, %(same)d already in ISM."
    ) % {
        "states": done.states,
        "new": done.count("new"),
        "changed": done.count("changed"),
        "same": done.count("same"),
    }


@require_http_methods(["GET", "POST"])
def parties_import(request, code: str):
    convention = managed_convention_or_404(request.user, code)
    action = request.POST.get("action")
    upload = PartiesUpload()
    context = {"convention": convention, "upload": upload}
    status = 200 if request.method == "GET" or action == "preview" else 400

    def read(text):
        preview = memberships_read(convention=convention, csv_text=text)
        _labelled(preview.instruments)
        return preview

    def record(text):
        return memberships_import(
            convention=convention, csv_text=text, actor=request.user
        )

    if action == "preview":
        upload = PartiesUpload(request.POST, request.FILES)
        status = upload_previewed(upload, read, context)
    elif action == "confirm":
        status = 400
        if upload_confirmed(request, upload, record, _recorded) is not None:
            return redirect("parties-import", convention.code)
    today = timezone.localdate()
    context.update(instruments=_instruments(convention, today), today=today)
    # A preview is a 200; a refused file or confirmation, a 400.
    return render(request, "ism/parties_import.html", context, status=status)
