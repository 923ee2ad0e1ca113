"""Encryption at rest and keyed lookup hashes for personal identifiers (RULES.md §7)."""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _fernet(key_material: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key_material.encode()).digest()))


def encrypt(value: str) -> str:
    """An authenticated ciphertext of `value`; the empty string stays empty."""
    if not value:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The plain value of a ciphertext made by `encrypt`."""
    if not token:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def lookup_hash(value: str) -> str:
    """A keyed hash for finding a record by its identifier without storing it in clear."""
    if not value:
        return ""
    return hmac.new(settings.LOOKUP_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(value: bytes) -> str:
    """An authenticated ciphertext of a file's bytes (an uploaded roster kept until it is imported)."""
    if not value:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value).decode()


def decrypt_bytes(token: str) -> bytes:
    """The bytes behind a ciphertext made by `encrypt_bytes`."""
    if not token:
        return b""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode())
