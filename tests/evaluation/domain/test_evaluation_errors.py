"""Domain errors carry a stable code and both languages."""

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError, Text


def test_error_carries_code_and_bilingual_message() -> None:
    error = EvaluationDomainError(code=ErrorCode.FRAMEWORK_EMPTY, zh_hans="没有维度。", en="No dimensions.")
    assert error.code == "framework.empty"
    assert error.message == Text(zh_hans="没有维度。", en="No dimensions.")
    assert str(error) == "framework.empty: No dimensions."
    assert error.message.in_language("zh-Hant") == "没有维度。"
    assert error.message.in_language("EN") == "No dimensions."


def test_codes_are_unique_and_namespaced() -> None:
    values = [code.value for code in ErrorCode]
    assert len(values) == len(set(values))
    assert all(value.count(".") == 1 for value in values)
