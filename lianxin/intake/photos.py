"""Workers' photos lose their hidden metadata before they are kept — always.

A phone photo's EXIF (and XMP) often says where it was taken, to a few metres, when, and with which
phone (make, model, serial number, owner's name, comments): for an anonymous worker that can point
at their home, their post or their device. Every photo is decoded and encoded again with only its
pixels, its colour profile and its animation kept; it is turned upright first, because the
orientation lives in the metadata too. A worker who chose to share their location shares the
coordinates only: `gps_of` reads them from the photo so the service can keep them on the case, and
the file itself carries nothing. A photo that cannot be decoded is refused with a clear message
rather than kept with its metadata, so the worker can choose another one; a photo is never dropped
silently.
"""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lianxin.core.errors import InvalidInput

# content type (as sniffed from the bytes) → Pillow format and file extension
PHOTO_FORMATS = {
    "image/jpeg": ("JPEG", "jpg"),
    "image/png": ("PNG", "png"),
    "image/webp": ("WEBP", "webp"),
}
ORIENTATION_TAG = 0x0112
GPS_IFD = 0x8825
# GPS IFD tags: latitude ref (N/S), latitude (d, m, s), longitude ref (E/W), longitude (d, m, s)
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
# What a re-encoded photo keeps from the original: colours, transparency and animation only.
KEPT_INFO = ("icc_profile", "transparency", "duration", "loop", "background")


def photo_name(index: int, content_type: str) -> str:
    """A neutral file name: the phone's own name may carry a date, a place or a person's name."""
    return f"photo-{index}.{PHOTO_FORMATS[content_type][1]}"


def without_metadata(upload: UploadedFile, *, content_type: str, name: str) -> UploadedFile:
    """The same photo, upright, with no EXIF, XMP or text chunks, in its original format."""
    fmt = PHOTO_FORMATS[content_type][0]
    upload.seek(0)
    try:
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise InvalidInput(
            _("A photo could not be read. Please choose another photo."),
            code="intake.photo_unreadable",
        ) from None
    clean = _pixels_only(image)
    out = BytesIO()
    clean.save(out, fmt, **_save_options(image, clean, fmt))
    upload.seek(0)
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def _pixels_only(image: Image.Image) -> Image.Image:
    upright = image.getexif().get(ORIENTATION_TAG, 1) in (0, 1)
    clean = image if upright else ImageOps.exif_transpose(image)
    kept: dict[str | tuple[int, int], object] = {
        k: image.info[k] for k in KEPT_INFO if k in image.info
    }
    clean.info = kept
    return clean


def _save_options(original: Image.Image, clean: Image.Image, fmt: str) -> dict:
    options: dict = {"exif": b""}
    if "icc_profile" in clean.info:
        options["icc_profile"] = clean.info["icc_profile"]
    if fmt == "JPEG":
        # Re-use the original quantisation when the pixels did not move: no visible loss.
        keep = clean is original and original.format == "JPEG"
        options.update(quality="keep" if keep else 90)
        if keep:
            options["subsampling"] = "keep"
    elif fmt == "WEBP":
        options["quality"] = 90
    if getattr(clean, "is_animated", False) and fmt in {"PNG", "WEBP"}:
        options["save_all"] = True
    return options


def gps_of(upload: UploadedFile) -> tuple[Decimal, Decimal] | None:
    """The (latitude, longitude) a photo's EXIF says it was taken at, or None when it says none."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
        latitude = _degrees(gps.get(GPS_LAT), gps.get(GPS_LAT_REF), "S", 90)
        longitude = _degrees(gps.get(GPS_LON), gps.get(GPS_LON_REF), "W", 180)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ArithmeticError,
            ValueError, TypeError):  # fmt: skip
        return None
    finally:
        upload.seek(0)
    if latitude is None or longitude is None:
        return None
    return latitude, longitude


def _degrees(value: object, ref: object, negative: str, limit: int) -> Decimal | None:
    """Degrees, minutes and seconds as signed decimal degrees; None when missing or out of range."""
    if not isinstance(value, tuple) or len(value) != 3:
        return None
    d, m, s = (Decimal(str(float(part))) for part in value)
    degrees = d + m / 60 + s / 3600
    if not degrees.is_finite() or not 0 <= degrees <= limit:
        return None
    sign = -1 if str(ref).strip().upper() == negative else 1
    return (sign * degrees).quantize(Decimal("0.000001"))
