"""Password guessing is throttled: the login forms of the site and of the admin count failures.

Failures are counted per username and client address (so guessing one account's password stops
after a few tries, without letting anyone lock a user out from elsewhere), and per address over
all usernames (so trying one common password on many accounts stops too). Each attempt is
reserved before the password is checked, so concurrent tries cannot slip past the count, and
given back when the login succeeds: only failures count.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _

from lianxin.core import throttle

MAX_FAILURES_PER_USER = 10
MAX_FAILURES_PER_ADDRESS = 100
FAILURE_WINDOW_SECONDS = 15 * 60


def login_limits(username: str, address: str) -> list[throttle.Limit]:
    """The counters one login attempt for `username` from `address` is charged to."""
    window = FAILURE_WINDOW_SECONDS
    user = throttle.throttle_key("login-user", f"{username.strip().casefold()}|{address}")
    return [
        throttle.Limit(user, MAX_FAILURES_PER_USER, window),
        throttle.Limit(
            throttle.throttle_key("login-address", address), MAX_FAILURES_PER_ADDRESS, window
        ),
    ]


class LoginThrottle:
    """Mixed into an authentication form: refuses even the right password once failures pile up."""

    cleaned_data: dict

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # type: ignore[misc]
        request = getattr(self, "request", None)
        address = throttle.client_ip(request) if request is not None else ""
        limits = login_limits(username, address)
        if not throttle.reserve(limits):
            raise forms.ValidationError(
                _("Too many failed logins. Please try again in %(minutes)d minutes.")
                % {"minutes": FAILURE_WINDOW_SECONDS // 60},
                code="login_throttled",
            )
        cleaned = super().clean()  # type: ignore[misc]
        throttle.release_all(limits)  # reached only when the login succeeded
        return cleaned


class ThrottledAuthenticationForm(LoginThrottle, AuthenticationForm):
    """The site's login form (/accounts/login/)."""


class ThrottledAdminAuthenticationForm(LoginThrottle, AdminAuthenticationForm):
    """The admin's login form (/admin/login/)."""
