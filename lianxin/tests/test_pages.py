import pytest
from django.urls import reverse

from lianxin.demo.orgs_data import DEMO_PASSWORD


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_lists_the_users_roles_in_chinese(client, demo_orgs):
    client.login(username="staff", password=DEMO_PASSWORD)
    html = client.get(reverse("home")).content.decode()
    assert "山阳区总工会" in html
    assert "工作人员" in html


def test_healthz_answers_ok(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_login_page_renders_in_each_language(client, db, lang):
    client.cookies["django_language"] = lang
    html = client.get(reverse("login")).content.decode()
    assert ("登录" if lang == "zh-hans" else "Log in") in html


def test_load_demo_twice_changes_nothing(demo_orgs):
    from django.contrib.auth.models import User

    from lianxin.demo.orgs_loader import load_accounts, load_orgs
    from lianxin.orgs.models import Org, Role

    before = (Org.objects.count(), User.objects.count(), Role.objects.count())
    load_orgs()
    load_accounts()
    assert (Org.objects.count(), User.objects.count(), Role.objects.count()) == before
