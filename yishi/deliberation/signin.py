"""Sign-in codes: a signed, time-limited token per meeting, shown as a QR code that participants open on their phone.

The token carries the meeting's id and its sign-in key (Meeting.sign_in_nonce) and is signed with the site's
secret (django.core.signing, HMAC-SHA256 with a salt of its own). It is refused when tampered with, when it
belongs to another meeting, when the key was replaced (the meeting was cancelled or staff revoked the code),
and when it is older than SIGN_IN_CODE_MAX_AGE: staff show a fresh code at each meeting.
"""

import datetime

from django.core import signing
from django.utils.translation import gettext_lazy as _

from yishi.audit.errors import ActionError
from yishi.deliberation.models import Meeting

SALT = "yishi.deliberation.sign-in"
SIGN_IN_CODE_MAX_AGE = datetime.timedelta(hours=6)


def make_token(meeting: Meeting) -> str:
    """A fresh sign-in token for the meeting."""
    return signing.dumps({"m": meeting.pk, "k": meeting.sign_in_nonce}, salt=SALT, compress=False)


def check_token(meeting: Meeting, token: str) -> None:
    """Raise ActionError unless `token` is a current sign-in code of this meeting."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=SIGN_IN_CODE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ActionError(
            _("This sign-in code has expired. Ask the staff at the meeting to show the current code."),
            code="sign_in_code_expired",
        ) from error
    except signing.BadSignature as error:
        raise ActionError(
            _("This sign-in code is not valid. Scan the code shown at the meeting again."),
            code="sign_in_code_invalid",
        ) from error
    if not isinstance(payload, dict) or payload.get("m") != meeting.pk:
        raise ActionError(_("This sign-in code belongs to another meeting."), code="sign_in_code_other_meeting")
    if payload.get("k") != meeting.sign_in_nonce:
        raise ActionError(
            _("This sign-in code was withdrawn. Ask the staff at the meeting to show the current code."),
            code="sign_in_code_revoked",
        )
