"""Checking uploads by what their bytes are, not by the name or type the browser claims.

A stored file never keeps the name the client gave it: it is kept under a random name with the
extension of its real type (`poly2.html` that is a PNG is stored as `….png`), and it is served
as a download, never displayed in the browser as a page. While a request is read, at most
MAX_UPLOAD_BYTES of each file are kept: a 50 MB file is not written out whole just to be refused.
"""

import uuid

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import FileResponse
from django.utils.translation import gettext as _

from lianxin.core.errors import require

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# content type → test on the first bytes
_SIGNATURES = {
    "image/jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    "image/png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
    "application/pdf": lambda b: b.startswith(b"%PDF-"),
}
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The content type the file's own bytes show, or None when it is none we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((kind for kind, test in _SIGNATURES.items() if test(head)), None)


def stored_name(content_type: str) -> str:
    """A random file name with the extension of the sniffed type; nothing of the client's name."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"


def stored_as(upload: UploadedFile, content_type: str) -> File:
    """The upload, to be saved under a generated name (the display name is kept on the row)."""
    return File(upload, name=stored_name(content_type))


def attachment_response(file: File, *, content_type: str, name: str) -> FileResponse:
    """A stored file as a download: never rendered inline, never type-sniffed by the browser."""
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class BoundedUploadHandler(TemporaryFileUploadHandler):
    """Writes at most MAX_UPLOAD_BYTES + 1 bytes of each file to disk and drops the rest.

    The file's `size` stays the size that was sent, so the size check refuses it as too large."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = MAX_UPLOAD_BYTES + 1 - self.kept
        if room > 0:
            piece = raw_data[:room]
            self.file.write(piece)
            self.kept += len(piece)


def check_upload(upload: UploadedFile) -> str:
    """The upload's real content type: photos (JPEG, PNG, WebP) and PDF files of 10 MB at most,
    judged by their bytes, never by the name the client gave."""
    content_type = sniff_content_type(upload)
    require(
        content_type,
        _("Only photos (JPEG, PNG, WebP) and PDF files can be attached."),
        code="upload.type_not_allowed",
    )
    require(
        upload.size and upload.size <= MAX_UPLOAD_BYTES,
        _("A file may be 10 MB at most."),
        code="upload.too_large",
    )
    return content_type or ""
