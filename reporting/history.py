"""How a report's history names what its events write (ism.history; found by
autodiscovery): a form's figures by their label in the convention's catalogue
("figure:mines_destroyed" → "Anti-personnel mines destroyed"), and a saved form's
status and text by ReportForm's fields, not the report's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ism.history import Key, field_key, register_keys, register_resolver
from reporting import catalogue, rules
from reporting.models import Report, ReportForm

FIGURE = "figure:"
FORM_FIELDS = ("status", "unchanged_since", "text")


def report_key(key: str, event) -> Key | None:
    if key.startswith(FIGURE):
        code = event.convention.code if event.convention_id else ""
        figure = catalogue.figure(key.removeprefix(FIGURE), code)
        if figure is None:
            return Key(key.removeprefix(FIGURE).replace("_", " ").capitalize())
        return Key(figure.label, figure.kind)
    if key in FORM_FIELDS and event.verb.startswith("form "):
        return field_key(ReportForm._meta.get_field(key))
    return None


register_resolver(Report, report_key)
register_keys(
    Report,
    timeliness=Key(_("timeliness"), "choice", dict(rules.TIMELINESS_LABELS)),
)
