"""The roster and a person's page: reach, search, pagination in constant queries, masking and audited reveals."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from tests.people.conftest import id_number
from yishi.audit.models import AuditRecord, Channel
from yishi.people import crypto
from yishi.people.domain.identity import mask_id_number
from yishi.people.models import Household, Ownership, Person, RoleAssignment


def _with_id(person: Person, number: str) -> Person:
    person.id_number_ciphertext = crypto.encrypt(number)
    person.id_number_lookup = crypto.lookup_hash(number)
    person.id_number_masked = mask_id_number(number)
    person.save()
    return person


def test_roster_shows_residents_within_reach_only(client: Client, world: World, cast: Cast) -> None:
    make_person("外社区居民", world.other_community)
    client.force_login(cast.director)
    response = client.get("/people/")
    assert response.status_code == 200
    names = {person.name for person, _age in response.context["rows"]}
    assert {"刘先生", "陈阿姨"} <= names
    assert "外社区居民" not in names
    assert "周大伯" not in names  # the village is outside the director's community


def test_roster_refuses_a_place_outside_reach(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    assert client.get(f"/people/?place={world.village.pk}").status_code == 403


def test_residents_without_a_role_have_no_roster(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.resident)
    assert client.get("/people/").status_code == 403


def test_search_by_name(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.get("/people/", {"q": "陈"})
    assert [person.name for person, _age in response.context["rows"]] == ["陈阿姨"]


def test_search_by_exact_phone_uses_the_keyed_hash(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/people/", {"phone": "138 0013 8001"})
    assert [person.name for person, _age in response.context["rows"]] == ["刘先生"]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert crypto.lookup_hash("13800138001") in sql  # found by its keyed hash
    assert "13800138001" not in sql  # the number itself never reaches the database
    assert " LIKE " not in sql.upper()


def test_a_partial_phone_is_refused_not_guessed(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.get("/people/", {"phone": "13800"})
    assert list(response.context["rows"]) == []
    assert "这不是有效的大陆电话号码" in response.content.decode()


def test_htmx_search_gets_the_results_partial(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.get("/people/", {"q": "刘"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "刘先生" in body


def _fill(world: World, count: int) -> None:
    Person.objects.bulk_create(
        [Person(name=f"居民{number:03d}", home=world.units[number % 4], phone_masked="") for number in range(count)]
    )


def test_roster_pages_take_a_constant_number_of_queries(
    client: Client, world: World, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client.force_login(cast.director)
    client.get("/people/")
    counts = []
    for added in (5, 80):
        _fill(world, added)
        with django_assert_max_num_queries(12) as page:
            response = client.get("/people/", {"page": 2})
        assert response.status_code == 200
        counts.append(len(page.captured_queries))
    assert counts[0] == counts[1]


def test_pagination(client: Client, world: World, cast: Cast) -> None:
    _fill(world, 60)
    client.force_login(cast.director)
    first = client.get("/people/")
    assert len(first.context["rows"]) == 25
    assert first.context["page"].paginator.count == 65
    last = client.get("/people/", {"page": 3})
    assert len(last.context["rows"]) == 15
    assert "第 3 页，共 3 页" in last.content.decode()


def test_numbers_are_masked_on_every_page(client: Client, world: World, cast: Cast) -> None:
    elder = _with_id(cast.elder, id_number("19480308", "022"))
    client.force_login(cast.secretary)
    for url in (
        "/people/",
        f"/people/{cast.resident.person_id}/",
        f"/people/{elder.pk}/",
        f"/places/{world.units[0].pk}/",
    ):
        body = client.get(url).content.decode()
        assert "13800138001" not in body
        assert id_number("19480308", "022") not in body
    assert "138****8001" in client.get("/people/").content.decode()
    assert elder.id_number_masked in client.get(f"/people/{elder.pk}/").content.decode()


def test_reveal_is_audited_with_its_reason(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(
        f"/people/{cast.resident.person_id}/reveal/", {"field": "phone", "reason": "通知业主大会时间"}
    )
    assert response.status_code == 200
    assert "13800138001" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    record = AuditRecord.objects.get(verb="person.reveal_phone")
    assert record.note == "通知业主大会时间"
    assert record.actor == cast.director
    assert record.acting_role == "committee_member"
    # The next visit shows the masked number again.
    assert "13800138001" not in client.get(f"/people/{cast.resident.person_id}/").content.decode()


def test_reveal_needs_a_reason(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(f"/people/{cast.resident.person_id}/reveal/", {"field": "phone", "reason": "看"})
    assert response.status_code == 400
    assert "请说明为什么需要完整号码" in response.content.decode()
    assert not AuditRecord.objects.filter(verb="person.reveal_phone").exists()


@pytest.mark.parametrize("who", ["supervisor", "street_officer", "village_head"])
def test_reveal_is_refused_to_other_roles(client: Client, world: World, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    response = client.post(f"/people/{cast.resident.person_id}/reveal/", {"field": "phone", "reason": "想知道号码"})
    assert response.status_code == 403
    assert "13800138001" not in response.content.decode()
    assert not AuditRecord.objects.filter(verb="person.reveal_phone").exists()


def test_supervisor_reads_the_roster_without_edit_or_reveal(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.supervisor)
    response = client.get(f"/people/{cast.resident.person_id}/")
    assert response.status_code == 200
    assert not response.context["may_edit"]
    assert not response.context["may_reveal"]
    assert "查看完整号码" not in response.content.decode()


def test_person_outside_reach_is_refused(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    villager = Person.objects.get(name="周大伯")
    assert client.get(f"/people/{villager.pk}/").status_code == 403


def test_add_a_resident_without_a_phone(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    form = client.get(f"/people/new/?home={world.units[2].pk}")
    assert form.status_code == 200
    response = client.post(
        f"/people/new/?home={world.units[2].pk}",
        {
            "name": "王奶奶",
            "home": world.units[2].pk,
            "sex": "female",
            "birth_date": "1940-02-03",
            "residence_status": "registered",
            "has_political_rights": "on",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(name="王奶奶")
    assert person.home == world.units[2]
    assert person.phone_lookup == "" and person.phone_masked == ""
    record = AuditRecord.objects.get(verb="person.create", target_id=str(person.pk))
    assert record.channel == Channel.ONLINE
    assert record.acting_role == "committee_member"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "1380013800"}, "这不是有效的大陆电话号码"),
        ({"phone": "138-0013-800a"}, "手机号码只能包含数字"),
        ({"id_number": "110101198001010012"}, "校验位不对"),
        ({"id_number": "11010119800101"}, "身份证号码有 18 位"),
        ({"phone": "13800138001"}, "此居民已在名册中"),
        ({"birth_date": "2099-01-01"}, "出生日期晚于今天"),
    ],
)
def test_bad_resident_facts_are_refused_and_nothing_is_written(
    client: Client, world: World, cast: Cast, fields: dict[str, str], message: str
) -> None:
    client.force_login(cast.director)
    before = Person.objects.count()
    data = {"name": "新居民", "home": world.units[2].pk, "sex": "unknown", "residence_status": "registered"}
    response = client.post(f"/people/new/?home={world.units[2].pk}", {**data, **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.count() == before


def test_supervisor_cannot_add_residents(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.supervisor)
    assert client.get(f"/people/new/?home={world.units[2].pk}").status_code == 403


def test_edit_keeps_the_phone_when_left_blank(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    person = cast.resident.person
    assert person is not None
    response = client.post(
        f"/people/{person.pk}/edit/",
        {
            "name": "刘建国",
            "home": world.units[0].pk,
            "sex": "male",
            "birth_date": "1975-05-01",
            "residence_status": "long_term",
            "phone": "",
            "id_number": "",
            "has_political_rights": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "刘建国"
    assert person.residence_status == "long_term"
    assert crypto.decrypt(person.phone_ciphertext) == "13800138001"


def test_household_with_representative_and_a_member(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    owner = cast.resident.person
    assert owner is not None
    spouse = make_person("刘太太", world.units[0])
    assert (
        client.post(f"/people/{owner.pk}/household/", {"number": "0101", "is_representative": "on"}).status_code == 302
    )
    household = Household.objects.get(unit=world.units[0])
    assert household.representative == owner
    response = client.post(f"/people/{spouse.pk}/household/join/", {"join-household": household.pk})
    assert response.status_code == 302
    spouse.refresh_from_db()
    assert spouse.household == household
    assert "刘太太" in client.get(f"/people/{owner.pk}/").content.decode()


def test_co_owners_and_the_developer(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    spouse = make_person("刘太太", world.units[0])
    response = client.post(f"/people/units/{world.units[0].pk}/owners/", {"owner": spouse.pk})
    assert response.status_code == 302
    assert set(Ownership.objects.filter(unit=world.units[0]).values_list("owner__name", flat=True)) == {
        "刘先生",
        "刘太太",
    }
    response = client.post(
        f"/people/units/{world.units[3].pk}/owners/",
        {"owner": "", "organisation_name": "阳光地产", "is_developer_unsold": "on"},
    )
    assert response.status_code == 302
    developer = Ownership.objects.get(unit=world.units[3])
    assert developer.owner is None and developer.is_developer_unsold
    body = client.get(f"/people/{spouse.pk}/").content.decode()
    assert "共有人" in body and "刘先生" in body
    response = client.post(f"/people/units/{world.units[3].pk}/owners/", {"owner": ""})
    assert response.status_code == 400
    assert "请填写业主" in response.content.decode()


def test_ownership_from_the_person_page(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(f"/people/{cast.elder.pk}/ownership/", {"own-unit": world.units[1].pk})
    assert response.status_code == 302
    assert Ownership.objects.filter(unit=world.units[1], owner=cast.elder).exists()
    response = client.post(f"/people/{cast.elder.pk}/ownership/", {"own-unit": world.units[1].pk})
    assert response.status_code == 400
    assert "此人已是这套房屋的业主" in response.content.decode()


def test_assign_and_end_a_role(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.secretary)
    response = client.post(
        f"/people/{cast.elder.pk}/roles/",
        {"role-role": "building_leader", "role-place": world.building.pk, "role-starts_on": "2026-01-01"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person=cast.elder)
    response = client.post(f"/people/roles/{assignment.pk}/end/", {"ends_on": "2025-12-31"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on is None  # refused: before it started
    client.post(f"/people/roles/{assignment.pk}/end/", {"ends_on": "2026-06-30"})
    assignment.refresh_from_db()
    assert str(assignment.ends_on) == "2026-06-30"
    assert AuditRecord.objects.filter(verb__in=["role.assign", "role.end"]).count() == 2


def test_a_social_worker_may_not_give_roles(client: Client, world: World, cast: Cast) -> None:
    worker = make_person("社工小周", world.community)
    give_role(worker, "social_worker", world.community)
    client.force_login(make_user(worker))
    page = client.get(f"/people/{cast.elder.pk}/")
    assert "role_form" not in page.context
    response = client.post(
        f"/people/{cast.elder.pk}/roles/",
        {"role-role": "volunteer", "role-place": world.community.pk, "role-starts_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(person=cast.elder).exists()
