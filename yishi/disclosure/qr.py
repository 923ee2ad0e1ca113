"""QR codes pointing back to a notice's page, as inline SVG for the page and the printed notice."""

import io
import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def qr_svg(url: str, *, label: str) -> SafeString:
    """An accessible inline <svg> QR code for `url`; its size comes from the CSS class "qr"."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    opening_end = svg.index(">")
    opening = _SIZE.sub("", svg[:opening_end])
    attributes = f' role="img" aria-label="{escape(label)}" class="qr" fill="#000"'
    # Markup made here from a URL we built; the only outside text, the label, is escaped.
    return mark_safe(opening + attributes + svg[opening_end:])  # noqa: S308
