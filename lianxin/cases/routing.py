"""Which partner a case is best referred to: a report whose category or words name a problem a
partner type handles (井盖, 乱停车, 路灯 … for 社区) suggests the nearest partner of that type above
the place it arose. Only a suggestion: the handler refers, nothing is referred by itself."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lianxin.cases.models import Case
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind, PartnerType


@dataclass(frozen=True)
class PartnerSuggestion:
    partner: Org
    partner_type: PartnerType
    keyword: str

    @property
    def reason(self) -> str:
        return _(
            "Suggested: %(partner)s — the report mentions “%(word)s”, which %(type)s handles; "
            "it is the nearest %(type)s partner to where the case arose."
        ) % {"partner": self.partner.name, "word": self.keyword, "type": self.partner_type.label}


def case_words(case: Case) -> str:
    return " ".join((case.category.name, case.category.name_en, case.title, case.description))


def matched_keyword(partner_type: PartnerType, text: str) -> str | None:
    return next((w for w in partner_type.keyword_list() if w in text), None)


def nearest_partner(origin: Org, partner_type: PartnerType) -> Org | None:
    """The active partner of the type hung under the nearest org at or above `origin` (so never
    another district's or city's); among equals, the one of the origin's region first."""
    above = [*tree.ancestor_paths(origin.path), origin.path]
    candidates = Org.objects.filter(
        kind=OrgKind.PARTNER,
        is_active=True,
        partner_type=partner_type,
        parent__path__in=above,
    ).select_related("parent")
    ranked = sorted(
        candidates,
        key=lambda p: (-len(p.parent.path), p.region != origin.region, p.path),
    )
    return ranked[0] if ranked else None


def suggest_partner(case: Case) -> PartnerSuggestion | None:
    """The first active partner type (in its order) whose keywords the case's words contain and
    that has a partner near the case's origin org; None when nothing points anywhere."""
    text = case_words(case)
    for partner_type in PartnerType.objects.filter(is_active=True).exclude(keywords=""):
        word = matched_keyword(partner_type, text)
        if word is None:
            continue
        partner = nearest_partner(case.origin_org, partner_type)
        if partner is not None:
            return PartnerSuggestion(partner=partner, partner_type=partner_type, keyword=word)
    return None
