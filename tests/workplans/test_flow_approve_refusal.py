"""The review page says why the committee cannot approve yet, by the service's
own rule: the Approve button is disabled with the reason while a thread is open,
and enabled once every thread is resolved."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from workplans import services


def approve_step(client, plan) -> str:
    """The approve step's form, as the page draws it."""
    page = client.get(f"/workplans/{plan.pk}/review/")
    assert page.status_code == 200
    action = f'action="/workplans/{plan.pk}/review/approve/"'
    return re.search(action + r".*?</form>", page.content.decode(), re.S).group(0)


def test_it_shows_approve_disabled_with_the_reason_while_threads_are_open(
    client, submitted, committee_member, isu_staff
):
    plan, (*_chain, activity, second) = submitted
    threads = [
        services.thread_open(workplan=plan, result=result, text="Why?", actor=actor)
        for result, actor in ((activity, committee_member), (second, isu_staff))
    ]
    client.force_login(committee_member)

    step = approve_step(client, plan)
    assert "2 comment threads are open: resolve them first." in step
    assert re.search(r"<button[^>]* disabled aria-describedby=\"refusal-", step)
    with pytest.raises(ValidationError, match="2 comment threads are open"):
        services.workplan_approve(workplan=plan, actor=committee_member)

    services.thread_resolve(thread=threads[0], actor=isu_staff)
    assert "1 comment thread is open: resolve it first." in approve_step(client, plan)

    services.thread_resolve(thread=threads[1], actor=isu_staff)
    step = approve_step(client, plan)
    assert "disabled" not in step
    assert "refusal" not in step
