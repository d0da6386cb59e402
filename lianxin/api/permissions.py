"""Who may create and revoke which API tokens: the user their own; a superuser anyone's."""

from django.contrib.auth.models import AnonymousUser, User

from lianxin.api.models import ApiToken

AnyUser = User | AnonymousUser


def can_manage_tokens_of(actor: AnyUser, user: User) -> bool:
    return bool(actor.is_authenticated and (actor.pk == user.pk or actor.is_superuser))


def can_manage_token(actor: AnyUser, token: ApiToken) -> bool:
    return bool(actor.is_authenticated and (actor.pk == token.user_id or actor.is_superuser))
