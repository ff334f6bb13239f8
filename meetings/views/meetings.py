"""The meetings list, the month calendar, the iCalendar feed and a meeting's page."""

from __future__ import annotations

import calendar as monthcal
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ism import params
from ism import selectors as core
from ism.access import (
    can_audit,
    can_manage,
    can_subscribe_privately,
    focal_states,
    get_visible_or_404,
    managed_conventions,
    require_manage,
)
from ism.calendar_feeds import calendar_feed_create, feed_user
from ism.forms import act_posted, save_posted
from ism.models import Committee, Convention
from ism.translations_page import Item, translations_page
from meetings import ical, rules, selectors, services
from meetings.forms import AgendaItemForm, DelegationForm, MeetingForm
from meetings.models import AgendaItem, Meeting, MeetingKind
from meetings.views.common import form_page, history, meeting_or_404, paginate


def _filters(request, conventions, kinds, today):
    """The list's and calendar's filters, read leniently: a bad value is ignored.
    `?status=` filters by phase on `today` (planned, in session, held…), as the
    badges show it (meetings.rules)."""
    get = request.GET
    by_code = {c.code: c for c in conventions}
    convention = by_code.get((get.get("convention") or "").upper())
    kind = get.get("kind") if get.get("kind") in dict(kinds) else ""
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


def _kind_choices(conventions) -> list[tuple[str, str]]:
    """The kinds the conventions define, once each by code, in the words of the
    first convention that names it (the filter is by code)."""
    choices: dict[str, str] = {}
    for kind in MeetingKind.objects.filter(convention__in=[c.pk for c in conventions]):
        choices.setdefault(kind.code, kind.label)
    return list(choices.items())


def _filter_bar(request, *, keep_out: str) -> tuple[dict, dict]:
    """What the list and the calendar share: the filters, and the page's context
    for the filter bar — the choices it offers, today, and the query without
    `keep_out` (the page, or the month) for the page's own links."""
    today = timezone.localdate()
    conventions = list(core.convention_list(user=request.user))
    kinds = _kind_choices(conventions)
    filters = _filters(request, conventions, kinds, today)
    query = request.GET.copy()
    query.pop(keep_out, None)
    return filters, {
        "filters": filters,
        "today": today,
        "query": query.urlencode(),
        "conventions": conventions,
        "kinds": kinds,
        "statuses": rules.Phase.choices,
        "committees": core.committee_list(user=request.user).filter(
            convention__in=[c.pk for c in conventions]
        ),
        "years": list(range(today.year + 1, 2019, -1)),
    }


@login_not_required
def meeting_index(request):
    filters, context = _filter_bar(request, keep_out="page")
    rows = selectors.meeting_list(user=request.user, **filters).order_by(
        "-start", "-pk"
    )
    return render(
        request,
        "meetings/index.html",
        {
            **context,
            "page": paginate(request, rows),
            "can_create_in": list(managed_conventions(request.user)),
            "feeds": [
                c
                for c in context["conventions"]
                if can_subscribe_privately(request.user, c)
            ],
        },
    )


def _month(request, today: dt.date) -> dt.date:
    return params.query_month(request, default=today.replace(day=1))


@login_not_required
def meeting_calendar(request):
    filters, context = _filter_bar(request, keep_out="month")
    filters.pop("year")
    first = _month(request, context["today"])
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
    return render(
        request,
        "meetings/calendar.html",
        {
            **context,
            "first": first,
            "grid": grid,
            "weekdays": [monthcal.day_abbr[i] for i in range(7)],
            "previous": previous,
            "following": following,
            "in_month": [m for m in rows if m.end >= first and m.start < following],
        },
    )


@login_not_required
def meeting_ics(request, code: str):
    """The convention's meetings as an iCalendar feed.

    Without a token it is what the reader sees: to a calendar program (never
    signed in) the convention's public meetings. With a private link's token
    (ism.calendar_feeds: made on the meetings page, revocable on the tokens page,
    dead with its user's role) it is what that user sees."""
    convention = get_object_or_404(Convention, code=code.upper())
    user = request.user
    token = request.GET.get("token")
    if token:
        user = feed_user(token, convention)
        if user is None:
            raise Http404(
                _(
                    "This calendar link does not exist or no longer works: make a "
                    "new one on the meetings page."
                )
            )
    meetings = selectors.meeting_list(user=user, convention=convention).order_by(
        "start", "pk"
    )
    body = ical.calendar(
        meetings,
        name=f"{convention.code} meetings",
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{convention.code}-meetings.ics"
    )
    private = bool(token) or user.is_authenticated
    response["Cache-Control"] = "private, max-age=300" if private else "max-age=300"
    return response


@require_POST
@never_cache
def calendar_feed_new(request, code: str):
    """Make a private calendar link; its address is shown once, on this answer."""
    convention = get_object_or_404(Convention, code=code.upper())
    _feed, secret = calendar_feed_create(user=request.user, convention=convention)
    url = request.build_absolute_uri(
        reverse("meetings:ics", args=[convention.code]) + "?token=" + secret
    )
    return render(
        request,
        "meetings/calendar_feed_created.html",
        {"convention": convention, "url": url},
    )


def meeting_create(request):
    convention = get_object_or_404(
        managed_conventions(request.user),
        code=params.query_code(request, "convention").upper(),
    )
    return form_page(
        request,
        form=MeetingForm(request.POST or None, convention=convention),
        save=lambda data: services.meeting_create(
            convention=convention, data=data, actor=request.user
        ),
        success=_("Meeting recorded."),
        title=_("New meeting of the %(code)s") % {"code": convention.code},
        cancel_url=reverse("meetings:index"),
    )


def meeting_edit(request, pk: int):
    meeting = meeting_or_404(request, pk)
    require_manage(request.user, meeting.convention_id)
    return form_page(
        request,
        form=MeetingForm(
            request.POST or None, instance=meeting, convention=meeting.convention
        ),
        save=lambda data: services.meeting_update(
            meeting=meeting, data=data, actor=request.user
        ),
        success=_("Meeting saved."),
        title=_("Edit %(title)s") % {"title": meeting.title},
        cancel_url=meeting.get_absolute_url(),
    )


def meeting_translations(request, pk: int):
    """The translations of the meeting's title and agenda (ism.translations_page)."""
    meeting = meeting_or_404(request, pk)
    require_manage(request.user, meeting.convention_id)
    items = [Item(_("Title"), meeting)]
    items += [
        Item(f"{_('Agenda item')} {item.number}", item)
        for item in meeting.agenda_items.order_by("sort_key")
    ]
    return translations_page(
        request,
        owner=meeting,
        items=items,
        title=_("Translations of %(title)s") % {"title": meeting.title},
        back_url=meeting.get_absolute_url(),
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
        "meeting_items": [meeting],
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
        "history": history(request, meeting),
    }


def detail_page(request, meeting: Meeting, **refused_form):
    """The meeting's page; with a form of it the service refused (`agenda_form=`,
    `delegation_form=`), that form again with the reasons: 400."""
    context = _detail_context(request, meeting, **refused_form)
    return render(
        request, "meetings/detail.html", context, status=400 if refused_form else 200
    )


@login_not_required
def meeting_detail(request, pk: int):
    meeting = meeting_or_404(request, pk)
    return detail_page(request, meeting)


@require_POST
def meeting_status(request, pk: int):
    meeting = get_visible_or_404(request.user, Meeting.objects.all(), pk=pk)
    act_posted(
        request,
        lambda: services.meeting_set_status(
            meeting=meeting, status=request.POST.get("status", ""), actor=request.user
        ),
        success=_("Status changed."),
    )
    return redirect(meeting)


@require_POST
def agenda_add(request, pk: int):
    meeting = meeting_or_404(request, pk)
    form = AgendaItemForm(request.POST)
    saved = save_posted(
        request,
        form,
        lambda data: services.agenda_item_save(
            meeting=meeting, actor=request.user, **data
        ),
        success=_("Agenda item added."),
    )
    if saved:
        return redirect(saved)
    return detail_page(request, meeting, agenda_form=form)


def agenda_edit(request, pk: int, item_pk: int):
    meeting = get_visible_or_404(request.user, Meeting.objects.all(), pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    require_manage(request.user, meeting.convention_id)
    return form_page(
        request,
        form=AgendaItemForm(request.POST or None, instance=item),
        save=lambda data: services.agenda_item_save(
            meeting=meeting, item=item, actor=request.user, **data
        ),
        success=_("Agenda item saved."),
        title=_("Agenda item %(number)s") % {"number": item.number},
        cancel_url=meeting.get_absolute_url(),
    )


@require_POST
def agenda_delete(request, pk: int, item_pk: int):
    meeting = get_visible_or_404(request.user, Meeting.objects.all(), pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    services.agenda_item_delete(item=item, actor=request.user)
    messages.success(request, _("Agenda item removed."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")
