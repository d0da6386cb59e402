"""The worker's own page: raise a concern without an account, then follow it with a receipt.

A submission enters the ledger through `register_case` with no actor (the public is not a staff
user), on the online channel, and gets a receipt code in the same transaction — named workers too,
since most have no account to follow their case with. What would tie an anonymous case to a person
is never written: no name, phone or account on the case, no client address anywhere (the rate
limit counts keyed hashes), and photos always lose all their metadata (a shared location is kept
on the case, never in a file).

The reads the public pages need (enterprises to pick from, categories, a signed-in worker's own
cases, a case's public timeline) sit at the end of this module because nothing else uses them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import wraps
from typing import ParamSpec

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases import search
from lianxin.cases.hooks import Site
from lianxin.cases.models import Attachment, Case, Category, Channel
from lianxin.cases.permissions import WorkerActor
from lianxin.cases.services import (
    NewCase,
    add_worker_message,
    register_case,
    store_attachment,
)
from lianxin.core import throttle
from lianxin.core.errors import DomainError, InvalidInput
from lianxin.core.uploads import check_upload
from lianxin.intake import photos as photo_files
from lianxin.intake.services import submission_keys
from lianxin.intake.services.receipts import DrawnReceipt, draw_receipt, issue_receipt
from lianxin.orgs.models import Org, OrgKind

SUBMIT_LIMIT = 10  # submissions per client address per hour
SUBMIT_WINDOW_SECONDS = 60 * 60
MESSAGE_LIMIT = 20  # messages a worker may write to one case per hour
MESSAGE_WINDOW_SECONDS = 60 * 60
MESSAGE_THROTTLED = gettext_noop(
    "You have sent many messages this hour. Please wait an hour and write again."
)
MAX_PHOTOS = 5
TITLE_LENGTH = 30
SUGGESTIONS = 20
COORDINATE = Decimal("0.000001")
DEFAULT_CATEGORY = "other"
P = ParamSpec("P")
# The few categories a worker can tell apart at a glance; the union refines the rest.
WORKER_CATEGORY_KEYS = (
    "wages", "hours_leave", "safety", "injury_health", "conditions", "canteen_dorm",
    "social_insurance", "contract", "women", "gig_platform", "accident", "other",
)  # fmt: skip


class MessageThrottled(DomainError):
    """Too many messages to one case in the last hour."""

    code = "intake.message_throttled"
    http_status = 429


class SubmissionThrottled(DomainError):
    """Too many submissions from this client address in the last hour."""

    code = "intake.submission_throttled"
    http_status = 429


@dataclass(frozen=True)
class Submission:
    case: Case
    receipt: str  # shown once on the receipt page, then gone; "" when `repeated`
    repeated: bool = False  # the form's key had made this case already: nothing new was written


@dataclass(frozen=True)
class Location:
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    address: str = ""


def _once_per_key(register: Callable[P, Submission]) -> Callable[P, Submission]:
    """A submission whose form key made a case already answers with that case, writing nothing;
    two at once collide on the key's unique index, and the later one answers like a repeat."""

    @wraps(register)
    def once(*args: P.args, **kwargs: P.kwargs) -> Submission:
        key = str(kwargs.get("key") or "")
        earlier = submission_keys.case_for(key) if key else None
        if earlier is not None:
            return Submission(case=earlier, receipt="", repeated=True)
        try:
            return register(*args, **kwargs)
        except IntegrityError:
            earlier = submission_keys.case_for(key) if key else None
            if earlier is None:
                raise
            return Submission(case=earlier, receipt="", repeated=True)

    return once


@_once_per_key
def submit_concern(
    *,
    key: str = "",
    client: str,
    enterprise: Org | None,
    description: str,
    is_anonymous: bool,
    category: Category | None = None,
    worker_name: str = "",
    worker_phone: str = "",
    sms_consent: bool = False,
    account: User | None = None,
    location: Location | None = None,
    photos: Sequence[UploadedFile] = (),
    site: Site | None = None,
) -> Submission:
    """A worker's concern enters the ledger as written, with its photos and a receipt code.

    `client` (the address, for the rate limit only) is hashed and never stored. `account` is the
    signed-in person raising a named case; an anonymous case is tied to no account. `location`
    given means the worker chose to share it: it is kept on the case (with the coordinates a photo
    holds when the browser sent none), while every photo always loses all its metadata. `key` is
    the form's one-time key: one case per key, however often the form is sent. `site` is the place
    the worker raised it at (a station's QR link): the case goes to its union, by its channel.
    """
    # What needs no database (checks, photos, the receipt's hash) is done before the transaction:
    # SQLite's write lock is the whole database's, held from the first write to the commit.
    origin = site.org if site is not None else _checked_enterprise(enterprise)
    _check_submission(description, is_anonymous, worker_name, worker_phone, photos)
    where = _shared_place(location, photos)
    kept = _prepare_photos(photos)
    new = _worker_case(
        enterprise=origin,
        description=description,
        is_anonymous=is_anonymous,
        category=category,
        worker_name=worker_name,
        worker_phone=worker_phone,
        sms_consent=sms_consent,
        account=account,
        where=where,
    )
    if site is not None:
        new = replace(new, channel=site.channel, site=site.code)
    return _file_concern(key=key, client=client, new=new, kept=kept, drawn=draw_receipt())


@transaction.atomic
def _file_concern(
    *, key: str, client: str, new: NewCase, kept: list, drawn: DrawnReceipt
) -> Submission:
    claimed = submission_keys.claim(key) if key else None  # first: a repeat stops here
    _check_rate(client)
    case = register_case(actor=None, new=new)
    for upload, content_type in kept:
        store_attachment(case, upload, content_type, public=True, actor=None)
    receipt = issue_receipt(case=case, drawn=drawn)
    if claimed is not None:
        submission_keys.keep(claimed, key=key, case=case, receipt=receipt)
    return Submission(case=case, receipt=receipt)


def _worker_case(
    *,
    enterprise: Org,
    description: str,
    is_anonymous: bool,
    category: Category | None,
    worker_name: str,
    worker_phone: str,
    account: User | None,
    where: Location,
    sms_consent: bool = False,
) -> NewCase:
    """The case a worker's concern registers: online, titled from its description, in the default
    category when none was chosen; an anonymous case keeps no name, phone or account."""
    return NewCase(
        origin_org=enterprise,
        category=category or Category.objects.get(key=DEFAULT_CATEGORY),
        channel=Channel.ONLINE,
        title=default_title(description),
        description=description,
        is_anonymous=is_anonymous,
        worker_name="" if is_anonymous else worker_name,
        worker_phone="" if is_anonymous else worker_phone,
        address=where.address.strip(),
        latitude=_coordinate(where.latitude),
        longitude=_coordinate(where.longitude),
        worker_user=None if is_anonymous else account,
        sms_consent=sms_consent and not is_anonymous,
    )


def _check_rate(client: str) -> None:
    key = throttle.throttle_key("worker-submit", client)
    if not throttle.hit(key, limit=SUBMIT_LIMIT, window_seconds=SUBMIT_WINDOW_SECONDS):
        raise SubmissionThrottled(
            _("Too many submissions from this network. Please try again in an hour.")
        )


def _checked_enterprise(enterprise: Org | None) -> Org:
    if enterprise is None or enterprise.kind != OrgKind.ENTERPRISE or not enterprise.is_active:
        raise InvalidInput(
            _("Choose the enterprise you work in."), code="worker.enterprise_missing"
        )
    return enterprise


def _check_submission(
    description: str,
    is_anonymous: bool,
    worker_name: str,
    worker_phone: str,
    photos: Sequence[UploadedFile],
) -> None:
    if not description.strip():
        raise InvalidInput(_("Describe your concern."), code="worker.description_missing")
    if not is_anonymous and not (worker_name.strip() and worker_phone.strip()):
        raise InvalidInput(
            _("Give your name and phone, or choose to stay anonymous."),
            code="worker.contact_missing",
        )
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(
            _("Add %(count)d photos at most.") % {"count": MAX_PHOTOS}, code="upload.too_many"
        )


def _shared_place(location: Location | None, photos: Sequence[UploadedFile]) -> Location:
    """What the worker chose to share: the place given, or else the coordinates a photo holds."""
    if location is None:
        return Location()
    if location.latitude is not None or location.longitude is not None:
        return location
    found = next((gps for p in photos if (gps := photo_files.gps_of(p)) is not None), None)
    if found is None:
        return location
    return Location(latitude=found[0], longitude=found[1], address=location.address)


def _prepare_photos(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each photo checked by its bytes, renamed, and stripped of all its metadata."""
    kept = []
    for index, upload in enumerate(uploads, start=1):
        content_type = check_upload(upload)
        if content_type not in photo_files.PHOTO_FORMATS:
            raise InvalidInput(
                _("Only photos (JPEG, PNG, WebP) can be added here."),
                code="upload.type_not_allowed",
            )
        name = photo_files.photo_name(index, content_type)
        clean = photo_files.without_metadata(upload, content_type=content_type, name=name)
        kept.append((clean, content_type))
    return kept


def _coordinate(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(COORDINATE)


def default_title(description: str) -> str:
    """The first words of the concern on one line, so the ledger row says something."""
    text = " ".join(description.split())
    return text if len(text) <= TITLE_LENGTH else text[:TITLE_LENGTH] + "…"


@transaction.atomic
def write_to_case(*, worker: WorkerActor, text: str, photos: Sequence[UploadedFile] = ()) -> Case:
    """The worker adds a message and photos to their case; the photos always lose their metadata.
    At most MESSAGE_LIMIT messages per case an hour (the receipt or the named worker alike); a
    refused message stores nothing, and a message refused for its content is not counted."""
    counter = throttle.throttle_key("worker-message", str(worker.case_id))
    if not throttle.hit(counter, limit=MESSAGE_LIMIT, window_seconds=MESSAGE_WINDOW_SECONDS):
        raise MessageThrottled(_(MESSAGE_THROTTLED))
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(
            _("Add %(count)d photos at most.") % {"count": MAX_PHOTOS}, code="upload.too_many"
        )
    kept = [upload for upload, _type in _prepare_photos(photos)]
    return add_worker_message(case_id=worker.case_id, worker=worker, text=text, uploads=kept)


# ---- reads for the public pages ----------------------------------------------------------------


def enterprises() -> QuerySet[Org]:
    """Every enterprise a worker may raise a concern in: active enterprise unions, nothing else."""
    return Org.objects.filter(kind=OrgKind.ENTERPRISE, is_active=True)


def search_enterprises(*, text: str) -> QuerySet[Org]:
    """A few enterprises whose name or short name contains what the worker typed (none for nothing)."""
    text = text.strip()
    if not text:
        return Org.objects.none()
    matches = enterprises().filter(Q(name__icontains=text) | Q(short_name__icontains=text))
    return matches.select_related("parent").order_by("path")[:SUGGESTIONS]


def worker_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True, key__in=WORKER_CATEGORY_KEYS)


def cases_of_account(*, user: User, q: str = "") -> QuerySet[Case]:
    """The named cases a signed-in person raised themselves (never an anonymous one); with `q`,
    those the ledger's full-text search finds among them."""
    mine = Case.objects.filter(worker_user=user, is_anonymous=False)
    if q.strip():
        mine = search.matching(mine, q)
    return mine.select_related("origin_org", "category").order_by("-registered_at")


def case_for_worker(*, case_id: int) -> Case | None:
    return Case.objects.select_related("origin_org", "category").filter(pk=case_id).first()


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    kind: str
    who: str  # role-neutral: a staff member's name is never shown to the worker
    note: str
    data: dict


def public_timeline(*, case: Case) -> list[PublicEvent]:
    """What the worker may read of their case's journal: public events, no staff names."""
    return [
        PublicEvent(at=e.at, kind=e.kind, who=_who(e), note=e.note, data=_public_data(e))
        for e in events_for(case, public_only=True)
    ]


def _who(event: Event) -> str:
    raised_online = (
        event.kind == "registered" and (event.data or {}).get("channel") == Channel.ONLINE
    )
    if event.actor_label == WorkerActor.journal_label or raised_online:
        return _("You")
    if event.kind == "reported_back":
        return _("Partner agency")
    return _("Union staff") if event.actor_label else _("System")


def _public_data(event: Event) -> dict:
    keep = ("partner_name", "rating", "files")
    return {k: v for k, v in (event.data or {}).items() if k in keep}


def public_attachments(*, case: Case) -> QuerySet[Attachment]:
    return case.attachments.filter(is_public=True).order_by("uploaded_at", "pk")
