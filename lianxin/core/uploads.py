"""Checking uploads by what their bytes are, not by the name or type the browser claims."""

from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# content type → test on the first bytes
_SIGNATURES = {
    "image/jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    "image/png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
    "application/pdf": lambda b: b.startswith(b"%PDF-"),
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The content type the file's own bytes show, or None when it is none we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((kind for kind, test in _SIGNATURES.items() if test(head)), None)
