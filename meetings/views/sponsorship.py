"""The Sponsorship Programme: programmes, applications and the donors' decisions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ism import params
from ism.access import (
    can_audit,
    can_manage,
    focal_points_of,
    focal_states,
    get_visible_or_404,
    managed_conventions,
    require_manage,
    visible,
)
from ism.forms import save_posted
from ism.pages import render_form
from meetings import rules, selectors, services
from meetings.forms import ApplicationForm, DecisionForm, ProgrammeForm
from meetings.models import KeyObligation, Participant, SponsorshipApplication
from meetings.views.common import form_page, history, paginate


def _programme(request, pk: int):
    return get_visible_or_404(
        request.user, selectors.programme_list(user=request.user), pk=pk
    )


def programme_index(request):
    today = timezone.localdate()
    programmes = list(selectors.programme_list(user=request.user))
    return render(
        request,
        "meetings/programmes.html",
        {
            "programmes": [
                (
                    p,
                    selectors.sponsorship_statistics(p)
                    if can_audit(request.user, p.convention_id)
                    else None,
                    p.takes_applications(today),
                )
                for p in programmes
            ],
            "own_applications": list(
                selectors.applications(user=request.user).filter(
                    participant__delegation__state_id__in={
                        state for state, _convention in focal_points_of(request.user)
                    }
                )
            ),
            "can_create_in": list(managed_conventions(request.user)),
        },
    )


def programme_detail(request, pk: int):
    programme = _programme(request, pk)
    reads_all = can_audit(request.user, programme.convention_id)
    status = request.GET.get("status")
    if status not in SponsorshipApplication.Status.values:
        status = None
    rows = selectors.applications(user=request.user, programme=programme, status=status)
    today = timezone.localdate()
    return render(
        request,
        "meetings/programme.html",
        {
            "programme": programme,
            "today": today,
            "takes_applications": programme.takes_applications(today),
            "closed_message": rules.programme_message(
                programme.open_for_applications, programme.meetings.all(), today
            ),
            "stats": selectors.sponsorship_statistics(programme) if reads_all else None,
            "page": paginate(request, rows, 50),
            "status": status,
            "query": f"status={status}" if status else "",
            "statuses": SponsorshipApplication.Status.choices,
            "can_manage": can_manage(request.user, programme.convention_id),
            "can_apply": bool(focal_states(request.user, programme.convention_id))
            or can_manage(request.user, programme.convention_id),
            "history": history(request, programme),
        },
    )


def _programme_form_page(request, *, convention, programme=None):
    initial = None
    if programme is not None:
        initial = {
            "name": programme.name,
            "meetings": list(programme.meetings.all()),
            "budget": programme.budget.amount,
            "target_delegates": programme.target_delegates,
            "open_for_applications": programme.open_for_applications,
        }
    return form_page(
        request,
        form=ProgrammeForm(
            request.POST or None, initial=initial, convention=convention
        ),
        save=lambda data: services.programme_save(
            convention=convention, programme=programme, data=data, actor=request.user
        ),
        success=_("Programme saved."),
        title=programme.name if programme else _("New sponsorship programme"),
        cancel_url=programme.get_absolute_url()
        if programme
        else reverse("meetings:programmes"),
    )


def programme_create(request):
    convention = get_object_or_404(
        managed_conventions(request.user),
        code=params.query_code(request, "convention").upper(),
    )
    return _programme_form_page(request, convention=convention)


def programme_edit(request, pk: int):
    programme = _programme(request, pk)
    require_manage(request.user, programme.convention_id)
    return _programme_form_page(
        request, convention=programme.convention, programme=programme
    )


def _applicable_participants(user, programme, today):
    """Delegates the user may apply for: registered members of a State's delegation
    to a meeting the programme funds, without an application yet — for a focal
    point, of their own State only, to a meeting whose registration is open."""
    people = visible(user, Participant.objects.all()).filter(
        delegation__meeting__in=programme.meetings.all(),
        delegation__state__isnull=False,
        sponsorship_application__isnull=True,
    )
    if not can_manage(user, programme.convention_id):
        people = people.filter(
            rules.registration_open_q(today, prefix="delegation__meeting__"),
            delegation__state_id__in=focal_states(user, programme.convention_id),
        )
    return people.select_related("delegation__state", "delegation__meeting").order_by(
        "delegation__meeting__start", "delegation__state__name", "family_name"
    )


def application_create(request, pk: int):
    programme = _programme(request, pk)
    staff = can_manage(request.user, programme.convention_id)
    if not (staff or focal_states(request.user, programme.convention_id)):
        raise PermissionDenied
    today = timezone.localdate()
    closed = (
        ""
        if staff
        else rules.programme_message(
            programme.open_for_applications, programme.meetings.all(), today
        )
    )
    title = _("Apply to the %(name)s") % {"name": programme.name}
    if closed:
        # A closed programme says so and offers nothing to submit; a POST is
        # refused with the same words.
        return form_page(
            request,
            form=None,
            title=title,
            cancel_url=programme.get_absolute_url(),
            closed=closed,
        )
    participants = _applicable_participants(request.user, programme, today)
    return form_page(
        request,
        form=ApplicationForm(
            request.POST or None,
            participants=participants,
            currency=programme.currency,
            initial={"participant": params.query_id(request, "participant")},
        ),
        save=lambda data: services.sponsorship_apply(
            programme=programme,
            participant=data["participant"],
            data={k: v for k, v in data.items() if k != "participant"},
            actor=request.user,
        ),
        success=_("Application sent to the ISU."),
        title=title,
        cancel_url=programme.get_absolute_url(),
        intro=_(
            "Register the delegate in your State's delegation to the meeting first; "
            "they then appear in the list below."
        )
        if not participants.exists()
        else "",
    )


def application_detail(request, pk: int):
    """An application: its State's focal points and the ISU see it, and another
    State's focal point gets a 404. Staff record the donors' group's decision."""
    application = get_visible_or_404(
        request.user, selectors.applications(user=request.user), pk=pk
    )
    programme = application.programme
    form = None
    if can_manage(request.user, programme.convention_id):
        initial = {"version": services.decision_version(application)}
        if application.status in SponsorshipApplication.DECISIONS:
            initial["decision"] = application.status
        form = DecisionForm(request.POST or None, initial=initial)
        decided = save_posted(
            request,
            form,
            lambda data: services.sponsorship_decide(
                application=application, actor=request.user, **data
            ),
            success=_("Decision recorded."),
        )
        if decided:
            return redirect(decided)
    elif request.method == "POST":
        raise PermissionDenied
    obligations = KeyObligation.objects.filter(
        convention_id=programme.convention_id, state=application.state
    ).select_related("kind_row")
    return render_form(
        request,
        "meetings/application.html",
        {
            "application": application,
            "programme": programme,
            "form": form,
            "obligations": obligations,
            "available": programme.budget - services.sponsorship.committed(programme),
            "history": history(request, application),
        },
    )
