"""Receipt codes: random, shown once to the voter, and the only handle from a ballot back to its caster.

A receipt carries no information at all: twelve symbols drawn from the operating system's random source,
so neither its value nor its order says anything about who cast the ballot or when.
"""

import secrets

# Crockford's base32 without the letters people confuse (I, L, O, U): easy to read aloud and to type.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_receipt() -> str:
    """A fresh receipt code such as 7K3M-Q9XD-2HPA (60 bits from the OS random source)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_receipt(raw)


def format_receipt(raw: str) -> str:
    """Group the symbols by four with dashes."""
    return "-".join(raw[start : start + GROUP] for start in range(0, len(raw), GROUP))


def normalize_receipt(text: str) -> str | None:
    """The canonical form of what a voter typed (spaces, dashes, case and confusable letters forgiven)."""
    cleaned = "".join(char for char in text.upper() if char.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return format_receipt(cleaned)
