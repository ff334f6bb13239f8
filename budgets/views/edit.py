"""The one edit page of a draft budget, and the figures beside it that follow
what is typed (htmx posts the whole form to budget_edit_preview)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from budgets import services
from budgets.calculations import figures
from budgets.forms import BudgetHeaderForm, budget_formsets
from budgets.models import Budget, BudgetLine, Mission, StaffPosition
from ism.access import get_visible_or_404, require_manage, visible
from ism.concurrency import EditConflict, conflict_rows, with_version
from ism.forms import service_errors


def _editable_budget(request, pk: int) -> Budget:
    """A budget the user may see (else 404) and manage (else 403), with the rows
    the page shows in a fixed number of queries."""
    queryset = visible(
        request.user, Budget.objects.select_related("convention")
    ).prefetch_related("positions", "lines", "missions", "notes", "in_kind")
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
SECTION_LABELS = {
    "positions": gettext_lazy("Position"),
    "lines": gettext_lazy("Line"),
    "missions": gettext_lazy("Mission"),
}
HEADER_AMOUNTS = ("salaries_total", "social_security_rate", "social_security_amount")


@dataclass(frozen=True)
class Preview:
    figures: object
    # What was left out, and why: "Staff travel: An amount cannot be negative."
    skipped_rows: list[str]
    skipped_fields: list[str]


# The field that names a row, to say which row was left out.
ROW_NAMES = {"positions": "title", "lines": "label", "missions": "purpose"}


def _why_skipped(section: str, number: int, form) -> str:
    name = (form[ROW_NAMES[section]].value() or "").strip()
    if not name:
        name = _("%(section)s row %(number)d") % {
            "section": str(SECTION_LABELS[section]),
            "number": number,
        }
    first = next(iter(form.errors.values()))[0]
    return f"{name}: {first}"


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
            [],
            [],
        )
    draft = copy.copy(budget)
    skipped_fields = []
    header.is_valid()
    for name in HEADER_AMOUNTS:
        if name in header.errors:
            skipped_fields.append(str(header.fields[name].label))
        setattr(draft, name, header.cleaned_data.get(name))
    rows, skipped = {}, []
    for section, model in MODELS.items():
        formset = formsets[section]
        formset.is_valid()
        rows[section] = []
        for number, form in enumerate(_kept_rows(formset), start=1):
            if form.is_valid():
                rows[section].append(model(**form.payload()))
            else:
                skipped.append(_why_skipped(section, number, form))
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
    page_errors = []
    for key, errors in service_errors(exc).items():
        section, _dot, rest = key.partition(".")
        index, _dot, field = rest.partition(".")
        try:
            form = kept[section][int(index)] if section in kept and rest else header
        except (ValueError, IndexError):
            form = None
        name = field if form is not header else key
        if form is None or (form is header and name not in header.fields):
            page_errors.extend(ValidationError(errors).messages)
        else:
            form.add_error(name if name in form.fields else None, errors)
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
    status = 400 if data is not None else 200
    if data is not None:
        valid = [header.is_valid()] + [fs.is_valid() for fs in formsets.values()]
        if all(valid):
            kept = {section: _kept_rows(fs) for section, fs in formsets.items()}
            rows = {
                section: [form.payload() for form in forms_]
                for section, forms_ in kept.items()
            }
            fields = dict(header.cleaned_data)
            version = fields.pop("version")
            try:
                _save(request, budget, fields, version, rows)
            except EditConflict as conflict:
                page_errors = _conflict(header, conflict)
                status = 409
            except ValidationError as exc:
                page_errors = _place_save_errors(exc, header, kept)
            else:
                messages.success(request, _("Budget saved."))
                return redirect(budget)
        if status != 409:
            page_errors.insert(
                0, _("Nothing was saved: correct the values marked below.")
            )
    # Only a posted formset has errors; a formset read from the database is
    # written without a form for each row (ism.formset_rows).
    _mark_invalid(
        header, *(f for fs in formsets.values() if fs.is_bound for f in fs.forms)
    )
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
        status=status,
    )


@transaction.atomic
def _save(request, budget: Budget, fields: dict, version, rows: dict) -> None:
    """The budget and the earmarked projects of its year, saved together or not
    at all."""
    earmarked = rows.pop("earmarked")
    services.budget_save(
        budget=budget, actor=request.user, fields=fields, version=version, **rows
    )
    services.earmarked_save(budget=budget, actor=request.user, projects=earmarked)


def _conflict(header, conflict: EditConflict) -> list[str]:
    """Someone saved first: what changed, above the user's own entries, which the
    next save applies over it."""
    header.conflict = conflict_rows(header, conflict.changes)
    header.data = with_version(header.data, conflict.version)
    return list(conflict.messages)


@require_POST
def budget_edit_preview(request, pk: int):
    """The figures panel for what is typed on the edit page (htmx, nothing saved)."""
    budget = _editable_budget(request, pk)
    header = BudgetHeaderForm(request.POST, budget=budget)
    formsets = budget_formsets(budget, request.POST)
    return render(
        request,
        "budgets/_figures.html",
        {"budget": budget, "preview": _preview(budget, header, formsets), "oob": True},
    )
