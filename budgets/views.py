"""Pages of the budgets: the list, the public list, a budget with its workflow, the
one edit page with figures that follow what is typed, and the comparison with the
previous year.

Every write goes through budgets.services, which checks who may act (a refusal is
PermissionDenied, i.e. a 403) and validates; the pages only turn form input into
the services' arguments and put their messages next to the right field.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets import selectors, services
from budgets.calculations import compare, figures
from budgets.forms import (
    AdoptForm,
    BudgetCreateForm,
    BudgetHeaderForm,
    CirculateForm,
    CommentForm,
    RequestChangesForm,
    ReturnToDraftForm,
    budget_formsets,
    next_budget_defaults,
)
from budgets.models import (
    Budget,
    BudgetComment,
    BudgetLine,
    Mission,
    StaffPosition,
)
from ism.access import (
    can_manage,
    can_review,
    get_visible_or_404,
    managed_conventions,
    require_manage,
    require_review,
    visible,
)
from ism.selectors import history_visible

PAGE_SIZE = 25
Status = Budget.Status


# --- Lists ------------------------------------------------------------------------


def _with_totals(budgets) -> list[tuple]:
    """(convention, [(budget, figures), ...]) per convention, from prefetched rows."""
    rows = [
        (
            budget,
            figures(
                budget,
                positions=budget.positions.all(),
                lines=budget.lines.all(),
                missions=budget.missions.all(),
            ),
        )
        for budget in budgets
    ]
    return [
        (convention, list(group))
        for convention, group in groupby(rows, key=lambda row: row[0].convention)
    ]


def _paged(request, queryset):
    queryset = queryset.prefetch_related("positions", "lines", "missions")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, _with_totals(page.object_list)


@require_GET
def budget_index(request):
    page, groups = _paged(request, selectors.budget_list(user=request.user))
    managed = list(managed_conventions(request.user))
    return render(
        request,
        "budgets/index.html",
        {
            "page": page,
            "groups": groups,
            "managed": managed,
            "managed_ids": {c.pk for c in managed},
        },
    )


@login_not_required
@require_GET
def budget_public_list(request):
    """What any visitor may read: the access policy's view for an anonymous user,
    whoever is logged in, so the public page shows the same to everyone."""
    public = selectors.budget_list(user=AnonymousUser()).filter(
        status__in=[Status.CIRCULATED, Status.ADOPTED]
    )
    page, groups = _paged(request, public)
    return render(request, "budgets/public_list.html", {"page": page, "groups": groups})


# --- Creating ---------------------------------------------------------------------


def _place_form_errors(form: django_forms.Form, exc: ValidationError) -> None:
    """A service's errors on the form: beside a field the form has, else on top."""
    errors = (
        exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    )
    for key, messages_ in errors.items():
        form.add_error(key if key in form.fields else None, messages_)


@require_http_methods(["GET", "POST"])
def budget_new(request):
    conventions = managed_conventions(request.user)
    if not conventions.exists():
        raise PermissionDenied(_("Only ISU staff create budgets."))
    chosen = conventions
    code = request.GET.get("convention", "").upper()
    if code:
        chosen = conventions.filter(code=code)
    form = BudgetCreateForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial=next_budget_defaults(chosen),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.budget_create(
                convention=data["convention"],
                year=data["year"],
                actor=request.user,
                copy_from=data["copy_from"],
            )
        except ValidationError as exc:
            _place_form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(budget)s created as a draft.") % {"budget": budget},
            )
            return redirect("budgets:edit", pk=budget.pk)
    return render(
        request,
        "budgets/create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- One budget -------------------------------------------------------------------


def _document_url(name: str, budget: Budget) -> str | None:
    """The document downloads, once their views are wired in urls.py."""
    try:
        return reverse(f"budgets:{name}", args=[budget.pk])
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Action:
    """A workflow step on the detail page: who may take it, its form, the service."""

    form: type[django_forms.Form] | None
    who: str  # "manage" | "review" | "comment"
    run: Callable
    done: str


ACTIONS: dict[str, Action] = {
    "submit": Action(
        None,
        "manage",
        lambda budget, user, data: services.budget_submit(budget=budget, actor=user),
        gettext_lazy("Submitted to the Coordinating Committee."),
    ),
    "return": Action(
        ReturnToDraftForm,
        "manage",
        lambda budget, user, data: services.budget_return_to_draft(
            budget=budget, actor=user, reason=data["reason"]
        ),
        gettext_lazy("Returned to draft."),
    ),
    "approve": Action(
        None,
        "review",
        lambda budget, user, data: services.budget_approve(budget=budget, actor=user),
        gettext_lazy("Approved on behalf of the Coordinating Committee."),
    ),
    "request-changes": Action(
        RequestChangesForm,
        "review",
        lambda budget, user, data: services.budget_request_changes(
            budget=budget, actor=user, comment=data["comment"]
        ),
        gettext_lazy("Changes requested: the budget is a draft again."),
    ),
    "comment": Action(
        CommentForm,
        "comment",
        lambda budget, user, data: services.budget_comment_add(
            budget=budget, actor=user, text=data["text"]
        ),
        gettext_lazy("Comment added."),
    ),
    "circulate": Action(
        CirculateForm,
        "manage",
        lambda budget, user, data: services.budget_circulate(
            budget=budget, actor=user, on=data["on"]
        ),
        gettext_lazy("Recorded as circulated to States."),
    ),
    "adopt": Action(
        AdoptForm,
        "manage",
        lambda budget, user, data: services.budget_adopt(
            budget=budget,
            actor=user,
            on=data["on"],
            meeting=data["meeting"],
            decision=data["decision"],
            document_symbol=data["document_symbol"],
        ),
        gettext_lazy("Recorded as adopted."),
    ),
    "revise": Action(
        None,
        "manage",
        lambda budget, user, data: services.budget_revise(budget=budget, actor=user),
        gettext_lazy("A revision was created as a new draft version."),
    ),
}


def _require(who: str, user, budget: Budget) -> None:
    if who == "manage":
        require_manage(user, budget.convention_id)
    elif who == "review":
        require_review(user, budget.convention_id)
    elif not (
        can_manage(user, budget.convention_id) or can_review(user, budget.convention_id)
    ):
        raise PermissionDenied(
            _("Only ISU staff and the Coordinating Committee comment on budgets.")
        )


def _available_actions(user, budget: Budget) -> dict[str, bool]:
    """What this user's buttons are; the services decide again on submission."""
    manage = can_manage(user, budget.convention_id)
    review = can_review(user, budget.convention_id)
    status = budget.status
    return {
        "edit": manage and status == Status.DRAFT,
        "submit": manage and status == Status.DRAFT,
        "return": manage and status in (Status.SUBMITTED, Status.APPROVED),
        "circulate": manage and status == Status.APPROVED,
        "adopt": manage and status == Status.CIRCULATED,
        "revise": manage and status == Status.ADOPTED,
        "approve": review and status == Status.SUBMITTED,
        "request_changes": review and status == Status.SUBMITTED,
        # Staff comment on drafts too; the committee once it has the budget.
        "comment": manage or (review and status != Status.DRAFT),
    }


def _action_forms(budget: Budget) -> dict[str, django_forms.Form]:
    today = timezone.localdate()
    return {
        "return": ReturnToDraftForm(prefix="return"),
        "request_changes": RequestChangesForm(prefix="request-changes"),
        "comment": CommentForm(prefix="comment"),
        "circulate": CirculateForm(prefix="circulate", initial={"on": today}),
        "adopt": AdoptForm(
            prefix="adopt",
            initial={
                "on": today,
                "meeting": budget.meeting,
                "document_symbol": budget.document_symbol,
            },
        ),
    }


def _detail_context(request, budget: Budget, *, bound=None, errors=()) -> dict:
    user = request.user
    view = selectors.budget_view(budget)
    previous = view.previous
    if (
        previous is not None
        and not visible(user, Budget.objects.filter(pk=previous.pk)).exists()
    ):
        previous = None  # a year the user may not see is not shown, even as a link
    action_forms = _action_forms(budget)
    action_forms.update(bound or {})
    return {
        "budget": budget,
        "view": view,
        "figures": view.figures,
        "line_rows": list(zip(budget.lines.all(), view.figures.lines, strict=True)),
        "missions": [
            (m, m.unit_cost * m.count if m.unit_cost is not None else None)
            for m in budget.missions.all()
        ],
        "previous": previous,
        "actions": _available_actions(user, budget),
        "forms": action_forms,
        "action_errors": list(errors),
        "comments": list(
            visible(user, BudgetComment.objects.filter(budget=budget)).select_related(
                "author"
            )
        ),
        "history": history_visible(user=user, obj=budget)[:50],
        "pdf_url": _document_url("pdf", budget),
        "xlsx_url": _document_url("xlsx", budget),
    }


def _visible_budget(request, pk: int) -> Budget:
    return get_visible_or_404(
        request.user, selectors.budget_detail_queryset(user=request.user), pk=pk
    )


@login_not_required
@require_GET
def budget_detail(request, pk: int):
    """Anyone may open a public (circulated, adopted) budget; the policy hides the
    rest: a draft is a 404 to those who may not see it."""
    budget = _visible_budget(request, pk)
    return render(request, "budgets/detail.html", _detail_context(request, budget))


@require_POST
def budget_action(request, pk: int, action: str):
    spec = ACTIONS[action]
    budget = _visible_budget(request, pk)
    _require(spec.who, request.user, budget)
    form = spec.form(request.POST, prefix=action) if spec.form else None
    errors: list[str] = []
    if form is None or form.is_valid():
        try:
            result = spec.run(budget, request.user, form.cleaned_data if form else {})
        except ValidationError as exc:
            if form is None:
                errors = exc.messages
            else:
                _place_form_errors(form, exc)
        else:
            messages.success(request, spec.done)
            if action == "revise":
                return redirect("budgets:edit", pk=result.pk)
            url = reverse("budgets:detail", args=[budget.pk])
            return redirect(url + ("#comments" if action == "comment" else ""))
    # Nothing changed: the page again, with what was typed and why it was refused.
    bound = {action.replace("-", "_"): form} if form else {}
    return render(
        request,
        "budgets/detail.html",
        _detail_context(request, budget, bound=bound, errors=errors),
        status=400,
    )


@login_not_required
@require_GET
def budget_compare(request, pk: int):
    budget = _visible_budget(request, pk)
    view = selectors.budget_view(budget)
    previous, variances = view.previous, view.variances
    if (
        previous is not None
        and not visible(request.user, Budget.objects.filter(pk=previous.pk)).exists()
    ):
        previous, variances = None, compare(view.figures, None)
    return render(
        request,
        "budgets/compare.html",
        {"budget": budget, "previous": previous, "variances": variances},
    )


# --- The edit page ----------------------------------------------------------------


def _editable_budget(request, pk: int) -> Budget:
    """A budget the user may see (else 404) and manage (else 403), with the rows
    the page shows in a fixed number of queries."""
    queryset = visible(
        request.user, Budget.objects.select_related("convention")
    ).prefetch_related("positions", "lines", "missions", "notes")
    budget = get_visible_or_404(request.user, queryset, pk=pk)
    require_manage(request.user, budget.convention_id)
    return budget


def _kept_rows(formset) -> list:
    """The rows of a bound formset that are meant to be kept: not deleted and not
    an added row left blank."""
    kept = []
    for form in formset.forms:
        if form.empty_permitted and not form.has_changed():
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        kept.append(form)
    return kept


MODELS = {"positions": StaffPosition, "lines": BudgetLine, "missions": Mission}
HEADER_AMOUNTS = ("salaries_total", "social_security_rate", "social_security_amount")


@dataclass(frozen=True)
class Preview:
    figures: object
    skipped_rows: int
    skipped_fields: list[str]


def _preview(budget: Budget, header, formsets) -> Preview:
    """The figures of what is on the page, saved or not. Figures are computed by
    budgets.calculations on unsaved rows built from the valid input; a row or
    amount that is not valid is left out, and the page says so."""
    if not header.is_bound:
        return Preview(
            figures(
                budget,
                positions=budget.positions.all(),
                lines=budget.lines.all(),
                missions=budget.missions.all(),
            ),
            0,
            [],
        )
    draft = copy.copy(budget)
    skipped_fields = []
    header.is_valid()
    for name in HEADER_AMOUNTS:
        if name in header.errors:
            skipped_fields.append(str(header.fields[name].label))
        setattr(draft, name, header.cleaned_data.get(name))
    rows, skipped = {}, 0
    for section, model in MODELS.items():
        formset = formsets[section]
        formset.is_valid()
        rows[section] = []
        for form in _kept_rows(formset):
            if form.is_valid():
                rows[section].append(model(**form.payload()))
            else:
                skipped += 1
    return Preview(
        figures(
            draft,
            positions=rows["positions"],
            lines=rows["lines"],
            missions=rows["missions"],
        ),
        skipped,
        skipped_fields,
    )


def _place_save_errors(exc: ValidationError, header, kept: dict) -> list[str]:
    """Put the service's errors ("positions.2.fte") beside the field they concern;
    return what has no field on the page."""
    errors = (
        exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    )
    page_errors = []
    for key, messages_ in errors.items():
        section, _dot, rest = key.partition(".")
        if section in kept and rest:
            index, _dot, field = rest.partition(".")
            try:
                form = kept[section][int(index)]
            except (ValueError, IndexError):
                page_errors.extend(messages_)
                continue
            form.add_error(field if field in form.fields else None, messages_)
        elif key in header.fields:
            header.add_error(key, messages_)
        else:
            page_errors.extend(messages_)
    return page_errors


def _mark_invalid(*forms_) -> None:
    """aria-invalid on each input with an error, for screen readers and the CSS."""
    for form in forms_:
        if not form.is_bound:
            continue
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["aria-invalid"] = "true"
                form.fields[name].widget.attrs["aria-describedby"] = (
                    f"{form[name].auto_id}-error"
                )


@require_http_methods(["GET", "POST"])
def budget_edit(request, pk: int):
    budget = _editable_budget(request, pk)
    if request.method == "GET" and not budget.is_editable:
        messages.warning(
            request,
            _("Only a draft can be edited. This budget is %(status)s.")
            % {"status": budget.get_status_display().lower()},
        )
        return redirect(budget)
    data = request.POST if request.method == "POST" else None
    header = BudgetHeaderForm(data, budget=budget)
    formsets = budget_formsets(budget, data)
    page_errors: list[str] = []
    if data is not None:
        valid = [header.is_valid()] + [fs.is_valid() for fs in formsets.values()]
        if all(valid):
            kept = {section: _kept_rows(fs) for section, fs in formsets.items()}
            try:
                services.budget_save(
                    budget=budget,
                    actor=request.user,
                    fields=header.cleaned_data,
                    **{
                        section: [form.payload() for form in rows]
                        for section, rows in kept.items()
                    },
                )
            except ValidationError as exc:
                page_errors = _place_save_errors(exc, header, kept)
            else:
                messages.success(request, _("Budget saved."))
                return redirect(budget)
        page_errors.insert(0, _("Nothing was saved: correct the values marked below."))
    _mark_invalid(header, *(f for fs in formsets.values() for f in fs.forms))
    return render(
        request,
        "budgets/edit.html",
        {
            "budget": budget,
            "header": header,
            "formsets": formsets,
            "page_errors": page_errors,
            "preview": _preview(budget, header, formsets),
        },
        status=400 if data is not None else 200,
    )


@require_POST
def budget_edit_preview(request, pk: int):
    """The figures panel for what is typed on the edit page (htmx, nothing saved)."""
    budget = _editable_budget(request, pk)
    header = BudgetHeaderForm(request.POST, budget=budget)
    formsets = budget_formsets(budget, request.POST)
    return render(
        request,
        "budgets/_figures.html",
        {"budget": budget, "preview": _preview(budget, header, formsets)},
    )
