"""How API callers prove who they are: a personal token (`Authorization: Bearer lx_…`), or the
browser's session (with Django's CSRF check on writes, done by ninja's SessionAuth)."""

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from lianxin.api.services import use_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        """A wrong or revoked token is refused outright, even beside a valid session cookie."""
        user = use_token(token=token)
        if user is None:
            raise AuthenticationError()
        request.user = user  # the same user object as a session would give, for the handlers
        return user


API_AUTH = [TokenAuth(), django_auth]
