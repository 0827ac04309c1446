"""The corpus of replies in staff's own words (tests/conversations/corpus/*.yaml), written
from the procedures by someone who had not seen the reader, and what each should mean.

Each file holds the answers to one question the bot asks; `Reply` builds a message the way
a person's mail program would: their new text on top, the question quoted below it in the
style the file names (Outlook's "From: … Sent: …" block, Gmail's "On … wrote:", `>` lines)
or nothing (a forward, read whole).
"""
from __future__ import annotations

import email.policy
import email.utils
import io
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import yaml

from mailbot.clock import LONDON

CORPUS = Path(__file__).parent / "corpus"

# What each file answers: the bot's question's subject, and the kinds the wait expects.
QUESTIONS = {
    "bookings": ("[VSAT-000001] Face to face visit required - SR 1-7QX2M9A",
                 ("appointment_confirmation", "visit_outcome")),
    "completed_visits": ("[VSAT-000001] Face to face visit required - SR 1-7QX2M9A",
                         ("visit_outcome", "appointment_confirmation")),
    "failed_attendance": ("[VSAT-000001] Face to face visit required - SR 1-7QX2M9A",
                          ("visit_outcome", "appointment_confirmation")),
    "pv_results": ("[SSST-000001] Full PV check needed for SR 1-7QX2M9A", ("pv_check_result",)),
    "vsat_decisions": ("[VSAT-000001] Face to face referral to review - SR 1-7QX2M9A",
                       ("vsat_decision",)),
    "cpo_hearing": ("[SSST-000001] County Court SR 1-4HT8W2C: establish who the court presenting "
                    "officer will be", ("cpo_assignment", "pv_check_result")),
    "payments": ("[SSST-000001] Pay the court fee for SR 1-4HT8W2C", ("payment_confirmation",)),
    "court_outcomes": ("[SSST-000001] Second PV check for SR 1-4HT8W2C", ("court_outcome",)),
    "second_pv_results": ("[SSST-000001] Second PV check due for SR 1-4HT8W2C",
                          ("second_pv_check_result",)),
}

# Where we decided otherwise than the corpus's author, and why.
DECIDED_OTHERWISE = {
    # The bot counts the failed attendances it has recorded itself; "I've lost count" needs
    # no question back (the consultant's own number is used only when it is higher).
    "fta_inc_02": {"ask_for": []},
}
# The corpus's names for a missing piece, as the bot names them.
ASK_NAMES = {"appointment_at": "appointment_date", "hearing_at": "hearing_date"}


@dataclass
class Reply:
    file: str
    id: str
    sender: str
    sent: datetime
    subject: str | None
    quote: str
    body: str
    expect: dict
    attachments: list

    @property
    def kinds(self) -> tuple[str, ...]:
        return QUESTIONS[self.file][1]

    def raw(self, question_subject: str | None = None, question_body: str | None = None,
            question_from: str = "mailbot <vsat.interviews@vsat.cmg.example.gov.uk>",
            question_id: str | None = None, to: str = "vsat.interviews@vsat.cmg.example.gov.uk") -> bytes:
        """The reply as the sender's mail program sends it."""
        asked_subject = question_subject or QUESTIONS[self.file][0]
        subject = self.subject or f"RE: {asked_subject}"
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["From"] = email.utils.formataddr((self.sender.split("@")[0].replace(".", " ").title(),
                                              self.sender))
        msg["To"] = to
        msg["Subject"] = subject
        msg["Date"] = email.utils.format_datetime(self.sent)
        msg["Message-ID"] = f"<{self.id}.{int(self.sent.timestamp())}@cmg.example>"
        if question_id and self.quote != "none":
            msg["In-Reply-To"] = question_id
            msg["References"] = question_id
        msg.set_content(self.body.rstrip("\n") + "\n" + quoted(self.quote, asked_subject,
                                                                question_body or self.question_text(),
                                                                question_from))
        for item in self.attachments:
            data, ctype = attachment_bytes(item["type"])
            maintype, subtype = ctype.split("/")
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=item["filename"])
        return msg.as_bytes()

    def question_text(self) -> str:
        return QUESTION_TEXT


QUESTION_TEXT = """SR number: 1-7QX2M9A   SCIN: 412345678901
Client: Ms Carys Pryce (receiving parent)
Address: 4 Elm Row, Swansea SA1 3QT
Referral received Mon 4 Jan 2027 09:00. Hearing, if any: not known.

Please reply with the date, time and location once it is arranged, or the outcome.
"""


def quoted(style: str, subject: str, text: str, sender: str) -> str:
    lines = text.rstrip("\n").splitlines()
    if style == "none":
        return ""
    if style == "outlook":
        return ("\n________________________________\n"
                f"From: {sender}\nSent: Monday, 4 January 2027 09:00\n"
                f"To: Gareth Hughes\nSubject: {subject}\n\n" + "\n".join(lines) + "\n")
    if style == "gmail":
        return (f"\nOn Mon, 4 Jan 2027 at 09:00, {sender} wrote:\n"
                + "\n".join("> " + line for line in lines) + "\n")
    return "\n" + "\n".join("> " + line for line in lines) + "\n"     # plain_gt


def attachment_bytes(kind: str) -> tuple[bytes, str]:
    """A completed CMSF5579 (DOCX or PDF) or a court order PDF with the case's details."""
    lines = ["CMSF5579 Visiting Service referral form - COMPLETED AFTER VISIT",
             "SR number: 1-7QX2M9A", "SCIN: 412345678901", "Client name: Ms Carys Pryce",
             "Client role: receiving parent", "Address: 4 Elm Row, Swansea", "Postcode: SA1 3QT",
             "Reason for face to face: payments", "Visit outcome: interview completed"]
    if kind == "cmsf5579_docx":
        from docx import Document
        doc = Document()
        table = doc.add_table(rows=0, cols=2)
        for line in lines:
            label, _, value = line.partition(":")
            row = table.add_row().cells
            row[0].text, row[1].text = label, value.strip()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    from reportlab.pdfgen import canvas
    out = io.BytesIO()
    page = canvas.Canvas(out)
    if kind != "cmsf5579_pdf":
        lines = ["Cardiff Magistrates' Court", "Order made 2027-03-03", "Case SR 1-4HT8W2C",
                 "Robert Kane - order attached"]
    for i, line in enumerate(lines):
        page.drawString(50, 800 - 16 * i, line)
    page.save()
    return out.getvalue(), "application/pdf"


HOLDOUT = Path(__file__).parent / "holdout"


def load(name: str, folder: Path = CORPUS) -> list[Reply]:
    data = yaml.safe_load((folder / f"{name}.yaml").read_text())
    replies = []
    for m in data["messages"]:
        sent = datetime.strptime(m["sent"], "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)
        expect = {**m["expect"], **DECIDED_OTHERWISE.get(m["id"], {})}
        replies.append(Reply(name, m["id"], m["from"], sent, m.get("subject"), m.get("quote", "outlook"),
                             m["body"], expect, m.get("attachments") or []))
    return replies


def all_replies(folder: Path = CORPUS) -> list[Reply]:
    return [r for name in QUESTIONS for r in load(name, folder)]


def ask_names(expect: dict) -> set[str]:
    return {ASK_NAMES.get(n, n) for n in expect.get("ask_for", [])}
