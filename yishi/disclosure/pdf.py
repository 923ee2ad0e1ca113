"""The printable A4 notice (Chinese, Noto CJK fonts, a QR code back to its page), made once and kept."""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from yishi.disclosure.models import Notice
from yishi.disclosure.qr import qr_svg


def render_notice_pdf(notice: Notice, *, page_url: str) -> bytes:
    """The PDF of a notice; always in Chinese, the language of the board it is posted on."""
    with translation.override("zh-hans"):
        html = render_to_string(
            "disclosure/notice_pdf.html",
            {"notice": notice, "page_url": page_url, "qr": qr_svg(page_url, label=notice.title)},
        )
    return bytes(HTML(string=html, base_url=page_url).write_pdf())


def notice_pdf(notice: Notice, *, page_url: str) -> bytes:
    """The PDF of a notice: a published notice never changes, so its PDF is made once and kept."""
    if notice.is_public and notice.pdf:
        try:
            with notice.pdf.open("rb") as stored:
                return bytes(stored.read())
        except FileNotFoundError:
            pass
    content = render_notice_pdf(notice, page_url=page_url)
    if notice.is_public:
        name = notice.pdf.field.generate_filename(notice, f"notice-{notice.pk}.pdf")
        # A name already taken (two first requests at once) gets a fresh one from the storage.
        saved = notice.pdf.storage.save(name, ContentFile(content))
        # Only the cached file's name is written; the notice's published content stays as it was.
        Notice.objects.filter(pk=notice.pk).update(pdf=saved)
        notice.pdf.name = saved
    return content
