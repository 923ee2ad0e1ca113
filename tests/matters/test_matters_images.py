"""Photos are checked by their content, size-limited and re-encoded without any metadata."""

import io

import pytest
from PIL import Image

from tests.matters.builders import GPS_LATITUDE, jpeg_with_metadata, png_with_alpha
from yishi.audit.errors import ActionError
from yishi.matters.images import MAX_UPLOAD_BYTES, sanitise_image


def test_exif_and_gps_are_gone_from_the_output() -> None:
    original = jpeg_with_metadata()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)[2] == GPS_LATITUDE
        assert before.getexif()[0x010F] == "PhoneMaker"
    clean = sanitise_image(original)
    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.format == "JPEG"
        assert not after.getexif()
        assert "exif" not in after.info
        assert "icc_profile" not in after.info
    assert b"Exif" not in clean.content
    assert b"PhoneMaker" not in clean.content
    assert (clean.content_type, clean.extension, clean.width, clean.height) == ("image/jpeg", "jpg", 64, 48)
    assert clean.file_name.endswith(".jpg")
    assert clean.file_name != sanitise_image(original).file_name


def test_the_photo_is_turned_upright_before_its_orientation_tag_is_dropped() -> None:
    # Orientation 6: the camera held the phone sideways; viewers rotate by 90 degrees.
    clean = sanitise_image(jpeg_with_metadata(size=(64, 48), orientation=6))
    assert (clean.width, clean.height) == (48, 64)


def test_a_large_photo_is_scaled_down() -> None:
    output = io.BytesIO()
    Image.new("RGB", (4000, 1000), (10, 10, 10)).save(output, format="JPEG")
    clean = sanitise_image(output.getvalue())
    assert (clean.width, clean.height) == (2048, 512)


def test_transparency_keeps_png_and_webp_is_accepted() -> None:
    png = sanitise_image(png_with_alpha())
    assert (png.content_type, png.extension) == ("image/png", "png")
    output = io.BytesIO()
    Image.new("RGB", (10, 10), (1, 2, 3)).save(output, format="WEBP")
    webp = sanitise_image(output.getvalue())
    assert webp.content_type == "image/jpeg"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"MZ\x90\x00\x03 this is a renamed executable",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        jpeg_with_metadata()[:200],
    ],
    ids=["pdf", "executable", "gif", "truncated-jpeg"],
)
def test_anything_but_a_readable_jpeg_png_or_webp_is_refused(content: bytes) -> None:
    with pytest.raises(ActionError) as raised:
        sanitise_image(content)
    assert (raised.value.code, raised.value.field) == ("photo_not_image", "photos")


def test_an_oversized_upload_is_refused_before_it_is_read() -> None:
    class Upload(io.BytesIO):
        size = MAX_UPLOAD_BYTES + 1

        def read(self, *args: object) -> bytes:  # pragma: no cover - must not be called
            raise AssertionError("an oversized upload must not be read")

    with pytest.raises(ActionError) as raised:
        sanitise_image(Upload())
    assert raised.value.code == "photo_too_large"


def test_an_oversized_byte_string_and_an_empty_file_are_refused() -> None:
    with pytest.raises(ActionError) as too_large:
        sanitise_image(b"\xff" * 2048, max_bytes=1024)
    assert too_large.value.code == "photo_too_large"
    with pytest.raises(ActionError) as empty:
        sanitise_image(io.BytesIO(b""))
    assert empty.value.code == "photo_empty"


def test_a_decompression_bomb_is_refused() -> None:
    # A tiny PNG that claims 12,000 x 12,000 pixels.
    output = io.BytesIO()
    Image.new("1", (12000, 12000)).save(output, format="PNG", optimize=True)
    assert len(output.getvalue()) < 200_000
    with pytest.raises(ActionError) as raised:
        sanitise_image(output.getvalue())
    assert raised.value.code == "photo_too_many_pixels"
