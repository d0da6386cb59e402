"""The import pages over HTTP: template, upload, progress, the error workbook, scope and refusals."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.cases.models import Case
from lianxin.intake.importing.columns import COLUMNS
from lianxin.intake.models import ImportBatch
from lianxin.intake.tests.fixtures.ledger_files import row, xlsx_upload

GOOD = row(org="A企业1工会", date="2025-11-03", description="包装班组加班费三个月未结清。")
BAD = row(org="A企业1公会", date="2025-11-03", description="单位名称打错的一行。")


def upload(client, world, rows):
    return client.post(
        reverse("imports:index"), {"org": world.district_a.pk, "file": xlsx_upload(rows)}
    )


def test_the_template_has_the_chinese_headers_of_every_column(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("imports:template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]][: len(COLUMNS)] == [c.header for c in COLUMNS]
    assert "attachment" in response["Content-Disposition"]


def test_upload_imports_good_rows_and_offers_the_bad_ones_back(client, world):
    # Given
    client.force_login(world.staff)

    # When
    response = upload(client, world, [GOOD, BAD])

    # Then: the batch page shows the counts, and the error workbook has the bad row with its reason
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:batch", args=[batch.pk])
    page = client.get(response.url)
    assert (page.context["batch"].imported, page.context["batch"].failed) == (1, 1)
    assert b'data-testid="download-errors"' in page.content
    errors = client.get(reverse("imports:errors", args=[batch.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(errors.streaming_content))).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(values) == 2
    assert "A企业1工会" in " ".join(str(v) for v in values[1] if v)  # the close match suggested
    assert Case.objects.filter(description="包装班组加班费三个月未结清。").count() == 1


def test_progress_part_is_served_to_htmx_alone(client, world):
    client.force_login(world.staff)
    upload(client, world, [GOOD])
    batch = ImportBatch.objects.get()
    part = client.get(reverse("imports:batch", args=[batch.pk]), headers={"HX-Request": "true"})
    assert part.content.decode().lstrip().startswith('<div id="import-progress"')


def test_a_chair_without_reach_cannot_see_another_districts_import(client, world):
    client.force_login(world.staff)
    upload(client, world, [GOOD])
    batch = ImportBatch.objects.get()
    client.force_login(world.chair_b)
    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("imports:errors", args=[batch.pk])).status_code == 404
    assert list(client.get(reverse("imports:index")).context["page"].object_list) == []


def test_upload_for_an_org_outside_scope_is_refused_and_creates_nothing(client, world):
    client.force_login(world.chair_b)
    response = client.post(
        reverse("imports:index"), {"org": world.district_a.pk, "file": xlsx_upload([GOOD])}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["org"]
    assert not ImportBatch.objects.exists()
    assert not Case.objects.exists()


@pytest.mark.parametrize("user", ["leader", "nobody"])
def test_users_without_a_handling_role_get_no_upload_form(client, world, user):
    client.force_login(getattr(world, user))
    page = client.get(reverse("imports:index"))
    assert b'data-testid="no-import-role"' in page.content
    assert b'data-testid="import-form"' not in page.content
