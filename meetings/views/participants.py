"""Delegations and their people; the published list of participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ism.access import (
    can_act_for_state,
    can_audit,
    can_manage,
    get_visible_or_404,
    visible,
)
from ism.document_languages import requested_language
from ism.forms import act_posted, save_posted
from ism.models import State
from ism.spreadsheets import XLSX_CONTENT_TYPE
from ism.stored_documents import serve_or_preparing
from meetings import exports, rules, selectors, services
from meetings.forms import DelegationForm, ParticipantForm
from meetings.models import Delegation, Meeting, Participant
from meetings.views.common import form_page, history, meeting_or_404
from meetings.views.meetings import detail_page


def _delegation(request, meeting: Meeting, delegation_pk: int) -> Delegation:
    people = visible(request.user, Participant.objects.all()).select_related(
        "sponsorship_application"
    )
    return get_visible_or_404(
        request.user,
        Delegation.objects.filter(meeting=meeting)
        .select_related("state")
        .prefetch_related(Prefetch("participants", people)),
        pk=delegation_pk,
    )


def _participant(request, delegation: Delegation, participant_pk: int) -> Participant:
    return get_visible_or_404(
        request.user,
        Participant.objects.filter(delegation=delegation),
        pk=participant_pk,
    )


def _registers_for(user, meeting: Meeting, delegation: Delegation) -> bool:
    """Whether the user registers this delegation's people at all: the ISU's staff,
    or a focal point of its State for an open meeting — while registration is open
    (services.participants decides that, with its message)."""
    if can_manage(user, meeting.convention_id):
        return True
    return (
        delegation.state_id is not None
        and can_act_for_state(user, delegation.state_id, meeting.convention_id)
        and meeting.is_public_kind
    )


def _can_register(user, meeting: Meeting, delegation: Delegation, today) -> bool:
    """Whether the page offers the form: staff always (the list of participants is
    completed after the fact), a focal point while registration is open."""
    if can_manage(user, meeting.convention_id):
        return True
    return _registers_for(user, meeting, delegation) and rules.registration_open(
        meeting, today
    )


def _may_register_now(user, meeting: Meeting, delegation: Delegation) -> bool:
    """Whether the user may register this delegation's people today: not once a
    focal point's registration has closed (the delegation's page says why); a 403
    for whoever never registers them."""
    if not _registers_for(user, meeting, delegation):
        raise PermissionDenied
    return _can_register(user, meeting, delegation, timezone.localdate())


@require_POST
def delegation_register(request, pk: int):
    """A focal point registers their own State's delegation (the State is named in
    the form: another State's is refused); ISU staff register any State or an
    organisation."""
    meeting = meeting_or_404(request, pk)
    if can_manage(request.user, meeting.convention_id):
        form = DelegationForm(request.POST)
        if not form.is_valid():
            return detail_page(request, meeting, delegation_form=form)
        state, organisation = (
            form.cleaned_data["state"],
            form.cleaned_data["organisation"],
        )
    else:
        state = get_object_or_404(State, iso3=(request.POST.get("state") or "").upper())
        organisation = ""
    delegation = act_posted(
        request,
        lambda: services.delegation_register(
            meeting=meeting, state=state, organisation=organisation, actor=request.user
        ),
    )
    if delegation is None:
        return redirect(f"{meeting.get_absolute_url()}#participants")
    messages.success(
        request,
        _("Delegation of %(name)s registered: add its members.")
        % {"name": delegation.name},
    )
    return redirect(delegation)


def _render_delegation(request, meeting, delegation, *, form=None, status=200):
    today = timezone.localdate()
    can_register = _can_register(request.user, meeting, delegation, today)
    registers_for = _registers_for(request.user, meeting, delegation)
    own = registers_for or can_audit(request.user, meeting.convention_id)
    return render(
        request,
        "meetings/delegation.html",
        {
            "meeting": meeting,
            "delegation": delegation,
            "people": list(delegation.participants.all()),
            "can_register": can_register,
            # A focal point whose registration has closed is told so, with no form.
            "registration_message": rules.registration_message(meeting, today)
            if registers_for and meeting.is_public_kind
            else "",
            "registration_open": rules.registration_open(meeting, today),
            "sees_details": own,
            "form": form or (ParticipantForm() if can_register else None),
            # Where a registered delegate can be put forward for sponsorship.
            "apply_to": selectors.programme_list(user=request.user)
            .filter(meetings=meeting, open_for_applications=True)
            .first()
            if can_register and delegation.state_id
            else None,
            "history": history(request, delegation),
        },
        status=status,
    )


@login_not_required
def delegation_detail(request, pk: int, delegation_pk: int):
    meeting = meeting_or_404(request, pk)
    delegation = _delegation(request, meeting, delegation_pk)
    if request.method != "POST":
        return _render_delegation(request, meeting, delegation)
    if not _may_register_now(request.user, meeting, delegation):
        # Refused: the page says why (the reason the service would give).
        return _render_delegation(request, meeting, delegation, status=400)
    form = ParticipantForm(request.POST)
    person = save_posted(
        request,
        form,
        lambda data: services.participant_add(
            delegation=delegation, data=data, actor=request.user
        ),
    )
    if person:
        messages.success(
            request, _("%(name)s registered.") % {"name": person.full_name}
        )
        return redirect(delegation)
    return _render_delegation(request, meeting, delegation, form=form, status=400)


def participant_edit(request, pk: int, delegation_pk: int, participant_pk: int):
    meeting = meeting_or_404(request, pk)
    delegation = _delegation(request, meeting, delegation_pk)
    person = _participant(request, delegation, participant_pk)
    if not _may_register_now(request.user, meeting, delegation):
        # The delegation's page says why registration is closed.
        return redirect(delegation)
    return form_page(
        request,
        form=ParticipantForm(request.POST or None, instance=person),
        save=lambda data: services.participant_update(
            participant=person, data=data, actor=request.user
        ),
        success=_("Saved."),
        title=_("%(name)s — delegation of %(delegation)s")
        % {"name": person.full_name, "delegation": delegation.name},
        cancel_url=delegation.get_absolute_url(),
    )


@require_POST
def participant_remove(request, pk: int, delegation_pk: int, participant_pk: int):
    meeting = meeting_or_404(request, pk)
    delegation = _delegation(request, meeting, delegation_pk)
    person = _participant(request, delegation, participant_pk)
    act_posted(
        request,
        lambda: services.participant_remove(participant=person, actor=request.user),
        success=_("%(name)s removed.") % {"name": person.full_name},
    )
    return redirect(delegation)


@login_not_required
def participants_xlsx(request, pk: int):
    meeting = meeting_or_404(request, pk)
    response = HttpResponse(
        exports.participants_xlsx(meeting),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(
        True, exports.participants_filename(meeting, "xlsx")
    )
    return response


@login_not_required
def participants_pdf(request, pk: int):
    """The PDF is rendered by a task (WeasyPrint never runs in a web request);
    until it is stored the page says it is being prepared and looks again."""
    meeting = meeting_or_404(request, pk)
    return serve_or_preparing(
        request,
        # ?lang= one of the six; else the page's language.
        exports.participants_pdf_stored(
            meeting, requested_language(request, request.LANGUAGE_CODE)
        ),
        title=_("List of participants: %(meeting)s") % {"meeting": meeting.title},
        what=_("The list of participants"),
        back_url=f"{meeting.get_absolute_url()}#participants",
        back_label=_("Back to the meeting"),
    )
