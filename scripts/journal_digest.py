#!/usr/bin/env python3
"""Load the demo into a fresh SQLite file and print its journal event by event, for comparing two
versions of the code (a refactoring must leave it identical): `diff <(old) <(new)`.

Times, hashes and database ids differ from run to run, so each event is printed by what it says:
its target's kind and natural key, its place in the target's chain, kind, states, visibility, actor,
note and data.
"""

import json
import os
import re
import sys
import tempfile
from pathlib import Path

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    var = tempfile.mkdtemp(prefix="lianxin-digest-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="lianxin.settings",
        LIANXIN_VAR_DIR=var,
        LIANXIN_SQLITE=str(Path(var) / "digest.sqlite3"),
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    from lianxin.audit.models import Event

    keys = _natural_keys()
    for e in Event.objects.order_by("target_type", "target_id", "seq").iterator():
        target = keys.get((e.target_type, e.target_id), e.target_id)
        fields = [e.target_type, target, e.seq, e.kind, e.state_before, e.state_after]
        fields += [e.visibility, e.actor_label, e.note]
        data = {k: _timeless(v) for k, v in (e.data or {}).items()}
        print(json.dumps([*fields, data], ensure_ascii=False, sort_keys=True))
    return 0


def _timeless(value: object) -> object:
    """A moment written into event data (the demo's "now") reads the same in every run."""
    return "<time>" if isinstance(value, str) and TIMESTAMP.match(value) else value


def _natural_keys() -> dict:
    """What names a target across two loads: a case's number, an org's code, else its title."""
    from django.apps import apps

    keys = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        for field in ("number", "code", "title", "name"):
            if any(f.name == field for f in model._meta.fields):
                for pk, key in model.objects.values_list("pk", field):
                    keys[(label, str(pk))] = keys[(label, pk)] = key
                break
    return keys


if __name__ == "__main__":
    sys.exit(main())
