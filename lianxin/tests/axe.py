"""axe-core (bundled by axe-playwright-python) run on a page in Chromium: GB/T 37668 checked by machine.

assert_accessible(page)          # fails listing every serious or critical violation, rule and target
problems = blocking_violations(page)   # the same list, for a test that collects over many pages
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response

BLOCKING = frozenset({"serious", "critical"})

# WCAG 2.1 A and AA plus axe's best practices (landmarks, one main, page heading, ...).
RUN_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}

_axe = Axe()


def blocking_violations(page: Page) -> list[str]:
    """Every serious or critical violation on the page as shown now: `url rule impact: target…`."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=RUN_OPTIONS)
    found = []
    for violation in results.response.get("violations", []):
        if violation.get("impact") not in BLOCKING:
            continue
        targets = ["".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        found.append(
            f"{page.url} {violation['id']} ({violation['impact']}): "
            f"{violation['help']} → {'; '.join(targets[:8])}"
        )
    return found


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page as shown now."""
    problems = blocking_violations(page)
    assert not problems, "axe-core found:\n" + "\n".join(problems)


class PageWatch:
    """axe-core after every `page.goto` of a test and on the page it ends on (the shared `page` fixture)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self._goto = page.goto
        page.goto = self._checked_goto  # type: ignore[method-assign]

    def _checked_goto(self, url: str, **kwargs: Any) -> Response | None:
        response = self._goto(url, **kwargs)
        self.check()
        return response

    def check(self) -> None:
        """Check the page as shown now, unless it is closed or not one of ours (a download, a blank)."""
        if self.page.is_closed() or not self.page.url.startswith("http"):
            return
        for problem in blocking_violations(self.page):
            if problem not in self.problems:
                self.problems.append(problem)
