"""An oversized upload is not kept whole while the request is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from lianxin.core import uploads

PNG = b"\x89PNG\r\n\x1a\n"


def posted_file(size: int):
    """The file a view receives for a multipart POST of `size` bytes, read with the settings'
    upload handlers (as every request is)."""
    upload = SimpleUploadedFile("big.png", PNG + b"0" * (size - len(PNG)), content_type="image/png")
    request = RequestFactory().post("/", {"file": upload})
    return request.FILES["file"]


@pytest.mark.parametrize("size", [12 * 1024 * 1024, 50 * 1024 * 1024])
def test_a_file_over_the_limit_keeps_its_true_size_but_only_the_limit_is_stored(size):
    # when a file larger than 10 MB is posted
    received = posted_file(size)
    # then its size says how large it was, so the check refuses it as too large
    assert received.size == size
    assert received.size > uploads.MAX_UPLOAD_BYTES
    # but no more than the limit (and a byte) was ever written out
    kept = len(received.read())
    assert kept == uploads.MAX_UPLOAD_BYTES + 1
    # and it still reads as what it is
    assert uploads.sniff_content_type(received) == "image/png"


def test_a_file_within_the_limit_arrives_whole():
    size = 3 * 1024 * 1024  # above the in-memory threshold: goes through the bounded handler
    received = posted_file(size)
    assert received.size == size
    assert len(received.read()) == size


def test_a_stored_name_is_random_with_the_extension_of_the_real_type():
    names = {uploads.stored_name("application/pdf") for _ in range(3)}
    assert len(names) == 3
    assert all(n.endswith(".pdf") and len(n) == 36 for n in names)
    assert uploads.stored_name("image/jpeg").endswith(".jpg")
