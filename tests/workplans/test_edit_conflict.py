"""Two staff members edit one indicator from pages opened at the same time: the
second save is refused with what the first changed (issue 15 §2)."""

from tests.forms import posted
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services
from workplans.models import Indicator


def test_a_stale_indicator_save_is_refused_with_what_changed(
    client_for, isu_staff, plan
):
    *_, output, _first, _second = add_chain(plan)
    indicator = services.indicator_add(result=output, data=indicator_data(), actor=None)
    url = f"/workplans/indicators/{indicator.pk}/"
    first, second = client_for(isu_staff), client_for(isu_staff)
    a, b = posted(first.get(url)), posted(second.get(url))
    a["target"] = "75"
    assert first.post(url, a).status_code == 302
    b["description"] = "Committee meetings held with ISU support"
    refused = second.post(url, b)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="edit-conflict"' in html and "75" in html
    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.target, stored.description) == (75, "Committee meetings supported")
    again = posted(refused)
    again["target"] = "75"
    assert second.post(url, again).status_code == 302
    stored.refresh_from_db()
    assert (stored.target, stored.description) == (
        75,
        "Committee meetings held with ISU support",
    )
