"""Calling the API as a given user, with a real token over the real URL conf."""

import json

import pytest

from lianxin.api.services import create_token


def token_for(user, name: str = "test") -> str:
    return create_token(actor=None, user=user, name=name).token


class ApiClient:
    """Django's test client speaking JSON with a Bearer token (and a language, if given)."""

    def __init__(self, client, token: str | None = None, lang: str = "zh-hans"):
        self.client, self.token, self.lang = client, token, lang

    def headers(self) -> dict:
        headers = {"Accept-Language": self.lang}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, headers=self.headers())

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            path, json.dumps(body or {}), content_type="application/json", headers=self.headers()
        )


@pytest.fixture
def as_user(client):
    """as_user(user) → an ApiClient authenticated with a fresh token of that user."""

    def make(user, lang: str = "zh-hans") -> ApiClient:
        return ApiClient(client, token_for(user), lang=lang)

    return make


@pytest.fixture
def anonymous_api(client):
    return ApiClient(client)
