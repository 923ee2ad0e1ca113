"""The rules JSON interface's Django adapters: POST /api/rules/evaluate and `manage.py check_rule` answer exactly
as the domain's `evaluate_case` does, for every documented example, for lists, and for bad input."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from yishi.decisions.domain.cases import evaluate_case

EXAMPLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "domain" / "examples.json").read_text(encoding="utf-8")
)
URL = "/api/rules/evaluate"


def post(client: Client, body: Any) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return client.post(URL, data=raw, content_type="application/json")


@pytest.mark.parametrize("case", EXAMPLES, ids=[f"{index}-{case['rule']}" for index, case in enumerate(EXAMPLES)])
def test_every_documented_example_answers_as_the_domain(case: dict[str, Any], client: Client) -> None:
    response = post(client, case)
    expected = evaluate_case(case)
    assert response.status_code == (400 if "error" in expected else 200)
    assert response.json() == expected


def test_a_list_of_cases_answers_a_list(client: Client) -> None:
    response = post(client, EXAMPLES[:5])
    assert response.status_code == 200
    assert response.json() == [evaluate_case(case) for case in EXAMPLES[:5]]


def test_anyone_may_ask_without_signing_in_or_a_csrf_token(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = post(strict, EXAMPLES[0])
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "invalid_json"),
        ({"rule": "no.such.rule"}, "unknown_rule"),
        (
            {
                "rule": "number.threshold",
                "value": 1.5,
                "total": "3",
                "threshold": {"fraction": "1/2", "inclusive": True},
            },
            "float_not_allowed",
        ),
        (
            {
                "rule": "vote.online",
                "voting_rule": {"threshold": {"fraction": "1", "inclusive": False}},
                "eligible": 3,
                "votes_cast": 2,
                "yes": 1,
            },
            "impossible_threshold",
        ),
        (
            {"rule": "meeting.villagers_assembly", "mode": "individual", "base": 10, "present": 11, "yes": 1},
            "exceeds_total",
        ),
    ],
)
def test_bad_input_is_the_structured_error(client: Client, body: Any, code: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]["zh-Hans"] and error["message"]["en"]


def test_one_bad_case_in_a_list_marks_the_answer_400(client: Client) -> None:
    response = post(client, [EXAMPLES[0], {"rule": "nope"}])
    assert response.status_code == 400
    assert response.json()[0] == evaluate_case(EXAMPLES[0])
    assert response.json()[1]["error"]["code"] == "unknown_rule"


def test_check_rule_reads_a_file(tmp_path: Path) -> None:
    source = tmp_path / "cases.json"
    source.write_text(json.dumps(EXAMPLES, ensure_ascii=False), encoding="utf-8")
    output = io.StringIO()
    call_command("check_rule", str(source), stdout=output)
    assert json.loads(output.getvalue()) == [evaluate_case(case) for case in EXAMPLES]


def test_check_rule_reads_standard_input_and_fails_on_bad_input() -> None:
    output = io.StringIO()
    call_command("check_rule", "-", stdin=io.StringIO(json.dumps(EXAMPLES[1])), stdout=output)
    assert json.loads(output.getvalue()) == evaluate_case(EXAMPLES[1])
    output = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_rule", stdin=io.StringIO('{"rule": "nope"}'), stdout=output)
    assert exited.value.code == 1
    assert json.loads(output.getvalue())["error"]["code"] == "unknown_rule"
