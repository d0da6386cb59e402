"""The contest pages over real HTTP: public reads, the worker's submission, screening, judging,
the organiser's moves and the challenge board."""

from datetime import date
from decimal import Decimal

import pytest

from lianxin.contests import services
from lianxin.contests.models import Challenge, Claim, Entry, Participant, Stage
from lianxin.contests.states import (
    ChallengeStatus,
    ClaimStatus,
    EntryStatus,
    StageKind,
    StageStatus,
)
from lianxin.contests.tests.factories import (
    THREE_LEVELS,
    at,
    make_contest,
    open_all,
    participant,
    score,
    submit,
)
from lianxin.core import clock
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(world):
    c = make_contest(world, screening=THREE_LEVELS, judges=3)
    open_all(c, world)
    return c


def test_public_pages_render_for_visitors(client, c, world):
    p, u = participant(c, world, "刘蕊军团队", world.ent_b1)
    entry = submit(c, p, u, at(2025, 3, 10), stage=StageKind.SEEDING, applied=date(2020, 1, 1))
    for actor in (world.chair_b, world.city_staff, c.judges[1]):
        services.pass_screening(entry_id=entry.pk, actor=actor, reason="ok")
    score(c, entry, c.judges[1], 80, at(2025, 3, 20))
    cid = c.contest.pk
    for url in [
        "/contests/",
        f"/contests/{cid}/",
        f"/contests/{cid}/tracks/{c.track.pk}/",
        f"/contests/{cid}/standings/",
        f"/contests/{cid}/wall/",
        f"/contests/participants/{p.pk}/",
        "/contests/challenges/",
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/contests/{cid}/").content.decode()
    assert "去掉一个最高分和一个最低分" in page or "trimmed" in page  # the rules are stated
    trail = client.get(f"/contests/participants/{p.pk}/").content.decode()
    assert "80.00" in trail


def test_the_standings_poll_returns_only_the_table(client, c, world):
    url = f"/contests/{c.contest.pk}/standings/"
    full = client.get(url).content.decode()
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in full
    assert "<html" not in partial
    assert "standings-" in partial


def test_standings_page_reads_in_a_fixed_number_of_queries(
    client, c, world, django_assert_max_num_queries
):
    for i in range(25):
        p, _ = participant(c, world, f"参赛者{i}", world.ent_b1)
        entry = Entry.objects.create(
            contest=c.contest, participant=p, track=c.track, stage=c.stages[StageKind.POINTS],
            title="t", description="d", completed_on=date(2025, 5, 1), submitted_at=at(2025, 5, 1),
            status=EntryStatus.QUALIFIED,
        )  # fmt: skip
        score(c, entry, c.judges[1], 50 + i, at(2025, 5, 2))
    with django_assert_max_num_queries(6):
        response = client.get(
            f"/contests/{c.contest.pk}/standings/", headers={"HX-Request": "true"}
        )
    assert response.content.decode().count('data-testid="standing-') == 25


def test_a_private_contest_is_404_for_visitors(client, world):
    c = make_contest(world, is_public=False)
    assert client.get(f"/contests/{c.contest.pk}/").status_code == 404
    assert client.get(f"/contests/{c.contest.pk}/standings/").status_code == 404


def test_worker_registers_then_submits_and_the_screeners_and_judges_take_it_on(client, c, world):
    worker = UserFactory(username="liu")
    client.force_login(worker)
    url = f"/contests/{c.contest.pk}/submit/"
    assert "register-form" in client.get(url).content.decode()
    client.post(
        url,
        {"p-kind": "worker", "p-name": "刘红梅", "p-enterprise": world.ent_a1.pk, "p-members": ""},
    )
    p = Participant.objects.get(user=worker)
    with clock.frozen_at(at(2025, 5, 1)):
        response = client.post(url, {
            "e-stage_kind": "points", "e-track": c.track.pk, "e-title": "包装线快速换模",
            "e-description": "换模时间由40分钟降到12分钟", "e-completed_on": "2025-04-20",
            "e-first_applied_on": "", "e-benefit_claimed": "120000",
        })  # fmt: skip
    assert response.status_code == 302
    entry = Entry.objects.get(participant=p)
    # level 1: the worker's own enterprise union; level 2: the organiser; level 3: a judge
    for screener, level in [(world.chair, 1), (world.city_staff, 2), (c.judges[1], 3)]:
        client.force_login(screener)
        page = client.get(f"/contests/{c.contest.pk}/screening/").content.decode()
        assert f"screen-{entry.pk}" in page
        client.post(
            f"/contests/{c.contest.pk}/screening/",
            {"entry": entry.pk, "reason": "同意", "decision": "pass"},
        )
        entry.refresh_from_db()
        assert entry.levels_passed == level
    assert entry.status == EntryStatus.QUALIFIED
    # J1 works at A1 like the worker: the entry is not in J1's queue and its page is missing
    client.force_login(c.judges[0])
    assert (
        f"judge-{entry.pk}" not in client.get(f"/contests/{c.contest.pk}/judging/").content.decode()
    )
    assert client.get(f"/contests/{c.contest.pk}/judging/{entry.pk}/").status_code == 404
    client.force_login(c.judges[1])
    assert f"judge-{entry.pk}" in client.get(f"/contests/{c.contest.pk}/judging/").content.decode()
    crit = {f"c{cr.pk}": v for cr, v in zip(c.criteria, ["35", "25", "20"], strict=True)}
    with clock.frozen_at(at(2025, 5, 3)):
        response = client.post(f"/contests/{c.contest.pk}/judging/{entry.pk}/", crit)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert str(entry.score) == "80.00"


def test_a_late_submission_shows_why_and_saves_nothing(client, c, world):
    _, u = participant(c, world, "王强", world.ent_b1)
    client.force_login(u)
    with clock.frozen_at(at(2025, 11, 2)):
        response = client.post(f"/contests/{c.contest.pk}/submit/", {
            "e-stage_kind": "points", "e-track": c.track.pk, "e-title": "t", "e-description": "d",
            "e-completed_on": "2025-10-01",
        })  # fmt: skip
    assert "2025-11-01 00:00" in response.content.decode()
    assert not Entry.objects.exists()


def test_organiser_closes_a_stage_and_a_stranger_cannot(client, c, world):
    stage = c.stages[StageKind.SEEDING]
    client.force_login(world.chair_b)
    client.post(f"/contests/{c.contest.pk}/stages/{stage.pk}/close_stage/")
    assert Stage.objects.get(pk=stage.pk).status == StageStatus.OPEN
    client.force_login(world.city_staff)
    client.post(f"/contests/{c.contest.pk}/stages/{stage.pk}/close_stage/")
    assert Stage.objects.get(pk=stage.pk).status == StageStatus.CLOSED
    assert client.post(f"/contests/{c.contest.pk}/finalists/").status_code == 302


def test_challenge_board_post_claim_accept_deliver_solve(client, world):
    client.force_login(world.chair)
    response = client.post("/contests/challenges/new/", {
        "org": world.ent_a1.pk, "title": "轧辊裂纹检测难", "description": "人工目检漏检率高",
        "reward": "攻关奖金3万元", "deadline": "2099-12-31",
    })  # fmt: skip
    ch = Challenge.objects.get()
    assert response.status_code == 302
    team = UserFactory()
    client.force_login(team)
    client.post(
        f"/contests/challenges/{ch.pk}/claim/",
        {"team_name": "视觉检测组", "enterprise": world.ent_b1.pk, "plan": "机器视觉"},
    )
    k = Claim.objects.get()
    client.force_login(world.chair)
    assert "accept_claim" in client.get(f"/contests/challenges/{ch.pk}/").content.decode()
    client.post(f"/contests/challenges/{ch.pk}/claims/{k.pk}/accept_claim/", {"note": ""})
    client.force_login(team)
    client.post(f"/contests/challenges/{ch.pk}/claims/{k.pk}/deliver/", {"note": "漏检率降到0.5%"})
    client.force_login(world.chair)
    client.post(
        f"/contests/challenges/{ch.pk}/claims/{k.pk}/accept_delivery/", {"note": "验收通过"}
    )
    k.refresh_from_db()
    ch.refresh_from_db()
    assert (k.status, ch.status) == (ClaimStatus.SUCCEEDED, ChallengeStatus.SOLVED)
    board = client.get("/contests/challenges/").content.decode()
    assert "轧辊裂纹检测难" in board


def test_entry_files_are_served_to_the_participant_and_judges_only(client, c, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p, u = participant(c, world, "附件组", world.ent_b1)
    with clock.frozen_at(at(2025, 5, 1)):
        entry = services.submit_entry(
            actor=u, participant_id=p.pk, track_id=c.track.pk, stage_kind=StageKind.POINTS,
            title="t", description="d", completed_on=date(2025, 4, 1),
            upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 demo", content_type="application/pdf"),
        )  # fmt: skip
    url = f"/contests/entries/{entry.pk}/files/{entry.attachments.get().pk}/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(u)
    assert client.get(url).status_code == 200
    client.force_login(c.judges[1])
    assert client.get(url).status_code == 200


def test_organiser_sets_up_a_contest_and_seats_a_judge(client, world):
    from lianxin.contests.models import Contest, Judge

    client.force_login(world.city_staff)
    assert "new-contest" in client.get("/contests/").content.decode()
    data = {
        "owner_org": world.city.pk, "title": "五小创新大赛", "description": "", "starts_on": "2026-03-01",
        "ends_on": "2026-11-30", "is_public": "on", "tracks": "工艺技术革新\n设备工具改造",
        "criteria": "创新性 40\n实用性 30 1.5\n效益性 30", "screening": "部门初审 enterprise\n专家评审 judges",
        "finalists_count": 46, "points_weight": "0.6", "final_weight": "0.4", "points_scaling": "top_finalist",
        "scale_to": "100", "trim_from_judges": 5, "min_seeding_years": 2,
        "points_opens": "2026-03-01T00:00", "points_closes": "2026-10-31T23:59",
    }  # fmt: skip
    response = client.post("/contests/new/", {**data, "criteria": "创新性 很高"})
    assert response.context["form"].errors["criteria"]
    assert not Contest.objects.exists()
    response = client.post("/contests/new/", data)
    contest = Contest.objects.get()
    assert response.status_code == 302
    assert [s.kind for s in contest.stages.all()] == ["points"]
    assert [c.weight for c in contest.criteria.all()] == [1, Decimal("1.5"), 1]
    assert [lv.name for lv in contest.screening_levels.all()] == ["部门初审", "专家评审"]
    track = contest.tracks.first()
    client.post(
        f"/contests/{contest.pk}/judges/",
        {"j-track": track.pk, "j-username": "judge", "j-enterprise": world.ent_b1.pk},
    )
    assert Judge.objects.get().enterprise == world.ent_b1
    client.force_login(world.chair_b)
    client.post(f"/contests/{contest.pk}/judges/", {"j-track": track.pk, "j-username": "nobody"})
    assert Judge.objects.count() == 1


def test_screening_page_reads_in_a_fixed_number_of_queries(
    client, c, world, django_assert_max_num_queries
):
    for i in range(22):
        p, u = participant(c, world, f"待审{i}", world.ent_a1 if i % 2 else world.ent_b1)
        entry = submit(c, p, u, at(2025, 5, 1))
        services.pass_screening(
            entry_id=entry.pk, actor=world.chair if i % 2 else world.chair_b, reason="ok"
        )
        services.pass_screening(entry_id=entry.pk, actor=world.city_staff, reason="ok")
    client.force_login(c.judges[0])  # J1 works at A1: only the B1 entries wait for J1
    # +1: the header's unread-message count (lianxin.core.context_processors.inbox).
    with django_assert_max_num_queries(16):
        page = client.get(f"/contests/{c.contest.pk}/screening/").content.decode()
    assert page.count('data-testid="screen-') == 11
