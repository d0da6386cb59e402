"""The 12351 operators' category choices feed `manage.py retrain`: one that differs from the
suggestion is kept (with who, when and the case), one that agrees keeps nothing."""

import pytest

from lianxin.audit.models import Event
from lianxin.cases.models import Category
from lianxin.insights import classifier
from lianxin.insights.models import CategoryCorrection
from lianxin.insights.retraining import kept_corrections
from lianxin.intake.services.hotline import take_call
from lianxin.intake.services.worker import submit_concern

pytestmark = pytest.mark.django_db
WAGES = "老板拖欠我们三个月工资了，一直说下个月发，家里等着用钱"


def call(world, key: str, *, anonymous: bool = False):
    return take_call(
        actor=world.chair, caller_phone="13900004444", enterprise=world.ent_a1,
        category=Category.objects.get(key=key), urgency="ordinary", description=WAGES,
        anonymous=anonymous,
    )[0]  # fmt: skip


def test_an_operators_choice_other_than_the_suggestion_is_kept_for_retraining(
    world, django_capture_on_commit_callbacks
):
    assert classifier.suggest(WAGES)[0] == "wages"
    with django_capture_on_commit_callbacks(execute=True):
        case = call(world, "contract")
    kept = CategoryCorrection.objects.get()
    assert (kept.case, kept.by, kept.source) == (case, world.chair, "hotline")
    assert (kept.suggested, kept.chosen) == ("wages", "contract")
    assert WAGES in kept.text
    assert Event.objects.filter(kind="category_corrected", target_id=kept.pk).count() == 1
    assert (kept.text, "contract") in kept_corrections()


def test_an_operators_choice_that_agrees_with_the_suggestion_keeps_nothing(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call(world, "wages")
    assert not CategoryCorrection.objects.exists()
    assert not Event.objects.filter(kind="category_corrected").exists()


def test_a_category_a_worker_chose_on_their_own_page_is_no_staff_choice(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_concern(
            client="203.0.113.8", enterprise=world.ent_a1, description=WAGES, is_anonymous=False,
            category=Category.objects.get(key="contract"), worker_name="李师傅",
            worker_phone="13900005555",
        )  # fmt: skip
    assert not CategoryCorrection.objects.exists()
