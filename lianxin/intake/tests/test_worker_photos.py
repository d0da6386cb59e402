"""photos.py: a worker's photo keeps its pixels and loses where and with what it was taken."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lianxin.core.errors import InvalidInput
from lianxin.intake import photos

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
MAKE, MODEL, ARTIST = 0x010F, 0x0110, 0x013B
USER_COMMENT, BODY_SERIAL = 0x9286, 0xA431
# What a phone writes about itself and its owner: none of it may survive.
CAMERA = ("WorkerPhone", "ZQ-77 Pro", "SN-8848-2026", "Liu Shifu", "taken at home")
ROTATE_90_CW = 6  # EXIF orientation: the camera was held sideways
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">exif:GPSLatitude="35,14.5N"</x:xmpmeta>'


def photo_with_gps(fmt: str = "JPEG", *, size=(40, 30)) -> bytes:
    """A small photo shot sideways at Jiaozuo, with the camera's make, model, serial number, the
    owner's name, a comment and an XMP packet."""
    exif = Image.Exif()
    exif[0x0112] = ROTATE_90_CW
    exif[MAKE], exif[MODEL], exif[ARTIST] = CAMERA[0], CAMERA[1], CAMERA[3]
    exif[EXIF_IFD] = {BODY_SERIAL: CAMERA[2], USER_COMMENT: b"ASCII\0\0\0" + CAMERA[4].encode()}
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


def test_without_metadata_drops_the_camera_its_serial_number_the_owner_and_comments():
    # given a photo whose EXIF names the phone, its serial number, its owner and a comment
    data = photo_with_gps()
    assert all(value.encode() in data for value in CAMERA)
    # when it is cleaned, then none of it is left in the bytes
    clean = photos.without_metadata(upload(data), content_type="image/jpeg", name="p.jpg").read()
    for value in CAMERA:
        assert value.encode() not in clean


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_gps_of_reads_the_coordinates_a_photo_was_taken_at(fmt):
    # given a photo taken at 35°14'30" N, 113°14' E
    original = upload(photo_with_gps(fmt))
    # when its coordinates are read, then they are signed decimal degrees, and the file is rewound
    assert photos.gps_of(original) == (Decimal("35.241667"), Decimal("113.233333"))
    assert original.tell() == 0


def test_gps_of_is_none_for_a_photo_without_a_location_or_an_unreadable_one():
    out = BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    assert photos.gps_of(upload(out.getvalue())) is None
    assert photos.gps_of(upload(b"not a photo at all")) is None


def test_gps_of_gives_southern_and_western_coordinates_a_minus_sign():
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "S", 2: (33.0, 52.0, 12.0), 3: "W", 4: (70.0, 30.0, 0.0)}
    out = BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif.tobytes())
    assert photos.gps_of(upload(out.getvalue())) == (Decimal("-33.870000"), Decimal("-70.500000"))


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
