"""Workers' photos lose their hidden metadata before they are kept.

A phone photo's EXIF (and XMP) often says where it was taken, to a few metres, when, and with which
phone: for an anonymous worker that can point at their home or their post. Unless the worker chose
to share their location, each photo is decoded and encoded again with only its pixels, its colour
profile and its animation kept; it is turned upright first, because the orientation lives in the
metadata too. A photo that cannot be decoded is refused with a clear message rather than kept with
its metadata, so the worker can choose another one; a photo is never dropped silently.
"""

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


def keep_as_is(upload: UploadedFile, *, name: str) -> UploadedFile:
    """The worker shared their location: the photo's bytes are kept, only its name is neutral."""
    upload.name = name
    upload.seek(0)
    return upload
