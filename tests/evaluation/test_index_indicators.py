"""Indicator computations of the model-community index on small known data sets, including no data."""

import datetime
from fractions import Fraction

import pytest
from django.utils import timezone

from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from yishi.audit.actions import Actor
from yishi.audit.models import AuditRecord
from yishi.disclosure.models import Notice
from yishi.evaluation.domain.indicators import NO_DATA, Count, Median, Ratio
from yishi.evaluation.index_actions import compute_snapshot, request_refresh
from yishi.evaluation.index_framework import measurement_from_data
from yishi.evaluation.index_models import IndicatorSnapshot
from yishi.evaluation.index_queries import measure_community
from yishi.matters.models import Category, Matter, MatterEvent
from yishi.people.models import Household

YEAR = 2026


def at(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, 10, 0))


def matter(world: World, proposer, **extra):  # type: ignore[no-untyped-def]
    return Matter.objects.create(
        title="路灯不亮",
        place=world.compound,
        community=world.community,
        category=Category.objects.first(),
        proposer=proposer,
        **extra,
    )


def test_empty_community_is_no_data_not_zero(world: World) -> None:
    measurements, households = measure_community(world.other_community, YEAR, today=datetime.date(YEAR, 12, 31))
    assert households == 0
    for code in (
        "online_coverage",
        "participation_rate",
        "elderly_participation",
        "assisted_share",
        "resolution_rate",
        "median_days_to_resolve",
        "overdue_share",
        "disclosure_on_time",
        "satisfaction_share",
        "registration_rate",
        "turnout",
        "volunteer_hours_per_resident",
    ):
        assert measurements[code] is NO_DATA, code
    # Counts are real zeros: no meetings were held.
    assert measurements["meetings_held"] == Count(parts=())


def test_participation_coverage_and_matters(world: World, cast: Cast) -> None:
    resident = cast.resident.person
    elder = cast.elder
    young = make_person("小明", world.units[2], birth_date=datetime.date(YEAR - 10, 1, 1))
    other = make_person("王五", world.units[3], birth_date=datetime.date(1990, 1, 1))
    first = Household.objects.create(unit=world.units[0])
    second = Household.objects.create(unit=world.units[1])
    for person, household in ((resident, first), (elder, second), (other, second)):
        person.household = household
        person.save()
    make_user(make_person("不在本社区", world.other_community))
    resolved = matter(world, resident, triaged_at=at(3, 1), status="closed")
    MatterEvent.objects.create(matter=resolved, kind="closed", occurred_at=at(3, 11), status_to="closed")
    matter(world, elder, channel="visit", triaged_at=at(4, 1), due_on=datetime.date(YEAR, 4, 10))
    measurements, households = measure_community(world.community, YEAR, today=datetime.date(YEAR, 12, 31))
    assert households == 2
    # Adults: 刘先生, 陈阿姨, 王五 and the staff living in the community (born unknown: counted as adults).
    rate = measurements["participation_rate"]
    assert isinstance(rate, Ratio) and rate.numerator == 2
    assert young.pk  # under 18: not in the denominator
    elderly = measurements["elderly_participation"]
    assert isinstance(elderly, Ratio) and (elderly.numerator, elderly.denominator) == (1, 1)
    coverage = measurements["online_coverage"]
    assert isinstance(coverage, Ratio) and coverage.value == Fraction(1, 2)  # only 刘先生's household is online
    assisted = measurements["assisted_share"]
    assert isinstance(assisted, Ratio) and assisted.value == Fraction(1, 2)
    per_100 = measurements["matters_per_100_households"]
    assert isinstance(per_100, Ratio) and per_100.value == 100
    resolution = measurements["resolution_rate"]
    assert isinstance(resolution, Ratio) and resolution.value == Fraction(1, 2)
    assert measurements["median_days_to_resolve"] == Median(value=Fraction(10), sample_size=1)
    overdue = measurements["overdue_share"]
    assert isinstance(overdue, Ratio) and (overdue.numerator, overdue.denominator) == (1, 1)


def test_disclosure_on_time(world: World) -> None:
    def notice(due: datetime.date, published: datetime.datetime | None) -> None:
        Notice.objects.create(
            community=world.community,
            place=world.community,
            kind="other",
            title="公示",
            due_by=due,
            status="published" if published else "draft",
            published_at=published,
            posted_from=published.date() if published else None,
        )

    notice(datetime.date(YEAR, 2, 10), at(2, 9))
    notice(datetime.date(YEAR, 3, 10), at(3, 20))
    notice(datetime.date(YEAR, 5, 10), None)  # overdue, never published
    notice(datetime.date(YEAR, 12, 30), None)  # not yet due on 1 June
    measurements, _ = measure_community(world.community, YEAR, today=datetime.date(YEAR, 6, 1))
    share = measurements["disclosure_on_time"]
    assert isinstance(share, Ratio) and (share.numerator, share.denominator) == (1, 3)


def test_snapshot_task_is_idempotent_and_refresh_is_audited(
    world: World,
    cast: Cast,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    matter(world, cast.resident.person)
    compute_snapshot(community_id=world.community.pk, year=YEAR)
    compute_snapshot(community_id=world.community.pk, year=YEAR)
    assert IndicatorSnapshot.objects.filter(community=world.community, year=YEAR).count() == 1
    snapshot = IndicatorSnapshot.objects.get(community=world.community, year=YEAR)
    assert measurement_from_data(snapshot.measurements["turnout"]) is NO_DATA
    IndicatorSnapshot.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        request_refresh(actor=Actor(user=cast.secretary), community=world.community, year=YEAR)
    assert AuditRecord.objects.filter(verb="evaluation.snapshot.refresh").count() == 1
    assert IndicatorSnapshot.objects.filter(community=world.community, year=YEAR).exists()


def test_refresh_refused_without_dashboard_right(world: World, cast: Cast) -> None:
    from yishi.audit.errors import NotPermitted

    with pytest.raises(NotPermitted):
        request_refresh(actor=Actor(user=cast.resident), community=world.community, year=YEAR)
