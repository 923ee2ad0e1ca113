"""Builders for designation-programme tests: a programme through its actions, experts with and without ties."""

import datetime

from django.utils import timezone

from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.evaluation import designation_actions as actions
from yishi.evaluation.designation_models import Programme, Submission
from yishi.evaluation.designation_queries import programme_framework
from yishi.places.models import Place

TODAY = timezone.localdate()


def programme_draft(**changes: object) -> actions.ProgrammeDraft:
    values: dict[str, object] = {
        "year": TODAY.year,
        "title": f"{TODAY.year}年全过程人民民主创新实践基地评选",
        "rules": "各社区、街道提交案例材料,专家评审并实地考察。",
        "indicator_year": TODAY.year,
        "submissions_open_on": TODAY - datetime.timedelta(days=1),
        "submissions_close_on": TODAY + datetime.timedelta(days=30),
        "review_ends_on": TODAY + datetime.timedelta(days=60),
        "publication_on": TODAY + datetime.timedelta(days=70),
        "threshold": "70",
        "base_quota": 1,
        "station_quota": 1,
        "minimum_reviews": 1,
        "trim_from": None,
    }
    values.update(changes)
    return actions.ProgrammeDraft(**values)  # type: ignore[arg-type]


def open_programme(world: World, cast: Cast, **changes: object) -> Programme:
    officer = Actor(user=cast.district_officer)
    programme = actions.create_programme(actor=officer, district=world.district, draft=programme_draft(**changes))
    return actions.open_submissions(actor=officer, programme=programme)


def case_draft(**changes: str) -> actions.CaseDraft:
    values = {
        "kind": "station",
        "theme": "renewal",
        "title": "加装电梯“四步议事法”",
        "summary": "阳光小区 1 号楼通过议事协商加装电梯。",
        "body": "居民提出加装电梯,经过三会制度协商、业主共同决定,三个月完工。",
    }
    values.update(changes)
    return actions.CaseDraft(**values)


def submit(programme: Programme, user: User, unit: Place, **changes: str) -> Submission:
    return actions.submit_case(actor=Actor(user=user), programme=programme, unit=unit, draft=case_draft(**changes))


def expert(name: str, world: World, *, home: Place | None = None) -> User:
    person = make_person(name, home)
    give_role(person, "expert", world.district)
    return make_user(person, username=f"expert-{name}")


def all_dimensions(programme: Programme, score: str) -> dict[str, str]:
    return {dimension.code: score for dimension in programme_framework(programme).dimensions}
