"""Who may triage, who sees what: the permission matrix and the public views without personal data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from tests.matters.builders import actor, jpeg_with_metadata, raise_for, triage, triage_input
from yishi.audit.errors import NotPermitted
from yishi.matters import actions
from yishi.matters.models import Matter, MatterPhoto, MatterStatus

PEOPLE = [
    "secretary",
    "director",
    "supervisor",
    "street_officer",
    "district_officer",
    "expert",
    "resident",
    "village_head",
    "admin",
]
MAY_TRIAGE = {
    "community": {"secretary", "director", "admin"},
    "village": {"village_head", "admin"},
}


def _matter_at(cast: Cast, world: World, where: str) -> Matter:
    if where == "community":
        return raise_for(cast.resident, world.compound)
    return raise_for(cast.villager, world.village_group, title="村道路灯不亮")


@pytest.mark.parametrize("where", ["community", "village"])
@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_triage_where(cast: Cast, world: World, client: Client, who: str, where: str) -> None:
    matter = _matter_at(cast, world, where)
    user = getattr(cast, who)
    allowed = who in MAY_TRIAGE[where]
    client.force_login(user)
    assert client.get(f"/matters/{matter.pk}/triage/").status_code == (200 if allowed else 403)
    if allowed:
        triage_class = "micro"
        actions.triage_matter(actor=actor(user), matter=matter, decided=triage_input(triage_class))
        matter.refresh_from_db()
        assert matter.status == MatterStatus.TRIAGED
    else:
        with pytest.raises(NotPermitted):
            actions.triage_matter(actor=actor(user), matter=matter, decided=triage_input("micro"))
        matter.refresh_from_db()
        assert matter.status == MatterStatus.PROPOSED


@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_open_the_queue(cast: Cast, world: World, client: Client, who: str) -> None:
    client.force_login(getattr(cast, who))
    allowed = any(who in people for people in MAY_TRIAGE.values())
    assert client.get("/matters/queue/").status_code == (200 if allowed else 403)


def test_a_role_that_ended_no_longer_triages(cast: Cast, world: World) -> None:
    import datetime

    from yishi.people.models import RoleAssignment

    RoleAssignment.objects.filter(person=cast.director.person).update(ends_on=datetime.date(2021, 1, 1))
    matter = raise_for(cast.resident, world.compound)
    with pytest.raises(NotPermitted):
        triage(cast, matter, "micro")


def test_the_public_list_shows_no_personal_data(cast: Cast, world: World) -> None:
    raise_for(cast.resident, world.compound, title="小区门口停车乱", description="刘先生家门口的车位被占。")
    anonymous = raise_for(cast.resident, world.compound, title="垃圾分类点异味", anonymous_to_public=True)
    triage(cast, anonymous, "micro")
    body = Client().get(f"/matters/c/{world.community.pk}/").content.decode()
    assert "小区门口停车乱" in body and "垃圾分类点异味" in body
    assert "刘先生" not in body
    assert "13800138001" not in body and "138****8001" not in body
    assert "阳光小区议事协商会" in body


def test_public_detail_hides_an_anonymous_proposer_and_the_description(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound, anonymous_to_public=True, photos=[jpeg_with_metadata()])
    triage(cast, matter, "micro")
    photo = MatterPhoto.objects.get()
    public = Client().get(f"/matters/{matter.pk}/").content.decode()
    assert "匿名" in public
    assert "刘先生" not in public
    assert "老人上下楼很困难" not in public
    assert f"/matters/photos/{photo.pk}/" not in public
    assert Client().get(f"/matters/photos/{photo.pk}/").status_code == 404
    assert "已分流为微事" in public


def test_a_named_proposer_is_shown_publicly_by_name_only(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    public = Client().get(f"/matters/{matter.pk}/").content.decode()
    assert "刘先生" in public
    assert "138" not in public


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("resident", True),
        ("director", True),
        ("secretary", True),
        ("supervisor", True),
        ("street_officer", True),
        ("villager", False),
        ("village_head", False),
        ("expert", False),
    ],
)
def test_who_sees_a_matter_in_full(cast: Cast, world: World, client: Client, who: str, sees: bool) -> None:
    matter = raise_for(cast.resident, world.compound, anonymous_to_public=True, photos=[jpeg_with_metadata()])
    photo = MatterPhoto.objects.get()
    client.force_login(getattr(cast, who))
    body = client.get(f"/matters/{matter.pk}/").content.decode()
    assert ("老人上下楼很困难" in body) is sees
    assert ("刘先生" in body) is sees
    response = client.get(f"/matters/photos/{photo.pk}/")
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert response["Content-Type"] == "image/jpeg"
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert content.startswith(b"\xff\xd8") and b"Exif" not in content


def test_the_resident_raises_through_the_phone_page(cast: Cast, world: World, client: Client) -> None:
    client.force_login(cast.resident)
    form = client.get("/matters/new/")
    assert form.status_code == 200
    page = form.content.decode()
    assert f'<option value="{world.compound.pk}" selected>' in page
    assert world.village_group.name not in page
    photo = SimpleUploadedFile("IMG_2041.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    response = client.post(
        "/matters/new/",
        {
            "title": "3号楼电梯经常坏",
            "description": "电梯总是停。",
            "place": world.building.pk,
            "category": 1,
            "urgency": "normal",
            "photos": [photo],
        },
    )
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert response["Location"] == f"/matters/{matter.pk}/"
    assert MatterPhoto.objects.get().image.name.endswith(".jpg")
    assert "IMG_2041" not in MatterPhoto.objects.get().image.name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "请给议题起一个简短的标题。"),
        ({"description": "字" * 5001}, "描述超过了 5000 个字。"),
        ({"place": "village"}, "请选择本社区内的地点"),
        ({"photos": "pdf"}, "无法识别该文件为照片"),
        ({"photos": "seven"}, "每个议题最多上传 6 张照片。"),
    ],
)
def test_the_phone_page_explains_bad_input_and_saves_nothing(
    cast: Cast, world: World, client: Client, data: dict[str, str], message: str
) -> None:
    client.force_login(cast.resident)
    payload: dict[str, object] = {
        "title": "3号楼电梯经常坏",
        "description": "电梯总是停。",
        "place": world.compound.pk,
        "category": 1,
        "urgency": "normal",
    }
    payload.update(data)
    if data.get("place") == "village":
        payload["place"] = world.village_group.pk
    if data.get("photos") == "pdf":
        payload["photos"] = [SimpleUploadedFile("a.jpg", b"%PDF-1.4", content_type="image/jpeg")]
    elif data.get("photos") == "seven":
        payload["photos"] = [SimpleUploadedFile(f"{n}.jpg", jpeg_with_metadata()) for n in range(7)]
    response = client.post("/matters/new/", payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Matter.objects.exists()
    assert not MatterPhoto.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client: Client, world: World) -> None:
    response = client.get("/matters/new/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_staff_search_the_roster_and_record_for_the_elder(cast: Cast, world: World, client: Client) -> None:
    client.force_login(cast.director)
    found = client.get("/matters/record/", {"q": "陈", "community": world.community.pk}, HTTP_HX_REQUEST="true")
    body = found.content.decode()
    assert "陈阿姨" in body and "无电话" in body
    response = client.post(
        "/matters/record/",
        {
            "community": world.community.pk,
            "proposer": cast.elder.pk,
            "channel": "visit",
            "channel_reference": "走访记录第12页",
            "title": "楼道灯坏了",
            "description": "晚上看不见。",
            "place": world.building.pk,
            "category": 1,
            "urgency": "normal",
        },
    )
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert (matter.proposer, matter.recorded_by, matter.channel) == (cast.elder, cast.director, "visit")


def test_a_resident_cannot_use_the_staff_recording_page(cast: Cast, client: Client, world: World) -> None:
    client.force_login(cast.resident)
    assert client.get("/matters/record/").status_code == 403
    client.force_login(make_user(make_person("访客")))
    assert client.get("/matters/record/").status_code == 403
