"""数据治理: correcting a case's record in any state, old and new journalled (not a workflow move)."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.cases import search
from lianxin.cases.models import (
    Case,
    Category,
)
from lianxin.cases.permissions import (
    ensure_can_correct,
)
from lianxin.cases.services.moves import _locked
from lianxin.core.errors import InvalidInput, PermissionDenied, require
from lianxin.core.masking import mask_phone
from lianxin.core.phones import normalise_phone
from lianxin.core.text import check_note
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import can_act_in


@transaction.atomic
def correct_case(
    *,
    case_id: int,
    actor: User,
    note: str,
    category: Category | None = None,
    origin_org: Org | None = None,
    worker_phone: str | None = None,
) -> Case:
    """数据治理: fix a wrong category, org or phone; the old and new values go in the journal.

    The number, deadlines and state stay as registered. A case still owned where it arose moves
    with its origin; a new origin must be one the actor may register cases for.
    """
    require(note.strip(), _("Say what is corrected and why."), code="case.reason_required")
    check_note(note)
    worker_phone = _normalised(worker_phone)
    _check_new_origin(actor, origin_org)
    case = _locked(case_id, actor)
    ensure_can_correct(actor, case)
    if worker_phone is not None and case.is_anonymous:
        raise InvalidInput(
            _("An anonymous case has no phone number to correct."),
            code="case.anonymous_has_no_phone",
        )
    changes = _apply_changes(
        case, {"category": category, "origin_org": origin_org, "worker_phone": worker_phone}
    )
    case.save(update_fields=list(changes))
    search.index_cases([case.pk])  # the category's and orgs' names are searched
    record_event(
        target=case, actor=actor, kind="corrected", note=note, visibility=Visibility.INTERNAL,
        state_before=case.status, state_after=case.status, data=changes,
    )  # fmt: skip
    return case


def _normalised(phone: str | None) -> str | None:
    if phone is None:
        return None
    try:
        return normalise_phone(phone)
    except ValueError:
        raise InvalidInput(
            _("“%(phone)s” is neither a mobile number nor a landline with its area code.")
            % {"phone": phone},
            code="case.phone_invalid",
        ) from None


def _check_new_origin(actor: User, origin_org: Org | None) -> None:
    if origin_org is not None and (
        origin_org.kind == OrgKind.PARTNER or not can_act_in(actor, origin_org)
    ):
        raise PermissionDenied(
            _("You may not move cases to %(org)s.") % {"org": origin_org.name},
            code="case.permission_denied",
        )


def _apply_changes(case: Case, wanted: dict[str, object]) -> dict[str, list[str]]:
    """Set what differs, old and new by field (a case still owned where it arose moves with it)."""
    owned_where_it_arose = case.owner_org_id == case.origin_org_id
    changes: dict[str, list[str]] = {}
    for field, value in wanted.items():
        if value is not None and getattr(case, field) != value:
            changes[field] = [_journal_value(getattr(case, field)), _journal_value(value)]
            setattr(case, field, value)
    require(
        changes,
        _("Nothing differs from the record: change a value first."),
        code="case.correction_empty",
    )
    if "origin_org" in changes and owned_where_it_arose:
        case.owner_org = case.origin_org
        changes["owner_org"] = changes["origin_org"]
    return changes


def _journal_value(value: object) -> str:
    """How a corrected value is kept in the journal: keys and codes, never a full phone number."""
    if isinstance(value, Category):
        return value.key
    if isinstance(value, Org):
        return value.code
    return mask_phone(str(value)) if value else ""
