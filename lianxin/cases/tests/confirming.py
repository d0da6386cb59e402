"""For the confirmation tests of every app: the form posting to `action` asks before it sends."""

import re


def form_posting_to(page: str, action: str) -> str:
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert match, f"no form posts to {action}"
    return match.group(1)


def asks_first(page: str, action: str) -> str:
    """The form's only submit button sits in the confirmation box; returns the box's message."""
    form = form_posting_to(page, action)
    assert form.count('type="submit"') == 1
    details = form.split('<details class="lx-confirm', 1)
    assert len(details) == 2
    assert 'type="submit"' in details[1]
    assert 'type="submit"' not in details[0]
    message = re.search(r'data-testid="confirm-[^"]*-message">(.*?)</p>', form, re.S)
    assert message
    assert message.group(1).strip()
    return message.group(1).strip()
