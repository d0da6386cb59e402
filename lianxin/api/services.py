"""Creating, revoking and using API tokens. Creation and revocation are journalled."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.api.models import ApiToken
from lianxin.api.permissions import can_manage_token, can_manage_tokens_of
from lianxin.api.selectors import TOKEN_PREFIX, active_token, hash_token
from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed

# last_used_at is refreshed at most this often, so that reads do not all become writes.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created: `token` is the only time the secret exists in clear."""

    row: ApiToken
    token: str


@transaction.atomic
def create_token(*, actor: User | None, user: User, name: str) -> NewToken:
    """A new token for `user` (by the user, a superuser, or the system when actor is None)."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the token a name."), code="token.invalid")
    if len(name) > 80:
        raise InvalidInput(_("A token name may be 80 characters at most."), code="token.invalid")
    if actor is not None and not can_manage_tokens_of(actor, user):
        raise PermissionDenied(
            _("You may not create tokens for %(user)s.") % {"user": user.get_username()},
            code="token.permission_denied",
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 2^32 prefixes: a clash is rare
        prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, token_hash=hash_token(token), created_at=clock.now()
    )
    record_event(
        target=row,
        actor=actor,
        kind="token_created",
        state_after="active",
        data={"user": user.get_username(), "name": name, "prefix": prefix},
    )
    return NewToken(row=row, token=token)


@transaction.atomic
def revoke_token(*, actor: User | None, token_id: int) -> ApiToken:
    """Revoke a token for good; it is refused from then on. Its row stays, for the record."""
    row = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if row is None or (actor is not None and not can_manage_token(actor, row)):
        raise NotFound(_("No such token."), code="token.not_found")
    if row.revoked_at is not None:
        raise TransitionNotAllowed(
            _("This token is already revoked."), code="token.already_revoked"
        )
    row.revoked_at = clock.now()
    row.save(update_fields=["revoked_at"])
    record_event(
        target=row,
        actor=actor,
        kind="token_revoked",
        state_before="active",
        state_after="revoked",
        data={"user": row.user.get_username(), "name": row.name, "prefix": row.prefix},
    )
    return row


def use_token(*, token: str) -> User | None:
    """The user an active token belongs to, noting when it was last used; None if refused.

    Using a token is not a move of anything, so it is not journalled.
    """
    row = active_token(token)
    if row is None:
        return None
    now = clock.now()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
