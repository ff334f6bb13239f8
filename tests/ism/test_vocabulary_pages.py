"""A convention's vocabulary on its settings pages (issue 17): its ISU staff edit
what a party is called (six languages), its kinds of meeting and its obligations;
another convention's staff, a focal point or an auditor may not (403), anonymous
visitors go to the login page, and an unknown catalogue is a 404."""

import pytest

from meetings.models import MeetingKind
from tests.ism.test_access_policy import SETTINGS_URL, settings_form

pytestmark = pytest.mark.django_db

NEW_KIND = "/conventions/APMBC/settings/meeting-kinds/new/"


def test_staff_rename_the_parties_in_french(client_for, isu_staff, apmbc):
    response = client_for(isu_staff).post(
        SETTINGS_URL, settings_form(apmbc, party_plural_fr="États parties (test)")
    )

    assert response.status_code == 302
    apmbc.refresh_from_db()
    assert apmbc.party_plural_fr == "États parties (test)"
    assert apmbc.party_plural == "States Parties"


def test_staff_add_a_kind_of_meeting(client_for, isu_staff, apmbc):
    response = client_for(isu_staff).post(
        NEW_KIND,
        {
            "code": "gge",
            "name": "Group of Governmental Experts",
            "name_fr": "Groupe d'experts gouvernementaux",
            "title_pattern": "",
            "committee": "",
            "public": "on",
            "order": "20",
        },
    )

    assert response.status_code == 302
    kind = MeetingKind.objects.get(convention=apmbc, code="gge")
    assert (kind.public, kind.committee, kind.numbered) == (True, "", False)
    assert kind.name_fr == "Groupe d'experts gouvernementaux"


def test_a_numbered_kind_without_a_title_is_refused_beside_the_field(
    client_for, isu_staff, apmbc
):
    response = client_for(isu_staff).post(
        NEW_KIND,
        {"code": "conf", "name": "Conference", "numbered": "on", "order": "1"},
    )

    assert response.status_code == 400
    assert "title_pattern" in response.context["form"].errors
    assert not MeetingKind.objects.filter(convention=apmbc, code="conf").exists()


def test_staff_change_an_obligation_label(client_for, isu_staff, apmbc):
    obligation = apmbc.obligation_kinds.get(code="clearance")
    url = f"/conventions/APMBC/settings/obligations/{obligation.pk}/"

    response = client_for(isu_staff).post(
        url, {"label": "Clearance (Article 5)", "order": "2"}
    )

    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.label == "Clearance (Article 5)"


@pytest.mark.parametrize(
    "who", ["other_staff", "focal_a", "auditor", "committee_member"]
)
def test_no_one_else_edits_the_vocabulary(request, client_for, apmbc, ccm, who):
    client = client_for(request.getfixturevalue(who))
    kind = apmbc.meeting_kinds.get(code="msp")

    assert client.get(NEW_KIND).status_code == 403
    edit = f"/conventions/APMBC/settings/meeting-kinds/{kind.pk}/"
    assert client.post(edit, {"name": "Hijacked", "order": "1"}).status_code == 403
    kind.refresh_from_db()
    assert kind.name == "Meeting of the States Parties"


def test_anonymous_visitors_go_to_the_login_page(client_for, apmbc):
    response = client_for(None).get(NEW_KIND)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_catalogue_or_another_conventions_row_is_a_404(
    client_for, isu_staff, apmbc, ccm
):
    client = client_for(isu_staff)
    ccm_kind = ccm.meeting_kinds.get(code="msp")

    assert client.get("/conventions/APMBC/settings/things/new/").status_code == 404
    url = f"/conventions/APMBC/settings/meeting-kinds/{ccm_kind.pk}/"
    assert client.get(url).status_code == 404


def test_the_conventions_page_lists_its_kinds_in_its_words(client_for, apmbc):
    html = client_for(None).get("/conventions/APMBC/").content.decode()

    assert "Meeting of the States Parties" in html
    assert "Destruction of stockpiled anti-personnel mines (Article 4)" in html
