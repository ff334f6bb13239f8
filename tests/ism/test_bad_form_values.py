"""Form fields a page looks a row up by, or redirects to, refuse odd values with
a 4xx or fall back to the page's default — never a 500 (issue 15 §3; found by
posting the page fuzz test's hostile values to every form)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from budgets.models import Invoice
from ism.models import User
from workplans.models import ReviewThread, WorkPlan

pytestmark = pytest.mark.django_db

ODD = ["²", "1e309", "9999-12-31", "x" * 300]


@pytest.fixture
def admin(demo, client_for):
    return client_for(User.objects.get(username="admin"))


@pytest.mark.parametrize("value", ODD)
def test_a_reminder_with_an_odd_level_or_next_goes_back_to_the_reminders(admin, value):
    invoice = Invoice.objects.exclude(issue_date=None).order_by("pk").first()

    response = admin.post(
        reverse("budgets:invoice-remind", args=[invoice.pk]),
        {"level": value, "next": value},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "budgets:invoice-reminders", args=[invoice.convention.code]
    )


@pytest.mark.parametrize("value", ODD)
def test_a_comment_on_an_odd_statement_is_a_404(admin, value):
    plan = WorkPlan.objects.order_by("pk").first()

    response = admin.post(
        reverse("workplans:thread-open", args=[plan.pk]),
        {"result": value, "text": "Why?"},
    )

    assert response.status_code == 404


@pytest.mark.parametrize("value", ODD)
def test_resolving_a_thread_with_an_odd_next_goes_to_the_plan(admin, value):
    plan = WorkPlan.objects.order_by("pk").first()
    staff = User.objects.get(username="staff.apmbc")
    thread = ReviewThread.objects.create(workplan=plan, opened_by=staff)

    response = admin.post(
        reverse("workplans:thread-resolve", args=[thread.pk]), {"next": value}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/workplans/")
