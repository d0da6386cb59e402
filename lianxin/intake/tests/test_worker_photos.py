"""photos.py: a worker's photo keeps its pixels and loses where and with what it was taken."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lianxin.core.errors import InvalidInput
from lianxin.intake import photos

GPS_IFD = 0x8825
MAKE = 0x010F
ROTATE_90_CW = 6  # EXIF orientation: the camera was held sideways
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">exif:GPSLatitude="35,14.5N"</x:xmpmeta>'


def photo_with_gps(fmt: str = "JPEG", *, size=(40, 30)) -> bytes:
    """A small photo shot sideways at Jiaozuo, with the camera's make and an XMP packet."""
    exif = Image.Exif()
    exif[0x0112] = ROTATE_90_CW
    exif[MAKE] = "WorkerPhone"
    exif[GPS_IFD] = {1: "N", 2: (35.0, 14.0, 30.0), 3: "E", 4: (113.0, 14.0, 0.0)}
    out = BytesIO()
    options = {"exif": exif.tobytes()}
    if fmt != "PNG":
        options["xmp"] = XMP
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt, **options)
    return out.getvalue()


def upload(data: bytes, name: str = "IMG_20260301_张三家门口.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_without_metadata_drops_gps_camera_and_xmp_and_turns_the_photo_upright(fmt, content_type):
    # given a sideways photo with GPS, camera make and XMP
    original = upload(photo_with_gps(fmt))
    # when it is cleaned
    clean = photos.without_metadata(original, content_type=content_type, name="photo-1.x")
    # then no metadata is left, the pixels are upright, and the format is unchanged
    data = clean.read()
    image = Image.open(BytesIO(data))
    assert dict(image.getexif()) == {}
    assert b"GPSLatitude" not in data
    assert b"WorkerPhone" not in data
    assert image.format == fmt
    assert image.size == (30, 40)
    assert clean.name == "photo-1.x"


def test_without_metadata_keeps_an_upright_jpeg_at_its_own_quality():
    # given an upright JPEG without orientation
    out = BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 10)).save(out, "JPEG", quality=60)
    # when it is cleaned, then it stays a JPEG of the same size and a similar weight
    clean = photos.without_metadata(upload(out.getvalue()), content_type="image/jpeg", name="p.jpg")
    image = Image.open(clean)
    assert image.size == (64, 64)
    assert clean.size <= len(out.getvalue()) * 1.5


def test_keep_as_is_keeps_every_byte_and_only_renames():
    # given a photo the worker shares with its location
    data = photo_with_gps()
    original = upload(data)
    # when it is kept, then the bytes are those sent and the name is neutral
    kept = photos.keep_as_is(original, name="photo-2.jpg")
    assert kept.read() == data
    assert kept.name == "photo-2.jpg"


def test_a_photo_that_cannot_be_decoded_is_refused_with_a_clear_message():
    # given bytes that look like a JPEG but are not one
    broken = upload(b"\xff\xd8\xff\xe0" + b"not really a photo" * 10)
    # when it is cleaned, then it is refused rather than kept with unknown metadata
    with pytest.raises(InvalidInput) as refused:
        photos.without_metadata(broken, content_type="image/jpeg", name="photo-1.jpg")
    assert refused.value.code == "intake.photo_unreadable"


def test_photo_names_are_neutral_and_follow_the_format():
    assert photos.photo_name(1, "image/jpeg") == "photo-1.jpg"
    assert photos.photo_name(3, "image/webp") == "photo-3.webp"
