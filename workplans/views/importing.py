"""Importing a work plan on a page: upload (JSON from the API or in the
reference shape, or the logframe workbook), see what it would make, confirm.
Nothing is saved before the confirmation, and then the plan whole or not at all
(workplans.services.importing). The uploaded file travels with the preview's
form, so confirming saves exactly what was previewed."""

from __future__ import annotations

import base64
import binascii
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ism.access import require_manage
from ism.forms import add_service_errors
from ism.models import Convention
from ism.pages import render_form
from ism.uploads import inspect_upload
from workplans import services
from workplans.importer import Problems
from workplans.importer.excel import from_workbook
from workplans.importer.shapes import read_json

MAX_BYTES = 5 * 1024 * 1024


class WorkPlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Work plan file"),
        help_text=gettext_lazy(
            "JSON as the API gives a work plan (/api/v1/workplans/{id}/) or in the "
            "reference shape (per area its activities, outputs, outcomes and "
            "impacts), or the Excel logframe ISM exports."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Only for a workbook that does not say its year."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("At most 5 MB per file."))
        if upload.name.lower().endswith(".json"):
            return "json", upload.read()
        inspected = inspect_upload(upload, max_bytes=MAX_BYTES)
        if inspected.kind != "xlsx":
            raise forms.ValidationError(
                _("Upload the plan as JSON or as the Excel logframe (.xlsx).")
            )
        return "xlsx", upload.read()


def _read(kind: str, content: bytes, year):
    """The plan the file holds and the problems met reading it; ValidationError
    when it cannot be read at all."""
    problems = Problems()
    if kind == "xlsx":
        plan = from_workbook(content, problems, year=year)
    else:
        try:
            plan = read_json(json.loads(content.decode("utf-8-sig")), problems)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            message = _("Not valid JSON: %(e)s") % {"e": error}
            raise ValidationError({"file": message}) from None
    if plan is None:
        problems.raise_if_any()
    if year and plan.start_year is None:
        plan.start_year = plan.end_year = year
    return plan, problems


@require_http_methods(["GET", "POST"])
def workplan_import(request, code: str):
    convention = get_object_or_404(Convention, code=code.upper())
    require_manage(request.user, convention)
    form = WorkPlanImportForm(request.POST or None, request.FILES or None)
    context = {"convention": convention, "form": form, "problems": None}
    if request.method != "POST":
        return render_form(request, "workplans/import.html", context)
    confirm = "confirm" in request.POST
    if confirm:
        kind, year = request.POST.get("kind", ""), request.POST.get("year", "")
        year = int(year) if year.isdigit() else None
        try:
            content = base64.b64decode(request.POST.get("content", ""), validate=True)
        except (binascii.Error, ValueError):
            content = b""
        form = WorkPlanImportForm()
        context["form"] = form
    elif form.is_valid():
        (kind, content), year = form.cleaned_data["file"], form.cleaned_data["year"]
    else:
        return render_form(request, "workplans/import.html", context)
    try:
        plan, problems = _read(
            kind if kind in ("json", "xlsx") else "json", content, year
        )
        service = (
            services.workplan_import_file
            if confirm
            else services.workplan_import_preview
        )
        done = service(
            convention=convention, plan=plan, actor=request.user, problems=problems
        )
    except ValidationError as error:
        context["problems"] = _places(error)
        add_service_errors(form, ValidationError(_("Nothing was imported.")))
        return render_form(request, "workplans/import.html", context)
    if confirm:
        messages.success(
            request,
            _("%(plan)s imported as a draft: %(n)s statements.")
            % {"plan": done, "n": done.results.count()},
        )
        return redirect(done)
    context.update(
        preview=done,
        kind=kind,
        year=year or "",
        content=base64.b64encode(content).decode(),
    )
    return render(request, "workplans/import.html", context)


def _places(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (place, message)
            for place, messages_ in error.message_dict.items()
            for message in messages_
        ]
    return [("", message) for message in error.messages]
