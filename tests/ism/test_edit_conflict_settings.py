"""Two staff members change the convention's settings from pages opened at the
same time: the second save is refused with what the first changed (issue 15 §2)."""

from tests.ism.test_access_policy import SETTINGS_URL, settings_form


def test_the_second_settings_save_is_refused_with_what_changed(
    client_for, isu_staff, apmbc
):
    loaded = settings_form(apmbc)
    first = client_for(isu_staff).post(
        SETTINGS_URL, {**loaded, "host": "GICHD, Geneva"}
    )
    assert first.status_code == 302
    second = client_for(isu_staff).post(
        SETTINGS_URL, {**loaded, "annual_report_day": "15"}
    )
    assert second.status_code == 400
    html = second.content.decode()
    assert 'data-testid="edit-conflict"' in html and "GICHD, Geneva" in html
    apmbc.refresh_from_db()
    assert (apmbc.host, apmbc.annual_report_day) == ("GICHD, Geneva", 30)
