"""Bilingual texts and the domain's refusals: pure data, no Django (the domain carries its own translations)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A user-facing text in Simplified Chinese and English."""

    zh_hans: str
    en: str

    def in_language(self, language: str) -> str:
        """The text for a language code: any 'zh' variant gets Chinese, everything else English."""
        return self.zh_hans if language.lower().startswith("zh") else self.en


class DeliberationDomainError(Exception):
    """A rule of deliberation refused its input; `code` is stable, `message` is bilingual."""

    def __init__(self, *, code: str, zh_hans: str, en: str) -> None:
        super().__init__(f"{code}: {en}")
        self.code = code
        self.message = Message(zh_hans=zh_hans, en=en)
