from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "lianxin.members"
    label = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lianxin.audit.journalled import register_journalled_state

        # verify_journal checks a membership's state against its last move.
        register_journalled_state("members.membership", "state")
        _ready_areas()


def _ready_areas() -> None:
    """The cockpit's areas 会员与入会 and 新就业形态入会 and their figures (core.areas)."""
    from lianxin.core.areas import COUNT, RATE, Area, AreaMetric, register_area
    from lianxin.core.areas import register_area_metric as metric
    from lianxin.members import metrics as m

    register_area(Area(
        key="members", name=_("Members and joining"), name_en="Members and joining", order=110,
        headline="member_count", synonyms=("会员", "入会", "会籍", "工会会员", "发展会员"),
    ))  # fmt: skip
    metric(AreaMetric(
        key="member_count", area="members", name=_("Union members"), name_en="Union members",
        unit=COUNT, compute=m.area_member_count,
        synonyms=("会员人数", "会员数", "有多少会员", "会员总数"),
        definition=_("Members on the last day of the period (joined by then and not yet left)."),
    ))  # fmt: skip
    metric(AreaMetric(
        key="membership_rate", area="members", name=_("Membership rate"),
        name_en="Membership rate", unit=RATE, compute=m.area_membership_rate,
        synonyms=("入会率", "职工入会率", "会员覆盖率"),
        definition=_(
            "Members over the workforce on the last day of the period (each org's latest "
            "workforce record by then)."
        ),
    ))  # fmt: skip
    metric(AreaMetric(
        key="new_members", area="members", name=_("New members"), name_en="New members",
        unit=COUNT, compute=m.area_new_members,
        synonyms=("新入会", "新入会人数", "新增会员", "新发展会员"),
        definition=_("Memberships that began in the period; a transfer between unions is not one."),
    ))  # fmt: skip
    _ready_gig_area()


def _ready_gig_area() -> None:
    """The cockpit's area 新就业形态入会 and its figures (core.areas)."""
    from lianxin.core.areas import COUNT, RATE, Area, AreaMetric, register_area
    from lianxin.core.areas import register_area_metric as metric
    from lianxin.members import metrics as m

    register_area(Area(
        key="gig", name=_("Gig workers joining the union"), name_en="Gig workers joining",
        order=120, headline="gig_members",
        synonyms=("新就业形态", "新就业形态入会", "骑手", "快递员", "外卖", "网约车司机", "货车司机"),
    ))  # fmt: skip
    metric(AreaMetric(
        key="gig_members", area="gig", name=_("Gig workers who are members"),
        name_en="Gig workers who are members", unit=COUNT, compute=m.area_gig_members,
        synonyms=("新就业形态会员", "新就业形态会员数", "骑手会员", "新就业形态入会人数"),
        definition=_(
            "Members on the last day of the period who are riders, couriers, ride-hailing or "
            "truck drivers or other gig workers."
        ),
    ))  # fmt: skip
    metric(AreaMetric(
        key="gig_membership_rate", area="gig", name=_("Gig workers' membership rate"),
        name_en="Gig workers' membership rate", unit=RATE, compute=m.area_gig_membership_rate,
        synonyms=("新就业形态入会率", "骑手入会率", "快递员入会率"),
        definition=_(
            "Gig members over the gig workforce on the last day of the period (each org's "
            "latest workforce record by then)."
        ),
    ))  # fmt: skip
