"""The meetings list, the month calendar, the iCalendar feed and a meeting's page."""

from __future__ import annotations

import calendar as monthcal
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ism import params
from ism import selectors as core
from ism.access import (
    can_audit,
    can_manage,
    focal_states,
    get_visible_or_404,
    managed_conventions,
)
from ism.forms import add_service_errors
from ism.models import Committee, Convention, User
from meetings import ical, rules, selectors, services
from meetings.forms import AgendaItemForm, DelegationForm, MeetingForm
from meetings.models import AgendaItem, Meeting
from meetings.views.common import form_page, paginate

ICS_SALT = "meetings.ics-feed"


def _filters(request, conventions, today):
    """The list's and calendar's filters, read leniently: a bad value is ignored.
    `?status=` filters by phase on `today` (planned, in session, held…), as the
    badges show it (meetings.rules)."""
    get = request.GET
    by_code = {c.code: c for c in conventions}
    convention = by_code.get((get.get("convention") or "").upper())
    kind = get.get("kind") if get.get("kind") in Meeting.Kind.values else ""
    phase = get.get("status") if get.get("status") in rules.Phase.values else ""
    year = params.query_year(request)
    committee = None
    if committee_pk := params.query_id(request, "committee"):
        committee = Committee.objects.filter(pk=committee_pk).first()
    return {
        "convention": convention,
        "kind": kind,
        "phase": phase,
        "today": today,
        "year": year,
        "committee": committee,
    }


def _filter_choices(user, conventions):
    committees = core.committee_list(user=user).filter(
        convention__in=[c.pk for c in conventions]
    )
    return {
        "conventions": conventions,
        "kinds": Meeting.Kind.choices,
        "statuses": rules.Phase.choices,
        "committees": committees,
        "years": list(range(timezone.localdate().year + 1, 2019, -1)),
    }


@login_not_required
def meeting_index(request):
    today = timezone.localdate()
    conventions = list(core.convention_list(user=request.user))
    filters = _filters(request, conventions, today)
    rows = selectors.meeting_list(user=request.user, **filters).order_by(
        "-start", "-pk"
    )
    page = paginate(request, rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/index.html",
        {
            "page": page,
            "filters": filters,
            "today": today,
            "query": query.urlencode(),
            "can_create_in": list(managed_conventions(request.user)),
            "feeds": [
                (c, feed_token(request.user, c))
                for c in conventions
                if can_audit(request.user, c)
            ],
            **_filter_choices(request.user, conventions),
        },
    )


def _month(request, today: dt.date) -> dt.date:
    return params.query_month(request, default=today.replace(day=1))


@login_not_required
def meeting_calendar(request):
    today = timezone.localdate()
    conventions = list(core.convention_list(user=request.user))
    filters = _filters(request, conventions, today)
    filters.pop("year")
    first = _month(request, today)
    weeks = monthcal.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month
    )
    rows = list(
        selectors.meeting_list(
            user=request.user, start=weeks[0][0], end=weeks[-1][-1], **filters
        ).order_by("start", "pk")
    )
    grid = [
        [(day, [m for m in rows if m.start <= day <= m.end]) for day in week]
        for week in weeks
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "meetings/calendar.html",
        {
            "first": first,
            "grid": grid,
            "weekdays": [monthcal.day_abbr[i] for i in range(7)],
            "previous": previous,
            "following": following,
            "filters": filters,
            "query": query.urlencode(),
            "today": today,
            "in_month": [m for m in rows if m.end >= first and m.start < following],
            **_filter_choices(request.user, conventions),
        },
    )


def feed_token(user, convention: Convention) -> str:
    return signing.dumps({"u": user.pk, "c": convention.code}, salt=ICS_SALT)


@login_not_required
def meeting_ics(request, code: str):
    """The convention's meetings as an iCalendar feed, for the ISU's calendars.

    Calendar programs cannot log in: they subscribe with the signed link shown to
    staff on the meetings page. The link names its user, whose roles are checked
    at every fetch, so it stops working when they leave the ISU."""
    convention = get_object_or_404(Convention, code=code.upper())
    user = request.user
    token = request.GET.get("token")
    if token:
        try:
            claim = signing.loads(token, salt=ICS_SALT)
        except signing.BadSignature:
            raise PermissionDenied(_("This calendar link is not valid.")) from None
        if claim.get("c") != convention.code:
            raise PermissionDenied(_("This calendar link is not valid."))
        user = User.objects.filter(pk=claim.get("u"), is_active=True).first()
    elif not user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.get_full_path()}")
    if user is None or not can_audit(user, convention):
        raise PermissionDenied(_("The calendar feed is for the ISU's staff."))
    meetings = selectors.meeting_list(user=user, convention=convention).order_by(
        "start", "pk"
    )
    body = ical.calendar(
        meetings,
        name=f"{convention.code} meetings",
        host=request.get_host().split(":")[0],
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="{convention.code}-meetings.ics"'
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def meeting_create(request):
    convention = get_object_or_404(
        managed_conventions(request.user),
        code=params.query_code(request, "convention").upper(),
    )
    form = MeetingForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                convention=convention, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title=_("New meeting of the %(code)s") % {"code": convention.code},
        cancel_url=reverse("meetings:index"),
        status=400 if request.method == "POST" else 200,
    )


def meeting_edit(request, pk: int):
    meeting = get_visible_or_404(
        request.user, selectors.meeting_detail_queryset(user=request.user), pk=pk
    )
    if not can_manage(request.user, meeting.convention_id):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None, instance=meeting, convention=meeting.convention
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    return form_page(
        request,
        form=form,
        title=_("Edit %(title)s") % {"title": meeting.title},
        cancel_url=meeting.get_absolute_url(),
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request, meeting: Meeting, **forms) -> dict:
    user = request.user
    manage = can_manage(user, meeting.convention_id)
    own_states = focal_states(user, meeting.convention_id)
    delegations = selectors.delegations(user=user, meeting=meeting)
    registered_states = {d.state_id for d in delegations if d.state_id}
    deadline = (
        selectors.circulation_deadline(meeting) if meeting.adopts_budget else None
    )
    today = timezone.localdate()
    phase = rules.phase(meeting, today)
    registration_open = rules.registration_open(meeting, today)
    programmes = list(selectors.programme_list(user=user).filter(meetings=meeting))
    return {
        "meeting": meeting,
        "today": today,
        "phase": phase,
        "registration_open": registration_open,
        "registration_message": rules.registration_message(meeting, today)
        if meeting.is_public_kind
        else "",
        "presiding": selectors.presiding_officer(meeting),
        "agenda": selectors.agenda(user=user, meeting=meeting),
        "documents": selectors.documents(user=user, meeting=meeting),
        "delegations": delegations,
        "can_manage": manage,
        "can_read_all": can_audit(user, meeting.convention_id),
        "attendance": selectors.attendance(meeting)
        if can_audit(user, meeting.convention_id)
        else None,
        "deadline": deadline,
        "deadline_days": (deadline - today).days if deadline else None,
        "own_states": own_states,
        "registrable_states": [
            s
            for s in core.states_parties(convention=meeting.convention).filter(
                pk__in=own_states
            )
            if s.pk not in registered_states
        ]
        if registration_open and meeting.is_public_kind
        else [],
        "programmes": programmes,
        "own_applications": list(selectors.applications(user=user, meeting=meeting))
        if own_states or can_audit(user, meeting.convention_id)
        else [],
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(),
        "delegation_form": forms.get("delegation_form") or DelegationForm(),
        "statuses": Meeting.Status,
        "history": core.history_visible(user=user, obj=meeting)[:30],
    }


@login_not_required
def meeting_detail(request, pk: int):
    meeting = get_visible_or_404(
        request.user, selectors.meeting_detail_queryset(user=request.user), pk=pk
    )
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@require_POST
def meeting_status(request, pk: int):
    meeting = get_visible_or_404(request.user, Meeting.objects.all(), pk=pk)
    try:
        services.meeting_set_status(
            meeting=meeting, status=request.POST.get("status", ""), actor=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed."))
    return redirect(meeting)


@require_POST
def agenda_add(request, pk: int):
    meeting = get_visible_or_404(
        request.user, selectors.meeting_detail_queryset(user=request.user), pk=pk
    )
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_save(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Agenda item added."))
            return redirect(f"{meeting.get_absolute_url()}#agenda")
    context = _detail_context(request, meeting, agenda_form=form)
    return render(request, "meetings/detail.html", context, status=400)


def agenda_edit(request, pk: int, item_pk: int):
    meeting = get_visible_or_404(request.user, Meeting.objects.all(), pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    if not can_manage(request.user, meeting.convention_id):
        raise PermissionDenied
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_save(
                meeting=meeting, item=item, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Agenda item saved."))
            return redirect(f"{meeting.get_absolute_url()}#agenda")
    return form_page(
        request,
        form=form,
        title=_("Agenda item %(number)s") % {"number": item.number},
        cancel_url=meeting.get_absolute_url(),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def agenda_delete(request, pk: int, item_pk: int):
    meeting = get_visible_or_404(request.user, Meeting.objects.all(), pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    services.agenda_item_delete(item=item, actor=request.user)
    messages.success(request, _("Agenda item removed."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")
