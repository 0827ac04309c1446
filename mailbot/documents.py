"""Letters and forms as PDFs, laid out from templates an administrator can edit.

A letter template (templates/letters/<name>.txt) is Jinja2 text in a tiny layout language:

    # Title                      a heading
    ## Sub heading               a sub heading
    | Label | Value |            a row of a two-column table (consecutive rows form one table)
    ---                          a page break
    any other line               paragraph text; a blank line ends the paragraph
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mailbot.templates import render_text


# Letters that go to a client (procedure 001: contact suppression stops them; large print
# applies to them). The others go to a court or stay with the team.
CLIENT_LETTERS = {"CMSL5501.txt", "paying_parent_cover_letter.txt", "CMEL9180.txt"}
# Large print (procedure 001, Letters (Outbound) - Alternative Format): every word at least
# 16 point, headings larger; (font size, leading) for each style a letter uses.
LARGE_PRINT = {"BodyText": (16, 20), "Heading2": (20, 25), "Heading1": (24, 30)}


def render_pdf(template: str, values: dict, override_dir: str | None = None,
               title: str | None = None, large_print: bool = False) -> bytes:
    text = render_text(f"letters/{template}", values, override_dir)
    return layout_pdf(text, title or template, large_print=large_print)


def letter_styles(large_print: bool = False) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a letter: reportlab's sample sheet, or its large print version."""
    sample = getSampleStyleSheet()
    if not large_print:
        return {name: sample[name] for name in LARGE_PRINT}
    return {name: ParagraphStyle(f"{name}LargePrint", parent=sample[name], fontSize=size, leading=leading)
            for name, (size, leading) in LARGE_PRINT.items()}


def layout_pdf(text: str, title: str, large_print: bool = False) -> bytes:
    styles = letter_styles(large_print)
    story: list = []
    paragraph: list[str] = []
    rows: list[list[str]] = []

    def flush():
        if paragraph:
            story.append(Paragraph(escape(" ".join(paragraph)), styles["BodyText"]))
            paragraph.clear()
        if rows:
            table = Table([[Paragraph(escape(c), styles["BodyText"]) for c in r] for r in rows],
                          colWidths=[60 * mm, 110 * mm])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            story.append(Spacer(1, 4 * mm))
            rows.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if paragraph:
                flush()
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            rows.append((cells + [""])[:2] if len(cells) < 2 else cells[:2])
            continue
        if rows:
            flush()
        if not stripped:
            flush()
        elif stripped == "---":
            flush()
            story.append(PageBreak())
        elif stripped.startswith("## "):
            flush()
            story.append(Paragraph(escape(stripped[3:]), styles["Heading2"]))
        elif stripped.startswith("# "):
            flush()
            story.append(Paragraph(escape(stripped[2:]), styles["Heading1"]))
        else:
            paragraph.append(stripped)
    flush()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="mailbot",
                            leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm,
                            invariant=1)
    doc.build(story or [Spacer(1, 1)])
    return buffer.getvalue()


def write_zip(path: Path, members: list[Path]) -> None:
    """Write (or add to) a zip bundle; a member of the same name is replaced."""
    existing: dict[str, bytes] = {}
    if path.exists():
        with zipfile.ZipFile(path) as old:
            existing = {n: old.read(n) for n in old.namelist()}
    for member in members:
        existing[member.name] = member.read_bytes()
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in sorted(existing.items()):
            bundle.writestr(name, data)
    tmp.replace(path)
