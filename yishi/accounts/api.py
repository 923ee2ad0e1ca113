"""Who am I: the signed-in account, its person and the roles held today, in the JSON API."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from yishi.accounts.models import User
from yishi.people.domain.roles import GRANTS, Role
from yishi.people.models import RoleAssignment
from yishi.people.queries import get_home_summary

router = Router(tags=["accounts"])


class MyPersonOut(Schema):
    id: int
    name: str
    phone_masked: str
    home_id: int | None
    home_name: str | None


class MyRoleOut(Schema):
    id: int
    role: str
    role_label: str
    place_id: int
    place_name: str
    place_kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    capabilities: list[str]


class MeOut(Schema):
    id: int
    display_name: str
    username: str | None
    is_superuser: bool
    person: MyPersonOut | None
    roles: list[MyRoleOut]


def _capabilities(role: str) -> list[str]:
    return sorted(str(capability) for capability, roles in GRANTS.items() if Role(role) in roles)


def _role(assignment: RoleAssignment) -> MyRoleOut:
    return MyRoleOut(
        id=assignment.pk,
        role=assignment.role,
        role_label=str(assignment.get_role_display()),
        place_id=assignment.place_id,
        place_name=assignment.place.name,
        place_kind=assignment.place.kind,
        starts_on=assignment.starts_on,
        ends_on=assignment.ends_on,
        capabilities=_capabilities(assignment.role),
    )


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    """The signed-in account (by session or token), its person (masked) and the roles it holds today."""
    user = request.user
    assert isinstance(user, User)
    summary = get_home_summary(user=user)
    person = summary.person
    return MeOut(
        id=user.pk,
        display_name=user.display_name,
        username=user.username,
        is_superuser=user.is_superuser,
        person=None
        if person is None
        else MyPersonOut(
            id=person.pk,
            name=person.name,
            phone_masked=person.phone_masked,
            home_id=person.home_id,
            home_name=person.home.name if person.home is not None else None,
        ),
        roles=[_role(assignment) for assignment in summary.roles],
    )
