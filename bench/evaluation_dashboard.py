"""The district dashboard of the model-community index at about 200 communities, against a trivial view.

A district of 10 streets with 20 communities each; every community has an indicator snapshot for the year
(the figures a background task precomputes) and two experts' qualitative scores. The dashboard scores every
community on the framework, rolls communities up into streets and the district and ranks both, in a constant
number of queries. Requested through Django's test client, signed in as a district officer, beside a view that
only returns "ok". Reported: the dashboard's time as a multiple of the trivial view (the query count is pinned by
tests/evaluation/test_index_scoring.py).
"""

import datetime
from decimal import Decimal
from fractions import Fraction

import common

STREETS = 10
PER_STREET = 20
YEAR = 2026


def build() -> tuple[object, object]:
    from django.db import transaction

    from yishi.accounts.models import User
    from yishi.evaluation.domain.framework import FRAMEWORK_2026, IndicatorKind
    from yishi.evaluation.domain.indicators import NO_DATA, Ratio
    from yishi.evaluation.index_framework import measurement_to_data
    from yishi.evaluation.index_models import IndicatorSnapshot, QualitativeScore
    from yishi.people.models import Person, RoleAssignment
    from yishi.places.domain.tree import child_path
    from yishi.places.models import Place

    def place(parent: Place | None, kind: str, name: str) -> Place:
        node = Place.objects.create(
            kind=kind,
            name=name,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            path=f"tmp-{kind}-{name}-{parent.pk if parent else 0}",
        )
        node.path = child_path(parent_path=parent.path if parent else "/", node_id=node.pk)
        node.save(update_fields=["path"])
        return node

    codes = [i.code for i in FRAMEWORK_2026.indicators if i.kind is IndicatorKind.QUANTITATIVE]
    with transaction.atomic():
        district = place(None, "district", "示范区")
        person = Person.objects.create(name="孙处长")
        RoleAssignment.objects.create(
            person=person, role="district_officer", place=district, starts_on=datetime.date(2020, 1, 1)
        )
        officer = User.objects.create_user(username="bench-officer", password=None, person=person)
        expert_person = Person.objects.create(name="钱教授")
        expert = User.objects.create_user(username="bench-expert", password=None, person=expert_person)
        snapshots = []
        scores = []
        for s in range(STREETS):
            street = place(district, "street", f"街道{s + 1}")
            for c in range(PER_STREET):
                community = place(street, "community", f"社区{s + 1}-{c + 1}")
                data = {code: measurement_to_data(NO_DATA) for code in codes}
                for n, code in enumerate(codes):
                    if code in ("online_coverage", "participation_rate", "resolution_rate", "disclosure_on_time"):
                        share = Fraction((s * 7 + c * 3 + n) % 10, 10)
                        data[code] = measurement_to_data(
                            Ratio(numerator=Fraction(share.numerator), denominator=Fraction(share.denominator))
                        )
                snapshots.append(
                    IndicatorSnapshot(community=community, year=YEAR, measurements=data, households=300 + c)
                )
                for code in ("resources_in_place", "case_quality"):
                    scores.append(
                        QualitativeScore(
                            community=community,
                            year=YEAR,
                            indicator_code=code,
                            score=Decimal(60 + (s + c) % 40),
                            scorer=expert,
                            scorer_name="钱教授",
                        )
                    )
        IndicatorSnapshot.objects.bulk_create(snapshots)
        QualitativeScore.objects.bulk_create(scores)
    return district, officer


def trivial_url() -> str:
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    from yishi import urls

    urls.urlpatterns.insert(0, path("bench-trivial/", lambda request: HttpResponse("ok")))
    clear_url_caches()
    return "/bench-trivial/"


def main() -> None:
    args = common.arguments("The district dashboard of the model-community index against a trivial view.")
    with common.scratch_django(args.database):
        district, officer = build()
        browser = common.client(officer)
        trivial = trivial_url()
        url = f"/evaluation/index/area/{district.pk}/?year={YEAR}"  # type: ignore[attr-defined]
        browser.get(url)
        result = common.compare(
            "trivial view",
            lambda: common.get(browser, trivial),
            f"district dashboard, {STREETS * PER_STREET} communities",
            lambda: common.get(browser, url),
            rounds=args.rounds,
        )
        common.report(
            "evaluation_dashboard",
            args.database,
            [result],
            notes={"communities": STREETS * PER_STREET},
        )


if __name__ == "__main__":
    main()
