"""A home for every role: each signed-in person's start page lists only their own tasks, and the
menus show only what their roles can use."""

import pytest
from django.urls import reverse

from lianxin.cases import services as case_services
from lianxin.cases.tests.factories import make_case
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, score, submit
from lianxin.orgs.tests.factories import UserFactory
from lianxin.proposals.tests.factories import submit as submit_proposal

STAFF_MENUS = ["nav-ledger", "nav-hotline", "nav-imports", "nav-cockpit", "nav-tokens"]
NO_ROLE_TEXT = "You hold no role in any organisation yet"


def home_page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def referred(world, title: str, partner):
    case = make_case(actor=world.chair, org=world.ent_a1, title=title)
    case_services.accept_case(case_id=case.pk, actor=world.chair)
    return case_services.refer_case(
        case_id=case.pk, actor=world.chair, partner=partner, note="转办"
    )


@pytest.fixture
def contest(world):
    c = make_contest(world, judges=2)
    open_all(c, world)
    return c


def test_a_worker_sees_their_own_cases_proposals_and_entries_and_no_staff_menu(
    client, world, contest
):
    # given a worker with a named case, a proposal and a contest entry, and another worker's case
    worker = UserFactory(username="liu")
    make_case(actor=world.chair, org=world.ent_a1, title="我的加班费问题", worker_user=worker)
    make_case(actor=world.chair, org=world.ent_a1, title="别人的诉求", worker_user=UserFactory())
    submit_proposal(actor=worker, enterprise=world.ent_a1, title="我的换模提案")
    p, _ = participant(contest, world, "刘红梅", world.ent_b1, kind="worker", user=worker)
    submit(contest, p, worker, at(2025, 5, 1), title="我的革新成果")
    # when the worker opens the home page
    html = home_page(client, worker)
    # then it lists their own tasks and links, nobody else's, and no staff menu
    for mine in ("我的加班费问题", "我的换模提案", "我的革新成果", 'data-testid="worker-links"'):
        assert mine in html
    assert "别人的诉求" not in html
    for item in [*STAFF_MENUS, "nav-judging", "nav-to-report", "tile-cases"]:
        assert f'data-testid="{item}"' not in html
    for link in (reverse("worker:submit"), reverse("worker:mine"), reverse("proposals:mine")):
        assert f'href="{link}"' in html
    # and their own records are one menu, not seven top-level entries
    mine = html.split('data-testid="nav-mine"', 1)[1].split("</ul>", 1)[0]
    for link in ("join:mine", "proposals:mine", "activities:mine", "skills:mine"):
        assert f'href="{reverse(link)}"' in mine
    assert NO_ROLE_TEXT not in html


def test_an_expert_sees_the_entries_waiting_for_their_score_only(client, world, contest):
    # given two entries in the expert's track, one already scored by them, one in another track
    expert = contest.judges[1]
    p, u = participant(contest, world, "班组甲", world.ent_b1)
    waiting = submit(contest, p, u, at(2025, 5, 1), title="待评成果")
    done = submit(contest, p, u, at(2025, 5, 2), title="已评成果")
    score(contest, done, expert, 80, at(2025, 5, 3))
    other_track = contest.contest.tracks.exclude(pk=contest.track.pk).first()
    submit(contest, p, u, at(2025, 5, 4), title="别组成果", track=other_track)
    # when the expert opens the home page
    html = home_page(client, expert)
    # then only the unscored entry of their own track waits there, with a link to score it
    assert "待评成果" in html
    assert reverse("contests:score", args=[contest.contest.pk, waiting.pk]) in html
    assert "已评成果" not in html
    assert "别组成果" not in html
    assert 'data-testid="nav-judging"' in html
    for item in STAFF_MENUS:
        assert f'data-testid="{item}"' not in html
    assert NO_ROLE_TEXT not in html


def test_a_partner_sees_referrals_awaiting_their_report_oldest_first(client, world):
    # given two open referrals to the partner's bureau, one reported back, one to the court
    first = referred(world, "最早转办的欠薪", world.bureau)
    second = referred(world, "后来转办的工伤", world.bureau)
    reported = referred(world, "已经反馈的案子", world.bureau)
    case_services.report_back(
        case_id=reported.pk, actor=world.partner, report="已处理", outcome="mediated"
    )
    referred(world, "转给法院的案子", world.court)
    # when the partner opens the home page
    html = home_page(client, world.partner)
    # then only the bureau's open referrals are listed, oldest first, under 待我反馈
    section = html.split('data-testid="to-report"')[1].split("</ul>")[0]
    assert section.index(first.number) < section.index(second.number)
    assert reported.number not in section
    assert "转给法院的案子" not in html
    assert 'data-testid="nav-to-report"' in html
    assert 'data-testid="nav-ledger"' in html
    for item in ("nav-hotline", "nav-imports", "nav-cockpit"):
        assert f'data-testid="{item}"' not in html


def test_a_chair_keeps_the_ledger_figures_and_the_staff_menus(client, world):
    make_case(actor=world.chair, org=world.ent_a1)
    html = home_page(client, world.chair)
    assert 'data-testid="tile-cases"' in html
    assert 'data-testid="role-list"' in html
    for item in ("nav-ledger", "nav-hotline", "nav-imports", "nav-cockpit", "nav-tokens"):
        assert f'data-testid="{item}"' in html
    for item in ("worker-links", "to-report", "to-score", "nav-to-report", "nav-judging"):
        assert f'data-testid="{item}"' not in html


def test_a_leader_sees_the_cockpit_but_no_intake_menus(client, world):
    make_case(actor=world.chair, org=world.ent_a1)
    html = home_page(client, world.leader)
    assert 'data-testid="home-cockpit"' in html
    assert 'data-testid="nav-cockpit"' in html
    assert 'data-testid="tile-cases"' in html
    for item in ("nav-hotline", "nav-imports", "worker-links", "to-report"):
        assert f'data-testid="{item}"' not in html
