"""Files and the worker's own messages on a case: checked, stored under a made-up name, journalled."""

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.cases import notices
from lianxin.cases.models import (
    Attachment,
    Case,
)
from lianxin.cases.permissions import (
    WorkerActor,
)
from lianxin.cases.services.moves import Actor, _locked, _move
from lianxin.cases.states import Action
from lianxin.core import clock
from lianxin.core.errors import require
from lianxin.core.text import check_note
from lianxin.core.uploads import check_upload, stored_as


@transaction.atomic
def add_attachment(
    *, case_id: int, actor: User, upload: UploadedFile, public: bool = False
) -> Attachment:
    """A photo or document for the case, checked by its bytes (JPEG, PNG, WebP, PDF; 10 MB at most)."""
    content_type = check_upload(upload)
    attachment: dict[str, Attachment] = {}

    def apply(case: Case) -> list[str]:
        attachment["row"] = store_attachment(case, upload, content_type, public=public, actor=actor)
        return []

    info = {"name": upload.name}
    _move(
        case_id=case_id,
        actor=actor,
        action=Action.PROGRESS,
        kind="attachment_added",
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        data=info,
        apply=apply,
    )
    return attachment["row"]


def store_attachment(
    case: Case, upload: UploadedFile, content_type: str, *, public: bool, actor: Actor
) -> Attachment:
    return Attachment.objects.create(
        case=case,
        file=stored_as(upload, content_type),
        name=(upload.name or "file")[:200],
        content_type=content_type,
        size=upload.size or 0,
        is_public=public,
        uploaded_by=actor if isinstance(actor, User) else None,
        uploaded_at=clock.now(),
    )


@transaction.atomic
def add_worker_message(
    *, case_id: int, worker: WorkerActor, text: str, uploads: list[UploadedFile] | tuple = ()
) -> Case:
    """The worker writes to their own case (with photos); in any state, since a worker is never
    told to be quiet. It moves nothing: one public journal event, and the handler is told."""
    require(
        text.strip() or uploads, _("Write a message or add a photo."), code="case.message_empty"
    )
    check_note(text)
    types = [check_upload(u) for u in uploads]
    case = _locked(case_id, worker)
    for upload, content_type in zip(uploads, types, strict=True):
        store_attachment(case, upload, content_type, public=True, actor=worker)
    record_event(
        target=case,
        actor=worker,
        kind="worker_message",
        note=text,
        visibility=Visibility.PUBLIC,
        state_before=case.status,
        state_after=case.status,
        data={"files": [u.name for u in uploads]},
    )
    notices.worker_wrote(case)
    return case
