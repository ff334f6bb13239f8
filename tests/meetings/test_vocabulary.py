"""A convention's own words as data (issue 17): a convention built from the CCW's
vocabulary alone — under a code ISM has never heard of, so no branch on "CCW"
can help — titles its meetings, records a Group of Governmental Experts and
labels its obligations in its own words."""

import datetime as dt

import pytest

from ism.models import ObligationKind, Role
from meetings.models import KeyObligation, Meeting, MeetingKind
from meetings.services.meetings import meeting_create
from tests.factories import ConventionFactory, StateFactory, UserFactory, assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def hcp():
    """The CCW's vocabulary on a convention whose code is not "CCW"."""
    return ConventionFactory(code="XCW", currency="USD", vocabulary="CCW")


@pytest.fixture
def hcp_staff(hcp):
    user = UserFactory(username="staff-xcw")
    assign(user, Role.ISU_STAFF, convention=hcp)
    return user


def _create(convention, actor, **data):
    start = dt.date(2026, 11, 16)
    return meeting_create(
        convention=convention,
        data={"start": start, "end": start, "venue": "Geneva", **data},
        actor=actor,
    )


def test_it_titles_the_twenty_sixth_meeting_in_the_conventions_words(hcp, hcp_staff):
    meeting = _create(hcp, hcp_staff, kind="msp", number=26, title="")

    assert meeting.title == "Twenty-Sixth Meeting of the High Contracting Parties"
    assert meeting.title_fr == "Vingt-sixième Réunion des Hautes Parties contractantes"
    assert meeting.title_es == (
        "Vigésima Sexta Reunión de las Altas Partes Contratantes"
    )
    assert meeting.title_ru == (
        "Двадцать шестое совещание Высоких Договаривающихся Сторон"
    )
    assert meeting.title_ar == "الاجتماع السادس والعشرون للأطراف المتعاقدة السامية"
    assert meeting.title_zh_hans == "缔约方第二十六次会议"
    assert meeting.adopts_budget
    assert meeting.is_public_kind


def test_it_records_a_group_of_governmental_experts_without_a_committee(hcp, hcp_staff):
    meeting = _create(hcp, hcp_staff, kind="gge", title="")

    assert meeting.committee is None
    assert meeting.title == "Group of Governmental Experts"
    assert meeting.title_fr == "Groupe d'experts gouvernementaux"
    assert not meeting.is_committee_meeting
    assert not meeting.adopts_budget
    assert meeting.kind_label == "Group of Governmental Experts"


def test_a_gge_session_is_public_through_its_kind_row(hcp, hcp_staff, client_for):
    meeting = _create(hcp, hcp_staff, kind="gge", title="")

    assert client_for(None).get(meeting.get_absolute_url()).status_code == 200


def test_a_kind_the_convention_does_not_define_is_refused(hcp, hcp_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _create(hcp, hcp_staff, kind="thematic", title="Thematic")
    assert "kind" in refused.value.message_dict


def test_a_thematic_committee_meeting_still_names_its_committee(apmbc, isu_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _create(apmbc, isu_staff, kind=Meeting.Kind.THEMATIC, title="Article 5")
    assert "committee" in refused.value.message_dict


def test_a_number_is_refused_for_a_kind_that_is_not_numbered(hcp, hcp_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _create(hcp, hcp_staff, kind="gge", number=3, title="")
    assert "number" in refused.value.message_dict


def test_the_apmbc_keeps_the_states_parties(apmbc, isu_staff):
    meeting = _create(apmbc, isu_staff, kind=Meeting.Kind.MSP, number=23, title="")

    assert meeting.title == "Twenty-Third Meeting of the States Parties"
    assert meeting.title_fr == "Vingt-troisième Assemblée des États parties"
    assert meeting.title_es == "Vigésima Tercera Reunión de los Estados Partes"


def test_the_ccm_obligations_read_articles_3_and_4(ccm):
    labels = dict(
        ObligationKind.objects.filter(convention=ccm).values_list("code", "label")
    )

    assert labels["stockpile"] == (
        "Destruction of stockpiled cluster munitions (Article 3)"
    )
    assert labels["clearance"] == (
        "Clearance and destruction of cluster munition remnants (Article 4)"
    )
    obligation = KeyObligation.objects.create(
        convention=ccm, state=StateFactory(), kind="clearance"
    )
    assert "Article 4" in obligation.label
    assert "APMBC" not in obligation.label


def test_the_ccw_obligations_name_its_protocols(hcp):
    labels = list(
        ObligationKind.objects.filter(convention=hcp).values_list("label", flat=True)
    )

    assert any("Amended Protocol II, Article 10" in label for label in labels)
    assert any("Protocol V, Article 3" in label for label in labels)


def test_the_party_is_called_as_the_convention_calls_it(hcp, apmbc):
    from django.utils import translation

    assert hcp.parties_label == "High Contracting Parties"
    assert apmbc.parties_label == "States Parties"
    with translation.override("fr"):
        assert hcp.parties_label == "Hautes Parties contractantes"
        assert apmbc.parties_label == "États parties"


def test_loading_the_vocabulary_again_changes_nothing(hcp):
    from ism.vocabulary import vocabulary_for, vocabulary_load

    before = list(MeetingKind.objects.filter(convention=hcp).values())
    vocabulary_load(convention=hcp, data=vocabulary_for("CCW"))

    assert list(MeetingKind.objects.filter(convention=hcp).values()) == before


def test_loading_again_puts_the_files_words_back_and_keeps_staffs_own_kinds(hcp):
    from ism.vocabulary import vocabulary_for, vocabulary_load

    data = vocabulary_for("CCW")
    first = data["meeting_kinds"][0]
    MeetingKind.objects.filter(convention=hcp, code=first["code"]).update(
        name="Renamed by staff", order=99
    )
    MeetingKind.objects.create(convention=hcp, code="retreat", name="Staff retreat")
    ObligationKind.objects.filter(convention=hcp).order_by("order").first().delete()

    vocabulary_load(convention=hcp, data=data)

    kind = MeetingKind.objects.get(convention=hcp, code=first["code"])
    assert (kind.name, kind.order) == (first["name"]["en"], 1)
    assert MeetingKind.objects.filter(convention=hcp, code="retreat").exists()
    codes = set(
        ObligationKind.objects.filter(convention=hcp).values_list("code", flat=True)
    )
    assert codes == {item["code"] for item in data["obligations"]}


def test_a_new_conventions_vocabulary_takes_the_same_few_queries_however_long(
    django_assert_max_num_queries,
):
    from ism.vocabulary import vocabulary_for, vocabulary_load

    data = vocabulary_for("CCW")
    assert len(data["meeting_kinds"]) + len(data["obligations"]) >= 10
    convention = ConventionFactory.build(code="XNW")  # no vocabulary yet
    convention.save()
    # The convention's names; then for kinds and obligations each one read and
    # one insert (a savepoint around the whole).
    with django_assert_max_num_queries(7):
        vocabulary_load(convention=convention, data=data)
    assert MeetingKind.objects.filter(convention=convention).count() == len(
        data["meeting_kinds"]
    )
