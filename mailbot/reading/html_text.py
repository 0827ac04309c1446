"""HTML mail to plain text, light and fast: tables become tab-separated rows.

Outlook's Office markup (o:p, conditional comments, mso styles) is dropped; a block quote
becomes "> " lines so quote stripping treats it like any other quoted history; a check box
becomes ☒ or ☐.
"""
from __future__ import annotations

import html
import re

_DROP = re.compile(r"<!--.*?-->|<(style|script|head|title|xml)\b.*?</\1\s*>|<!\[if.*?<!\[endif\]>",
                   re.S | re.I)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:]*)([^>]*)>", re.S)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "pre",
          "address", "section", "article", "header", "footer", "dl", "dt", "dd", "center"}
_CHECKED = re.compile(r"\bchecked\b", re.I)
_CHECKBOX = re.compile(r"type\s*=\s*[\"']?(checkbox|radio)", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_GAP = re.compile(r"(?=[ \t\u00a0]*\u00a0)[ \t\u00a0]{3,}")


def to_text(markup: str) -> str:
    """Readable text of an HTML body; table rows as "cell\\tcell" lines."""
    markup = _DROP.sub(" ", markup)
    out: list[str] = []          # finished lines
    line: list[str] = []         # current line outside tables
    cell: list[str] | None = None
    row: list[str] | None = None
    quote = 0
    pre = 0  # inside <pre>: its line ends are lines
    pos = 0

    def text_of(chunk: str) -> str:
        text = html.unescape(chunk.replace("\n", " "))
        if "\u00a0" in text:  # "PV: N &nbsp; UCB: N": a typed gap between fields survives
            text = _GAP.sub("\u2003", text)
        return _SPACES.sub(" ", text)

    def flush() -> None:
        text = "".join(line).strip()
        line.clear()
        prefix = "> " * quote
        out.append(prefix + text if text or not out or out[-1] else "")

    def end_cell() -> None:
        nonlocal cell
        if cell is not None and row is not None:
            parts = [p.strip() for p in "".join(cell).split("\n")]
            row.append(", ".join(p for p in parts if p))
        cell = None

    def end_row() -> None:
        nonlocal row
        end_cell()
        if row is not None and any(row):
            flush()
            out.append("> " * quote + "\t".join(row).rstrip("\t"))
        row = None

    for m in _TAG.finditer(markup):
        chunk = markup[pos:m.start()]
        pos = m.end()
        if chunk:
            if pre and "\n" in chunk and cell is None:
                *whole, chunk = chunk.split("\n")
                for piece in whole:
                    line.append(text_of(piece))
                    flush()
            (cell if cell is not None else line).append(text_of(chunk))
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        target = cell if cell is not None else line
        if name == "br":
            if cell is not None:
                cell.append("\n")
            else:
                flush()
        elif name in ("td", "th"):
            if closing:
                end_cell()
            else:
                end_cell()
                if row is None:
                    row = []
                cell = []
        elif name == "tr":
            end_row()
            if not closing:
                row = []
        elif name == "table":
            end_row()
            flush()
        elif name == "blockquote":
            flush()
            quote = quote + (-1 if closing else 1)
            quote = max(quote, 0)
        elif name == "hr":
            flush()
            out.append("> " * quote + "________________________________")
        elif name == "input" and _CHECKBOX.search(attrs):
            target.append(" ☒ " if _CHECKED.search(attrs) else " ☐ ")
        elif name in _BLOCK:
            if name == "pre":
                pre = max(pre + (-1 if closing else 1), 0)
            if cell is not None:
                cell.append("\n")
            else:
                flush()
    tail = markup[pos:]
    if tail:
        (cell if cell is not None else line).append(text_of(tail))
    end_row()
    flush()
    text = "\n".join(_SPACES.sub(" ", l).strip() if "\t" not in l else l for l in out)
    if "\u2003" in text:
        text = text.replace(" \u2003 ", "   ").replace("\u2003", "   ")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
