"""On a phone (390 x 844) the case page and the visit diary read without scrolling sideways, with
demo-like data: a long title, a long description with long numbers, a timeline of several events,
a diary of several entries — and their controls stay inside the screen."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases import services as case_services
from lianxin.cases.models import Case, Category
from lianxin.intake.models import VisitDay
from lianxin.intake.services import visits as visit_services
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TIANXIANG = "焦作市天香面业有限公司工会"
# What real pages hold and a phone must wrap: a bank card number, an amount, a link, long Chinese.
CARD = "6222021234567890123"
SERIAL = "20260308000123456789012345678901"  # a bank transfer's serial number
LINK = "https://www.example.gov.cn/rsj/zcfg/2026/laodongbaozhang/gongzi/kouqianzhanggong.html"
TITLE = (
    "挂面生产车间夜班职工反映连续三个月加班费按最低工资基数计算少算了很多"
    "流水号" + SERIAL + "的代发记录与工资条对不上"
)
DESCRIPTION = (
    "生产一班的几位老师傅在陪伴日上反映：自今年三月以来，夜班加班费一直按最低工资标准计算，"
    f"与劳动合同约定的工资基数不符。工资卡号{CARD}，代发流水号{SERIAL}，三个月少发合计1234567.89元。\n"
    f"有关规定见{LINK}\n希望工会与企业协商，尽快补发。"
)
NOTES = [
    "已与人力资源部电话沟通，对方答应三个工作日内核对工资台账。",
    f"企业提供的代发流水{SERIAL}与卡号{CARD}的银行记录相差1234567.89元，已要求书面说明。",
    "转人社局劳动保障监察大队进一步核查。",
]


def phone_overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 or less: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def controls_outside(page: Page) -> list[str]:
    """The visible buttons, inputs and links whose right edge lies beyond the screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                'main button, main input, main select, main textarea, main a')]
            .filter(el => el.offsetParent !== null)
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(el => el.outerHTML.slice(0, 80))"""
    )


def assert_fits_the_phone(page: Page) -> None:
    where = page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
    assert phone_overflow(page) <= 0, f"{where} scrolls {phone_overflow(page)} px sideways"
    assert controls_outside(page) == [], where


def long_case() -> Case:
    """A case of the demo chair's enterprise, accepted, handled, with notes and a referral."""
    chair = User.objects.get(username="chair")
    case = case_services.register_case(
        actor=chair,
        new=case_services.NewCase(
            origin_org=Org.objects.get(name=TIANXIANG),
            category=Category.objects.get(key="wages"),
            channel="visit",
            title=TITLE,
            description=DESCRIPTION,
            worker_name="刘师傅",
            worker_phone="13911112222",
            address="焦作市山阳区天香面业挂面生产车间二楼夜班休息室旁边的工会职工之家",
        ),
    )
    case_services.accept_case(case_id=case.pk, actor=chair, note=NOTES[0])
    case_services.start_case(case_id=case.pk, actor=chair, note=NOTES[0])
    for note in NOTES[1:]:
        case_services.add_progress(case_id=case.pk, actor=chair, note=note, public=True)
    return case


def test_the_case_page_at_390_px_has_no_horizontal_scroll(live_server, page: Page, demo_orgs):
    # Given a case with a long title, a long description with long numbers and several events
    case = long_case()
    log_in(page, live_server.url, "chair")

    # When the chair opens it on a phone
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/cases/{case.number}/")
    expect(page.locator("h1")).to_contain_text(case.number)
    expect(page.get_by_test_id("timeline").locator(".lx-event")).to_have_count(5)

    # Then nothing is wider than the screen, and the move buttons are there to tap
    assert_fits_the_phone(page)
    expect(page.get_by_test_id("actions")).to_be_visible()
    page.get_by_test_id("open-resolve").click()
    expect(page.locator("#act-resolve")).to_have_class(r"accordion-collapse collapse show")
    assert_fits_the_phone(page)


def diary_day() -> VisitDay:
    """Today's visit day at the demo chair's enterprise with three long entries, one a case."""
    chair = User.objects.get(username="chair")
    org = Org.objects.get(name=TIANXIANG)
    visit = visit_services.plan_visit_day(
        actor=chair, org=org, day=visit_services.today(), plan=DESCRIPTION
    )
    entries = [
        visit_services.record_diary_entry(
            actor=chair, visit_id=visit.pk, heard=text, speaker="生产一班几位老师傅", place=place
        )
        for text, place in (
            (DESCRIPTION, "挂面生产车间"),
            (NOTES[1], f"仓库{CARD}号货架"),
            ("宿舍热水器坏了两个星期没人来修，冬天洗澡很困难。" * 3, "职工宿舍三号楼"),
        )
    ]
    visit_services.raise_case_from_entry(
        actor=chair,
        entry_id=entries[0].pk,
        category=Category.objects.get(key="wages"),
        title=TITLE,
        worker_name="刘师傅",
    )
    return visit


def test_the_visit_diary_at_390_px_has_no_horizontal_scroll(live_server, page: Page, demo_orgs):
    # Given today's visit day with long diary entries, one of them already a case
    visit = diary_day()
    log_in(page, live_server.url, "chair")
    page.set_viewport_size(PHONE)

    # When the chair opens the diary on a phone
    page.goto(f"{live_server.url}/intake/visits/{visit.pk}/")
    expect(page.get_by_test_id("entry")).to_have_count(3)

    # Then nothing is wider than the screen, with the forms to raise a case or add an entry open
    assert_fits_the_phone(page)
    page.get_by_test_id("raise-case").first.click()
    expect(page.get_by_test_id("case-form").first).to_be_visible()
    assert_fits_the_phone(page)

    # And so are the list of visit days and the week's summary
    for path in ("/intake/visits/", "/intake/visits/summary/", "/intake/visits/plan/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_fits_the_phone(page)


def test_the_chair_s_home_at_390_px_lists_the_long_case_and_today_s_visit(
    live_server, page: Page, demo_orgs
):
    # Given the long case and today's visit day at the demo chair's enterprise
    case = long_case()
    visit = diary_day()
    log_in(page, live_server.url, "chair")

    # When the chair lands on the home page on a phone
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")

    # Then their open cases and today's visit day are there, linked, and nothing scrolls sideways
    expect(page.get_by_test_id("chair-cases")).to_contain_text(case.number)
    expect(page.get_by_test_id("visits-today").get_by_role("link").first).to_have_attribute(
        "href", f"/intake/visits/{visit.pk}/"
    )
    assert_fits_the_phone(page)
