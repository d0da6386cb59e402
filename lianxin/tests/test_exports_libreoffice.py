"""Every Excel download the app offers, as a statistics office opens it: LibreOffice converts each
one (headless, one process for all) and reads every cell as we wrote it; openpyxl reads dates back
as date cells, the header bold and frozen, every column sized, and each date-time column's header
naming the zone. A new download must be added to EXPORTS (the URL list is checked against it)."""

# ruff: noqa: F811 - the fixtures are imported from the welfare worlds and named as arguments
import csv
import os
import shutil
import subprocess
from datetime import date, datetime, timedelta
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.excel import DATETIME_FORMAT, zone_name
from lianxin.intake.services.imports import create_import
from lianxin.intake.tests.fixtures.ledger_files import row, xlsx_upload
from lianxin.proposals import services as proposal_services
from lianxin.proposals.tests.factories import meeting, submit
from lianxin.proposals.tests.factories import worker as proposer
from lianxin.welfare.states.mutual_aid import ClaimKind, ClaimState
from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.hardship_world import applied, registered  # noqa: F401
from lianxin.welfare.tests.mutual_aid_world import report, walk
from lianxin.welfare.tests.warmth_fixtures import (  # noqa: F401
    campaign,
    delivered,
    draft,
    listed,
    worker,
)

pytestmark = pytest.mark.django_db
plan_world = mutual_aid_world.plan_world
SOFFICE = shutil.which("soffice")

# url name → (who downloads it, the URL's arguments taken from the seeded rows, holds dates)
EXPORTS: dict[str, tuple[str, str, bool]] = {
    "cases:export": ("chair", "", True),
    "proposals:export": ("chair", "", True),
    "proposals:resolutions_export": ("chair", "", True),
    "welfare:hardship_export": ("chair", "", True),
    "welfare:mutual_aid_claims_export": ("staff", "", True),
    "welfare:warmth_export": ("city_staff", "campaign", True),
    "members:export": ("chair", "", False),
    "members:roster_template": ("chair", "", False),
    "imports:template": ("staff", "", False),
    "imports:errors": ("staff", "batch", True),
    "cockpit:export": ("leader", "chart", False),
}
CHARTS = ["trend", "category", "channel", "child"]


def download_url_names() -> set[str]:
    """Every named URL that answers a workbook (its route ends in .xlsx or names an export)."""

    def walk_urls(patterns: list, namespace: str = ""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk_urls(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and p.name:
                yield str(p.pattern), f"{namespace}{p.name}"

    found = walk_urls(get_resolver().url_patterns)
    return {name for route, name in found if route.endswith((".xlsx", ".csv")) or "export" in route}


def test_every_download_of_the_app_is_in_this_test() -> None:
    assert download_url_names() == set(EXPORTS)


@pytest.fixture
def seeded(world, registered, campaign, worker, plan_world) -> dict[str, Any]:
    """One row or more behind every download, each with the dates it shows."""
    make_case(actor=world.chair, org=world.ent_a1, title="拖欠工资\n两个月")
    submit(actor=proposer(), enterprise=world.ent_a1, title="冲压线换模")
    m = meeting(actor=world.chair, org=world.ent_a1)
    proposal_services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="更换食堂供应商", owner_name="后勤部",
        due=clock.now() + timedelta(days=3),
    )  # fmt: skip
    walk(plan_world, report(plan_world, ClaimKind.SELF_FALL), ClaimState.PAID)
    delivered(world, listed(world, campaign, worker), "480")
    bad = row(org=world.ent_a1.name, date=date(2025, 3, 18), description="")
    batch = create_import(actor=world.staff, org=world.district_a, upload=xlsx_upload([bad]))
    batch.refresh_from_db()
    assert batch.error_file
    return {"campaign": [campaign.pk], "batch": [batch.pk]}


def download_all(client, world, seeded: dict[str, Any]) -> dict[str, tuple[str, bytes]]:
    """Each download by file stem: its URL name and its bytes."""
    files = {}
    for name, (who, args, _dated) in EXPORTS.items():
        client.force_login(getattr(world, who))
        for arg in CHARTS if args == "chart" else [None]:
            url = reverse(name, args=[arg] if arg else seeded.get(args, []))
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            files[f"{name.replace(':', '-')}{'-' + arg if arg else ''}"] = (name, body)
    return files


def cells(content: bytes) -> list[list[Any]]:
    """What a reader gets: values by row, blanks as None."""
    sheet = load_workbook(BytesIO(content)).active
    rows = [[None if c.value == "" else c.value for c in r] for r in sheet.iter_rows()]
    return [r for r in rows if any(v is not None for v in r)]


def same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, datetime) and isinstance(theirs, datetime):
        return abs(ours - theirs) < timedelta(seconds=1)
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return abs(ours - theirs) < 1e-9
    return ours == theirs


# The rows an import refused go back under the uploader's own headers, with the uploader's values.
USERS_OWN_HEADERS = {"imports:errors"}


def check_layout(name: str, content: bytes) -> None:
    """Bold frozen header, sized columns, dates as date cells, zones named over date-times."""
    sheet = load_workbook(BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    dated = EXPORTS[name][2]
    assert sheet.freeze_panes == "A2", name
    assert all(c.font.bold for c in sheet[1]), name
    for index in range(1, len(header) + 1):
        letter = sheet.cell(row=1, column=index).column_letter
        assert sheet.column_dimensions[letter].width, (name, letter)
    body = [c for r in sheet.iter_rows(min_row=2) for c in r]
    assert not [c.value for c in body if isinstance(c.value, str) and _looks_like_a_date(c.value)]
    dates = [c for c in body if isinstance(c.value, datetime)]
    assert bool(dates) or not dated, f"{name}: no date cell"
    for c in dates if name not in USERS_OWN_HEADERS else []:
        if c.number_format == DATETIME_FORMAT:
            assert zone_name() in header[c.column - 1], (name, header[c.column - 1])


def _looks_like_a_date(text: str) -> bool:
    """A date written as text (2026-03-01, 2026-03-01 08:00): what the exports used to do."""
    head = text[:10]
    return len(head) == 10 and head[4] == head[7] == "-" and head.replace("-", "").isdigit()


# LibreOffice's targets: the workbook saved again, and the first sheet as UTF-8 CSV "as shown".
AS_XLSX = "xlsx:Calc MS Excel 2007 XML"
AS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"


def libreoffice(files: dict[str, tuple[str, bytes]], folder: Path, target: str) -> dict[str, bytes]:
    """Every workbook converted by one headless LibreOffice process."""
    assert SOFFICE, (
        "LibreOffice is required here (LIANXIN_REQUIRE_SOFFICE=1) but soffice is missing"
    )
    source, out = folder / "in", folder / target.split(":")[0]
    source.mkdir(exist_ok=True)
    for stem, (_name, content) in files.items():
        (source / f"{stem}.xlsx").write_bytes(content)
    command = [
        SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--convert-to", target, "--outdir", str(out), *sorted(str(p) for p in source.iterdir()),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return {p.stem: p.read_bytes() for p in out.iterdir()}


def shown(content: bytes) -> list[list[str]]:
    """Our first sheet as a reader sees it on screen: dates in their number format."""
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    rows = [[_shown(c) for c in r] for r in sheet.iter_rows()]
    return _trimmed(rows)


def _shown(cell: Any) -> str:
    if isinstance(cell.value, datetime):
        return cell.value.strftime("%Y-%m-%d %H:%M" if "h" in cell.number_format else "%Y-%m-%d")
    return "" if cell.value is None else str(cell.value)


def read_csv(content: bytes) -> list[list[str]]:
    return _trimmed(list(csv.reader(StringIO(content.decode("utf-8")))))


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without their trailing blanks, blank rows dropped (CSV pads to the used range)."""
    cut = []
    for values in rows:
        while values and values[-1] == "":
            values = values[:-1]
        if values:
            cut.append(values)
    return cut


def same_text(ours: str, theirs: str) -> bool:
    try:
        return abs(float(ours) - float(theirs)) < 1e-9
    except ValueError:
        return ours == theirs


@pytest.mark.skipif(
    not SOFFICE and os.environ.get("LIANXIN_REQUIRE_SOFFICE") != "1",
    reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui",
)
def test_every_download_opens_in_libreoffice_as_written_with_dates_as_date_cells(
    client, world, seeded, tmp_path
) -> None:
    # given every download the app offers, with rows holding dates
    files = download_all(client, world, seeded)
    # when LibreOffice opens each one, saving it again and as CSV
    converted = libreoffice(files, tmp_path, AS_XLSX)
    as_csv = libreoffice(files, tmp_path, AS_CSV)
    # then each converted (no repair: a file it could not read whole would be missing or differ),
    assert set(converted) == set(as_csv) == set(files)
    for stem, (name, content) in files.items():
        ours, theirs = cells(content), cells(converted[stem])
        assert len(ours) == len(theirs), stem
        for mine, read in zip(ours, theirs, strict=True):
            assert len(mine) == len(read), (stem, mine, read)
            assert all(map(same, mine, read)), (stem, mine, read)
        # and shows what we wrote, dates in their number format (2026-03-01 08:00)
        ours_shown, csv_rows = shown(content), read_csv(as_csv[stem])
        assert len(ours_shown) == len(csv_rows), stem
        for mine_shown, line in zip(ours_shown, csv_rows, strict=True):
            assert len(mine_shown) == len(line), (stem, mine_shown, line)
            assert all(map(same_text, mine_shown, line)), (stem, mine_shown, line)
        # and each reads back with its dates as date cells under a bold frozen header
        check_layout(name, content)
