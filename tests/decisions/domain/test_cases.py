"""JSON interface: every rule id round-trips, every error path gives a structured error; and the CLI."""

import io
import json
import runpy
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from yishi.decisions.domain.cases import RULE_IDS, evaluate_case, to_json
from yishi.decisions.domain.check import run
from yishi.decisions.domain.errors import ErrorCode

EXAMPLES_PATH = Path(__file__).with_name("examples.json")
EXAMPLES: list[dict[str, object]] = json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parents[3]


def evaluate(case: Mapping[str, object]) -> dict[str, object]:
    answer = evaluate_case(case)
    assert "error" not in answer, answer
    return answer


def outcome(case: Mapping[str, object]) -> dict[str, object]:
    result = evaluate(case)["outcome"]
    assert isinstance(result, dict)
    return result


def configurable_items(answer: dict[str, object]) -> list[dict[str, object]]:
    items = answer["configurable"]
    assert isinstance(items, list)
    return items


def error(case: object) -> dict[str, object]:
    answer = evaluate_case(case)  # type: ignore[arg-type]
    assert set(answer) == {"rule", "error"}, answer
    detail = answer["error"]
    assert isinstance(detail, dict)
    assert set(detail) == {"code", "message", "field"}
    assert set(detail["message"]) == {"zh-Hans", "en"}
    return detail


def test_every_rule_id_has_an_example() -> None:
    assert {case["rule"] for case in EXAMPLES} == set(RULE_IDS)


@pytest.mark.parametrize("case", EXAMPLES, ids=[f"{index}-{case['rule']}" for index, case in enumerate(EXAMPLES)])
def test_examples_round_trip(case: dict[str, object]) -> None:
    answer = evaluate(case)
    assert list(answer) == ["rule", "outcome", "conditions", "settings", "explanation", "configurable"]
    assert answer["rule"] == case["rule"]
    assert json.loads(json.dumps(answer, ensure_ascii=False)) == answer
    explanation = answer["explanation"]
    assert isinstance(explanation, dict)
    conditions, settings = answer["conditions"], answer["settings"]
    assert isinstance(conditions, list) and isinstance(settings, list)
    assert len(explanation["zh-Hans"]) == len(explanation["en"]) == len(conditions) + len(settings)
    for condition in conditions:
        assert set(condition["citation"]) == {"zh-Hans", "en"}
        assert isinstance(condition["passed"], bool)
    configurable = answer["configurable"]
    assert isinstance(configurable, list)
    codes = [item["code"] for item in configurable]
    assert len(codes) == len(set(codes))


EXPECTED = {
    0: {"met": True},
    1: {"passed": True, "matter_class": "major", "law_item": 6},
    2: {"passed": True, "matter_class": "ordinary"},
    3: {"total_count": 1, "total_area": "50"},
    4: {"passed": True},
    5: {"must_convene": True},
    6: {"passed": True},
    7: {"passed": True, "quorate": True},
    8: {"passed": True},
    9: {"must_convene": True},
    10: {"passed": True, "within_authority": True},
    11: {"must_convene": True},
    12: {"passed": True},
    13: {"passed": True},
    14: {"next_step": "resolution_published", "resolution_valid": True},
    15: {"key": "zhejiang"},
    16: {"registrable": True, "category": "non_hukou_resident"},
    17: {"valid": True},
    18: {"valid": False},
    19: {"elected": ["张三", "李四", "王五"]},
    20: {"elected": ["王五"]},
    21: {"may_leave_vacant": True, "assembly_decision_required": True},
    22: {"valid": False, "max_candidates": 6},
    23: {"may_start": True},
    24: {"recalled": True},
    25: {"elected": ["孙八"]},
    26: {"valid": False, "max_proxies": 3},
    27: {"valid": False},
    28: {"timely": True},
    29: {"in_time": True},
    30: {"valid": True},
    31: {"office_ends": True},
    32: {"must_convene": True, "min_proposers": 60},
    33: {"permitted": False, "consents_missing": 1},
    34: {"in_time": True, "last_day": "2026-05-18", "allowed_days": 10},
    35: {"valid": True},
    36: {"in_time": True, "last_day": "2025-02-28", "allowed_days": 365},
    37: {"in_term": False, "term_ends_on": "2026-05-08", "days_served": 1827},
    38: {"within_usual_range": False, "advisory": True, "usual_max": 700},
    39: {"must_audit": True, "min_requesters": 241},
    40: {"published_in_time": True, "days_before_election": 20},
    41: {"frequency": "quarterly", "published_as_required": False, "missing_periods": ["2025-Q3"]},
    42: {"frequency": "monthly", "periods_checked": 3, "missing_periods": ["2025-02"]},
    43: {"frequency": "immediately", "published_as_required": True, "days_to_publication": 2},
    44: {"age": 13, "sensitive": True, "guardian_consent_required": True, "requirements_met": False},
}


@pytest.mark.parametrize(("index", "expected"), sorted(EXPECTED.items()))
def test_example_outcomes(index: int, expected: dict[str, object]) -> None:
    result = outcome(EXAMPLES[index])
    for key, value in expected.items():
        assert result[key] == value, key


def test_owner_units_outcome_carries_roll_and_figures() -> None:
    result = outcome(EXAMPLES[2])
    assert result["roll"]["total_count"] == 3  # type: ignore[index]
    assert result["figures"]["participating_area"] == "489.60"  # type: ignore[index]


def test_owner_settings_and_overrides() -> None:
    case = {
        "rule": "owners.decision",
        "matter": "install_elevator",
        "figures": {
            "total_area": 1000,
            "total_count": 10,
            "participating_area": "700",
            "participating_count": 7,
            "agree_area": "400",
            "agree_count": 4,
            "spoiled_area": "0",
            "spoiled_count": 0,
        },
        "settings": {
            "classification_overrides": {"install_elevator": "ordinary"},
            "count_non_voters": True,
            "spoiled_counts_as_participating": False,
        },
    }
    answer = evaluate(case)
    assert answer["outcome"]["matter_class"] == "ordinary"  # type: ignore[index]
    assert answer["outcome"]["passed_without_attribution"] is True  # type: ignore[index]
    configurable = {item["code"] for item in configurable_items(answer)}
    assert {
        "owners.matter_class",
        "owners.count_non_voters",
        "owners.spoiled_counts_as_participating",
    } <= configurable


def test_meeting_variants() -> None:
    assert outcome(
        {
            "rule": "meeting.residents_assembly",
            "mode": "group_representatives",
            "base": 20,
            "present": 11,
            "yes": 6,
            "groups": 8,
        }
    )["passed"]
    assert outcome({"rule": "meeting.residents_assembly.convene", "households": {"proposers": 40, "total": 200}})[
        "must_convene"
    ]
    assert not outcome(
        {
            "rule": "meeting.residents_representatives",
            "members": 40,
            "present": 30,
            "yes": 20,
            "body_rule": {
                "quorum": {"fraction": "4/5", "inclusive": True},
                "decision": {"fraction": "1/2", "inclusive": False},
            },
        }
    )["passed"]
    assert outcome({"rule": "meeting.villagers_assembly.convene", "representatives": {"proposers": 10, "total": 30}})[
        "must_convene"
    ]
    assert not outcome(
        {
            "rule": "meeting.villager_representatives",
            "members": 45,
            "present": 40,
            "yes": 40,
            "matter": "homesteads",
        }
    )["passed"]
    assert outcome(
        {
            "rule": "vote.online",
            "voting_rule": {
                "threshold": {"fraction": "0.5", "inclusive": True},
                "threshold_base": "eligible",
            },
            "eligible": 10,
            "votes_cast": 6,
            "yes": 5,
        }
    )["passed"]


def test_four_two_variants() -> None:
    case = {
        "rule": "village.four_two",
        "steps": [{"step": "joint_deliberation"}, {"step": "party_members_review"}],
        "party_meeting": {"members": 30, "present": 19},
        "settings": {
            "allow_merged_proposal": True,
            "party_meeting_quorum": {"fraction": "2/3", "inclusive": True},
        },
    }
    assert outcome(case)["next_step"] == "party_members_review"
    assumption_only = {"rule": "village.four_two", "steps": [], "settings": {}}
    assert outcome(assumption_only)["next_step"] == "party_proposal"
    household = {
        "rule": "village.four_two",
        "steps": [],
        "resolution": {
            "body": "villagers_assembly",
            "mode": "household",
            "base": 300,
            "present": 200,
            "yes": 101,
        },
    }
    assert outcome(household)["resolution_valid"] is True


def test_profile_overrides() -> None:
    case = {
        "rule": "election.profile",
        "profile": "beijing",
        "profile_overrides": {
            "proxy_cap": 2,
            "proxy_days_before": None,
            "runoff_requires_turnout": False,
            "turnout": {"fraction": "2/3", "inclusive": True},
            "tie_handling": "treat_as_unfilled",
            "too_many_names": "void_post",
            "recall_start_representatives": None,
            "by_election_turnout_representatives": {"fraction": "1/2", "inclusive": False},
            "vacancy": {
                "min_elected": 3,
                "requires_chair": False,
                "assembly_decides": True,
                "after_first_round": True,
                "after_runoff": True,
            },
            "candidate_surplus": {"chair": {"minimum": 1, "maximum": None}},
            "non_hukou_min_years": 2,
            "mobile_box_min_monitors": 4,
        },
    }
    answer = evaluate(case)
    parameters = answer["outcome"]["parameters"]  # type: ignore[index]
    assert parameters["proxy_cap"]["value"] == 2
    assert parameters["proxy_cap"]["citation"]["status"] == "custom"
    assert parameters["proxy_days_before"]["value"] is None
    assert parameters["candidate_surplus"]["value"]["chair"] == {"minimum": 1, "maximum": None}
    assert parameters["candidate_surplus"]["value"]["member"] == {"minimum": 1, "maximum": 2}
    assert parameters["turnout"]["value"] == {"fraction": "2/3", "inclusive": True}
    statuses = {item["code"]: item["status"] for item in configurable_items(answer)}
    assert statuses["profile.proxy_cap"] == "custom"
    assert statuses["profile.winning"] == "confirmed_local"


def test_election_variants() -> None:
    assert outcome(
        {
            "rule": "election.validity",
            "registered": 100,
            "voters": 40,
            "ballots_in_box": 40,
            "round": "runoff",
            "profile_overrides": {"runoff_requires_turnout": False},
        }
    )["valid"]
    per_post = outcome(
        {
            "rule": "election.ballot",
            "profile_overrides": {"too_many_names": "void_post"},
            "seats": {"chair": 1},
            "marks": {"chair": ["甲", "乙"]},
            "legible": True,
        }
    )
    assert per_post["void_posts"] == ["chair"]
    assert outcome({"rule": "election.winners", "voters": 10, "seats": 1, "tallies": {"甲": 6}, "post": "chair"})[
        "elected"
    ] == ["甲"]
    assert outcome(
        {
            "rule": "election.candidates",
            "profile": "zhejiang",
            "post": "chair",
            "seats": 1,
            "candidates": 0,
            "self_nomination": True,
        }
    )["valid"]
    assert outcome(
        {
            "rule": "election.recall_start",
            "profile": "residents_committee",
            "voters": {"signers": 1, "total": 5},
            "reasons_stated": True,
        }
    )["may_start"]
    assert outcome(
        {
            "rule": "election.by_election",
            "profile": "residents_committee",
            "body": "residents_assembly",
            "members": 600,
            "voters": 301,
            "seats": 1,
            "tallies": {"甲": 151},
        }
    )["elected"] == ["甲"]
    proxy = {
        "grantor_registered": True,
        "grantor_away": True,
        "written": True,
        "holder_has_voting_right": True,
        "relation": "spouse",
        "holder_is_candidate": False,
        "sub_delegation": False,
    }
    national_proxy = outcome({"rule": "election.proxy", "election_day": "2025-06-01", "proxy": proxy})
    assert (national_proxy["valid"], national_proxy["publication_ok"]) == (True, False)
    assert outcome({"rule": "election.mobile_box", "monitors": 3})["valid"]
    registration = {
        "rule": "election.registration",
        "profile": "residents_committee",
        "election_day": "2025-06-01",
        "person": {
            "birth_date": "1990-01-01",
            "hukou_here": True,
            "lives_here": False,
            "expressed_wish": True,
            "registered_elsewhere": False,
            "deprived_of_political_rights": False,
            "works_here_since": None,
        },
    }
    assert outcome(registration)["category"] == "hukou_away"


def test_deadline_variants() -> None:
    runoff = {
        "rule": "deadline.period",
        "kind": "runoff",
        "profile": "beijing",
        "start_date": "2025-06-01",
        "action_date": "2025-06-16",
    }
    assert outcome(runoff)["in_time"]
    recall = {
        "rule": "deadline.period",
        "kind": "recall_vote",
        "profile": "zhejiang",
        "start_date": "2025-06-01",
        "action_date": "2025-07-02",
        "days": 31,
        "counting": "exclude_start_day",
    }
    assert outcome(recall)["in_time"]
    holidays = {
        "rule": "deadline.period",
        "kind": "complaint_decision",
        "start_date": "2025-09-29",
        "action_date": "2025-10-08",
        "holidays": ["2025-10-01", "2025-10-02"],
    }
    assert not outcome(holidays)["in_time"]
    notice = {
        "rule": "notice.period",
        "kind": "owners_meeting",
        "event_date": "2025-06-16",
        "notice_date": "2025-06-01",
        "counting": "include_start_day",
        "days": 15,
    }
    assert outcome(notice)["timely"]


def test_committee_variants() -> None:
    assert not outcome(
        {"rule": "committee.composition", "body": "residents_committee", "members": 8, "max_members": 7}
    )["valid"]
    assert outcome({"rule": "committee.composition", "body": "residents_committee", "members": 6, "min_members": 5})[
        "valid"
    ]
    assert outcome(
        {
            "rule": "committee.composition",
            "body": "villager_representatives",
            "committee_members": 5,
            "representatives": 40,
            "women_representatives": 15,
            "households": 500,
        }
    )["valid"]
    supervision = {
        "rule": "committee.composition",
        "body": "supervision_committee",
        "committee_member_ids": ["chair"],
        "excluded_roles": "shandong",
        "candidates": [
            {"person_id": "a", "has_finance_or_management_knowledge": True, "is_villager": True},
            {"person_id": "b", "relations": [{"person_id": "chair", "kind": "sibling"}]},
            {"person_id": "c", "roles": ["secretary"]},
        ],
    }
    assert outcome(supervision)["ineligible"] == ["b", "c"]
    national = {**supervision, "excluded_roles": "national"}
    assert outcome(national)["ineligible"] == ["b"]


def test_oversight_and_personal_data_variants() -> None:
    assert outcome({"rule": "community.residents_area", "households": 100})["within_usual_range"]
    assert not outcome({"rule": "village.audit_request", "requesters": 240, "villagers": 1203})["must_audit"]
    unpublished = outcome({"rule": "village.leaving_audit", "election_day": "2026-05-10", "published_on": None})
    assert unpublished == {"published_in_time": False, "days_before_election": None}
    shandong = {
        "rule": "village.affairs_publication",
        "kind": "finance",
        "rules": "shandong",
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "published_on": ["2025-01-31", "2025-02-28", "2025-03-31"],
    }
    answer = evaluate(shandong)
    assert answer["outcome"]["published_as_required"] is True  # type: ignore[index]
    assert [item["code"] for item in configurable_items(answer)] == [
        "village.publication.period",
        "village.publication.frequency",
        "village.publication.calendar_periods",
    ]
    quarterly = outcome({**shandong, "rules": "national", "published_on": []})
    assert quarterly["frequency"] == "quarterly" and quarterly["missing_periods"] == ["2025-Q1"]
    never = outcome({"rule": "village.affairs_publication", "kind": "major", "occurred_on": "2025-06-01"})
    assert (never["published_as_required"], never["days_to_publication"]) == (False, None)
    adult = outcome({"rule": "personal_data.minor", "birth_date": "2000-01-01", "on": "2026-01-01"})
    assert (adult["sensitive"], adult["requirements_met"]) == (False, True)
    basis = outcome(
        {
            "rule": "personal_data.minor",
            "birth_date": "2020-01-01",
            "on": "2026-01-01",
            "consent_basis": False,
            "special_rules": True,
            "impact_assessment": True,
        }
    )
    assert (basis["guardian_consent_required"], basis["requirements_met"]) == (False, True)


ERROR_CASES: list[tuple[object, str, str | None]] = [
    ({"rule": "community.residents_area", "households": 0}, "not_positive", "households"),
    ({"rule": "village.audit_request", "requesters": 11, "villagers": 10}, "exceeds_total", "requesters"),
    ({"rule": "village.leaving_audit", "election_day": "2026-13-01"}, "invalid_date", "election_day"),
    (
        {
            "rule": "village.affairs_publication",
            "kind": "general",
            "many_transactions": True,
            "period_start": "2025-01-01",
            "period_end": "2025-03-31",
        },
        "unknown_field",
        "many_transactions",
    ),
    (
        {
            "rule": "village.affairs_publication",
            "kind": "general",
            "period_start": "2025-04-01",
            "period_end": "2025-03-31",
        },
        "date_order",
        "period_start",
    ),
    (
        {"rule": "village.affairs_publication", "kind": "major", "occurred_on": "2025-06-01", "published_on": ["x"]},
        "invalid_date",
        "published_on[0]",
    ),
    ({"rule": "village.affairs_publication", "kind": "weekly"}, "invalid_choice", "kind"),
    (
        {"rule": "personal_data.minor", "birth_date": "2026-01-02", "on": "2026-01-01"},
        "date_order",
        "birth_date",
    ),
    (
        {"rule": "personal_data.minor", "birth_date": "2020-01-01", "on": "2026-01-01", "guardian_consented": "yes"},
        "invalid_type",
        "guardian_consented",
    ),
    ({"rule": "owners.convene", "proposers": 2, "owners": 1}, "exceeds_total", "proposers"),
    (
        {"rule": "owners.convene", "proposers": 1, "owners": 5, "area": {"proposing": "1", "total": "0"}},
        "not_positive",
        "area.total",
    ),
    (
        {"rule": "owners.convene", "proposers": 1, "owners": 5, "area": {"proposing": 1.5, "total": "5"}},
        "float_not_allowed",
        "area.proposing",
    ),
    (
        {"rule": "owners.convene", "proposers": 1, "owners": 5, "area": {"proposing": "1", "total": "5", "x": 1}},
        "unknown_field",
        "area.x",
    ),
    ({"rule": "owners.business_use", "interested": 3, "consenting": 4}, "exceeds_total", "consenting"),
    (
        {"rule": "owners.business_use", "interested": 3, "consenting": 3, "within_rules": 1},
        "invalid_type",
        "within_rules",
    ),
    ([], "invalid_case", "case"),
    ({1: "x"}, "invalid_case", "case"),
    ({}, "missing_field", "rule"),
    ({"rule": ""}, "missing_field", "rule"),
    ({"rule": 5}, "invalid_type", "rule"),
    ({"rule": "owners.nothing"}, "unknown_rule", "owners.nothing"),
    (
        {"rule": "election.recall_vote", "registered": 10, "voted": 6, "approve": 4, "extra": 1},
        "unknown_field",
        "extra",
    ),
    (
        {"rule": "election.recall_vote", "registered": "10", "voted": 6, "approve": 4},
        "invalid_type",
        "registered",
    ),
    (
        {"rule": "election.recall_vote", "registered": 10.0, "voted": 6, "approve": 4},
        "float_not_allowed",
        "registered",
    ),
    (
        {"rule": "election.recall_vote", "registered": True, "voted": 6, "approve": 4},
        "invalid_type",
        "registered",
    ),
    (
        {"rule": "election.recall_vote", "registered": 10, "voted": -6, "approve": 4},
        "negative_value",
        "voted",
    ),
    (
        {"rule": "election.recall_vote", "registered": 0, "voted": 0, "approve": 0},
        "not_positive",
        "registered",
    ),
    ({"rule": "election.recall_vote", "registered": 10, "voted": 11, "approve": 4}, "exceeds_total", "voted"),
    (
        {
            "rule": "number.threshold",
            "value": "1,5",
            "total": 3,
            "threshold": {"fraction": "1/2", "inclusive": True},
        },
        "invalid_number",
        "value",
    ),
    (
        {
            "rule": "number.threshold",
            "value": 1.5,
            "total": 3,
            "threshold": {"fraction": "1/2", "inclusive": True},
        },
        "float_not_allowed",
        "value",
    ),
    (
        {
            "rule": "number.threshold",
            "value": [],
            "total": 3,
            "threshold": {"fraction": "1/2", "inclusive": True},
        },
        "invalid_type",
        "value",
    ),
    (
        {
            "rule": "number.threshold",
            "value": False,
            "total": 3,
            "threshold": {"fraction": "1/2", "inclusive": True},
        },
        "invalid_type",
        "value",
    ),
    (
        {
            "rule": "number.threshold",
            "value": 1,
            "total": 3,
            "threshold": {"fraction": "3/2", "inclusive": True},
        },
        "invalid_threshold",
        "threshold.fraction",
    ),
    (
        {
            "rule": "number.threshold",
            "value": 1,
            "total": 3,
            "threshold": {"fraction": "1", "inclusive": False},
        },
        "impossible_threshold",
        "threshold.fraction",
    ),
    (
        {
            "rule": "number.threshold",
            "value": 1,
            "total": 3,
            "threshold": {"fraction": "1/0", "inclusive": True},
        },
        "zero_denominator",
        "threshold.fraction",
    ),
    (
        {
            "rule": "number.threshold",
            "value": 1,
            "total": 3,
            "threshold": {"fraction": 0.5, "inclusive": True},
        },
        "float_not_allowed",
        "threshold.fraction",
    ),
    ({"rule": "number.threshold", "value": 1, "total": 3, "threshold": "1/2"}, "invalid_case", "threshold"),
    (
        {
            "rule": "number.threshold",
            "value": 1,
            "total": 3,
            "threshold": {"fraction": "1/2", "inclusive": "yes"},
        },
        "invalid_type",
        "threshold.inclusive",
    ),
    (
        {
            "rule": "number.threshold",
            "value": 1,
            "total": 3,
            "threshold": {"fraction": "1/2", "inclusive": True, "strict": False},
        },
        "unknown_field",
        "threshold.strict",
    ),
    (
        {
            "rule": "notice.period",
            "kind": "voter_list",
            "event_date": "2025-6-1",
            "notice_date": "2025-05-01",
        },
        "invalid_date",
        "event_date",
    ),
    (
        {
            "rule": "notice.period",
            "kind": "voter_list",
            "event_date": "20250601",
            "notice_date": "2025-05-01",
        },
        "invalid_date",
        "event_date",
    ),
    (
        {
            "rule": "notice.period",
            "kind": "voter_list",
            "event_date": "2025-02-30",
            "notice_date": "2025-01-01",
        },
        "invalid_date",
        "event_date",
    ),
    (
        {
            "rule": "notice.period",
            "kind": "voter_list",
            "event_date": "2025-06-01",
            "notice_date": "2025-06-02",
        },
        "date_order",
        "notice_date",
    ),
    (
        {"rule": "notice.period", "kind": "ballot", "event_date": "2025-06-01", "notice_date": "2025-05-01"},
        "invalid_choice",
        "kind",
    ),
    (
        {
            "rule": "deadline.period",
            "kind": "runoff",
            "start_date": "2025-06-01",
            "action_date": "2025-06-02",
        },
        "not_applicable",
        "days",
    ),
    (
        {
            "rule": "deadline.period",
            "kind": "complaint_decision",
            "start_date": "2025-06-01",
            "action_date": "2025-06-02",
            "profile": "beijing",
        },
        "unknown_field",
        "profile",
    ),
    (
        {
            "rule": "deadline.period",
            "kind": "complaint_decision",
            "start_date": "2025-06-01",
            "action_date": "2025-06-02",
            "holidays": "2025-06-02",
        },
        "invalid_type",
        "holidays",
    ),
    ({"rule": "owners.decision", "matter": "rebuild"}, "missing_field", "units"),
    ({"rule": "owners.decision", "matter": "rebuild", "figures": {}, "units": []}, "not_applicable", "units"),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "figures": {
                "total_area": "100",
                "total_count": 2,
                "participating_area": "0",
                "participating_count": 1,
                "agree_area": "0",
                "agree_count": 0,
            },
        },
        "inconsistent_figures",
        "participating_area",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "figures": {
                "total_area": "100",
                "total_count": 2,
                "participating_area": "50",
                "participating_count": 1,
                "agree_area": "50",
                "agree_count": 1,
                "tally": 3,
            },
        },
        "unknown_field",
        "figures.tally",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [{"unit_id": "1", "owner_ids": ["a"]}],
            "ballots": {},
        },
        "missing_area",
        "1",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [{"unit_id": "1", "register_area": "9"}],
            "ballots": {},
        },
        "missing_owner",
        "1",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [
                {"unit_id": "1", "owner_ids": ["a"], "register_area": "9"},
                {"unit_id": "1", "owner_ids": ["b"], "register_area": "9"},
            ],
            "ballots": {},
        },
        "duplicate",
        "1",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [{"unit_id": "1", "owner_ids": ["a"], "register_area": "9"}],
            "ballots": {"2": "agree"},
        },
        "unknown_reference",
        "2",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [
                {"unit_id": "1", "owner_ids": ["a"], "register_area": "9"},
                {"unit_id": "2", "owner_ids": ["a"], "register_area": "9"},
            ],
            "ballots": {"1": "agree", "2": "abstain"},
        },
        "conflicting_ballots",
        "2",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [{"unit_id": "1", "owner_ids": ["a"], "register_area": "9"}],
            "ballots": {"1": "maybe"},
        },
        "invalid_choice",
        "ballots.1",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [{"unit_id": "1", "owner_ids": ["a"], "register_area": "9", "floor": 3}],
            "ballots": {},
        },
        "unknown_field",
        "units[0].floor",
    ),
    ({"rule": "owners.decision", "matter": "rebuild", "units": "1", "ballots": {}}, "invalid_type", "units"),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "units": [{"unit_id": "1", "owner_ids": [5], "register_area": "9"}],
            "ballots": {},
        },
        "invalid_type",
        "units[0].owner_ids[0]",
    ),
    (
        {
            "rule": "owners.decision",
            "matter": "rebuild",
            "settings": {"classification_overrides": {"rebuild": "huge"}},
            "figures": {},
        },
        "invalid_choice",
        "settings.classification_overrides.rebuild",
    ),
    ({"rule": "owners.roll", "units": []}, "empty", "units"),
    ({"rule": "meeting.residents_assembly.convene"}, "no_criteria", "proposals"),
    (
        {"rule": "meeting.residents_assembly.convene", "groups": {"proposers": 1}},
        "missing_field",
        "groups.total",
    ),
    ({"rule": "meeting.villager_representatives.convene"}, "missing_field", "representatives"),
    (
        {
            "rule": "meeting.committee_decision",
            "members": 5,
            "present": 3,
            "yes": 2,
            "body_rule": {"quorum": 1},
        },
        "invalid_case",
        "body_rule.quorum",
    ),
    (
        {"rule": "election.winners", "voters": 10, "seats": 1, "tallies": {"甲": 6, "乙": 6}},
        "too_many_votes",
        "tallies",
    ),
    (
        {"rule": "election.winners", "voters": 10, "seats": 1, "tallies": {"甲": 6.0}},
        "float_not_allowed",
        "tallies.甲",
    ),
    (
        {
            "rule": "election.runoff",
            "registered": 10,
            "voters": 6,
            "ballots_cast": 6,
            "seats": 1,
            "candidates": [],
            "tallies": {},
        },
        "empty",
        "candidates",
    ),
    (
        {
            "rule": "election.runoff",
            "registered": 10,
            "voters": 6,
            "ballots_cast": 6,
            "seats": 1,
            "candidates": ["甲", 2],
            "tallies": {},
        },
        "invalid_type",
        "candidates[1]",
    ),
    ({"rule": "election.ballot", "seats": {"mayor": 1}, "marks": {}}, "invalid_choice", "seats.mayor"),
    (
        {"rule": "election.ballot", "seats": {"chair": 1}, "marks": {"chair": "甲"}},
        "invalid_type",
        "marks.chair",
    ),
    (
        {
            "rule": "election.validity",
            "profile": "tianjin",
            "registered": 1,
            "voters": 1,
            "ballots_in_box": 1,
        },
        "invalid_choice",
        "profile",
    ),
    (
        {
            "rule": "election.validity",
            "profile_overrides": {"quorum": 1},
            "registered": 1,
            "voters": 1,
            "ballots_in_box": 1,
        },
        "unknown_field",
        "profile_overrides.quorum",
    ),
    (
        {
            "rule": "election.validity",
            "profile_overrides": {"proxy_cap": -1},
            "registered": 1,
            "voters": 1,
            "ballots_in_box": 1,
        },
        "negative_value",
        "profile_overrides.proxy_cap",
    ),
    (
        {
            "rule": "election.validity",
            "profile_overrides": {"candidate_surplus": {"chair": {"minimum": 3, "maximum": 2}}},
            "registered": 1,
            "voters": 1,
            "ballots_in_box": 1,
        },
        "exceeds_total",
        "profile_overrides.candidate_surplus.chair.minimum",
    ),
    (
        {
            "rule": "election.validity",
            "profile_overrides": {"vacancy": {"min_elected": 3}},
            "registered": 1,
            "voters": 1,
            "ballots_in_box": 1,
        },
        "missing_field",
        "profile_overrides.vacancy.requires_chair",
    ),
    (
        {
            "rule": "election.validity",
            "profile_overrides": {"runoff_floor": {"fraction": "4/3", "inclusive": True}},
            "registered": 1,
            "voters": 1,
            "ballots_in_box": 1,
        },
        "invalid_threshold",
        "profile_overrides.runoff_floor.fraction",
    ),
    (
        {
            "rule": "election.registration",
            "election_day": "2025-06-01",
            "person": {"birth_date": "2030-01-01", "hukou_here": True, "lives_here": True},
        },
        "date_order",
        "birth_date",
    ),
    (
        {
            "rule": "election.by_election",
            "body": "residents_assembly",
            "members": 10,
            "voters": 6,
            "seats": 1,
            "tallies": {},
        },
        "not_applicable",
        "body",
    ),
    (
        {
            "rule": "election.proxy",
            "profile": "beijing",
            "election_day": "2025-06-01",
            "proxy": {
                "grantor_registered": True,
                "grantor_away": True,
                "written": True,
                "holder_has_voting_right": True,
                "relation": "cousin",
            },
        },
        "invalid_choice",
        "proxy.relation",
    ),
    (
        {
            "rule": "election.proxy",
            "profile": "beijing",
            "election_day": "2025-06-01",
            "proxy": {
                "grantor_registered": True,
                "grantor_away": True,
                "written": True,
                "holder_has_voting_right": True,
                "relation": "spouse",
            },
        },
        "missing_field",
        "arranged_on",
    ),
    ({"rule": "election.recall_start", "reasons_stated": True}, "no_criteria", "signers"),
    (
        {"rule": "committee.composition", "body": "supervision_committee", "candidates": []},
        "empty",
        "candidates",
    ),
    (
        {
            "rule": "committee.composition",
            "body": "supervision_committee",
            "candidates": [{"person_id": "a", "relations": [{"person_id": "b"}]}],
        },
        "missing_field",
        "candidates[0].relations[0].kind",
    ),
    ({"rule": "committee.annual_review", "reviews": []}, "empty", "reviews"),
    (
        {
            "rule": "vote.online",
            "voting_rule": {"threshold": {"fraction": "-1/2", "inclusive": True}},
            "eligible": 10,
            "votes_cast": 5,
            "yes": 3,
        },
        "invalid_threshold",
        "voting_rule.threshold.fraction",
    ),
]


@pytest.mark.parametrize(("case", "code", "field"), ERROR_CASES, ids=[f"{index}" for index in range(len(ERROR_CASES))])
def test_invalid_input_is_a_structured_error(case: object, code: str, field: str | None) -> None:
    detail = error(case)
    assert detail["code"] == code
    assert detail["field"] == field


def test_to_json_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        to_json(object())
    assert to_json(frozenset({"b", "a"})) == ["a", "b"]


def run_cli(argv: list[str], stdin: str = "") -> tuple[int, object]:
    out = io.StringIO()
    code = run(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, json.loads(out.getvalue())


def test_cli_single_case_from_stdin() -> None:
    code, answer = run_cli(["-"], json.dumps(EXAMPLES[0]))
    assert code == 0
    assert answer["outcome"]["met"] is True  # type: ignore[index]
    code, answer = run_cli([], json.dumps(EXAMPLES[0]))
    assert code == 0


def test_cli_list_from_file(tmp_path: Path) -> None:
    code, answer = run_cli([str(EXAMPLES_PATH)])
    assert code == 0
    assert isinstance(answer, list) and len(answer) == len(EXAMPLES)
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([EXAMPLES[0], {"rule": "nope"}]), encoding="utf-8")
    code, answer = run_cli([str(mixed)])
    assert code == 1
    assert answer[1]["error"]["code"] == "unknown_rule"  # type: ignore[index]


@pytest.mark.parametrize("argv", [["-"], ["/nonexistent/case.json"]])
def test_cli_invalid_json_or_file(argv: list[str]) -> None:
    code, answer = run_cli(argv, "{not json")
    assert code == 1
    assert answer["error"]["code"] == "invalid_json"  # type: ignore[index]


def test_cli_single_invalid_case_exits_1() -> None:
    code, answer = run_cli(["-"], json.dumps({"rule": "vote.online"}))
    assert code == 1
    assert answer["error"]["field"] == "voting_rule"  # type: ignore[index]


def test_cli_module_entry_point(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["check", str(EXAMPLES_PATH)])
    monkeypatch.delitem(sys.modules, "yishi.decisions.domain.check")
    with pytest.raises(SystemExit) as finished:
        runpy.run_module("yishi.decisions.domain.check", run_name="__main__")
    assert finished.value.code == 0
    assert json.loads(capsys.readouterr().out)[0]["rule"] == "number.threshold"


def test_cli_runs_without_django() -> None:
    script = (
        "import runpy, sys\n"
        "sys.argv = ['check', '-']\n"
        "try:\n"
        "    runpy.run_module('yishi.decisions.domain.check', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert not [name for name in sys.modules if name.split('.')[0] == 'django']\n"
        "    raise\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(EXAMPLES[1]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["outcome"]["passed"] is True


def test_every_rule_id_is_documented() -> None:
    document = (ROOT / "docs" / "rules-json.md").read_text(encoding="utf-8")
    for rule in RULE_IDS:
        assert f"### `{rule}`" in document


def test_every_error_code_is_reachable_through_json() -> None:
    reached = {code for _, code, _ in ERROR_CASES} | {"invalid_json"}
    assert reached == {code.value for code in ErrorCode}
