"""Password guessing on the site's and the admin's login pages stops after a few failures."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from lianxin.core import clock
from lianxin.core.login import FAILURE_WINDOW_SECONDS, MAX_FAILURES_PER_USER
from lianxin.orgs.tests.factories import UserFactory

ADDRESS = "203.0.113.7"
with translation.override("zh-hans"):
    # The refusal as the Chinese catalogue words it ("登录失败次数过多…" once compiled).
    REFUSAL = translation.gettext(
        "Too many failed logins. Please try again in %(minutes)d minutes."
    ) % {"minutes": FAILURE_WINDOW_SECONDS // 60}


@pytest.fixture
def admin_user(db):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


def login(client, url: str, username: str, password: str, address: str = ADDRESS):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_after_many_wrong_passwords_even_the_right_one_is_refused_until_the_window_passes(
    client, admin_user, url_name
):
    url = reverse(url_name)
    start = clock.now()
    with clock.frozen_at(start):
        # given a guesser who got the password wrong the allowed number of times
        for _ in range(MAX_FAILURES_PER_USER):
            response = login(client, url, "boss", "wrong")
            assert response.status_code == 200
            assert REFUSAL not in response.content.decode()
        # when the right password comes next, then it is refused with a clear Chinese message
        response = login(client, url, "boss", "pw")
        assert response.status_code == 200
        assert REFUSAL in response.content.decode()
        assert "_auth_user_id" not in client.session
    # and once the window has passed, the right password logs in
    with clock.frozen_at(start + timedelta(seconds=FAILURE_WINDOW_SECONDS + 1)):
        response = login(client, url, "boss", "pw")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, admin_user):
    url = reverse("login")
    for _ in range(MAX_FAILURES_PER_USER + 2):
        login(client, url, "BOSS", "wrong")  # the username's case does not buy more tries
    assert REFUSAL in login(client, url, "boss", "pw").content.decode()
    response = login(client, url, "boss", "pw", address="198.51.100.1")
    assert response.status_code == 302


def test_a_successful_login_does_not_count_as_a_failure(client, admin_user):
    url = reverse("login")
    for _ in range(MAX_FAILURES_PER_USER + 2):
        assert login(client, url, "boss", "pw").status_code == 302
        client.logout()
