"""Which reminders the daily job sends, and when: each level of the convention's
policy on its day (30 days before the due date, on it, 30 and 90 days after), in
the invoice's language, only while something is owed."""

import datetime as dt

import pytest

from budgets.contributions.reminders import (
    invoice_reminders_send,
    load_reminder_policies,
    reminder_key,
)
from budgets.models import InvoiceReminder, ReminderPolicy
from ism.models import OutgoingMail
from tests.budgets.invoice_docs import (
    cancellation_of,
    contact,
    issued_invoice,
    payment,
)

ISSUED = dt.date(2026, 1, 15)
DUE = dt.date(2026, 3, 31)


@pytest.fixture
def levels(apmbc):
    load_reminder_policies()
    return {
        level.offset_days: level
        for level in ReminderPolicy.objects.get(convention=apmbc).levels.all()
    }


@pytest.fixture
def invoice(apmbc, state_a):
    contact(apmbc, state_a, "mission@atlantis.example, finance@atlantis.example")
    return issued_invoice(apmbc, state_a, issue_date=ISSUED, due_date=DUE)


def sent_levels(invoice) -> list[int]:
    return sorted(
        InvoiceReminder.objects.filter(invoice=invoice).values_list(
            "level__offset_days", flat=True
        )
    )


def run(day: dt.date):
    return invoice_reminders_send(today=day)


def test_the_default_policy_has_four_levels_in_three_languages(levels):
    assert sorted(levels) == [-30, 0, 30, 90]
    assert levels[-30].name.startswith("Note verbale")
    assert levels[90].name == "Letter from the President"
    for level in levels.values():
        assert level.body_en and level.body_fr and level.body_es


def test_loading_the_default_policy_again_changes_nothing(levels, apmbc):
    levels[0].name = "Edited by staff"
    levels[0].save()

    assert load_reminder_policies() == 0

    policy = ReminderPolicy.objects.get(convention=apmbc)
    assert policy.levels.count() == 4
    assert policy.levels.get(offset_days=0).name == "Edited by staff"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 28), []),  # 31 days before the due date
        (dt.date(2026, 3, 1), [-30]),  # 30 days before
        (dt.date(2026, 3, 30), [-30]),
        (DUE, [-30, 0]),
        (dt.date(2026, 4, 30), [-30, 0, 30]),  # 30 days after
        (dt.date(2026, 6, 28), [-30, 0, 30]),  # 89 days after
        (dt.date(2026, 6, 29), [-30, 0, 30, 90]),  # 90 days after
    ],
)
def test_each_level_is_due_from_its_day(invoice, levels, day, expected):
    run(day)

    assert sent_levels(invoice) == expected


def test_a_missed_day_is_caught_up_by_the_next_run_never_skipped(invoice, levels):
    run(dt.date(2026, 2, 1))  # nothing due yet
    # The job did not run for weeks; the next run sends what came due meanwhile.
    run(dt.date(2026, 4, 2))

    assert sent_levels(invoice) == [-30, 0]


def test_the_mail_goes_to_every_address_of_the_states_contact(invoice, levels):
    run(DUE)

    mail = OutgoingMail.objects.get(key=reminder_key(invoice, levels[0]))
    assert mail.to == ["finance@atlantis.example", "mission@atlantis.example"]
    assert mail.state == invoice.state
    assert mail.convention == invoice.convention
    assert "APMBC-2026-0007" in mail.subject
    assert "CHF 76,540.12" in mail.body
    assert "31 March 2026" in mail.body


def test_the_key_is_the_invoice_and_the_level(invoice, levels):
    run(DUE)

    assert set(OutgoingMail.objects.values_list("key", flat=True)) == {
        f"invoice:{invoice.pk}:reminder:{levels[-30].pk}",
        f"invoice:{invoice.pk}:reminder:{levels[0].pk}",
    }


def test_a_french_speaking_state_gets_the_french_wording(apmbc, state_b, levels):
    contact(apmbc, state_b, "mission@borduria.example")
    invoice = issued_invoice(
        apmbc, state_b, sequence=9, issue_date=ISSUED, due_date=DUE, language="fr"
    )

    run(dt.date(2026, 4, 30))

    mail = OutgoingMail.objects.get(key=reminder_key(invoice, levels[30]))
    assert mail.subject == (
        "APMBC : contribution 2026 en retard depuis le 31 mars 2026 (APMBC-2026-0009)"
    )
    assert "présente ses compliments" in mail.body
    assert "CHF 76’540,12" in mail.body


def test_a_level_without_the_language_falls_back_to_english(apmbc, state_b, levels):
    contact(apmbc, state_b)
    levels[0].subject_es = ""
    levels[0].save()
    invoice = issued_invoice(
        apmbc, state_b, sequence=9, issue_date=ISSUED, due_date=DUE, language="es"
    )

    run(DUE)

    mail = OutgoingMail.objects.get(key=reminder_key(invoice, levels[0]))
    assert mail.subject == "APMBC: contribution 2026 due today (APMBC-2026-0009)"
    assert "31 March 2026" in mail.body  # the date in English with the words


def test_the_outstanding_amount_is_what_is_left_after_payments(invoice, levels):
    payment(invoice, "70000.00")

    run(DUE)

    mail = OutgoingMail.objects.get(key=reminder_key(invoice, levels[0]))
    assert "The amount outstanding is CHF 6,540.12" in mail.body


def test_a_paid_invoice_gets_no_reminder(invoice, levels):
    payment(invoice, "76540.12")

    assert run(dt.date(2026, 12, 31)).queued == []
    assert sent_levels(invoice) == []


def test_a_cancelled_invoice_and_its_counter_invoice_get_no_reminder(invoice, levels):
    cancellation_of(invoice, sequence=20, reason="Wrong scale.")

    assert run(dt.date(2026, 12, 31)).queued == []


def test_a_level_whose_day_came_before_the_invoice_was_issued_is_not_sent(
    apmbc, state_a, levels
):
    contact(apmbc, state_a)
    # Issued 20 days before its due date: no "30 days before" note.
    late = issued_invoice(
        apmbc,
        state_a,
        issue_date=dt.date(2026, 3, 11),
        due_date=DUE,
    )

    run(DUE)

    assert sent_levels(late) == [0]


def test_a_state_without_an_e_mail_address_is_skipped_with_the_reason(
    apmbc, state_b, levels
):
    invoice = issued_invoice(apmbc, state_b, issue_date=ISSUED, due_date=DUE)

    result = run(DUE)

    assert result.queued == []
    assert result.skipped == [
        (
            reminder_key(invoice, levels[-30]),
            "no e-mail address recorded for Borduria",
        ),
        (reminder_key(invoice, levels[0]), "no e-mail address recorded for Borduria"),
    ]
    assert not OutgoingMail.objects.exists()


def test_an_inactive_policy_sends_nothing(invoice, levels, apmbc):
    ReminderPolicy.objects.filter(convention=apmbc).update(active=False)

    assert run(dt.date(2026, 12, 31)).queued == []
