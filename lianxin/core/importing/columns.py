"""A template's columns: their keys, Chinese headers and the other headers that name them.

Headers are a data format, not page text: a table kept in Chinese is read the same whatever
language the importer's pages are shown in, so they are fixed by each import, not translated.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise

ERROR_HEADER = "错误原因"
LINE_HEADER = "原行号"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str | Promise
    width: int = 14
    as_text: bool = False  # phone and ID numbers must stay text, or Excel drops digits


@dataclass(frozen=True)
class Schema:
    """The columns an import reads, and the other headers tables use for them."""

    columns: list[Column]
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @property
    def required(self) -> list[str]:
        return [c.key for c in self.columns if c.required]

    def header_key(self, header: object) -> str | None:
        """Which column a header names: exact, an alias, or with a note like “（必填）” or “*”."""
        text = str(header or "").strip().lstrip("*＊").rstrip("*＊")
        for cut in ("（", "("):
            text = text.split(cut)[0].strip()
        by_header = {c.header: c.key for c in self.columns}
        return by_header.get(text) or self.aliases.get(text)
