"""Reads of API tokens."""

import hashlib
import hmac

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, QuerySet

from lianxin.api.models import ApiToken
from lianxin.orgs.permissions import Grant, prime_grants

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
    """The active token row matching `token` (compared by hash, in constant time), or None.

    One query for the token, its user and the user's roles (a row per role): the request that
    presents a token needs the roles for every scope check, so they are read with it and kept on
    the user object, as `lianxin.orgs.permissions.grants_of` would keep them.
    """
    prefix = split_token(token)
    if prefix is None:
        return None
    rows = list(
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .annotate(
            grant_role=F("user__org_roles__role"),
            grant_org=F("user__org_roles__org_id"),
            grant_path=F("user__org_roles__org__path"),
            grant_active=F("user__org_roles__org__is_active"),
        )
        .order_by()
    )
    if not rows or not hmac.compare_digest(rows[0].token_hash, hash_token(token)):
        return None
    row = rows[0]
    # What grants_of(user) reads: the roles in active orgs (a user without roles has one row of
    # NULLs from the outer join).
    prime_grants(
        row.user,
        [
            Grant(r.grant_role, r.grant_org, r.grant_path)
            for r in rows
            if r.grant_role is not None and r.grant_active
        ],
    )
    return row


def tokens_of(*, user: User | AnonymousUser) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked ones included (for the record)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_of(*, user: User | AnonymousUser, token_id: int) -> ApiToken | None:
    """One of the user's own tokens; someone else's answers like a missing one."""
    return tokens_of(user=user).filter(pk=token_id).first()
