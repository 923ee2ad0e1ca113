"""Demo of the designation programme: this year's programme of the demo district, with the street's communities'
cases (and the street's own as a base), expert reviews, a site visit, and the published list, so that the demo shows
badges on public pages and a case library. Everything goes through the actions, as a real programme would."""

import datetime
import random

from django.utils import timezone

from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.evaluation import designation_actions as actions
from yishi.evaluation.designation_models import Programme
from yishi.evaluation.designation_queries import conflicting_ties, programme_framework
from yishi.people.models import RoleAssignment
from yishi.places.models import Place, PlaceKind

CASES = (
    ("renewal", "老楼加装电梯“四步议事法”", "楼组议事会协商出资比例,低层住户的顾虑逐一回应,三个月完工。"),
    ("property", "业委会与物业“三方协商”", "社区党组织牵头,业委会、物业和居民代表每月协商物业服务问题。"),
    ("environment", "口袋公园共建共管", "居民参与设计闲置地块,志愿者认领养护,环境投诉明显减少。"),
    ("rural", "村民议事厅与“四议两公开”", "村内大事经村民代表会议决定,全过程公开,村民满意度提升。"),
    ("elderly", "长者食堂议事共治", "老年人代表参与菜单和价格协商,助餐点按议定方案运营。"),
    ("digital", "线上议事厅与代办通道", "线上议事覆盖多数家庭,老年人由楼组长代为登记意见。"),
)


def users_with_role(place: Place, roles: tuple[str, ...]) -> list[User]:
    person_ids = RoleAssignment.objects.filter(place=place, role__in=roles).values_list("person_id", flat=True)
    return list(User.objects.filter(person_id__in=list(person_ids), is_active=True).order_by("pk"))


def seed_designation(*, street: Place, rng: random.Random) -> Programme | None:
    """This year's programme of the street's district, published; None when the demo has no officer or expert."""
    district = street.parent
    officers = users_with_role(district, ("district_officer",)) if district else []
    experts = users_with_role(district, ("expert",)) if district else []
    if district is None or not officers or not experts:
        return None
    officer = Actor(user=officers[0], acting_role="district_officer")
    today = timezone.localdate()
    programme = actions.create_programme(
        actor=officer,
        district=district,
        draft=actions.ProgrammeDraft(
            year=today.year,
            title=f"{today.year}年全过程人民民主创新实践基地和站(点)评选",
            rules=(
                "一、各社区(村)可申报创新实践站(点),街道可申报创新实践基地。\n"
                "二、申报材料包括案例正文和照片、台账等附件,系统自动附上本单位上一年度示范社区评估指数。\n"
                "三、专家按评估指标体系的五个维度评分,并开展实地考察;专家不评审本人所在单位。\n"
                "四、达到分数线的单位按得分从高到低推荐,经区评审委员会审定后公布。"
            ),
            indicator_year=today.year - 1,
            submissions_open_on=today - datetime.timedelta(days=45),
            submissions_close_on=today,
            review_ends_on=today,
            publication_on=today,
            threshold="75",
            base_quota=1,
            station_quota=2,
            minimum_reviews=1,
            trim_from=5,
        ),
    )
    actions.open_submissions(actor=officer, programme=programme)
    cases = []
    communities = list(Place.objects.within(street).of_kind(PlaceKind.COMMUNITY).order_by("path")[: len(CASES)])
    for index, community in enumerate(communities):
        submitters = users_with_role(community, ("party_secretary", "committee_member"))
        if not submitters:
            continue
        theme, title, summary = CASES[index % len(CASES)]
        if community.is_rural:
            theme, title, summary = CASES[3]
        body = (
            f"{community.name}{summary}\n\n"
            "一、问题由来:居民在议事平台和楼组会上反映。\n"
            "二、协商过程:按“三会”制度召开听证会、协调会,形成议事结果并经党组织审核。\n"
            "三、决定与实施:依法表决通过,居民全程监督,收支逐笔公开。\n"
            "四、成效:满意度调查显示大多数居民满意,经验在街道推广。"
        )
        draft = actions.CaseDraft(kind="station", theme=theme, title=title, summary=summary, body=body)
        cases.append(
            actions.submit_case(actor=Actor(user=submitters[0]), programme=programme, unit=community, draft=draft)
        )
    street_officers = users_with_role(street, ("street_officer",))
    if street_officers:
        draft = actions.CaseDraft(
            kind="base",
            theme="deliberation",
            title=f"{street.name}四级议事协商体系",
            summary="街道、社区、小区、楼组四级议事,大事街道统筹、小事社区协商、微事楼组自治。",
            body="街道建立四级议事协商体系,议题分流、协商、决定、实施、评价全过程留痕,群众评价作为考核依据。",
        )
        cases.append(
            actions.submit_case(actor=Actor(user=street_officers[0]), programme=programme, unit=street, draft=draft)
        )
    programme = actions.close_submissions(actor=officer, programme=programme)
    framework = programme_framework(programme)
    for case in cases:
        reviewers = [expert for expert in experts if not conflicting_ties(expert, case.unit)]
        if not reviewers:
            continue
        actions.assign_experts(actor=officer, submission=case, experts=reviewers)
        for reviewer in reviewers:
            scores = {dimension.code: str(rng.randint(70, 96)) for dimension in framework.dimensions}
            actions.score_case(actor=Actor(user=reviewer, acting_role="expert"), submission=case, scores=scores)
    if cases and experts:
        first = cases[0]
        actions.record_site_visit(
            actor=officer,
            submission=first,
            visited_on=today,
            visitors="区评审专家组",
            findings="查阅议事台账,走访议事厅和加装电梯的楼栋,与居民代表座谈;台账完整,居民认可度高。",
        )
    from yishi.evaluation.designation_queries import programme_ranking

    # Ties at the last place are settled as a committee would: here, the first units in the tree.
    tie_choices = [
        entry.unit_id
        for ranking in programme_ranking(programme)
        for entry in ranking.shortlist.tied_at_cutoff[: ranking.shortlist.seats_for_tied]
    ]
    actions.propose_shortlist(actor=officer, programme=programme, tie_choices=tie_choices, note="按专家评审排名推荐。")
    actions.approve_shortlist(actor=officer, programme=programme, note="区全过程人民民主评审委员会审定通过。")
    return actions.publish_designations(actor=officer, programme=programme)
