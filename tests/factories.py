"""Factories that keep relations consistent: a focal point's State is a party to
the convention it acts in; a committee member's committee belongs to a convention."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from ism.models import (
    Committee,
    CommitteeMembership,
    Convention,
    Participation,
    Role,
    RoleAssignment,
    State,
    User,
)
from ism.parties import instrument_base, participation_mirror
from ism.vocabulary import vocabularies, vocabulary_for, vocabulary_load


class ConventionFactory(DjangoModelFactory):
    class Meta:
        model = Convention
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "APMBC"
    short_name = factory.LazyAttribute(lambda o: f"{o.code} convention")
    name = factory.LazyAttribute(lambda o: f"The {o.code} convention")
    currency = "CHF"
    host = "GICHD"
    financing_model = Convention.Financing.VOLUNTARY
    initial_report_days = 180
    annual_report_month = 4
    annual_report_day = 30
    # A test ISU's identifier in the IATI registry (any well-formed one).
    iati_org_ref = factory.LazyAttribute(lambda o: f"XI-IATI-TEST{o.code}")

    @factory.post_generation
    def base_instrument(obj, create, extracted, **kwargs):
        # Every convention has its base instrument, as the migration gave them.
        if create:
            instrument_base(obj)

    @factory.post_generation
    def vocabulary(convention, create, extracted, **kwargs):
        """The convention's words from data (ism/reference/vocabularies.json):
        `vocabulary="CCW"` for the CCW's, else its code's, else the APMBC's.
        Once: a convention the test already has keeps its own."""
        if create and not convention.party_plural:
            named = convention.code if convention.code in vocabularies() else "APMBC"
            vocabulary_load(
                convention=convention, data=vocabulary_for(extracted or named)
            )

    @factory.post_generation
    def report_types(obj, create, extracted, **kwargs):
        # Its Article 7 report, as the migration and the demo give a convention
        # with a form set of that name (report_types=False: set up by the test).
        if create and extracted is not False:
            from reporting.services.types import article7_type

            article7_type(obj)


_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class StateFactory(DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: f"Z{n // 26 % 26 + 65:c}{n % 26 + 65:c}")
    # Digit first: never a real code, nor a fixture's ("AA", "BB"), however long
    # the session's sequence runs (iso3[1:] wrapped round to "AA" after 676 States).
    iso2 = factory.Sequence(lambda n: f"{n // 36 % 10}{_ALNUM[n % 36]}")
    name = factory.LazyAttribute(lambda o: f"State {o.iso3}")
    un_status = State.UNStatus.MEMBER


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation
        skip_postgeneration_save = True

    state = factory.SubFactory(StateFactory)
    convention = factory.SubFactory(ConventionFactory)
    status = Participation.Status.PARTY
    consent_date = dt.date(2000, 1, 1)
    entry_into_force = dt.date(2000, 7, 1)

    @factory.post_generation
    def mirror(obj, create, extracted, **kwargs):
        # The base instrument's membership mirrors the Participation (ism.parties).
        if create:
            participation_mirror(obj)


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = Committee.Kind.THEMATIC


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    state = factory.SubFactory(StateFactory)
    term_start = dt.date(2025, 1, 1)
    term_end = dt.date(2026, 12, 31)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("pw-for-tests-1")


def assign(user: User, role: str, **scope) -> RoleAssignment:
    """Give `user` a role, making the State a party where the role needs it."""
    if role == Role.FOCAL_POINT:
        participation, created = Participation.objects.get_or_create(
            state=scope["state"],
            convention=scope["convention"],
            defaults={"status": Participation.Status.PARTY},
        )
        if created:
            participation_mirror(participation)
    return RoleAssignment.objects.create(user=user, role=role, **scope)
