"""The review page: members of the Coordinating Committee read the submitted plan,
comment on any statement (or on the plan as a whole), follow the ISU's answers,
resolve or reopen threads, and approve the plan or send it back.

The ISU answers from here or from the edit page, where open comments sit beside
the statements; each form says where to come back to (`next`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ism import params
from ism.access import get_visible_or_404
from ism.forms import service_errors_to_messages
from workplans import selectors, services
from workplans.forms import CommentForm, ReplyForm, RequestChangesForm
from workplans.models import Result, ReviewThread
from workplans.views.common import allowed, plan_or_404, safe_next, tree_plan_or_404
from workplans.views.edit_page import Bound, render_edit

PLAN = "plan"  # the prefix of the comment form on the plan as a whole


def render_review(request, pk: int, *, bound: Bound | None = None, status=200):
    plan = tree_plan_or_404(request, pk)
    may = allowed(request.user, plan)
    if not may.see_review:
        raise PermissionDenied(
            _("The review is between the Coordinating Committee and the ISU.")
        )
    bound = bound or Bound()
    tree = selectors.workplan_tree(plan)
    threads = selectors.workplan_threads(user=request.user, workplan=plan)

    def reply_form(thread):
        return bound.form(
            ("reply", thread.pk),
            lambda data, t=thread: ReplyForm(data, prefix=f"t{t.pk}"),
        )

    areas = []
    for area in tree.areas:
        rows = []
        for node in area.results:
            pk_ = node.result.pk
            rows.append(
                {
                    "node": node,
                    "threads": [(t, reply_form(t)) for t in threads.for_result(pk_)],
                    "open": len(threads.open_for(pk_)),
                    "form": bound.form(
                        ("comment", pk_),
                        lambda data, pk_=pk_: CommentForm(data, prefix=f"c{pk_}"),
                    ),
                    "commenting": bound.has(("comment", pk_)),
                }
            )
        areas.append({"area": area, "rows": rows})
    only_open = request.GET.get("open") == "1"
    if only_open:
        for area in areas:
            area["rows"] = [row for row in area["rows"] if row["open"]]
        areas = [area for area in areas if area["rows"]]
    return render(
        request,
        "workplans/review.html",
        {
            "workplan": plan,
            "may": may,
            "areas": areas,
            "only_open": only_open,
            "open_count": threads.open_count,
            "approve_refusal": may.approve and services.workplan_approve_refusal(plan),
            "general": [(t, reply_form(t)) for t in threads.general],
            "plan_form": bound.form(
                ("comment", PLAN), lambda data: CommentForm(data, prefix=PLAN)
            ),
            "changes_form": bound.form(
                "changes", lambda data: RequestChangesForm(data, prefix="changes")
            ),
            "latest_version": max(
                (v.number for v in plan.versions.all()), default=None
            ),
        },
        status=status,
    )


@require_GET
def workplan_review(request, pk: int):
    return render_review(request, pk)


def _back(request, plan_id: int, anchor: str = "") -> str:
    default = reverse("workplans:review", args=[plan_id])
    url = safe_next(request, default)
    return f"{url.split('#')[0]}#{anchor}" if anchor else url


def _again(request, plan_id: int, key, exc=None):
    """Show the page the form came from again, with what was typed (400)."""
    bound = Bound(key, request.POST, exc)
    if request.POST.get("next", "").startswith(
        reverse("workplans:edit", args=[plan_id])
    ):
        return render_edit(request, plan_id, bound=bound, status=400)
    return render_review(request, plan_id, bound=bound, status=400)


@require_POST
def thread_open(request, pk: int):
    plan = plan_or_404(request, pk)
    target = request.POST.get("result") or PLAN
    result = None
    if target != PLAN:
        result = get_visible_or_404(
            request.user,
            Result.objects.filter(workplan=plan),
            pk=params.id_or_none(target),
        )
    key = ("comment", result.pk if result else PLAN)
    form = CommentForm(request.POST, prefix=f"c{result.pk}" if result else PLAN)
    if not form.is_valid():
        return _again(request, plan.pk, key)
    try:
        thread = services.thread_open(
            workplan=plan,
            result=result,
            text=form.cleaned_data["text"],
            actor=request.user,
        )
    except ValidationError as exc:
        return _again(request, plan.pk, key, exc)
    messages.success(request, _("Comment posted."))
    return redirect(_back(request, plan.pk, f"thread-{thread.pk}"))


def _thread(request, pk: int) -> ReviewThread:
    return get_visible_or_404(
        request.user,
        ReviewThread.objects.select_related("workplan__convention"),
        pk=pk,
    )


@require_POST
def thread_reply(request, pk: int):
    thread = _thread(request, pk)
    key = ("reply", pk)
    form = ReplyForm(request.POST, prefix=f"t{pk}")
    if not form.is_valid():
        return _again(request, thread.workplan_id, key)
    try:
        services.comment_add(
            thread=thread, text=form.cleaned_data["text"], actor=request.user
        )
    except ValidationError as exc:
        return _again(request, thread.workplan_id, key, exc)
    messages.success(request, _("Answer posted."))
    return redirect(_back(request, thread.workplan_id, f"thread-{pk}"))


def _toggle(request, pk: int, service, done: str):
    thread = _thread(request, pk)
    with service_errors_to_messages(request):
        service(thread=thread, actor=request.user)
        messages.success(request, done)
    return redirect(_back(request, thread.workplan_id, f"thread-{pk}"))


@require_POST
def thread_resolve(request, pk: int):
    return _toggle(request, pk, services.thread_resolve, _("Thread resolved."))


@require_POST
def thread_reopen(request, pk: int):
    return _toggle(request, pk, services.thread_reopen, _("Thread reopened."))


@require_POST
def review_request_changes(request, pk: int):
    """From the review page: the note is typed there, and shown there again if
    it is refused."""
    plan = plan_or_404(request, pk)
    form = RequestChangesForm(request.POST, prefix="changes")
    if not form.is_valid():
        return render_review(
            request, pk, bound=Bound("changes", request.POST), status=400
        )
    try:
        services.workplan_request_changes(
            workplan=plan, note=form.cleaned_data["note"], actor=request.user
        )
    except ValidationError as exc:
        return render_review(
            request, pk, bound=Bound("changes", request.POST, exc), status=400
        )
    messages.success(
        request, _("The work plan is sent back to the ISU with your request.")
    )
    return redirect(plan)


@require_POST
def review_approve(request, pk: int):
    plan = plan_or_404(request, pk)
    # Nothing was typed: a refusal sends back to the review, the reason on top.
    with service_errors_to_messages(request):
        services.workplan_approve(workplan=plan, actor=request.user)
        messages.success(request, _("The work plan is approved."))
        return redirect(plan)
    return redirect("workplans:review", pk=pk)
