"""One-time codes: made with `secrets`, kept only as a keyed hash, compared in constant time."""

import hashlib
import hmac
import secrets
import unicodedata

CODE_LENGTH = 6


def new_code() -> str:
    """A fresh six-digit code; every value from 000000 to 999999 is equally likely."""
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def new_salt() -> str:
    """A random salt stored beside each code's hash, so equal codes never share a hash."""
    return secrets.token_hex(16)


def hash_code(*, code: str, salt: str, key: str) -> str:
    """The keyed hash of a code: a copy of the table alone cannot be searched through all million codes."""
    return hmac.new(key.encode(), f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(*, code: str, salt: str, key: str, expected_hash: str) -> bool:
    """Whether `code` is the one whose hash was stored (constant-time comparison)."""
    return hmac.compare_digest(hash_code(code=code, salt=salt, key=key), expected_hash)


def normalize_code(raw: str) -> str | None:
    """The six digits a person typed (full-width digits and spaces allowed), or None when it is no code."""
    text = "".join(unicodedata.normalize("NFKC", raw).split()).replace("-", "")
    if len(text) != CODE_LENGTH or not text.isascii() or not text.isdigit():
        return None
    return text


def new_api_token() -> str:
    """A bearer token for an integration: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    """The SHA-256 stored for a bearer token (the token itself is shown once and never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()
