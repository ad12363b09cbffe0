"""HTML biographies to plain text, for :func:`strive.bios.plain_text`.

Apart from :mod:`strive.bios` because :mod:`html.parser` (and its table of
entities) is only needed for an HTML file, while every template loads
:mod:`strive.bios` for its ``[[bios]]`` patterns.
"""

from __future__ import annotations

from html.parser import HTMLParser

from strive.bios import BREAK


def html_text(text: str) -> str:
    """Tags stripped, scripts and styles dropped, block elements marked as breaks."""
    return _HtmlText.strip(text)


class _HtmlText(HTMLParser):
    """The text of an HTML page, with the page's line numbers."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "td",
            "th",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "dd",
            "dt",
            "pre",
            "title",
            "hr",
            "figcaption",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.line = 1
        self.skipping = 0

    @classmethod
    def strip(cls, text: str) -> str:
        parser = cls()
        parser.feed(text)
        parser.close()
        return "".join(parser.parts)

    def _to_line(self) -> None:
        target, _col = self.getpos()
        if target > self.line:
            self.parts.append("\n" * (target - self.line))
            self.line = target

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self._to_line()
            self.parts.append(BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in self._BLOCK:
            self._to_line()
            self.parts.append(BREAK)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self._to_line()
        self.parts.append(data)
        self.line += data.count("\n")
