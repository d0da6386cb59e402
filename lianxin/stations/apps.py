from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "lianxin.stations"
    label = "stations"
    verbose_name = _("Stations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A QR link's `?site=<code>` names a station: the ledger asks us what it stands for.
        from lianxin.cases.hooks import register_site_resolver
        from lianxin.stations.selectors import site_for

        register_site_resolver(site_for)
        _ready_areas()


def _ready_areas() -> None:
    """The 工会驿站 area and its figures, for the cockpit (core.areas)."""
    from lianxin.core.areas import COUNT, Area, AreaMetric, register_area, register_area_metric
    from lianxin.stations import metrics

    register_area(Area(
        key="stations", name=_("Service stations"), name_en="Service stations", order=160,
        headline="station_count", synonyms=("工会驿站", "驿站", "户外劳动者服务站", "爱心驿站"),
    ))  # fmt: skip
    for key, name, name_en, synonyms, definition, compute in (
        ("station_count", _("Open stations"), "Open stations",
         ("驿站数量", "驿站数", "有多少驿站", "驿站个数"),
         _("Stations of the scope open on the period's last day."), metrics.station_count),
        ("station_visitors", _("Station visitors"), "Station visitors",
         ("驿站人次", "驿站服务人次", "驿站接待人次", "驿站访客"),
         _("Visitors the stations logged on the days of the period."), metrics.station_visitors),
        ("station_consultations", _("Station consultations"), "Station consultations",
         ("驿站法律咨询", "驿站咨询", "法律咨询次数"),
         _("Legal consultations the stations logged on the days of the period."),
         metrics.station_consultations),
        ("duty_days", _("Duty days"), "Duty days",
         ("当一天站长", "站长体验日", "值守天数"),
         _("Duty days held at the stations in the period."), metrics.duty_days),
    ):  # fmt: skip
        register_area_metric(AreaMetric(
            key=key, area="stations", name=name, name_en=name_en, unit=COUNT,
            definition=definition, compute=compute, synonyms=synonyms,
        ))  # fmt: skip
