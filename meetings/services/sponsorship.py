"""The Sponsorship Programme: focal points apply for their State's delegates, ISU
staff record the donors' group's decisions. Approvals commit money from the
programme's budget and never beyond it ("subject to available funds", as the
ISU's work plan puts it)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from ism.access import can_act_for_state, can_manage, require_manage
from ism.audit import (
    actor_or_none,
    assign,
    audit_record,
    changes_since,
    save_and_record,
    snapshot,
)
from ism.concurrency import fields_version, require_unchanged
from ism.mail import mail_enqueue
from ism.models import Convention, StateContact
from ism.money import amount_problem, format_money
from meetings import rules
from meetings.models import (
    Participant,
    SponsorshipApplication,
    SponsorshipProgramme,
)

PROGRAMME_FIELDS = ["name", "budget", "target_delegates", "open_for_applications"]
NEEDS_FIELDS = [
    "needs_travel",
    "travel_amount",
    "hotel_nights",
    "hotel_amount",
    "allowance_days",
    "allowance_amount",
    "motivation",
]


def _money(value, currency: str, field: str) -> Money:
    """An amount in the programme's currency: a Money in it, or a plain number."""
    if value is None or value == "":
        return Money(Decimal(0), currency)
    if isinstance(value, Money):
        if str(value.currency) != currency:
            raise ValidationError(
                {field: _("Give the amount in %(currency)s.") % {"currency": currency}}
            )
        amount = value.amount
    else:
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError({field: _("Enter a number.")}) from None
    # One rule for amounts (ism.money): "1e309", inf and nan are Decimals, not money.
    if problem := amount_problem(amount):
        raise ValidationError({field: problem})
    return Money(amount, currency)


@transaction.atomic
def programme_save(
    *,
    convention: Convention,
    data: dict,
    actor,
    programme: SponsorshipProgramme | None = None,
) -> SponsorshipProgramme:
    require_manage(actor, convention)
    created = programme is None
    programme = programme or SponsorshipProgramme(
        convention=convention, currency=convention.currency
    )
    before = assign(programme, data, PROGRAMME_FIELDS)
    programme.budget = _money(programme.budget, programme.currency, "budget")
    programme.full_clean()
    meetings = list(
        data.get("meetings", programme.meetings.all() if not created else [])
    )
    if any(m.convention_id != convention.pk for m in meetings):
        raise ValidationError({"meetings": _("Choose meetings of this convention.")})
    changes = changes_since(before, programme)
    if "meetings" in data:
        changes["meetings"] = [None, ", ".join(m.title for m in meetings)]
    save_and_record(
        programme,
        changes,
        actor=actor,
        verb="programme created" if created else "programme changed",
    )
    if "meetings" in data:
        programme.meetings.set(meetings)
    return programme


@transaction.atomic
def sponsorship_apply(
    *, programme: SponsorshipProgramme, participant: Participant, data: dict, actor
) -> SponsorshipApplication:
    """Apply for sponsorship of a registered delegate of the actor's State."""
    delegation = participant.delegation
    state, meeting = delegation.state, delegation.meeting
    convention_id = programme.convention_id
    staff = can_manage(actor, convention_id)
    if state is None:
        raise ValidationError(_("The programme sponsors delegates of States."))
    if not staff and not can_act_for_state(actor, state, convention_id):
        raise PermissionDenied(_("Only the State's focal point may do this."))
    today = timezone.localdate()
    if not staff and not programme.open_for_applications:
        raise ValidationError(_("The programme no longer takes applications."))
    if not programme.meetings.filter(pk=meeting.pk).exists():
        raise ValidationError(
            {"participant": _("The programme does not fund this meeting.")}
        )
    # Applications close with the meeting's registration (meetings.rules); staff
    # may still record one after the fact.
    if not staff and not rules.registration_open(meeting, today):
        raise ValidationError(
            _("Applications for this meeting are closed. %(registration)s")
            % {"registration": rules.registration_message(meeting, today)}
        )
    if SponsorshipApplication.objects.filter(participant=participant).exists():
        raise ValidationError(
            {
                "participant": _("%(name)s has already applied.")
                % {"name": participant.full_name}
            }
        )
    currency = programme.currency
    application = SponsorshipApplication(
        programme=programme,
        participant=participant,
        applied_by=actor_or_none(actor),
    )
    assign(application, data, NEEDS_FIELDS)
    for field in ("travel_amount", "hotel_amount", "allowance_amount"):
        setattr(application, field, _money(data.get(field), currency, field))
    errors = {}
    if not application.needs_travel and application.travel_amount.amount:
        errors["travel_amount"] = _("No travel is asked for: leave the cost at 0.")
    if not application.hotel_nights and application.hotel_amount.amount:
        errors["hotel_amount"] = _("No hotel nights are asked for: leave it at 0.")
    if not application.allowance_days and application.allowance_amount.amount:
        errors["allowance_amount"] = _("No days of allowance: leave it at 0.")
    if not (
        application.needs_travel
        or application.hotel_nights
        or application.allowance_days
    ):
        errors["needs_travel"] = _(
            "Say what is needed: travel, hotel nights or a daily allowance."
        )
    if errors:
        raise ValidationError(errors)
    application.full_clean(exclude=["participant"])
    save_and_record(
        application,
        {
            "requested": [None, format_money(application.requested_total)],
            "meeting": [None, meeting.title],
        },
        actor=actor,
        verb="sponsorship requested",
        convention=programme.convention,
        state=state,
    )
    return application


def committed(programme: SponsorshipProgramme, *, exclude_pk=None) -> Money:
    """What the programme's approvals have committed, in its currency."""
    rows = SponsorshipApplication.objects.filter(
        programme=programme, status=SponsorshipApplication.Status.APPROVED
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    total = rows.aggregate(s=Sum("amount_approved"))["s"] or Decimal(0)
    return Money(total, programme.currency)


DECISION_FIELDS = ["status", "amount_approved", "decision_reason"]


def decision_version(application: SponsorshipApplication) -> str:
    """The version a decision form carries (ism.concurrency)."""
    return fields_version(application, DECISION_FIELDS)


@transaction.atomic
def sponsorship_decide(
    *,
    application: SponsorshipApplication,
    decision: str,
    actor,
    reason: str = "",
    amount_approved: Money | Decimal | None = None,
    version,
) -> SponsorshipApplication:
    """Record the donors' group's decision (ISU staff do it on the group's behalf),
    unless another decision was recorded since the page was loaded (`version`,
    decision_version; ism.concurrency)."""
    programme = application.programme
    require_manage(actor, programme.convention_id)
    if decision not in SponsorshipApplication.DECISIONS:
        raise ValidationError({"decision": _("Approve, waitlist or decline.")})
    reason = (reason or "").strip()
    if decision == SponsorshipApplication.Status.DECLINED and not reason:
        raise ValidationError({"reason": _("Give the reason for declining.")})
    # Lock the programme: two approvals recorded at the same moment must not both
    # fit in the same remaining budget.
    programme = (
        SponsorshipProgramme.objects.select_for_update().order_by().get(pk=programme.pk)
    )
    application = (
        SponsorshipApplication.objects.select_for_update()
        .order_by()
        .get(pk=application.pk)
    )
    fields = DECISION_FIELDS
    before = snapshot(application, fields)
    require_unchanged(version, before)
    amount = None
    if decision == SponsorshipApplication.Status.APPROVED:
        amount = (
            application.requested_total
            if amount_approved in (None, "")
            else _money(amount_approved, programme.currency, "amount_approved")
        )
        if amount.amount < 0:
            raise ValidationError({"amount_approved": _("Give a positive amount.")})
        available = programme.budget - committed(programme, exclude_pk=application.pk)
        if amount > available:
            raise ValidationError(
                {
                    "amount_approved": _(
                        "%(amount)s is more than the programme has left "
                        "(%(available)s). Waitlist the application, or raise the "
                        "budget first."
                    )
                    % {
                        "amount": format_money(amount),
                        "available": format_money(available),
                    }
                }
            )
    application.status = decision
    application.amount_approved = amount
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    changes = changes_since(before, application)
    state = application.state
    audit_record(
        actor=actor,
        verb=f"sponsorship {decision}",
        obj=application,
        convention=programme.convention,
        state=state,
        changes=changes,
    )
    _notify(application, programme, state)
    return application


def _notify(application, programme, state) -> None:
    """Tell the State's contacts (and whoever applied) of the decision, once per
    decision: the outbox key makes a repeated save harmless."""
    contact = StateContact.objects.filter(
        state=state, convention_id=programme.convention_id
    ).first()
    to = list(contact.email_list) if contact else []
    if application.applied_by and application.applied_by.email:
        to.append(application.applied_by.email)
    if not to:
        return
    status = application.get_status_display().lower()
    body = _(
        "The donors' group of the %(programme)s has %(status)s the application for "
        "%(name)s (%(meeting)s)."
    ) % {
        "programme": programme.name,
        "status": status,
        "name": application.participant.full_name,
        "meeting": application.meeting.title,
    }
    if application.amount_approved is not None:
        body += " " + _("Amount approved: %(amount)s.") % {
            "amount": format_money(application.amount_approved)
        }
    if application.decision_reason:
        body += " " + _("Reason: %(reason)s") % {"reason": application.decision_reason}
    mail_enqueue(
        key=f"sponsorship:{application.pk}:{application.status}",
        to=sorted(set(to)),
        subject=_("Sponsorship: application %(status)s") % {"status": status},
        body=body,
        convention=programme.convention,
        state=state,
    )
