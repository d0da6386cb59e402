import logging
from time import perf_counter

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
from lianxin.proposals.demo import load_proposals_demo


class Command(BaseCommand):
    help = "Load the Jiaozuo demo (orgs, one account per role, a year of cases). Safe to run twice."

    def handle(self, *args, **options):
        # The demo writes hundreds of notifications to the outbox; the log backend would print each.
        logging.getLogger("lianxin.notifications").setLevel(logging.WARNING)
        load_orgs()
        accounts = load_accounts()
        started = perf_counter()
        cases = load_cases()
        self.stdout.write(
            f"Cases: {cases} loaded in {perf_counter() - started:.1f} s"
            if cases
            else "Cases: already loaded, none added"
        )
        proposals = load_proposals_demo()
        self.stdout.write(
            f"Proposals: {proposals} loaded"
            if proposals
            else "Proposals: already loaded, none added"
        )
        started = perf_counter()
        members = load_members_demo()
        self.stdout.write(
            f"Members: {members} registered in {perf_counter() - started:.1f} s "
            "(roster to import: var/demo/会员名册示例.xlsx)"
            if members
            else "Members: already loaded, none added"
        )
        signups = load_activities_demo()
        self.stdout.write(
            f"Activities: {signups} sign-ups (a full child-care class with a waiting list, "
            "a health check, a 疗休养 trip, a course with completions)"
            if signups
            else "Activities: already loaded, none added"
        )
        posts = load_jobs_demo()
        self.stdout.write(
            f"Jobs: {posts} posts (零工 short jobs at stations JZ-ST-01..03), one 带岗直播, one hire"
            if posts
            else "Jobs: already loaded, none added"
        )
        self._welfare()
        stations = load_stations_demo()
        self.stdout.write(
            f"Stations: {stations} stations with 3 months of service logs (站长: zhanzhang1–5)"
            if stations
            else "Stations: already loaded, none added"
        )
        duty_days = load_duty_demo()
        self.stdout.write(
            f"当一天站长: {duty_days} duty days at JZ-ST-03 and JZ-ST-04, with cases raised"
            if duty_days
            else "当一天站长: already loaded, none added"
        )
        entries = load_contest_demo()
        self.stdout.write(
            f"Contests: {entries} entries loaded"
            if entries
            else "Contests: already loaded, none added"
        )
        certificates, credited = load_skills_demo()
        self.stdout.write(
            f"学分银行: {certificates} certificates recorded, {credited} adopted proposals credited"
            if certificates or credited
            else "学分银行: already loaded, none added"
        )
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Logins (password for all: %s):" % DEMO_PASSWORD)
        )
        for username, role, org in accounts:
            self.stdout.write(f"  {username:<11} {role:<11} {org}")
        self.stdout.write(
            "  worker      a worker (contestant, proposals)   expert1–expert5  contest judges"
        )

    def _welfare(self) -> None:
        """帮扶与保障: mutual aid, 送温暖, hardship files."""
        enrolled = load_mutual_aid_demo()
        self.stdout.write(
            f"Mutual aid: {enrolled} riders enrolled, claims in every state"
            if enrolled
            else "Mutual aid: already loaded, none added"
        )
        listed = load_warmth_demo()
        self.stdout.write(
            f"送温暖: {listed} recipients listed, one cross-level duplicate flagged"
            if listed
            else "送温暖: already loaded, none added"
        )
        files = load_hardship_demo()
        self.stdout.write(
            f"Hardship aid: {files} files, one card of 15 years and 90,000 yuan, one visit overdue"
            if files
            else "Hardship aid: already loaded, none added"
        )
