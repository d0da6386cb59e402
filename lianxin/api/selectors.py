"""Reads of API tokens."""

import hashlib
import hmac

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from lianxin.api.models import ApiToken

TOKEN_PREFIX = "lx_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_token(token: str) -> str | None:
    """The lookup prefix of a well-formed `lx_<prefix>_<secret>` token, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix, sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    return prefix if sep and prefix and secret else None


def active_token(token: str) -> ApiToken | None:
    """The active token row matching `token` (compared by hash, in constant time), or None."""
    prefix = split_token(token)
    if prefix is None:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.token_hash, hash_token(token)):
        return None
    return row


def tokens_of(*, user: User | AnonymousUser) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked ones included (for the record)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_of(*, user: User | AnonymousUser, token_id: int) -> ApiToken | None:
    """One of the user's own tokens; someone else's answers like a missing one."""
    return tokens_of(user=user).filter(pk=token_id).first()
