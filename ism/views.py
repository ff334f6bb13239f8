from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ism import selectors
from ism.access import (
    can_manage,
    can_manage_people,
    convention_or_404,
    get_visible_or_404,
    managed_convention_or_404,
)
from ism.pages import render_form


def home(request):
    from django.utils import timezone

    from ism.todo import counts_by_area, todo_for

    summary = selectors.home_summary(user=request.user)
    today = timezone.localdate()
    todo = todo_for(request.user, today)
    # The navigation's counts from the list just read (other pages read them
    # from the cache, ism.todo.nav_counts).
    summary.update(todo=todo, todo_counts=counts_by_area(todo), today=today)
    return render(request, "ism/home.html", summary)


@login_not_required
def public_index(request):
    return render(
        request,
        "ism/public_index.html",
        {"conventions": selectors.convention_list(user=request.user)},
    )


@login_not_required
def convention_detail(request, code: str):
    convention = convention_or_404(request.user, code)
    committees = selectors.committee_list(user=request.user, convention=convention)
    return render(
        request,
        "ism/convention_detail.html",
        {
            "convention": convention,
            "committees": committees,
            "parties_count": selectors.states_parties(convention=convention).count(),
            # Its vocabulary (issue 17), listed for all, edited by its staff.
            "meeting_kinds": convention.meeting_kinds.all(),
            "obligation_kinds": convention.obligation_kinds.all(),
            "can_manage": can_manage(request.user, convention),
            "can_manage_people": can_manage_people(request.user, convention),
            "history": selectors.history_visible(user=request.user, obj=convention)[
                :50
            ],
        },
    )


@login_not_required
def committee_detail(request, pk: int):
    committee = get_visible_or_404(
        request.user, selectors.committee_list(user=request.user), pk=pk
    )
    return render(
        request,
        "ism/committee_detail.html",
        {
            "committee": committee,
            "history": selectors.history_visible(user=request.user, obj=committee)[:50],
        },
    )


def area_not_built(request, area: str):
    """An area whose capability has not landed yet says so plainly."""
    return render(request, "ism/area_not_built.html", {"area": area}, status=200)


def _broker_status() -> tuple[bool, str]:
    redis_url = settings.REDIS_URL
    if not redis_url:
        return True, _("in-process (no REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(
            redis_url, socket_connect_timeout=2, socket_timeout=2
        ).ping()
    except redis.RedisError as exc:
        return False, f"unreachable: {exc.__class__.__name__}"
    return True, "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Database, broker and PDF engine status; 200 when all are healthy, 503 if not."""
    checks: dict[str, dict] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "engine": connection.vendor}
    except Exception as exc:  # any failure is exactly what a health check reports
        checks["database"] = {"ok": False, "error": exc.__class__.__name__}
    ok, detail = _broker_status()
    checks["broker"] = {"ok": ok, "detail": detail}
    from ism.documents import harfbuzz_subset_library_present

    hb = harfbuzz_subset_library_present()
    checks["pdf"] = {
        "ok": hb,
        "detail": "harfbuzz subsetting available"
        if hb
        else "libharfbuzz-subset missing: PDFs render ~3x slower",
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )


def convention_edit(request, code: str):
    from django.contrib import messages
    from django.shortcuts import redirect

    from ism.forms import ConventionSettingsForm, service_errors_on
    from ism.services import convention_update

    convention = managed_convention_or_404(request.user, code)
    form = ConventionSettingsForm(request.POST or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            convention_update(
                convention=convention, data=form.cleaned_data, actor=request.user
            )
            messages.success(request, _("Settings saved."))
            return redirect("convention-detail", code=convention.code)
    # A rejected form re-renders what the user typed, with the messages beside it.
    convention.refresh_from_db()
    return render_form(
        request,
        "ism/form_page.html",
        {
            "form": form,
            "title": _("Settings of %(code)s") % {"code": convention.code},
            "cancel_url": convention.get_absolute_url(),
        },
    )


@require_POST
def language_set(request):
    """The language menu: Django's set_language (the cookie, back to the page),
    and for a signed-in user their choice kept on their account, for every
    browser and the next visit (ism.middleware.UserLanguageMiddleware)."""
    from django.views.i18n import set_language

    from ism.models import User

    response = set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        # A preference of the interface, not a record of the ISU's work: kept,
        # not audited.
        User.objects.filter(pk=request.user.pk).update(language=chosen)
    return response


def todo_digest(request):
    """The user's choice of the to-do list by e-mail (ism.digest)."""
    from django.shortcuts import redirect

    from ism.digest import user_digest_set
    from ism.forms import DigestForm, save_posted

    form = DigestForm(
        request.POST or None, initial={"todo_digest": request.user.todo_digest}
    )
    saved = save_posted(
        request,
        form,
        lambda data: user_digest_set(
            user=request.user, digest=data["todo_digest"], actor=request.user
        ),
        success=_("Your choice is saved."),
    )
    if saved is not None:
        return redirect("todo-digest")
    return render_form(
        request,
        "ism/todo_digest.html",
        {"form": form, "email": request.user.email},
    )


def state_contact(request, iso3: str, code: str):
    from django.contrib import messages
    from django.shortcuts import redirect

    from ism.access import can_edit_state_data, state_page_or_404
    from ism.forms import StateContactForm
    from ism.models import StateContact
    from ism.services import state_contact_save

    participation = state_page_or_404(request.user, iso3, code)
    state, convention = participation.state, participation.convention
    contact = StateContact.objects.filter(state=state, convention=convention).first()
    can_edit = can_edit_state_data(request.user, state, convention)
    form = StateContactForm(request.POST or None, instance=contact)
    if request.method == "POST":
        if not can_edit:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            state_contact_save(
                state=state,
                convention=convention,
                data=form.cleaned_data,
                actor=request.user,
            )
            messages.success(request, _("Contact details saved."))
            return redirect("state-contact", iso3=state.iso3, code=convention.code)
    return render_form(
        request,
        "ism/state_contact.html",
        {
            "form": form,
            "state": state,
            "convention": convention,
            "contact": contact,
            "can_edit": can_edit,
            "history": selectors.history_visible(user=request.user, obj=contact)[:50]
            if contact
            else [],
        },
    )
