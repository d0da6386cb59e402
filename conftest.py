"""Suite-wide fixtures: the browser (Debian's Chromium, driven by Playwright) and shared factories."""

import os
import shutil

import pytest

# The small city with one user per role (`world`) is shared by every app's tests.
pytest_plugins = ["lianxin.cases.tests.world", "lianxin.core.tests.sms_gateway"]

# The shared refusal helpers assert inside a helper module: let pytest explain their failures too.
pytest.register_assert_rewrite("lianxin.tests.refusals")

CHROMIUM = os.environ.get("LIANXIN_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    """Browser tests skip where no Chromium is installed, unless CI requires them."""
    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        return
    if os.environ.get("LIANXIN_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"browser tests are required but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser download cannot work on a closed network; Debian's Chromium does.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def page(page, request):
    """pytest-playwright's page, and with LIANXIN_AXE=1 axe-core checks every page a test opens with
    `page.goto` and the page it ends on: no serious or critical violation (lianxin/tests/axe.py)."""
    if os.environ.get("LIANXIN_AXE") != "1" or request.node.get_closest_marker("no_axe"):
        yield page
        return
    from lianxin.tests.axe import PageWatch

    watch = PageWatch(page)
    yield page
    watch.check()
    assert not watch.problems, "axe-core found:\n" + "\n".join(watch.problems)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def demo_orgs(db):
    """The demo city and its accounts. Seeds the categories too: a transactional (browser) test
    empties every table afterwards, the migration-seeded categories included."""
    from lianxin.cases.models import Category
    from lianxin.cases.taxonomy import seed_categories
    from lianxin.demo.orgs_loader import load_accounts, load_orgs

    seed_categories(Category)
    city = load_orgs()
    load_accounts()
    return city


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Nothing in Django's cache (the API's rate-limit buckets) carries from one test to the next."""
    from django.core.cache import cache

    cache.clear()
