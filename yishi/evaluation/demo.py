"""Demo data of the evaluation app for `manage.py seed_demo`.

    seed(street=street, rng=rng, scale="tiny")

Each area of the app adds its own demo here: the satisfaction surveys of matters (yishi.evaluation.survey_demo), the
index's expert scores and snapshots (yishi.evaluation.index_demo), and the designation programme with its published
list and case library (yishi.evaluation.designation_demo), whose cases carry the snapshots.
"""

import random

from yishi.evaluation.designation_demo import seed_designation
from yishi.evaluation.index_demo import seed_index
from yishi.evaluation.survey_demo import seed_surveys
from yishi.places.models import Place


def seed(*, street: Place, rng: random.Random, scale: str = "default") -> None:
    """Seed every area of the evaluation app on the demo street."""
    seed_surveys(street=street, rng=rng, scale=scale)
    seed_index(street=street, rng=rng)
    seed_designation(street=street, rng=rng)
