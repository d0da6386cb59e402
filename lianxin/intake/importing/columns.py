"""The import template: its columns, their Chinese headers, and the words each column accepts.

Headers and cell values are a data format, not page text: a ledger kept in Chinese is read the
same whatever language the importer's pages are shown in, so they are fixed here, not translated.
"""

from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Channel, Urgency
from lianxin.cases.states import Status
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.core.excel import import_template
from lianxin.core.importing.columns import ERROR_HEADER, LINE_HEADER, Column, Schema

__all__ = ["COLUMNS", "ERROR_HEADER", "LEDGER", "LINE_HEADER", "Column", "header_key"]

COLUMNS = [
    Column("org", "发生单位", True, _("Organisation name or code"), 28),
    Column("date", "登记日期", True, _("Date the concern was registered, e.g. 2025-03-18")),
    Column("channel", "渠道", False, _("e.g. 陪伴日, 12351热线, 意见箱; blank means import")),
    Column("category", "类别", False, _("Category name or key; blank means “other”"), 18),
    Column("urgency", "紧急程度", False, _("紧急, 一般 or 复杂; blank means 一般")),
    Column("title", "标题", False, _("At most 120 characters; blank: taken from the content"), 24),
    Column("description", "诉求内容", True, _("What the worker said"), 48),
    Column("worker_name", "职工姓名", False, _("Blank when anonymous")),
    Column("phone", "联系电话", False, _("Mobile or landline with area code"), 16, True),
    Column("id_number", "身份证号", False, _("Checked only, never stored"), 22, True),
    Column("anonymous", "是否匿名", False, _("是 or 否; blank means 否")),
    Column("status", "办理状态", False, _("待受理, 已受理, 办理中, 已办结, 已销账, 不予受理")),
    Column("result", "办理结果", False, _("Required when resolved, closed or not accepted"), 32),
    Column("resolved_date", "办结日期", False, _("Optional; blank means the registration date")),
]
BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = [c.key for c in COLUMNS if c.required]

# Other headers ledgers use for the same columns.
HEADER_ALIASES = {
    "单位": "org", "单位名称": "org", "所在单位": "org", "企业": "org", "企业名称": "org",
    "日期": "date", "登记时间": "date", "反映时间": "date", "来源": "channel", "诉求类别": "category",
    "问题类别": "category", "诉求标题": "title", "反映内容": "description", "问题描述": "description",
    "诉求": "description", "姓名": "worker_name", "反映人": "worker_name", "电话": "phone",
    "手机": "phone", "手机号": "phone", "手机号码": "phone", "身份证": "id_number",
    "身份证号码": "id_number", "匿名": "anonymous", "状态": "status", "处理状态": "status",
    "处理结果": "result", "办结时间": "resolved_date",
}  # fmt: skip
LEDGER = Schema(COLUMNS, HEADER_ALIASES)
# Which column a header names: exact, an alias, or with a note like “（必填）” or “*” around it.
header_key = LEDGER.header_key

CHANNEL_WORDS = {
    Channel.VISIT: ["工会主席陪伴日", "陪伴日", "走访", "民意日记"],
    Channel.HOTLINE: ["12351热线", "12351", "热线", "电话"],
    Channel.ONLINE: ["网上意见箱", "意见箱", "网上", "线上"],
    Channel.SNAPSHOT: ["随手拍"],
    Channel.STATION: ["工会驿站", "驿站"],
    Channel.MEETING: ["议事厅", "工事共商"],
    Channel.LETTER: ["来信来访", "来信", "来访", "信访"],
    Channel.IMPORT: ["导入"],
}
URGENCY_WORDS: dict[str, list[str]] = {
    Urgency.URGENT: ["紧急", "急"],
    Urgency.ORDINARY: ["一般", "普通", "正常"],
    Urgency.COMPLEX: ["复杂", "疑难"],
}
STATUS_WORDS: dict[str, list[str]] = {
    Status.REGISTERED: ["待受理", "已挂号", "挂号", "未受理"],
    Status.ACCEPTED: ["已受理", "受理"],
    Status.IN_PROGRESS: ["办理中", "处理中", "正在办理"],
    Status.RESOLVED: ["已办结", "办结", "已解决", "已处理", "已完成"],
    Status.CLOSED: ["已销账", "销账", "已关闭"],
    Status.REJECTED: ["不予受理", "不受理"],
}
YES = {"是", "匿名", "y", "yes", "true", "1", "√"}
NO = {"否", "实名", "n", "no", "false", "0"}


def vocabulary(words: dict, choices: type) -> dict[str, str]:
    """Every accepted spelling → the value: the Chinese words, the keys and the English labels."""
    table = {}
    for value, spellings in words.items():
        for spelling in [*spellings, value, str(choices(value).label)]:
            table[spelling.strip().lower()] = value
    return table


def template_workbook() -> bytes:
    """The template: one sheet to fill in (with one example row) and one that explains each column."""
    return import_template(title="问题台账", columns=COLUMNS, text_rows=2000, explain=_explain)


def _explain(sheet) -> None:
    sheet.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        sheet.append([column.header, "必填" if column.required else "选填", str(column.help)])
    sheet.append([])
    sheet.append(["类别可填", "", "、".join(name for name, *_rest in CATEGORIES.values())])
    sheet.append([])
    sheet.append(["示例（请在“问题台账”表中填写，不要填在这里）"])
    sheet.append([c.header for c in COLUMNS])
    sheet.append(_EXAMPLE)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["C"].width = 80


_EXAMPLE = [
    "焦作市天香面业有限公司工会", "2025-11-03", "陪伴日", "工作时间与休息休假", "一般",
    "包装班组加班费未结清", "包装班组8月至10月周末加班，加班费一直没发。", "刘红梅", "13912340001",
    "", "否", "已办结", "企业已补发加班费。", "2025-11-20",
]  # fmt: skip
