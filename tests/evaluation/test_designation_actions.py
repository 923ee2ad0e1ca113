"""The designation programme's actions: the whole flow, permissions, conflicts of interest, range checks,
attachments, audit records and refusals that write nothing."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from PIL import Image

from tests.evaluation.designation_helpers import TODAY, all_dimensions, case_draft, expert, open_programme, submit
from tests.evaluation.designation_helpers import programme_draft as draft
from tests.fixtures import Cast, World
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.evaluation import designation_actions as actions
from yishi.evaluation.designation_models import (
    CaseAttachment,
    Designation,
    DimensionScore,
    Programme,
    Review,
    ReviewerAssignment,
    Submission,
)
from yishi.evaluation.designation_queries import library, published_designations_for
from yishi.evaluation.index_actions import record_score
from yishi.evaluation.index_models import QualitativeScore

pytestmark = pytest.mark.django_db


def zh(error: ActionError) -> str:
    with translation.override("zh-hans"):
        return str(error.message)


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "现场.png"
    return buffer


def test_from_submission_to_published_list(world: World, cast: Cast) -> None:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast)
    pdf = io.BytesIO(b"%PDF-1.4\n%test\n")
    pdf.name = "台账.pdf"
    case = actions.submit_case(
        actor=Actor(user=cast.secretary),
        programme=programme,
        unit=world.community,
        draft=case_draft(),
        attachments=[_png(), pdf],
    )
    # The indicator snapshot is attached automatically, with every indicator of the framework.
    assert case.snapshot["year"] == TODAY.year and case.snapshot["indicators"]
    assert [a.content_type for a in case.attachments.order_by("pk")] == ["image/jpeg", "application/pdf"]
    village = submit(programme, cast.village_head, world.village, title="村务公开好做法")
    street = submit(
        programme,
        cast.street_officer,
        world.street,
        kind="base",
        theme="deliberation",
        title="街道四级议事体系",
        summary="街道、社区、小区、楼组四级议事。",
        body="街道建立四级议事协商体系,大事街道议、小事社区议。",
    )
    assert "members" in street.snapshot
    programme = actions.close_submissions(actor=officer, programme=programme)
    second = expert("孔教授", world)
    for item in (case, village, street):
        actions.assign_experts(actor=officer, submission=item, experts=[cast.expert, second])
    for item, score in ((case, "90"), (village, "80"), (street, "75")):
        actions.score_case(actor=Actor(user=cast.expert), submission=item, scores=all_dimensions(programme, score))
        actions.score_case(actor=Actor(user=second), submission=item, scores=all_dimensions(programme, score))
    actions.record_site_visit(
        actor=Actor(user=cast.expert), submission=case, visited_on=TODAY, visitors="钱教授", findings="议事厅运转良好"
    )
    rows = actions.propose_shortlist(actor=officer, programme=programme, note="按排名")
    assert sorted((row.kind, row.unit.name, row.rank, row.points) for row in rows) == [
        ("base", "东湖街道", 1, Decimal("75.00")),
        ("station", "幸福社区", 1, Decimal("90.00")),
    ]
    with pytest.raises(ActionError):
        actions.publish_designations(actor=officer, programme=programme)  # not approved yet
    actions.approve_shortlist(actor=officer, programme=programme, note="区评审委员会第3次会议通过")
    published = actions.publish_designations(actor=officer, programme=programme)
    assert published.stage == "published"
    notices = Notice.objects.filter(kind=NoticeKind.DESIGNATION, status=NoticeStatus.PUBLISHED).order_by("pk")
    # The street's communities and the designated community get the notice; no community twice.
    assert sorted(n.community.name for n in notices) == ["幸福社区", "桃源村"]
    assert "幸福社区" in notices[0].body and "东湖街道" in notices[0].body
    assert [d.unit.name for d in published_designations_for(world.community)] == ["东湖街道", "幸福社区"]
    assert published_designations_for(world.other_community) == []
    assert [c.title for c in library(text="电梯")] == [case.title]
    assert list(library(theme="renewal")) == [case]
    verbs = list(AuditRecord.objects.filter(verb__startswith="evaluation.").values_list("verb", flat=True))
    for verb in ("programme.create", "programme.open", "case.submit", "programme.close", "case.assign", "case.score"):
        assert f"evaluation.{verb}" in verbs
    assert verbs.count("evaluation.case.score") == 6
    assert "evaluation.programme.publish" in verbs and "evaluation.case.site_visit" in verbs


def test_an_expert_tied_to_the_unit_is_refused_whole_and_nothing_is_written(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    neighbour = expert("周专家", world, home=world.units[2])
    before = AuditRecord.objects.count()
    with pytest.raises(ActionError) as refused:
        actions.assign_experts(
            actor=Actor(user=cast.district_officer), submission=case, experts=[cast.expert, neighbour]
        )
    assert refused.value.code == "designation.conflict_of_interest" and refused.value.field == "experts"
    assert zh(refused.value) == "周专家不能评审幸福社区的案例(居住于此):专家不评审本人所在单位。"
    assert not ReviewerAssignment.objects.exists()
    assert AuditRecord.objects.count() == before
    # A street's case: an expert living in one of its communities is tied to it too.
    street_case = submit(programme, cast.street_officer, world.street, kind="base")
    with pytest.raises(ActionError):
        actions.assign_experts(actor=Actor(user=cast.district_officer), submission=street_case, experts=[neighbour])
    # Another community's case is fine.
    other = submit(programme, cast.village_head, world.village)
    actions.assign_experts(actor=Actor(user=cast.district_officer), submission=other, experts=[neighbour])


def test_an_expert_scoring_their_own_unit_is_refused_with_a_translated_message(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=Actor(user=cast.district_officer), programme=programme)
    # The secretary of 幸福社区 is also appointed an expert of the district.
    from tests.factories import give_role

    assert cast.secretary.person is not None
    give_role(cast.secretary.person, "expert", world.district)
    with pytest.raises(NotPermitted) as refused:
        actions.score_case(actor=Actor(user=cast.secretary), submission=case, scores=all_dimensions(programme, "99"))
    assert refused.value.code == "designation.conflict_of_interest"
    assert "在此任职" in zh(refused.value) and "不评审本人所在单位" in zh(refused.value)
    assert not Review.objects.exists()
    # The index's qualitative score applies the same rule.
    with pytest.raises(NotPermitted):
        record_score(
            actor=Actor(user=cast.secretary), community=world.community, year=TODAY.year,
            indicator_code="case_quality", score="99",
        )  # fmt: skip
    assert not QualitativeScore.objects.exists()


@pytest.mark.parametrize(
    ("score", "code", "message"),
    [
        ("101", "designation.score_out_of_range", "评分应在 0 到 100 之间。"),
        ("-1", "designation.score_out_of_range", "评分应在 0 到 100 之间。"),
        ("abc", "designation.not_a_number", "请输入数字。"),
        ("50.123", "designation.score_precision", "最多保留两位小数。"),
        ("", "designation.dimension_missing", "请为每个维度评分。"),
    ],
)
def test_a_score_out_of_range_is_refused_next_to_its_dimension(
    world: World, cast: Cast, score: str, code: str, message: str
) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=Actor(user=cast.district_officer), programme=programme)
    actions.assign_experts(actor=Actor(user=cast.district_officer), submission=case, experts=[cast.expert])
    scores = all_dimensions(programme, "80")
    first = next(iter(scores))
    scores[first] = score
    with pytest.raises(ActionError) as refused:
        actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=scores)
    assert (refused.value.code, refused.value.field) == (code, f"dimension_{first}")
    assert zh(refused.value) == message
    assert not Review.objects.exists() and not DimensionScore.objects.exists()


def test_review_points_are_the_dimensions_weighted_and_a_second_review_replaces_the_first(
    world: World, cast: Cast
) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=Actor(user=cast.district_officer), programme=programme)
    actions.assign_experts(actor=Actor(user=cast.district_officer), submission=case, experts=[cast.expert])
    scores = all_dimensions(programme, "80")
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=scores)
    scores = dict.fromkeys(scores, "100")
    scores[next(iter(scores))] = "0"  # the first dimension (resources) weighs 15 of 100
    review = actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=scores, comment="修改")
    assert Review.objects.count() == 1 and review.points == Decimal("85.00")
    assert DimensionScore.objects.filter(review=review).count() == len(scores)


@pytest.mark.parametrize("who", ["secretary", "expert", "street_officer", "resident"])
def test_only_district_officers_run_the_programme(world: World, cast: Cast, who: str) -> None:
    with pytest.raises(NotPermitted):
        actions.create_programme(actor=Actor(user=getattr(cast, who)), district=world.district, draft=draft())
    programme = open_programme(world, cast)
    with pytest.raises(NotPermitted):
        actions.close_submissions(actor=Actor(user=getattr(cast, who)), programme=programme)
    assert Programme.objects.get().stage == "open"


@pytest.mark.parametrize(
    ("who", "unit", "allowed"),
    [
        ("secretary", "community", True),
        ("director", "community", True),
        ("street_officer", "street", True),
        ("street_officer", "community", True),
        ("secretary", "village", False),
        ("supervisor", "community", False),
        ("resident", "community", False),
        ("expert", "community", False),
    ],
)
def test_who_submits_for_which_unit(world: World, cast: Cast, who: str, unit: str, allowed: bool) -> None:
    programme = open_programme(world, cast)
    place = getattr(world, unit)
    if allowed:
        assert submit(programme, getattr(cast, who), place).unit == place
    else:
        with pytest.raises(NotPermitted):
            submit(programme, getattr(cast, who), place)
        assert not Submission.objects.exists()


def test_submission_refusals(world: World, cast: Cast) -> None:
    officer = Actor(user=cast.district_officer)
    programme = actions.create_programme(actor=officer, district=world.district, draft=draft())
    with pytest.raises(ActionError) as refused:
        submit(programme, cast.secretary, world.community)
    assert refused.value.code == "designation.not_open"
    actions.open_submissions(actor=officer, programme=programme)
    with pytest.raises(ActionError) as refused:
        submit(programme, cast.secretary, world.community, body="请联系 13800138001 了解详情")
    assert refused.value.field == "body" and "138****8001" in zh(refused.value)
    with pytest.raises(ActionError) as refused:
        submit(programme, cast.secretary, world.community, theme="unknown")
    assert refused.value.field == "theme"
    first = submit(programme, cast.secretary, world.community)
    with pytest.raises(ActionError) as refused:
        submit(programme, cast.director, world.community)
    assert refused.value.code == "designation.already_submitted"
    actions.withdraw_case(actor=Actor(user=cast.secretary), submission=first, reason="材料需补充")
    second = submit(programme, cast.secretary, world.community)
    assert second.pk != first.pk and Submission.objects.filter(status="submitted").count() == 1


def test_bad_attachments_are_refused_and_nothing_is_kept(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    fake = io.BytesIO(b"MZ\x90\x00 not really a pdf")
    fake.name = "案例.pdf"
    with pytest.raises(ActionError) as refused:
        actions.submit_case(
            actor=Actor(user=cast.secretary),
            programme=programme,
            unit=world.community,
            draft=case_draft(),
            attachments=[_png(), fake],
        )
    assert refused.value.field == "attachments" and "案例.pdf" in zh(refused.value)
    assert not Submission.objects.exists() and not CaseAttachment.objects.exists()
    with pytest.raises(ActionError) as refused:
        actions.submit_case(
            actor=Actor(user=cast.secretary),
            programme=programme,
            unit=world.community,
            draft=case_draft(),
            attachments=[_png() for _ in range(7)],
        )
    assert refused.value.code == "designation.too_many_files"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"review_ends_on": TODAY}, "submissions_close_on"),
        ({"threshold": "101"}, "threshold"),
        ({"base_quota": 0, "station_quota": 0}, "base_quota"),
        ({"trim_from": 2}, "trim_from"),
        ({"title": "  "}, "title"),
        ({"year": 1990}, "year"),
    ],
)
def test_programme_refusals(world: World, cast: Cast, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ActionError) as refused:
        actions.create_programme(
            actor=Actor(user=cast.district_officer), district=world.district, draft=draft(**changes)
        )
    assert refused.value.field == field
    assert not Programme.objects.exists()


def test_a_tie_at_the_last_place_is_settled_by_the_committee(world: World, cast: Cast) -> None:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast)
    first = submit(programme, cast.secretary, world.community)
    second = submit(programme, cast.village_head, world.village)
    actions.close_submissions(actor=officer, programme=programme)
    for item in (first, second):
        actions.assign_experts(actor=officer, submission=item, experts=[cast.expert])
        actions.score_case(actor=Actor(user=cast.expert), submission=item, scores=all_dimensions(programme, "88"))
    with pytest.raises(ActionError) as refused:
        actions.propose_shortlist(actor=officer, programme=programme)
    assert refused.value.code == "designation.tie_not_settled" and "并列" in zh(refused.value)
    assert not Designation.objects.exists() and Programme.objects.get().stage == "review"
    rows = actions.propose_shortlist(actor=officer, programme=programme, tie_choices=[second.pk])
    assert [(row.unit.name, row.from_tie) for row in rows] == [("桃源村", True)]


def test_the_shortlist_waits_for_enough_reviews_and_scoring_stops_when_it_is_proposed(world: World, cast: Cast) -> None:
    officer = Actor(user=cast.district_officer)
    programme = open_programme(world, cast, minimum_reviews=2)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=officer, programme=programme)
    actions.assign_experts(actor=officer, submission=case, experts=[cast.expert])
    actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "90"))
    with pytest.raises(ActionError) as refused:
        actions.propose_shortlist(actor=officer, programme=programme)
    assert refused.value.code == "designation.reviews_missing" and "幸福社区" in zh(refused.value)
    second = expert("孔教授", world)
    actions.assign_experts(actor=officer, submission=case, experts=[second])
    actions.score_case(actor=Actor(user=second), submission=case, scores=all_dimensions(programme, "70"))
    rows = actions.propose_shortlist(actor=officer, programme=programme)
    assert [row.points for row in rows] == [Decimal("80.00")]
    with pytest.raises(ActionError) as refused:
        actions.score_case(actor=Actor(user=second), submission=case, scores=all_dimensions(programme, "10"))
    assert refused.value.code == "designation.not_reviewing"
    actions.return_shortlist(actor=officer, programme=programme, note="需复核")
    assert Programme.objects.get().stage == "review" and not Designation.objects.exists()


def test_an_unassigned_expert_may_not_score(world: World, cast: Cast) -> None:
    programme = open_programme(world, cast)
    case = submit(programme, cast.secretary, world.community)
    actions.close_submissions(actor=Actor(user=cast.district_officer), programme=programme)
    with pytest.raises(NotPermitted) as refused:
        actions.score_case(actor=Actor(user=cast.expert), submission=case, scores=all_dimensions(programme, "80"))
    assert refused.value.code == "designation.not_assigned"
