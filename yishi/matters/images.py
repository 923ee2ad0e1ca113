"""Photos from residents' phones made safe to keep and show: checked by content, size-limited, re-encoded.

Phone photos carry EXIF metadata: the GPS position of the home, the time, the phone's make and
serial. None of it is needed (个保法第六条: collect the minimum), so every image is decoded and
encoded again from its pixels alone, which drops EXIF, XMP, ICC and comments. The EXIF orientation
is applied to the pixels first so that the photo still stands the right way up.

The declared content type and file name are ignored: Pillow decides from the bytes whether this is
a JPEG, PNG or WebP image. Anything else (HEIC without a decoder, PDF, a renamed executable) is
refused. Used by matters for their photos; implementation reuses it for progress photos:

    from yishi.matters.images import sanitise_image
    clean = sanitise_image(uploaded_file)          # raises ActionError with a translated message
    photo.image.save(clean.file_name, ContentFile(clean.content), save=False)
"""

import io
import uuid
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from yishi.audit.errors import ActionError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
LONGEST_SIDE = 2048
JPEG_QUALITY = 85
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


@dataclass(frozen=True, kw_only=True)
class SanitisedImage:
    """A re-encoded image without metadata, ready to store under a random name."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int

    @property
    def file_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.extension}"


def _refuse(message: str, code: str, field: str) -> ActionError:
    return ActionError(message, code=code, field=field)


def read_upload(upload: IO[bytes] | bytes, *, field: str = "photos", max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an upload, refusing anything over `max_bytes` without reading it all."""
    if isinstance(upload, bytes):
        data = upload
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > max_bytes:
            raise _too_large(field, max_bytes)
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(field, max_bytes)
    if not data:
        raise _refuse(gettext("The photo is empty."), "photo_empty", field)
    return data


def _too_large(field: str, max_bytes: int) -> ActionError:
    return _refuse(
        gettext("A photo may be at most %(megabytes)s MB.") % {"megabytes": max_bytes // (1024 * 1024)},
        "photo_too_large",
        field,
    )


def sanitise_image(
    upload: IO[bytes] | bytes,
    *,
    field: str = "photos",
    max_bytes: int = MAX_UPLOAD_BYTES,
    longest_side: int = LONGEST_SIDE,
) -> SanitisedImage:
    """Check that the upload is a JPEG, PNG or WebP image by its content and re-encode it without metadata."""
    data = read_upload(upload, field=field, max_bytes=max_bytes)
    not_an_image = _refuse(
        gettext("This file is not a photo we can read. Send a JPEG, PNG or WebP image."), "photo_not_image", field
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns before it errors on large images; both are decompression bombs to us.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in ACCEPTED_FORMATS:
                    raise not_an_image
                if width * height > MAX_PIXELS:
                    raise _pixels_refused(field)
                probe.verify()
            # verify() leaves the image unusable; decode it again from the start.
            with Image.open(io.BytesIO(data)) as source:
                source.load()
                image = ImageOps.exif_transpose(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _pixels_refused(field) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    image.thumbnail((longest_side, longest_side))
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    output = io.BytesIO()
    if has_alpha:
        clean = image.convert("RGBA")
        clean.save(output, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        clean = image.convert("RGB")
        clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    return SanitisedImage(
        content=output.getvalue(),
        content_type=content_type,
        extension=extension,
        width=clean.width,
        height=clean.height,
    )


def _pixels_refused(field: str) -> ActionError:
    return _refuse(
        gettext("This photo has too many pixels (at most %(megapixels)s million).")
        % {"megapixels": MAX_PIXELS // 1_000_000},
        "photo_too_many_pixels",
        field,
    )
