"""A matter's page links every later step that exists for it — meetings and the approved outcome, the vote, the work,
the survey and the notices — and only what the reader may open (a draft vote and an unreviewed outcome stay with
the staff)."""

from collections.abc import Callable

import pytest
from django.test import Client

from tests.deliberation.conftest import Compound, actor
from tests.deliberation.conftest import compound as compound
from tests.deliberation.conftest import compound_meeting as compound_meeting
from tests.deliberation.conftest import micro_matter as micro_matter
from tests.deliberation.conftest import submitted_outcome as submitted_outcome
from tests.fixtures import Cast, World
from tests.implementation.builders import add_task, decided_matter
from tests.matters.builders import raise_for
from yishi.decisions import actions as decisions
from yishi.deliberation import actions as deliberation
from yishi.deliberation.models import Outcome
from yishi.evaluation import surveys
from yishi.matters.models import Matter, MatterStatus

pytestmark = pytest.mark.django_db


def steps_section(client: Client, matter: Matter) -> str:
    page = client.get(matter.get_absolute_url()).content.decode()
    if 'id="steps-heading"' not in page:
        return ""
    start = page.index('id="steps-heading"')
    return page[start : page.index("</section>", start)]


def test_a_new_matter_has_no_later_steps(client: Client, world: World, cast: Cast) -> None:
    matter = raise_for(cast.resident, world.compound)
    client.force_login(cast.director)
    assert steps_section(client, matter) == ""


def test_the_deliberation_and_the_vote_are_linked_as_the_reader_may_see_them(
    client: Client, cast: Cast, compound: Compound, submitted_outcome: Callable[..., Outcome]
) -> None:
    outcome = submitted_outcome(route="decision", vote_required=True)
    matter = outcome.matter
    assert matter is not None
    meeting = outcome.meeting
    # Awaiting review: the public sees the meeting, staff the outcome too.
    public = steps_section(client, matter)
    assert meeting.get_absolute_url() in public and outcome.get_absolute_url() not in public
    client.force_login(cast.director)
    assert outcome.get_absolute_url() in steps_section(client, matter)

    deliberation.review_outcome(actor=actor(cast.secretary), outcome=outcome, approve=True)
    outcome.refresh_from_db()
    assert outcome.notice is not None
    vote = decisions.open_decision_for_matter(actor=actor(cast.director), matter=matter)
    staff = steps_section(client, matter)
    assert vote.get_absolute_url() in staff
    client.logout()
    public = steps_section(client, matter)
    assert outcome.get_absolute_url() in public and outcome.notice.get_absolute_url() in public
    assert vote.get_absolute_url() not in public  # a draft


def test_the_work_and_the_survey_are_linked(client: Client, world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    work = f"/implementation/matters/{matter.pk}/"
    assert work in steps_section(client, matter)
    add_task(cast, matter)
    matter.status = MatterStatus.EVALUATING
    matter.save(update_fields=["status"])
    survey = surveys.open_evaluation(actor=actor(cast.supervisor), matter=matter)
    section = steps_section(client, matter)
    assert work in section and survey.get_absolute_url() in section
    surveys.close_evaluation(actor=actor(cast.supervisor), survey=survey)
    assert f"/evaluation/surveys/{survey.pk}/result/" in steps_section(client, matter)


def test_a_matter_never_carried_out_has_no_work_page(client: Client, world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast, status=MatterStatus.CLOSED)
    assert f"/implementation/matters/{matter.pk}/" not in steps_section(client, matter)
