import logging
from time import perf_counter

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from lianxin.contests.demo import load_contest_demo
from lianxin.demo.activities_loader import load_activities_demo
from lianxin.demo.cases_loader import load_cases
from lianxin.demo.duty_loader import load_duty_demo
from lianxin.demo.jobs_loader import load_jobs_demo
from lianxin.demo.members_loader import load_members_demo
from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.demo.orgs_loader import load_accounts, load_orgs
from lianxin.demo.skills_loader import load_skills_demo
from lianxin.demo.stations_loader import load_stations_demo
from lianxin.demo.welfare_hardship_loader import load_hardship_demo
from lianxin.demo.welfare_mutual_aid_loader import load_mutual_aid_demo
from lianxin.demo.welfare_warmth_loader import load_warmth_demo
from lianxin.insights.selectors import topic_scope
from lianxin.insights.services import refresh_topic_snapshot
from lianxin.proposals.demo import load_proposals_demo


class Command(BaseCommand):
    help = "Load the Jiaozuo demo (orgs, one account per role, a year of cases). Safe to run twice."

    def handle(self, *args, **options):
        # The demo writes hundreds of notifications to the outbox; the log backend would print each.
        logging.getLogger("lianxin.notifications").setLevel(logging.WARNING)
        load_orgs()
        accounts = load_accounts()
        self._ledger()
        self._members_and_services()
        self._welfare()
        self._places()
        self._contests()
        self._topics()
        self._logins(accounts)

    def _say(self, name: str, count: object, loaded: str) -> None:
        """One line per loader: what it loaded, or that a second run added nothing."""
        self.stdout.write(f"{name}: {loaded}" if count else f"{name}: already loaded, none added")

    def _ledger(self) -> None:
        started = perf_counter()
        cases = load_cases()
        self._say("Cases", cases, f"{cases} loaded in {perf_counter() - started:.1f} s")
        proposals = load_proposals_demo()
        self._say("Proposals", proposals, f"{proposals} loaded")

    def _members_and_services(self) -> None:
        started = perf_counter()
        members = load_members_demo()
        self._say("Members", members, f"{members} registered in {perf_counter() - started:.1f} s "
                  "(roster to import: var/demo/会员名册示例.xlsx)")  # fmt: skip
        signups = load_activities_demo()
        self._say("Activities", signups, f"{signups} sign-ups (a full child-care class with a "
                  "waiting list, a health check, a 疗休养 trip, a course with completions)")  # fmt: skip
        posts = load_jobs_demo()
        self._say("Jobs", posts,
                  f"{posts} posts (零工 short jobs at stations JZ-ST-01..03), one 带岗直播, one hire")  # fmt: skip

    def _welfare(self) -> None:
        """帮扶与保障: mutual aid, 送温暖, hardship files."""
        enrolled = load_mutual_aid_demo()
        self._say("Mutual aid", enrolled, f"{enrolled} riders enrolled, claims in every state")
        listed = load_warmth_demo()
        self._say(
            "送温暖", listed, f"{listed} recipients listed, one cross-level duplicate flagged"
        )
        files = load_hardship_demo()
        self._say("Hardship aid", files,
                  f"{files} files, one card of 15 years and 90,000 yuan, one visit overdue")  # fmt: skip

    def _places(self) -> None:
        """工会驿站 and the duty days at them."""
        stations = load_stations_demo()
        self._say("Stations", stations,
                  f"{stations} stations with 3 months of service logs (站长: zhanzhang1–5)")  # fmt: skip
        duty_days = load_duty_demo()
        self._say("当一天站长", duty_days,
                  f"{duty_days} duty days at JZ-ST-03 and JZ-ST-04, with cases raised")  # fmt: skip

    def _contests(self) -> None:
        entries = load_contest_demo()
        self._say("Contests", entries, f"{entries} entries loaded")
        certificates, credited = load_skills_demo()
        self._say("学分银行", certificates or credited,
                  f"{certificates} certificates recorded, {credited} adopted proposals credited")  # fmt: skip

    def _topics(self) -> None:
        """The demo accounts' topics, so the cockpit shows them before the first scheduled run
        (which keeps them fresh for the users who sign in)."""
        users = User.objects.filter(org_roles__isnull=False).distinct()
        scopes = {scope for user in users if (scope := topic_scope(user)) is not None}
        for scope in scopes:
            refresh_topic_snapshot(scope)
        self.stdout.write(f"Topics: computed for {len(scopes)} scopes")

    def _logins(self, accounts) -> None:
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Logins (password for all: %s):" % DEMO_PASSWORD)
        )
        for username, role, org in accounts:
            self.stdout.write(f"  {username:<11} {role:<11} {org}")
        self.stdout.write(
            "  worker      a worker (contestant, proposals)   expert1–expert5  contest judges"
        )
        self.stdout.write(
            "  zhanzhang1–zhanzhang5  站长 of the 工会驿站   rider1–rider3  riders who applied for jobs"
        )
