"""Setting up report types (reporting.models.types): what each instrument's
parties owe. Written by the demo loader, the tests' factories and, for an
existing database, the migration that gave every Article 7 report its type."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ism.audit import audit_record, changes_between, snapshot
from ism.models import Convention, Instrument
from ism.translated import column
from reporting import catalogue
from reporting.models import ARTICLE7, ReportType
from reporting.models.types import RULE_FIELDS

FIELDS = ["instrument", "name", "order", *RULE_FIELDS]


@transaction.atomic
def report_type_save(
    *,
    convention: Convention,
    code: str,
    instrument: Instrument,
    name: str,
    form_set: str,
    names: dict[str, str] | None = None,
    annual: tuple[int, int] | None = None,
    initial_days: int | None = None,
    asks_publication_consent: bool = False,
    reminders: bool = True,
    order: int = 0,
    actor,
) -> ReportType:
    """Create or update the convention's report type `code`. `annual`: its own
    due (month, day); None: the convention's reporting dates (then the initial
    report follows the convention's too). `names`: the name in other languages
    ({"fr": …}). Idempotent: saving the same again changes nothing."""
    if instrument.convention_id != convention.pk:
        raise ValidationError(
            {"instrument": _("Choose one of the convention's instruments.")}
        )
    if form_set not in catalogue.CATALOGUE:
        raise ValidationError({"form_set": _("ISM has no such form set.")})
    report_type = ReportType.objects.filter(convention=convention, code=code).first()
    created = report_type is None
    if created:
        report_type = ReportType(convention=convention, code=code)
    before = snapshot(report_type, FIELDS) if not created else {}
    month, day = annual if annual else (None, None)
    values = {
        "instrument": instrument,
        "name": name,
        "order": order,
        "form_set": form_set,
        "annual_month": month,
        "annual_day": day,
        "initial_days": initial_days if annual else None,
        "asks_publication_consent": asks_publication_consent,
        "reminders": reminders,
    }
    for field, value in values.items():
        setattr(report_type, field, value)
    for language, text in (names or {}).items():
        setattr(report_type, column("name", language), text)
    report_type.full_clean()
    report_type.save()
    changes = changes_between(before, snapshot(report_type, FIELDS))
    if created or changes:
        audit_record(
            actor=actor,
            verb="report type created" if created else "report type changed",
            obj=report_type,
            convention=convention,
            changes=changes,
        )
    return report_type


def article7_type(
    convention: Convention, *, names: dict[str, str] | None = None
) -> ReportType | None:
    """The convention's Article 7 report, owed by the parties to the Convention
    itself, on the convention's reporting dates and with the form set named after
    the convention (the APMBC's or the CCM's forms A–J), created if missing; None
    for a convention ISM has no such form set for."""
    from ism.parties import instrument_base

    existing = ReportType.objects.filter(convention=convention, code=ARTICLE7).first()
    if existing is not None:
        return existing
    if convention.code not in catalogue.CATALOGUE:
        return None
    # Derived from the convention's own settings, as the migration gave every
    # convention with reports its type: no audit event of its own (the
    # convention's settings have theirs).
    report_type = ReportType(
        convention=convention,
        code=ARTICLE7,
        instrument=instrument_base(convention),
        name=convention.report_name,
        form_set=convention.code,
    )
    for language, text in (names or {}).items():
        setattr(report_type, column("name", language), text)
    # The values checked; not what the lines above hold already, which full_clean
    # would read again (the two rows the type points to, its code's uniqueness,
    # looked up just now) — five queries of a convention's creation, which every
    # test that makes one pays. The database keeps its constraints.
    report_type.full_clean(
        exclude=["convention", "instrument"],
        validate_unique=False,
        validate_constraints=False,
    )
    report_type.save()
    return report_type
