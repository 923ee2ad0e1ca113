"""Domain errors carry a stable code and both languages."""

from yishi.matters.domain.errors import ErrorCode, MatterDomainError, Message


def test_error_carries_code_and_bilingual_message() -> None:
    error = MatterDomainError(code=ErrorCode.TRIAGE_REASON_REQUIRED, zh_hans="须说明理由。", en="A reason is needed.")
    assert error.code == "triage.reason_required"
    assert error.message == Message(zh_hans="须说明理由。", en="A reason is needed.")
    assert str(error) == "triage.reason_required: A reason is needed."
    assert error.message.in_language("zh") == "须说明理由。"
    assert error.message.in_language("fr") == "A reason is needed."


def test_codes_are_unique_and_namespaced() -> None:
    values = [code.value for code in ErrorCode]
    assert len(values) == len(set(values))
    assert all(value.count(".") == 1 for value in values)
