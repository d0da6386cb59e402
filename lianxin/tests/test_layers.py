"""The layers hold where import-linter cannot look: templates and the strings that name pages.

`pyproject.toml`'s project-wide contract orders the apps (ARCHITECTURE.md §2). import-linter proves
the Python imports follow it; these tests prove the rest: every app is in a layer, and no app's
templates or code name a higher app's template, template tags or URLs.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIANXIN = ROOT / "lianxin"
CONTRACT = "The apps' layers point one way: core, audit/orgs, ledger, the apps around it, cockpit"


def _layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == CONTRACT]
    return [
        {name.strip().removeprefix("lianxin.") for name in layer.split("|")}
        for layer in contract["layers"]
    ]


LAYERS = _layers()
RANK = {app: len(LAYERS) - i for i, layer in enumerate(LAYERS) for app in layer}
APPS = sorted(p.parent.name for p in LIANXIN.glob("*/apps.py"))


def _names_of(app: str) -> set[str]:
    """How templates and code name an app: its template folders, tag libraries, URL namespaces."""
    folder = LIANXIN / app
    names = {f"tpl:{p.name}" for p in (folder / "templates").glob("*") if p.is_dir()}
    names |= {f"tags:{p.stem}" for p in (folder / "templatetags").glob("*_tags.py")}
    for urls in folder.glob("urls*.py"):
        if found := re.search(r'^app_name = "(\w+)"', urls.read_text(encoding="utf-8"), re.M):
            names.add(f"url:{found.group(1)}")
    return names


NAMES = {app: _names_of(app) for app in APPS}
OWNER = {name: app for app, names in NAMES.items() for name in names}

TEMPLATE_REFS = re.compile(
    r"""{%\s*(?:include|extends)\s+["'](?P<tpl>[\w-]+)/"""
    r"""|{%\s*load\s+(?:[\w ]+\s+from\s+)?(?P<tags>[\w ]+?)\s*%}"""
    r"""|{%\s*url\s+["'](?P<url>\w+):"""
)
CODE_REFS = re.compile(r"""["'](?P<url>\w+):[\w-]+["']|["'](?P<tpl>[\w-]+)/[\w/.-]+\.html["']""")


def _refs(path: Path, pattern: re.Pattern) -> set[str]:
    refs = set()
    for m in pattern.finditer(path.read_text(encoding="utf-8")):
        if m.group("tpl"):
            refs.add(f"tpl:{m.group('tpl')}")
        if m.group("url"):
            refs.add(f"url:{m.group('url')}")
        if "tags" in m.groupdict() and m.group("tags"):
            refs |= {f"tags:{lib}" for lib in m.group("tags").split()}
    return refs


def _upward(app: str, files: list[Path], pattern: re.Pattern) -> list[str]:
    found = []
    for path in files:
        for ref in _refs(path, pattern):
            owner = OWNER.get(ref)
            if owner and RANK[owner] > RANK[app]:
                found.append(f"{path.name} names {owner} ({ref})")
    return found


def test_every_app_has_its_layer():
    assert set(APPS) <= set(RANK), set(APPS) - set(RANK)


@pytest.mark.parametrize("app", APPS)
def test_no_template_of_an_app_names_an_app_above_it(app):
    templates = sorted((LIANXIN / app).glob("templates/**/*.html"))
    assert _upward(app, templates, TEMPLATE_REFS) == []


@pytest.mark.parametrize("app", APPS)
def test_no_code_of_an_app_names_a_page_or_template_of_an_app_above_it(app):
    code = [p for p in (LIANXIN / app).rglob("*.py") if "tests" not in p.parts]
    assert _upward(app, code, CODE_REFS) == []


def test_the_check_sees_an_upward_name(tmp_path):
    # Given a ledger template that loads the proposals' tags and links an intake page
    page = tmp_path / "page.html"
    page.write_text(
        "{% load proposals_tags %}<a href=\"{% url 'visits:list' %}\">", encoding="utf-8"
    )
    # Then both are reported
    found = _upward("cases", [page], TEMPLATE_REFS)
    assert len(found) == 2


INSIDE = "Inside every app the layers point one way"
NOT_CODE = {
    "__init__",
    "blind",  # insights' blind evaluation set: data
    "apps",
    "tests",
    "migrations",
    "templates",
    "static",
    "locale",
    "__pycache__",
}


def _inside_layers() -> tuple[list[str], set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == INSIDE]
    names = {n.strip(" ()") for layer in contract["layers"] for n in re.split(r"[|:]", layer)}
    return contract["containers"], names


def test_every_module_of_every_app_sits_in_a_layer():
    containers, names = _inside_layers()
    assert {f"lianxin.{app}" for app in APPS} == set(containers)
    outside = [
        f"{app}.{path.stem}"
        for app in APPS
        for path in (LIANXIN / app).iterdir()
        if (path.suffix == ".py" or path.is_dir()) and path.stem not in NOT_CODE
        and path.stem not in names
    ]  # fmt: skip
    assert outside == []
