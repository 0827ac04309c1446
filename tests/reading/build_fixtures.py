"""Builds tests/reading/fixtures/: NAME.eml + NAME.json pairs, expectations written by hand.

Run: .venv/bin/python tests/reading/build_fixtures.py
Each case is a story of real mail: other people's wording, layouts, charsets and damage.
DOCX forms are made with python-docx, PDF forms with reportlab, so nothing binary is
hand-edited.
"""
from __future__ import annotations

import base64
import io
import json
import quopri
import sys
import zipfile
from email.header import Header
from pathlib import Path

HERE = Path(__file__).parent / "fixtures"

F2F = ["sr_number", "scin", "client_name", "client_role", "address", "postcode", "phone", "reason",
       "reason_text", "pv", "ucb", "dangerous_area", "under_16", "special_requirements",
       "caseworker_email", "team_leader_email", "nation", "enforcement"]


def eml(subject: str, body: str | None = None, *, sender="Sam Officer <sam.officer@cmg.example.gov.uk>",
        to="SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>", date="Mon, 02 Nov 2026 10:00:00 +0000",
        extra: str = "", charset="utf-8", cte="7bit", html: str | None = None,
        attachments: list[tuple[str, str, bytes]] = (), raw_subject: bool = False,
        mid="<fixture@cmg.example.gov.uk>") -> bytes:
    """A message as the inboxes receive it."""
    subj = subject if raw_subject else (Header(subject, "utf-8").encode() if not subject.isascii() else subject)
    head = (f"From: {sender}\nTo: {to}\nSubject: {subj}\nDate: {date}\nMessage-ID: {mid}\n"
            f"MIME-Version: 1.0\n{extra}")
    parts = []
    if body is not None:
        parts.append(_text_part("plain", body, charset, cte))
    if html is not None:
        parts.append(_text_part("html", html, charset, cte))
    if len(parts) == 1 and not attachments:
        return (head + parts[0] + "\n").encode("utf-8" if charset == "utf-8" or cte != "8bit" else charset)
    if len(parts) == 2:
        inner = _multipart("alternative", parts, "alt-b0undary")
    else:
        inner = parts[0] if parts else None
    if not attachments:
        return (head + inner).encode("ascii")
    outer = [inner] if inner else []
    for name, ctype, data in attachments:
        b64 = base64.encodebytes(data).decode("ascii")
        outer.append(f"Content-Type: {ctype}; name=\"{name}\"\nContent-Disposition: attachment; "
                     f"filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n{b64}")
    return (head + _multipart("mixed", outer, "mix-b0undary")).encode("ascii")


def _text_part(sub: str, text: str, charset: str, cte: str) -> str:
    data = text.encode(charset)
    if cte == "quoted-printable":
        payload = quopri.encodestring(data).decode("ascii")
    elif cte == "base64":
        payload = base64.encodebytes(data).decode("ascii")
    else:
        payload = text
    return f"Content-Type: text/{sub}; charset=\"{charset}\"\nContent-Transfer-Encoding: {cte}\n\n{payload}"


def _multipart(sub: str, parts: list[str], boundary: str) -> str:
    out = f"Content-Type: multipart/{sub}; boundary=\"{boundary}\"\n\n"
    for p in parts:
        out += f"--{boundary}\n{p}\n"
    return out + f"--{boundary}--\n"


def expect(kind, fields, *, case_ref=None, flags=(), needs_human=False):
    return {"kind": kind, "case_ref": case_ref, "fields": fields, "flags": sorted(flags),
            "needs_human": needs_human}


def f2f(**values):
    fields = dict.fromkeys(F2F)
    fields.update(values)
    return fields


# --- form documents -------------------------------------------------------------------

def docx_form(rows: list[list[str]], heading="Visiting Service referral (CMSF5579)") -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph(heading)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_form(fields: list[tuple], encrypt: str | None = None, tooltips: bool = True) -> bytes:
    """fields: ("text"|"check"|"radio"|"choice", name, tooltip, value, options).

    tooltips=False: the fields carry only their names (the tooltip is drawn as the label)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    c.drawString(40, 800, "CMSF5579 Visiting Service referral form")
    form = c.acroForm
    y = 760
    for kind, name, label, value, options in fields:
        c.drawString(40, y + 4, label)
        tip = label if tooltips else None
        if kind == "text":
            form.textfield(name=name, tooltip=tip, value=value, x=250, y=y, width=300, height=16)
        elif kind == "check":
            form.checkbox(name=name, tooltip=tip, checked=bool(value), x=250, y=y, size=14)
        elif kind == "choice":
            form.choice(name=name, tooltip=tip, value=value, options=options, x=250, y=y, width=300,
                        height=16)
        elif kind == "radio":
            for k, opt in enumerate(options):
                form.radio(name=name, tooltip=tip, value=opt, selected=(opt == value), x=250 + 80 * k,
                           y=y, size=14)
        y -= 28
    c.save()
    return out.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def cases() -> dict[str, tuple[bytes, dict]]:
    c: dict[str, tuple[bytes, dict]] = {}

    # 1. typed referral, label variations, legacy NRP, Scottish postcode, multi-line address
    c["f2f_plain_labels"] = (eml("Face to face referral - SR 1-7QW3RT9", """Hi VSAT team,

Please arrange a face to face for the client below.

SR no: 1-7QW3RT9
Scheme client identification number: 3021 4455 6677
Name of client: Morag  McLeod
Client is: NRP
Address: 14 Brae Street
Dundee
Post code: dd1 4ql
Contact number: 07700 900 123
Reason for F2F: Enforcement - paying parent
PV: Y
UCB: N
Dangerous area: N
Under 16: N
Special requirements: None
Caseworker email: Tom.Baird@cmg.example.gov.uk
Team leader email: aileen.fraser@cmg.example.gov.uk
Enforcement investigative officer activity: No

Thanks
Tom"""), expect("f2f_referral", f2f(
        sr_number="1-7QW3RT9", scin="302144556677", client_name="Morag McLeod",
        client_role="paying_parent", address="14 Brae Street, Dundee", postcode="DD1 4QL",
        phone="07700900123", reason="enforcement_paying_parent", pv=True, ucb=False,
        dangerous_area=False, under_16=False, caseworker_email="tom.baird@cmg.example.gov.uk",
        team_leader_email="aileen.fraser@cmg.example.gov.uk", nation="scotland", enforcement=False),
        flags=["pv"]))

    # 2. Outlook HTML table with Office markup, NI postcode, reason as the CMSL5501 paragraph
    rows = [("SR Number", "1-4HH2KD8"), ("SCIN", "8812 0033 4471"), ("Client's name", "Siobhan Quinn"),
            ("Client role", "PeWC"), ("Address", "3 Falls Road<br>Belfast"), ("Postcode", "BT12 4PD"),
            ("Telephone", "028 9018 0000"),
            ("What we'll talk about", "Child maintenance payments made in your case"),
            ("PV", "No"), ("UCB", "No"), ("DA", "Yes"), ("Under 16", "No"),
            ("Special requirements", "Needs an interpreter (Irish)"),
            ("Caseworker email", "<a href=\"mailto:niall.byrne@cmg.example.gov.uk\">niall.byrne@cmg.example.gov.uk</a>"),
            ("Team leader email", "orla.kelly@cmg.example.gov.uk"), ("Enforcement", "No")]
    table = "".join(f"<tr><td width=200 style='border:solid windowtext 1.0pt;mso-border-alt:solid'>"
                    f"<p class=MsoNormal><b><span style='font-family:Arial'>{k}<o:p></o:p></span></b></p></td>"
                    f"<td><p class=MsoNormal><span style='font-family:Arial'>{v}<o:p></o:p></span></p></td></tr>"
                    for k, v in rows)
    html = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=utf-8>"
            "<style><!-- p.MsoNormal {margin:0cm;} --></style><!--[if gte mso 9]><xml><o:shapedefaults "
            "v:ext=\"edit\" spidmax=\"1026\" /></xml><![endif]--></head><body lang=EN-GB><div class=WordSection1>"
            "<p class=MsoNormal>Good afternoon,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            "<p class=MsoNormal>CMSF5579 referral below.<o:p></o:p></p>"
            f"<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>{table}</table>"
            "<p class=MsoNormal>Kind regards<o:p></o:p></p><p class=MsoNormal>Niall<o:p></o:p></p></div></body></html>")
    plain = "Good afternoon,\n\nCMSF5579 referral below.\n\nSR Number\n\n1-4HH2KD8\n\nSCIN\n\n8812 0033 4471\n\nKind regards\nNiall"
    c["f2f_outlook_html_table"] = (eml("CMSF5579", plain, html=html), expect("f2f_referral", f2f(
        sr_number="1-4HH2KD8", scin="881200334471", client_name="Siobhan Quinn",
        client_role="receiving_parent", address="3 Falls Road, Belfast", postcode="BT12 4PD",
        phone="02890180000", reason="payments", pv=False, ucb=False, dangerous_area=True,
        under_16=False, special_requirements="Needs an interpreter (Irish)",
        caseworker_email="niall.byrne@cmg.example.gov.uk", team_leader_email="orla.kelly@cmg.example.gov.uk",
        nation="northern_ireland", enforcement=False)))

    # 3. HTML-only referral, reason other with details, Welsh address
    html = ("<div dir=ltr><p>Referral for a face-to-face visit:</p><p>SR: 1-2PL9ZX4<br>SCIN: 114477228833<br>"
            "Client name: Dafydd Jones<br>Role: receiving parent<br>Address: Flat 2, 9 Castle Street, Cardiff<br>"
            "Postcode: CF10 1BS<br>Phone: +44 29 2018 0000<br>Reason: Other<br>"
            "If other, details: Client wants to discuss a home move and shared care<br>PV: N<br>UCB: N<br>"
            "Dangerous area: N<br>Under 16: N<br>Special requirements: N/A<br>"
            "Caseworker email: gwen.evans@cmg.example.gov.uk<br>Team leader email: rhys.price@cmg.example.gov.uk"
            "<br>Enforcement officer activity: N</p></div>")
    c["f2f_html_only_other"] = (eml("F2F request SR 1-2PL9ZX4", None, html=html), expect("f2f_referral", f2f(
        sr_number="1-2PL9ZX4", scin="114477228833", client_name="Dafydd Jones", client_role="receiving_parent",
        address="Flat 2, 9 Castle Street, Cardiff", postcode="CF10 1BS", phone="+442920180000",
        reason="other", reason_text="Client wants to discuss a home move and shared care", pv=False, ucb=False,
        dangerous_area=False, under_16=False, caseworker_email="gwen.evans@cmg.example.gov.uk",
        team_leader_email="rhys.price@cmg.example.gov.uk", nation="england_wales", enforcement=False)))

    # 4. DOCX with tick boxes for role and reason, 2-column table
    docx_bytes = docx_form([
        ["SR number", "1-9MN4BV2"], ["SCIN", "5566-7788-9900"], ["Client name", "Priya Sharma"],
        ["Client role", "☐ NRP / paying parent   ☒ PWC / receiving parent"],
        ["Address", "21 Wellington Road, Bradford"], ["Postcode", "BD2 3AB"], ["Phone", "01274 496000"],
        ["Reason", "☐ Complaint ☐ Parentage ☒ Appeal ☐ Payments ☐ Other"], ["If other, details", ""],
        ["PV marker", "☐ Yes ☒ No"], ["UCB", "☐"], ["Dangerous area", "☐"], ["Under 16", "☐"],
        ["Special requirements", "Wheelchair access"], ["Caseworker email", "lee.hart@cmg.example.gov.uk"],
        ["Team leader email", "sara.khan@cmg.example.gov.uk"], ["Enforcement investigative officer", "☒"]])
    c["f2f_docx_tickboxes"] = (eml("Referral", "Form attached.\n\nLee",
                                   attachments=[("CMSF5579 Sharma.docx", DOCX, docx_bytes)]),
                               expect("f2f_referral", f2f(
        sr_number="1-9MN4BV2", scin="556677889900", client_name="Priya Sharma", client_role="receiving_parent",
        address="21 Wellington Road, Bradford", postcode="BD2 3AB", phone="01274496000", reason="appeal",
        pv=False, ucb=False, dangerous_area=False, under_16=False, special_requirements="Wheelchair access",
        caseworker_email="lee.hart@cmg.example.gov.uk", team_leader_email="sara.khan@cmg.example.gov.uk",
        nation="england_wales", enforcement=True)))

    # 5. PDF AcroForm: radio role, dropdown reason, check boxes
    pdf_bytes = pdf_form([
        ("text", "SR", "SR number", "1-3XC7VB1", None), ("text", "ClientRef", "Scheme client identification number",
                                                          "9900 1122 3344", None),
        ("text", "Name", "Client name", "Aled Hughes", None),
        ("radio", "Role", "Client role", "NRP", ["NRP", "PWC"]),
        ("text", "Addr", "Address", "Ty Newydd, Bangor", None), ("text", "PC", "Postcode", "LL57 2DG", None),
        ("text", "Tel", "Telephone", "01248 000111", None),
        ("choice", "Reason", "Reason for face to face", "Enforcement - receiving parent",
         ["Payments", "Enforcement - paying parent", "Enforcement - receiving parent", "Other"]),
        ("text", "Other", "Other reason", "", None),
        ("check", "PV", "PV marker", False, None), ("check", "UCB", "UCB", True, None),
        ("check", "DA", "Dangerous area", False, None), ("check", "U16", "Under 16", False, None),
        ("text", "Special", "Special requirements", "", None),
        ("text", "CW", "Caseworker email", "bethan.lloyd@cmg.example.gov.uk", None),
        ("text", "TL", "Team leader email", "", None),
        ("check", "EIO", "Enforcement investigative officer", True, None)])
    c["f2f_pdf_acroform"] = (eml("FW: SR 1-3XC7VB1 referral", "See attached PDF.",
                                 attachments=[("form.pdf", "application/pdf", pdf_bytes)]),
                             expect("f2f_referral", f2f(
        sr_number="1-3XC7VB1", scin="990011223344", client_name="Aled Hughes", client_role="paying_parent",
        address="Ty Newydd, Bangor", postcode="LL57 2DG", phone="01248000111",
        reason="enforcement_receiving_parent", pv=False, ucb=True, dangerous_area=False, under_16=False,
        caseworker_email="bethan.lloyd@cmg.example.gov.uk", nation="england_wales", enforcement=True)))

    # 6. forwarded typed form (read whole, form under the forward header)
    c["f2f_forwarded_outlook_block"] = (eml("Fwd: CMSF5579 for SR 1-6TT5RE3", """FYI - please action.

---------- Forwarded message ---------
From: Kate Moss <kate.moss@cmg.example.gov.uk>
Date: Fri, 30 Oct 2026 at 16:02
Subject: CMSF5579 for SR 1-6TT5RE3
To: SSST <specialist.services@ssst.cmg.example.gov.uk>

> SR: 1-6TT5RE3
> SCIN: 771100992288
> Client: Gary Holt
> Client role: Non resident parent
> Address: 5 Mill Lane, Leeds
> Postcode: LS6 2QR
> Reason: Parentage
> PV: No
"""), expect("f2f_referral", f2f(sr_number="1-6TT5RE3", scin="771100992288", client_name="Gary Holt",
                                 client_role="paying_parent", address="5 Mill Lane, Leeds", postcode="LS6 2QR",
                                 reason="parentage", pv=False, nation="england_wales")))

    # 7. incomplete referral: needs a person
    c["f2f_incomplete"] = (eml("CMSF5579 referral", "Client name: Ann Lee\nReason: Complaint\nPostcode: M1 1AE\n"),
                           expect("f2f_referral", f2f(client_name="Ann Lee", postcode="M1 1AE", reason="complaint",
                                                      nation="england_wales"), needs_human=True))

    # 8. commitment, windows-1252 QP, Magistrates' Court, date without year
    c["court_action_commitment_cp1252"] = (eml("Commitment action - SR 1-8KD3MM2", """Hello SSST,

Commitment has been requested for the paying parent Mr Dean O\u2019Connor, SCIN 6655 4433 2211. I\u2019m passing SR 1-8KD3MM2 to you to progress.

The hearing is listed at Sheffield Magistrates' Court on 3rd December at 10am.

Regards
Jo""", charset="windows-1252", cte="quoted-printable", date="Tue, 10 Nov 2026 09:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-8KD3MM2", "scin": "665544332211",
                                        "client_name": "Mr Dean O\u2019Connor", "action": "commitment",
                                        "court": "Sheffield Magistrates' Court",
                                        "hearing_at": "2026-12-03T10:00:00+00:00"}))

    # 9. liability order, base64, clock change (BST ends 25 Oct 2026)
    c["court_action_lo_base64"] = (eml("Liability order - allocated to SSST", """SR: 1-2ZZ8QP6
Client name: Helen Marsh
SCIN: 123412341234
Action: Liability order
Court: Bristol Magistrates' Court
Hearing date: 27/10/2026 10:30
""", cte="base64", date="Wed, 14 Oct 2026 11:00:00 +0100"),
        expect("court_action_request", {"sr_number": "1-2ZZ8QP6", "scin": "123412341234", "client_name": "Helen Marsh",
                                        "action": "liability_order", "court": "Bristol Magistrates' Court",
                                        "hearing_at": "2026-10-27T10:30:00+00:00"}))

    # 10. fee request in free text
    c["fee_request_free_text"] = (eml("Court fee for SR 1-5RT6YU7", """Hi,

Can you pay the £275 court fee to Leeds County Court for Mr Jason Reid (client ref 2233 4455 6677)? Payment is needed up front before we can issue.

Thanks, Ben (ECM)"""), expect("enforcement_fee_request", {"sr_number": "1-5RT6YU7", "scin": "223344556677",
                                                          "client_name": "Mr Jason Reid",
                                                          "court": "Leeds County Court", "fee": "275.00"}))

    # 11. CPO names themselves
    c["cpo_first_person"] = (eml("RE: [SSST-000031] CPO and hearing date - SR 1-6GT3HZ8", """Hi,

I'll be the CPO for this one. Hearing is 14/01/2027 at 2pm.

Aisha Begum
Court Presenting Officer

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Sent: 16 November 2026 09:00
To: North West CPT <nw.cpt@cpt.cmg.example.gov.uk>
Subject: [SSST-000031] CPO and hearing date - SR 1-6GT3HZ8

Please reply with the CPO's name and the hearing date. SCIN 1111 2222 3333.""",
                                 sender="Aisha Begum <aisha.begum@cpt.cmg.example.gov.uk>",
                                 date="Tue, 17 Nov 2026 10:00:00 +0000"),
                             expect("cpo_assignment", {"sr_number": "1-6GT3HZ8", "scin": None, "cpo_name": "Aisha Begum",
                                                       "cpo_email": "aisha.begum@cpt.cmg.example.gov.uk",
                                                       "hearing_at": "2027-01-14T14:00:00+00:00"},
                                    case_ref="SSST-000031"))

    # 12. CPT names the CPO by label
    c["cpo_labels"] = (eml("[SSST-000032] SR 1-3MK9QB7", """CPO: Daniel Price
Email: daniel.price@cpt.cmg.example.gov.uk
Hearing date: Friday 4 June 2027, 9.45am

Midlands CPT""", sender="Midlands CPT <mid.cpt@cpt.cmg.example.gov.uk>", date="Mon, 10 May 2027 09:00:00 +0100"),
        expect("cpo_assignment", {"sr_number": "1-3MK9QB7", "scin": None, "cpo_name": "Daniel Price",
                                  "cpo_email": "daniel.price@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2027-06-04T09:45:00+01:00"}, case_ref="SSST-000032"))

    # 13. second PV check, weekday + time with "am"
    c["second_pv_check"] = (eml("2nd PV check please", """Morning,

The hearing is Thurs 3 Dec at 10.30am - could you do the 2nd PV check and let me know of any payments or contact?
SR 1-6GT3HZ8 / SCIN 339044127785

Thanks
Farah""", date="Mon, 30 Nov 2026 08:15:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-6GT3HZ8", "scin": "339044127785",
                                           "hearing_at": "2026-12-03T10:30:00+00:00"}))

    # 14. summons issued, backward-looking date across the new year
    c["summons_issued_backward"] = (eml("SR 1-8KD3MM2 summons", """Hi SSST,

The letter and summons were issued on 28 December. Please update the SR.

CPT""", date="Tue, 05 Jan 2027 09:30:00 +0000"),
        expect("summons_issued", {"sr_number": "1-8KD3MM2", "scin": None, "issue_date": "2026-12-28"}))

    # 15. CPO asks for the paying parent cover letter, hearing in the body
    c["cover_letter_cpo_costs_new_year"] = (eml("Paying parent cover letter - SR 1-8KD3MM2", """Hi,

Can you do the paying parent cover letter please? Hearing on 12/01/2027 at 10:00. Costs: £125

Thanks""", date="Mon, 14 Dec 2026 12:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-8KD3MM2", "scin": None,
                                        "hearing_at": "2027-01-12T10:00:00+00:00", "costs": "125.00"}))

    # 16. CPO will not proceed
    c["court_outcome_not_proceeding"] = (eml("RE: SR 1-2ZZ8QP6", """Hi,

Following the second PV check and the payment received, I have decided not to proceed with this case.

Regards
Daniel""", date="Mon, 26 Oct 2026 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-2ZZ8QP6", "scin": None, "outcome": None, "proceeding": False}))

    # 17. outcome in HTML only with Outlook quoted history
    html = ("<html><body><p>Result of today's hearing: Committal order suspended for 6 months</p><p>Case file to follow.</p>"
            "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p><b>From:</b> SSST Mailbot"
            "<br><b>Sent:</b> 01 December 2026 09:00<br><b>To:</b> Daniel<br><b>Subject:</b> [SSST-000040] hearing</p></div>"
            "<p>Please tell us if the client threatened staff or whether you will not proceed.</p></body></html>")
    c["court_outcome_html_quoted"] = (eml("RE: [SSST-000040] hearing - SR 1-8KD3MM2", None, html=html,
                                          date="Thu, 03 Dec 2026 16:00:00 +0000"),
                                      expect("court_outcome", {"sr_number": "1-8KD3MM2", "scin": None,
                                                               "outcome": "Committal order suspended for 6 months",
                                                               "proceeding": True}, case_ref="SSST-000040"))

    # 18. VSAT accepts in an Outlook reply
    c["vsat_accept"] = (eml("RE: [VSAT-000012] Referral for decision - SR 1-9MN4BV2", """Accepted - consultant will be in touch.

Gill

-----Original Message-----
From: VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk>
Sent: 04 November 2026 11:40
Subject: [VSAT-000012] Referral for decision - SR 1-9MN4BV2

Reply ACCEPT, or REJECT: reason.""", sender="Gill <gill@vsat.cmg.example.gov.uk>"),
        expect("vsat_decision", {"sr_number": "1-9MN4BV2", "decision": "accept", "reason": None},
               case_ref="VSAT-000012"))

    # 19. VSAT rejects, reason on a labelled line, HTML only
    c["vsat_reject_html"] = (eml("RE: [VSAT-000013] Referral for decision", None,
                                 html="<p>Decision: Reject</p><p>Reason: address incomplete, no house number</p>"
                                      "<p>SR 1-4HH2KD8</p>"),
                             expect("vsat_decision", {"sr_number": "1-4HH2KD8", "decision": "reject",
                                                      "reason": "address incomplete, no house number"},
                                    case_ref="VSAT-000013"))

    # 20. consultant's free text
    c["appointment_free_text"] = (eml("SR 1-7QW3RT9", "booked Mr Patel for Fri 11 Dec, 9.30, Bradford Jobcentre\n\nRaj",
                                      date="Wed, 02 Dec 2026 17:10:00 +0000"),
                                  expect("appointment_confirmation", {"sr_number": "1-7QW3RT9",
                                                                      "appointment_at": "2026-12-11T09:30:00+00:00",
                                                                      "location": "Bradford Jobcentre"}))

    # 21. labelled appointment in summer time, location with postcode
    c["appointment_labels_bst"] = (eml("Appointment confirmed - SR 1-2PL9ZX4", """Appointment details:
Date: 05/06/2026
Time: 2pm
Venue: Quarry House, Leeds LS2 7UE
""", date="Mon, 18 May 2026 10:00:00 +0100"),
        expect("appointment_confirmation", {"sr_number": "1-2PL9ZX4",
                                            "appointment_at": "2026-06-05T14:00:00+01:00",
                                            "location": "Quarry House, Leeds LS2 7UE"}))

    # 22. visit completed
    c["visit_completed"] = (eml("Visit outcome SR 1-2PL9ZX4", "Visit completed today, CMSF5579 to follow by post.\n",
                                date="Fri, 05 Jun 2026 16:00:00 +0100"),
                            expect("visit_outcome", {"sr_number": "1-2PL9ZX4", "outcome": "completed",
                                                     "failed_attempts": None}))

    # 23. third failure
    c["visit_failed_third"] = (eml("SR 1-7QW3RT9 - FTA", "Client failed to attend for the third time. "
                                   "3 failed attempts now, please close.\n"),
                               expect("visit_outcome", {"sr_number": "1-7QW3RT9", "outcome": "failed_to_attend",
                                                        "failed_attempts": 3}))

    # 24. "paid" reply quoting the prompt
    c["payment_paid_reply"] = (eml("Re: [SSST-000011] Court fee due - SR 1-9RB2WX5", """Paid today.

On Thu, 5 Nov 2026 at 09:00, SSST Mailbot <mailbot@ssst.cmg.example.gov.uk> wrote:
> The court fee of £119.00 for SR 1-9RB2WX5 is due. Reply "paid" when done.
""", date="Mon, 09 Nov 2026 14:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-9RB2WX5", "scin": None, "paid_on": "2026-11-09"},
               case_ref="SSST-000011"))

    # 25. payment stated with a past date without year
    c["payment_past_date"] = (eml("Fee paid - SR 1-5RT6YU7", "The £275.00 fee was paid to the court on 30 Dec, "
                                  "SCIN 223344556677.\n", date="Mon, 04 Jan 2027 09:00:00 +0000"),
                              expect("payment_confirmation", {"sr_number": "1-5RT6YU7", "scin": "223344556677",
                                                              "paid_on": "2026-12-30"}))

    # 26. Outlook "Read:" receipt without an MDN part
    c["read_receipt_outlook"] = (eml("Read: [SSST-000020] Second PV check due - SR 1-6GT3HZ8", """Your message

To: Farah Qureshi
Subject: [SSST-000020] Second PV check due - SR 1-6GT3HZ8
Sent: 30/11/2026 09:00

was read on 30/11/2026 09:12.""", extra="In-Reply-To: <ssst-000020.1@mailbot.ssst.cmg.example.gov.uk>\n"),
        expect("read_receipt", {"original_message_id": "<ssst-000020.1@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "displayed"}, case_ref="SSST-000020"))

    # 27. "Not read:"
    c["read_receipt_not_read"] = (eml("Not read: [SSST-000021] Visit request", """Your message

To: Rhian Powell
Subject: [SSST-000021] Visit request

was deleted without being read on 01/12/2026 10:00.""",
                                      extra="References: <ssst-000021.1@mailbot.ssst.cmg.example.gov.uk>\n"),
        expect("read_receipt", {"original_message_id": "<ssst-000021.1@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "deleted"}, case_ref="SSST-000021"))

    # 28. RFC 3464 bounce that also carries Auto-Submitted
    dsn = """From: Mail Delivery System <MAILER-DAEMON@mx.cmg.example.gov.uk>
To: mailbot@ssst.cmg.example.gov.uk
Subject: Undelivered Mail Returned to Sender
Date: Mon, 02 Nov 2026 10:05:00 +0000
Message-ID: <bounce1@mx.cmg.example.gov.uk>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

This is the mail system at host mx.cmg.example.gov.uk.
I'm sorry to have to inform you that your message could not be delivered.

<nobody.here@cpt.cmg.example.gov.uk>: host said: 550 5.1.1 User unknown

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.cmg.example.gov.uk

Final-Recipient: rfc822; nobody.here@cpt.cmg.example.gov.uk
Original-Recipient: rfc822;nobody.here@cpt.cmg.example.gov.uk
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; delayed.person@cpt.cmg.example.gov.uk
Action: delayed
Status: 4.4.1

--b1
Content-Type: message/rfc822

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: nobody.here@cpt.cmg.example.gov.uk
Subject: [SSST-000031] CPO and hearing date
Message-ID: <ssst-000031.20261102100000@mailbot.ssst.cmg.example.gov.uk>

Please reply with the CPO's name. The client threatened suicide.
--b1--
"""
    c["bounce_rfc3464"] = (dsn.encode(), expect("bounce", {
        "original_message_id": "<ssst-000031.20261102100000@mailbot.ssst.cmg.example.gov.uk>",
        "failed_recipients": ["nobody.here@cpt.cmg.example.gov.uk"]}))

    # 29. Exchange "Undeliverable:" with the original headers as text/rfc822-headers
    exch = """From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Undeliverable: [SSST-000044] Visit request - SR 1-2PL9ZX4
Date: Tue, 03 Nov 2026 08:01:00 +0000
Message-ID: <ndr2@cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2"

--b2
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups:

Old Consultant (old.consultant@f2f.cmg.example.gov.uk)
The email address you entered couldn't be found.

Diagnostic information for administrators:
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

--b2
Content-Type: text/rfc822-headers

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: Old Consultant <old.consultant@f2f.cmg.example.gov.uk>
Subject: [SSST-000044] Visit request - SR 1-2PL9ZX4
Message-ID: <ssst-000044.20261103080000@mailbot.ssst.cmg.example.gov.uk>
--b2--
"""
    c["bounce_exchange"] = (exch.encode(), expect("bounce", {
        "original_message_id": "<ssst-000044.20261103080000@mailbot.ssst.cmg.example.gov.uk>",
        "failed_recipients": ["old.consultant@f2f.cmg.example.gov.uk"]}, case_ref="SSST-000044"))

    # 30. qmail-style plain-text bounce
    c["bounce_plain_mta"] = (eml("failure notice", """Hi. This is the qmail-send program at mail.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<Gone.Away@example.net>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <mailbot@ssst.cmg.example.gov.uk>
From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: Gone.Away@example.net
Message-ID: <ssst-000050.1@mailbot.ssst.cmg.example.gov.uk>
Subject: [SSST-000050] fee
""", sender="MAILER-DAEMON@mail.example.net", to="mailbot@ssst.cmg.example.gov.uk"),
        expect("bounce", {"original_message_id": "<ssst-000050.1@mailbot.ssst.cmg.example.gov.uk>",
                          "failed_recipients": ["gone.away@example.net"]}))

    # 31. out of office with headers and a weekday date
    c["auto_reply_headers"] = (eml("Automatic reply: [SSST-000060] Visit request", """Thank you for your email.
I am out of the office until Monday 7 December with no access to email. For urgent matters contact the VSAT inbox.""",
                                   extra="Auto-Submitted: auto-replied\nX-Autoreply: yes\n",
                                   date="Wed, 25 Nov 2026 10:00:00 +0000"),
                               expect("auto_reply", {"until": "2026-12-07"}, case_ref="SSST-000060"))

    # 32. vendor header only, date back in
    c["auto_reply_vendor_header"] = (eml("Re: SR 1-2PL9ZX4", """I'm currently on annual leave, back on 04/01/2027.
Messages will be read on my return.""", extra="X-Autorespond: yes\n", date="Thu, 24 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": "2027-01-04"}))

    # 33. forwarded client email: suicide threat, complaint; unknown
    c["unknown_forwarded_suicide"] = (eml("FW: my case", """Forwarding for your attention.

From: A Client <client@example.com>
Sent: 01 December 2026 22:10
To: Caseworker
Subject: my case

I want to make a formal complaint about how my case has been handled. If this carries on I will kill myself, I cannot cope.""",
                                          date="Wed, 02 Dec 2026 08:00:00 +0000"),
                                      expect("unknown", {}, flags=["complaint", "suicide_risk"], needs_human=True))

    # 34. FOI and SAR
    c["unknown_foi"] = (eml("Freedom of Information request", "Under the Freedom of Information Act 2000 please "
                            "provide the number of face to face visits made in 2025.\n",
                            sender="Journalist <news@example.org>"),
                        expect("unknown", {}, flags=["foi_request"], needs_human=True))
    c["unknown_sar"] = (eml("Subject access request", "I am making a subject access request for a copy of all the "
                            "information you hold about me. My SCIN is 123456789012.\n",
                            sender="Client <c@example.com>"),
                        expect("unknown", {}, flags=["sar_request"], needs_human=True))

    # 35. a threat only in quoted history raises nothing
    c["unknown_quoted_threat"] = (eml("Re: incident", """Thanks, noted.

On Tue, 1 Dec 2026 at 09:00, Jo <jo@cmg.example.gov.uk> wrote:
> The client threatened to come round and hurt the caseworker, and mentioned suicide.
"""), expect("unknown", {}, needs_human=True))

    # 36. threat to staff reported by an officer
    c["unknown_threat"] = (eml("Incident on call", "The paying parent was abusive on the phone and threatened to "
                               "come to the office and hurt staff. Please note on the case.\n"),
                           expect("unknown", {}, flags=["threat"], needs_human=True))

    # 37. ISO-8859-1 encoded-word subject and latin-1 body
    c["fee_latin1"] = (eml("=?iso-8859-1?Q?Fee_request_=A3119_-_SR_1-9RB2WX5?=",
                           "Client: Connor Doyle\nSCIN: 700812334465\nCourt: Northampton County Court\n"
                           "Fee: \u00a3119.00\nPlease make the payment to the court.\n",
                           charset="iso-8859-1", cte="quoted-printable", raw_subject=True),
                       expect("enforcement_fee_request", {"sr_number": "1-9RB2WX5", "scin": "700812334465",
                                                          "client_name": "Connor Doyle",
                                                          "court": "Northampton County Court", "fee": "119.00"}))

    # 38. broken MIME: a boundary that never appears, garbage part headers
    broken = (b"From: someone@example.com\nTo: specialist.services@ssst.cmg.example.gov.uk\nSubject: ???\n"
              b"Date: not a date\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"nope\"\n\n"
              b"\xff\xfe garbage \x80\x81 no parts at all\n--nope-ish\nContent-Type: text/plain; charset=klingon\n\n"
              b"\xc3\x28 invalid utf-8\n")
    c["unknown_broken_mime"] = (broken, expect("unknown", {}, needs_human=True))

    # 39. a "DOCX" that is not one
    c["f2f_fake_docx"] = (eml("CMSF5579 referral SR 1-1AB2CD3", "Referral attached.",
                              attachments=[("referral.docx", DOCX, b"this is not a zip file at all" * 20)]),
                          expect("f2f_referral", f2f(sr_number="1-1AB2CD3"), needs_human=True))

    # 40. encrypted PDF with a user password
    enc = pdf_form([("text", "SR", "SR number", "1-5ZZ5ZZ5", None)], encrypt="secret")
    c["f2f_encrypted_pdf"] = (eml("CMSF5579 referral", "Referral attached (password to follow).",
                                  attachments=[("locked.pdf", "application/pdf", enc)]),
                              expect("f2f_referral", f2f(), needs_human=True))

    # 41. zip bomb dressed as a DOCX
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b"A" * (60 * 1024 * 1024) + b"</w:document>")
    c["f2f_zip_bomb_docx"] = (eml("CMSF5579 referral SR 1-9ZZ9ZZ9", "Form attached.",
                                  attachments=[("bomb.docx", DOCX, buf.getvalue())]),
                              expect("f2f_referral", f2f(sr_number="1-9ZZ9ZZ9"), needs_human=True))

    # 42. nested far too deep
    depth = 400
    nested = "".join(f"Content-Type: multipart/mixed; boundary=\"d{i}\"\n\n--d{i}\n" for i in range(depth))
    nested += "Content-Type: text/plain\n\nhello\n" + "".join(f"--d{i}--\n" for i in reversed(range(depth)))
    c["unknown_deep_nesting"] = (("From: x@example.com\nTo: y@example.com\nSubject: nested\n"
                                  "Date: Mon, 02 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n" + nested).encode(),
                                 expect("unknown", {}, needs_human=True))

    # 43. PV wording that must not raise pv; the prompt's reply is not a kind
    c["unknown_pv_check_negative"] = (eml("Re: [SSST-000070] PV check", "PV check done: no marker on the 2012 system "
                                          "or CIS.\n"), expect("unknown", {}, case_ref="SSST-000070",
                                                                needs_human=True))
    c.update(cases_other_teams())
    c.update(cases_machines_and_forms())
    c.update(cases_more_wordings())
    c.update(cases_real_variety())
    c.update(cases_real_variety_more())
    c.update(cases_real_variety_third())
    c.update(cases_second_round())
    c.update(cases_second_round_more())
    c.update(cases_third_round())
    c.update(cases_fourth_round())
    c.update(cases_fifth_round())
    return c

_OUTLOOK_QUOTE = """

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Sent: 01 December 2026 09:00
To: {to}
Subject: {subject}

{body}
"""


def _quote(subject, body, to="Dave Holt <dave.holt@cpt.cmg.example.gov.uk>"):
    return _OUTLOOK_QUOTE.format(subject=subject, body=body, to=to)


def cases_other_teams() -> dict[str, tuple[bytes, dict]]:
    """Mail as colleagues from other teams write it: their wording, their layouts."""
    c = {}
    # not proceeding, paid in full -> court_outcome proceeding false
    c["outcome_not_proceeding_paid"] = (eml(
        "RE: [SSST-000012] Liability order hearing - SR 1-4RT7YU2",
        "Hi,\n\nNot proceeding with this one - the NRP has paid in full as of yesterday, so I've asked "
        "the court to withdraw it.\n\nRegards\nDave Holt\nCPO, Yorkshire"
        + _quote("[SSST-000012] Liability order hearing - SR 1-4RT7YU2",
                "Please send the outcome of the hearing on 03/12/2026 and the case file when ready.\n"
                "SCIN 4455 6677 8899"),
        sender="Dave Holt <dave.holt@cpt.cmg.example.gov.uk>", date="Thu, 03 Dec 2026 09:40:00 +0000"),
        expect("court_outcome", {"sr_number": "1-4RT7YU2", "scin": None, "outcome": None, "proceeding": False},
               case_ref="SSST-000012"))
    c["outcome_paid_in_full_short"] = (eml(
        "RE: [SSST-000013] Hearing 08/12 - SR 1-8HG4KL2",
        "Not proceeding, paid in full.\n\nJo",
        sender="Jo Platt <jo.platt@cpt.cmg.example.gov.uk>", date="Fri, 04 Dec 2026 16:02:00 +0000"),
        expect("court_outcome", {"sr_number": "1-8HG4KL2", "scin": None, "outcome": None, "proceeding": False},
               case_ref="SSST-000013"))
    # PV: no marker recorded inside a court action request
    c["court_action_pv_none"] = (eml(
        "Commitment - SR 1-9KD3MM2",
        "Morning SSST,\n\nPlease can you take forward commitment proceedings for SR 1-9KD3MM2, "
        "paying parent Mr Lee Varley, SCIN 6021-3345-7781.\n\nPV: no marker recorded.\n"
        "Court: Sheffield Magistrates' Court\nHearing date: 14/01/2027 10:00\n\nThanks\nAnn Briggs\nECM",
        sender="Ann Briggs <ann.briggs@cmg.example.gov.uk>", date="Tue, 15 Dec 2026 08:55:00 +0000"),
        expect("court_action_request", {"sr_number": "1-9KD3MM2", "scin": "602133457781",
                                         "client_name": "Mr Lee Varley", "action": "commitment",
                                         "court": "Sheffield Magistrates' Court",
                                         "hearing_at": "2027-01-14T10:00:00+00:00"}))
    # CPO assigned is X (email)
    c["cpo_assigned_is"] = (eml(
        "RE: [SSST-000022] CPO needed - SR 1-7TR2WQ9",
        "Hi,\n\nThe CPO assigned is Gareth Lewis (gareth.lewis@cpt.cmg.example.gov.uk). Hearing is "
        "Tues 12th Jan at 2.15pm.\n\nWales CPT",
        sender="Wales CPT <wales.cpt@cpt.cmg.example.gov.uk>", date="Mon, 21 Dec 2026 11:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-7TR2WQ9", "scin": None, "cpo_name": "Gareth Lewis",
                                  "cpo_email": "gareth.lewis@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2027-01-12T14:15:00+00:00"}, case_ref="SSST-000022"))
    # CPO names themself in signature; Outlook "Last, First" display name
    c["cpo_first_person_signature"] = (eml(
        "RE: [SSST-000023] CPO needed - SR 1-3PL8XD4",
        "Hi all,\n\nI'll be the CPO for this one. The hearing is listed for 19 January at 10:30 at "
        "Leeds Magistrates' Court.\n\nKind regards\n\nPriya Shah\nCourt Presenting Officer | North East\n"
        "priya.shah@cpt.cmg.example.gov.uk",
        sender="\"Shah, Priya\" <priya.shah@cpt.cmg.example.gov.uk>", date="Wed, 16 Dec 2026 14:20:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-3PL8XD4", "scin": None, "cpo_name": "Priya Shah",
                                  "cpo_email": "priya.shah@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2027-01-19T10:30:00+00:00"}, case_ref="SSST-000023"))
    # Second PV check result from an SSST officer: not a request
    c["pv_check_result_reply"] = (eml(
        "RE: [SSST-000024] Second PV check - SR 1-6GT3HZ8",
        "Hi Farah,\n\nSecond PV check done: no marker, no payments, no contact since 20/11.\n\nThanks\nKaren\nSSST",
        sender="Karen Moss <karen.moss@ssst.cmg.example.gov.uk>", date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("unknown", {}, case_ref="SSST-000024", needs_human=True))
    # CMEL9180 with the hearing in the subject, next year
    c["cmel_subject_next_year"] = (eml(
        "CMEL9180 request - hearing 19/01/2027 - SR 1-5XC2VB8",
        "Summons back from court. Please prepare the CMEL9180 for the NRP. Costs to be claimed £105.00\n\n"
        "North West CPT",
        sender="North West CPT <nw.cpt@cpt.cmg.example.gov.uk>", date="Thu, 17 Dec 2026 12:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-5XC2VB8", "scin": None, "hearing_at": "2027-01-19",
                                        "costs": "105.00"}))
    c["cmel_subject_no_year"] = (eml(
        "CMEL9180 - SR 1-2QA5SD6 - hearing date 07/01",
        "Please send the cover letter.\n\nScotland... no, Midlands CPT",
        sender="Midlands CPT <mids.cpt@cpt.cmg.example.gov.uk>", date="Wed, 23 Dec 2026 15:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-2QA5SD6", "scin": None, "hearing_at": "2027-01-07",
                                        "costs": None}))
    c["cover_letter_cpo_costs_new_year"] = (eml(
        "Cover letter please - SR 1-4DF6GH8",
        "Hi,\n\nCould you send me the paying parent cover letter? Hearing is Thursday 14th Jan at 10am. "
        "Please include costs of £125.\n\nThanks\nTom Reid\nCPO",
        sender="Tom Reid <tom.reid@cpt.cmg.example.gov.uk>", date="Mon, 28 Dec 2026 09:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-4DF6GH8", "scin": None,
                                        "hearing_at": "2027-01-14T10:00:00+00:00", "costs": "125.00"}))
    # summons
    c["summons_30th_nov"] = (eml(
        "RE: [SSST-000031] Summons - SR 1-8NB3VC5",
        "Summons issued 30th Nov.\n\nEast CPT",
        sender="East CPT <east.cpt@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-8NB3VC5", "scin": None, "issue_date": "2026-11-30"},
               case_ref="SSST-000031"))
    c["summons_new_year"] = (eml(
        "Letter and summons - SR 1-6YU7TR3",
        "Hi\n\nThe letter and summons were issued on 29/12 for SR 1-6YU7TR3 (SCIN 7788 9900 1122). "
        "Hearing is 2 February.\n\nBen",
        sender="Ben Ashe <ben.ashe@cpt.cmg.example.gov.uk>", date="Mon, 04 Jan 2027 09:30:00 +0000"),
        expect("summons_issued", {"sr_number": "1-6YU7TR3", "scin": "778899001122", "issue_date": "2026-12-29"}))
    # payment
    c["fee_paid_on"] = (eml(
        "RE: [SSST-000035] Court fee due - SR 1-3ER5TY7",
        "Fee paid on 2/12.\n\nMark Dunn\nSSST" + _quote("[SSST-000035] Court fee due - SR 1-3ER5TY7",
                                                     "The court fee of £71.00 is due for SR 1-3ER5TY7."),
        sender="Mark Dunn <mark.dunn@ssst.cmg.example.gov.uk>", date="Thu, 03 Dec 2026 09:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-3ER5TY7", "scin": None, "paid_on": "2026-12-02"},
               case_ref="SSST-000035"))
    c["fee_paid_new_year"] = (eml(
        "RE: [SSST-000036] Court fee due - SR 1-9WE2RT4",
        "Hi, this was paid on 30 December by card. Ref 55123.\nThanks, Lisa",
        sender="Lisa Kay <lisa.kay@ssst.cmg.example.gov.uk>", date="Sat, 02 Jan 2027 09:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-9WE2RT4", "scin": None, "paid_on": "2026-12-30"},
               case_ref="SSST-000036"))
    # visit outcomes
    c["visit_done_attended"] = (eml(
        "SR 1-2ZX4CV6",
        "Visit done, client attended. Discussed payments and arrears.\n\nSue",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>", date="Tue, 08 Dec 2026 16:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-2ZX4CV6", "outcome": "completed", "failed_attempts": None}))
    c["visit_dna_third"] = (eml(
        "RE: [VSAT-000019] Appointment - SR 1-7KJ8HG3",
        "DNA again – 3rd time. Closing my end.\n\nSue",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>", date="Tue, 08 Dec 2026 16:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-7KJ8HG3", "outcome": "failed_to_attend", "failed_attempts": 3},
               case_ref="VSAT-000019"))
    # vsat decisions
    c["vsat_accepted_bare"] = (eml(
        "RE: [VSAT-000021] Referral for decision - SR 1-5BV8NC3",
        "Accepted\n\nGill\n\n-----Original Message-----\nFrom: VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk>\n"
        "Sent: 04 December 2026 11:40\nSubject: [VSAT-000021] Referral for decision - SR 1-5BV8NC3\n\n"
        "Reply ACCEPT, or REJECT: reason.",
        sender="Gill Peart <gill.peart@vsat.cmg.example.gov.uk>", date="Fri, 04 Dec 2026 12:00:00 +0000"),
        expect("vsat_decision", {"sr_number": "1-5BV8NC3", "decision": "accept", "reason": None},
               case_ref="VSAT-000021"))
    c["vsat_cannot_accept"] = (eml(
        "RE: [VSAT-000022] Referral for decision - SR 1-5BV8NC4",
        "Hi,\n\nWe cannot accept this referral because the client lives outside our visiting area.\n\nGill",
        sender="Gill Peart <gill.peart@vsat.cmg.example.gov.uk>", date="Fri, 04 Dec 2026 12:00:00 +0000"),
        expect("vsat_decision", {"sr_number": "1-5BV8NC4", "decision": "reject",
                                 "reason": "the client lives outside our visiting area"},
               case_ref="VSAT-000022"))
    # read receipt Outlook text only
    c["read_outlook_text"] = (eml(
        "Read: [SSST-000040] Court fee due - SR 1-9RB2WX6",
        "Your message\n\n  To: Andrew Kettle\n  Subject: [SSST-000040] Court fee due - SR 1-9RB2WX6\n"
        "  Sent: 05/12/2026 09:00\n\nwas read on 05/12/2026 09:12.",
        sender="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>", date="Sat, 05 Dec 2026 09:12:00 +0000",
        extra="In-Reply-To: <ssst-000040.1@mailbot.ssst.cmg.example.gov.uk>\n"),
        expect("read_receipt", {"original_message_id": "<ssst-000040.1@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "displayed"}, case_ref="SSST-000040"))
    c["not_read_outlook"] = (eml(
        "Not read: [SSST-000041] Court fee due",
        "Your message\n\n  To: Andrew Kettle\n  Subject: [SSST-000041] Court fee due\n  Sent: 05/12/2026 09:00\n\n"
        "was deleted without being read on 06/12/2026 10:00.",
        sender="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>", date="Sun, 06 Dec 2026 10:00:00 +0000",
        extra="References: <ssst-000041.1@mailbot.ssst.cmg.example.gov.uk>\n"),
        expect("read_receipt", {"original_message_id": "<ssst-000041.1@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "deleted"}, case_ref="SSST-000041"))
    # bounces
    c["bounce_gmail"] = (eml(
        "Delivery Status Notification (Failure)",
        "** Address not found **\n\nYour message wasn't delivered to j.bloggs.99@gmail.com because the "
        "address couldn't be found, or is unable to receive mail.\n\nThe response was:\n\n"
        "550 5.1.1 The email account that you tried to reach does not exist.\n\n"
        "----- Original message -----\n\nMessage-ID: <ssst-000050.3@mailbot.ssst.cmg.example.gov.uk>\n"
        "From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>\nTo: j.bloggs.99@gmail.com\n"
        "Subject: [SSST-000050] Appointment\n",
        sender="Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        to="mailbot@ssst.cmg.example.gov.uk", date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("bounce", {"original_message_id": "<ssst-000050.3@mailbot.ssst.cmg.example.gov.uk>",
                          "failed_recipients": ["j.bloggs.99@gmail.com"]}))
    c["bounce_postfix"] = (eml(
        "Undelivered Mail Returned to Sender",
        "This is the mail system at host mx1.example.net.\n\nI'm sorry to have to inform you that your message "
        "could not\nbe delivered to one or more recipients. It's attached below.\n\n"
        "                   The mail system\n\n<old.officer@cpt.cmg.example.gov.uk>: host "
        "mail.cpt.cmg.example.gov.uk[192.0.2.5] said:\n    550 5.1.1 <old.officer@cpt.cmg.example.gov.uk>: "
        "Recipient address rejected: User unknown\n\n"
        "--- Below this line is a copy of the message.\n\nMessage-ID: <ssst-000051.1@mailbot.ssst.cmg.example.gov.uk>\n"
        "From: mailbot@ssst.cmg.example.gov.uk\nTo: old.officer@cpt.cmg.example.gov.uk\nSubject: [SSST-000051] CPO needed\n",
        sender="MAILER-DAEMON@mx1.example.net (Mail Delivery System)",
        to="mailbot@ssst.cmg.example.gov.uk", date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("bounce", {"original_message_id": "<ssst-000051.1@mailbot.ssst.cmg.example.gov.uk>",
                          "failed_recipients": ["old.officer@cpt.cmg.example.gov.uk"]}))
    # out of office in HTML
    c["ooo_html_new_year"] = (eml(
        "Automatic reply: [SSST-000055] Court fee due - SR 1-1QW2ER3", None,
        html="<html><body><p class=MsoNormal>Thank you for your email.</p><p class=MsoNormal>I am out of the office "
             "until Monday 4th January with no access to email. For urgent matters contact "
             "<a href='mailto:ssst.team@ssst.cmg.example.gov.uk'>ssst.team@ssst.cmg.example.gov.uk</a>.</p></body></html>",
        sender="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>", date="Wed, 23 Dec 2026 17:00:00 +0000",
        extra="X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent\nAuto-Submitted: auto-generated\n"),
        expect("auto_reply", {"until": "2027-01-04"}, case_ref="SSST-000055"))
    c["ooo_on_leave_numeric"] = (eml(
        "Out of Office: CPO needed",
        "I'm on leave until 5/1 and will deal with your email when I return.",
        sender="Jo Platt <jo.platt@cpt.cmg.example.gov.uk>", date="Thu, 24 Dec 2026 08:00:00 +0000",
        extra="Auto-Submitted: auto-replied\n"),
        expect("auto_reply", {"until": "2027-01-05"}))
    # appointments, BST edges
    c["appt_before_clock_change"] = (eml(
        "F2F appointment - SR 1-8UY7TR6",
        "Booked Mrs Hughes for Sat 24/10 at 14:30, Wrexham Jobcentre Plus, Ffordd Edward Hughes, LL13 7NA.\n\nCeri",
        sender="Ceri Wynne <ceri.wynne@f2f.cmg.example.gov.uk>", date="Wed, 21 Oct 2026 10:00:00 +0100"),
        expect("appointment_confirmation", {"sr_number": "1-8UY7TR6", "appointment_at": "2026-10-24T14:30:00+01:00",
                                            "location": "Wrexham Jobcentre Plus, Ffordd Edward Hughes, LL13 7NA"}))
    c["appt_after_clock_change"] = (eml(
        "RE: [VSAT-000060] Appointment needed - SR 1-8UY7TR7",
        "Hi\n\nAppointment booked for Monday 26th October, 2.15pm.\nVenue: Inverness Jobcentre, Queensgate, IV1 1DA\n\nFiona",
        sender="Fiona Ross <fiona.ross@f2f.cmg.example.gov.uk>", date="Wed, 21 Oct 2026 10:00:00 +0100"),
        expect("appointment_confirmation", {"sr_number": "1-8UY7TR7", "appointment_at": "2026-10-26T14:15:00+00:00",
                                            "location": "Inverness Jobcentre, Queensgate, IV1 1DA"},
               case_ref="VSAT-000060"))
    c["appt_half_ten"] = (eml(
        "Appointment SR 1-4RF5TG6",
        "I've booked to see the client on Tues 8th Dec at half ten at Omagh Jobs & Benefits Office, BT79 7AA.",
        sender="Niamh Kerr <niamh.kerr@f2f.cmg.example.gov.uk>", date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-4RF5TG6", "appointment_at": "2026-12-08T10:30:00+00:00",
                                            "location": "Omagh Jobs & Benefits Office, BT79 7AA"}))
    # enforcement fee
    c["fee_request_magistrates"] = (eml(
        "Court fee - SR 1-2WS3ED4",
        "Hi SSST,\n\nCould you please pay the court fee of £71.00 to Cardiff Magistrates' Court for the "
        "liability order application against Mr Rhys Thomas (SCIN 9001 2233 4455)?\n\nThanks\nAlys\nECM",
        sender="Alys Pugh <alys.pugh@cmg.example.gov.uk>", date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("enforcement_fee_request", {"sr_number": "1-2WS3ED4", "scin": "900122334455",
                                           "client_name": "Mr Rhys Thomas", "court": "Cardiff Magistrates' Court",
                                           "fee": "71.00"}))
    # second PV check request, no year
    c["second_pv_request_new_year"] = (eml(
        "2nd PV check please - SR 1-7YH6TG5",
        "Hi team, hearing is on 12/01 at 2pm. Can you do the 2nd PV check and let me know of any payments "
        "or contact?\nCheers\nTom Reid, CPO",
        sender="Tom Reid <tom.reid@cpt.cmg.example.gov.uk>", date="Tue, 22 Dec 2026 09:00:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-7YH6TG5", "scin": None,
                                           "hearing_at": "2027-01-12T14:00:00+00:00"}))
    # f2f referral with other label spellings, Welsh postcode
    c["f2f_labels_welsh"] = (eml(
        "F2F referral", """Hello VSAT,

Please see below a request for a face to face visit.

Service Request Number: 1-9OL8IK7
Client Ref: 1234-5678-9012
Customer Name: Gwenllian Ellis
Parent type: PWC
Home Address: 22 Ffordd Penrhos, Bangor, Gwynedd
Post Code: ll57 2ej
Mobile: 07700 900456
Purpose of visit: Appeal
PV marker: None
UCB: no
DA: no
Client under 16?: No
Reasonable adjustments: Welsh speaker - needs Welsh language consultant
Owning caseworker: huw.roberts@cmg.example.gov.uk
TL email: bethan.morgan@cmg.example.gov.uk
EIO activity: No

Diolch
Huw""", sender="Huw Roberts <huw.roberts@cmg.example.gov.uk>"),
        expect("f2f_referral", f2f(sr_number="1-9OL8IK7", scin="123456789012", client_name="Gwenllian Ellis",
                                   client_role="receiving_parent", address="22 Ffordd Penrhos, Bangor, Gwynedd",
                                   postcode="LL57 2EJ", phone="07700900456", reason="appeal", pv=False, ucb=False,
                                   dangerous_area=False, under_16=False,
                                   special_requirements="Welsh speaker - needs Welsh language consultant",
                                   caseworker_email="huw.roberts@cmg.example.gov.uk",
                                   team_leader_email="bethan.morgan@cmg.example.gov.uk", nation="england_wales",
                                   enforcement=False)))
    # forwarded referral with Outlook header block; Scottish G postcode
    c["f2f_forwarded_outlook_block"] = (eml(
        "FW: Face to face request SR 1-3GH4JK5", """Please action.

Thanks
Lynn

From: Craig Munro <craig.munro@cmg.example.gov.uk>
Sent: 30 November 2026 16:12
To: Lynn Barr <lynn.barr@cmg.example.gov.uk>
Subject: Face to face request SR 1-3GH4JK5

SR: 1-3GH4JK5
SCIN: 556677889900
Client: Mr Kenneth Boyd
Role: Paying parent
Address: 4/2 Paisley Road West, Glasgow
Postcode: G51 1AB
Phone: 0141 496 0000
Reason: Enforcement (paying parent)
PV: Yes - marker added 2024
UCB: No
DA: No
Under 16: No
Special requirements:
Caseworker email: craig.munro@cmg.example.gov.uk
Team leader email: isla.grant@cmg.example.gov.uk
""", sender="Lynn Barr <lynn.barr@cmg.example.gov.uk>"),
        expect("f2f_referral", f2f(sr_number="1-3GH4JK5", scin="556677889900", client_name="Mr Kenneth Boyd",
                                   client_role="paying_parent", address="4/2 Paisley Road West, Glasgow",
                                   postcode="G51 1AB", phone="01414960000", reason="enforcement_paying_parent",
                                   pv=True, ucb=False, dangerous_area=False, under_16=False,
                                   caseworker_email="craig.munro@cmg.example.gov.uk",
                                   team_leader_email="isla.grant@cmg.example.gov.uk", nation="scotland"),
               flags=["pv"]))
    # complaint inside a forward
    c["fwd_client_complaint"] = (eml(
        "FW: my case", """FYI - see below from the receiving parent. SR 1-6TF5RD4.

---------- Forwarded message ---------
From: Kelly Dean <kelly.dean77@example.com>
Date: Tue, 1 Dec 2026 at 19:04
Subject: my case
To: <cmg.enquiries@cmg.example.gov.uk>

I want to make a formal complaint about how my case has been handled. Nobody calls me back.
""", sender="Lynn Barr <lynn.barr@cmg.example.gov.uk>"),
        expect("unknown", {}, flags=["complaint"], needs_human=True))
    c["foi_request"] = (eml(
        "Freedom of Information request",
        "Dear Sir/Madam,\n\nUnder the Freedom of Information Act 2000 please provide the number of liability "
        "orders applied for in 2025.\n\nYours faithfully\nA. Person",
        sender="A Person <a.person@example.org>"),
        expect("unknown", {}, flags=["foi_request"], needs_human=True))
    c["sar_request"] = (eml(
        "Request for my data",
        "Hello, I would like a copy of all the personal information you hold about me, under the Data "
        "Protection Act. My SCIN is 1122 3344 5566.\nThanks\nPaul Lowe",
        sender="Paul Lowe <paul.lowe@example.com>"),
        expect("unknown", {}, flags=["sar_request"], needs_human=True))
    c["threat_in_outcome"] = (eml(
        "Visit outcome SR 1-1AA2BB3",
        "Visit took place but the client became aggressive and said he knows where I live. I left early.\n\nSue",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>"),
        expect("visit_outcome", {"sr_number": "1-1AA2BB3", "outcome": "completed", "failed_attempts": None},
               flags=["threat"], needs_human=True))
    c["suicide_in_fwd"] = (eml(
        "Fw: phone call SR 1-2CC3DD4",
        "Logging this: the paying parent rang and said he would rather end his life than pay any more.\n",
        sender="Lynn Barr <lynn.barr@cmg.example.gov.uk>"),
        expect("unknown", {}, flags=["suicide_risk"], needs_human=True))
    return c


def _raw_msg(headers: str, body: str) -> bytes:
    return (headers.strip("\n") + "\n\n" + body).replace("\n", "\r\n").encode()

def cases_machines_and_forms() -> dict[str, tuple[bytes, dict]]:
    """NDRs with the original attached, HTML gaps, typed forms forwarded on, more wordings."""
    c = {}
    # Exchange NDR, HTML only, returned message attached
    c["ndr_exchange_html"] = (_raw_msg("""From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Undeliverable: [SSST-000060] CPO needed - SR 1-6GT3HZ9
Date: Mon, 07 Dec 2026 10:00:05 +0000
Message-ID: <ndr1@cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"
""", """--b1
Content-Type: text/html; charset="utf-8"

<html><body><p><b><font color="#000066" size="3">Your message to <a href="mailto:old.cpo@cpt.cmg.example.gov.uk">old.cpo@cpt.cmg.example.gov.uk</a> couldn't be delivered.</font></b></p>
<p>old.cpo wasn't found at cpt.cmg.example.gov.uk.</p><p>Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'</p></body></html>
--b1
Content-Type: message/rfc822

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: old.cpo@cpt.cmg.example.gov.uk
Subject: [SSST-000060] CPO needed - SR 1-6GT3HZ9
Date: Mon, 07 Dec 2026 10:00:00 +0000
Message-ID: <ssst-000060.20261207@mailbot.ssst.cmg.example.gov.uk>

Please reply with the CPO's name.
--b1--
"""), expect("bounce", {"original_message_id": "<ssst-000060.20261207@mailbot.ssst.cmg.example.gov.uk>",
                           "failed_recipients": ["old.cpo@cpt.cmg.example.gov.uk"]}, case_ref="SSST-000060"))
    # Exchange NDR with delivery-status, and auto-reply headers too
    c["ndr_exchange_dsn"] = (_raw_msg("""From: postmaster@cmg.example.gov.uk
To: mailbot@ssst.cmg.example.gov.uk
Subject: Undeliverable: [SSST-000061] Court fee due
Date: Mon, 07 Dec 2026 10:00:05 +0000
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b2"
""", """--b2
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or groups:

leaver@cmg.example.gov.uk
The email address you entered couldn't be found.

--b2
Content-Type: message/delivery-status

Reporting-MTA: dns;EX01.cmg.example.gov.uk

Final-Recipient: rfc822;leaver@cmg.example.gov.uk
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp;550 5.1.1 RESOLVER.ADR.RecipientNotFound

--b2
Content-Type: text/rfc822-headers

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: leaver@cmg.example.gov.uk
Subject: [SSST-000061] Court fee due
Message-ID: <ssst-000061.x@mailbot.ssst.cmg.example.gov.uk>

--b2--
"""), expect("bounce", {"original_message_id": "<ssst-000061.x@mailbot.ssst.cmg.example.gov.uk>",
                           "failed_recipients": ["leaver@cmg.example.gov.uk"]}, case_ref="SSST-000061"))
    # HTML-only Outlook referral, labels in bold paragraphs
    html = ("<html><body><div class=WordSection1><p class=MsoNormal>Hi VSAT,<o:p></o:p></p>"
            "<p class=MsoNormal>Can you arrange a home visit please?<o:p></o:p></p>"
            "<p class=MsoNormal><b>SR Number:</b> 1-4KL5MN6<o:p></o:p></p>"
            "<p class=MsoNormal><b>SCIN:</b> 2233&nbsp;4455&nbsp;6677<o:p></o:p></p>"
            "<p class=MsoNormal><b>Client name:</b> Mrs Aoife Doherty<o:p></o:p></p>"
            "<p class=MsoNormal><b>Client role:</b> Person with care<o:p></o:p></p>"
            "<p class=MsoNormal><b>Address:</b> 12 Strand Road, Derry<o:p></o:p></p>"
            "<p class=MsoNormal><b>Postcode:</b> BT48 7AB<o:p></o:p></p>"
            "<p class=MsoNormal><b>Reason:</b> Parentage<o:p></o:p></p>"
            "<p class=MsoNormal><b>PV:</b> N &nbsp; <b>UCB:</b> N &nbsp; <b>DA:</b> N<o:p></o:p></p>"
            "<p class=MsoNormal><b>Under 16:</b> N<o:p></o:p></p>"
            "<p class=MsoNormal>Thanks, Ciara<o:p></o:p></p></div></body></html>")
    c["f2f_outlook_html_paras"] = (eml("Home visit request", None, html=html,
                                       sender="Ciara Boyle <ciara.boyle@cmg.example.gov.uk>"),
        expect("f2f_referral", f2f(sr_number="1-4KL5MN6", scin="223344556677", client_name="Mrs Aoife Doherty",
                                   client_role="receiving_parent", address="12 Strand Road, Derry",
                                   postcode="BT48 7AB", reason="parentage", pv=False, ucb=False,
                                   dangerous_area=False, under_16=False, nation="northern_ireland")))
    # referral forwarded with no f2f words in subject; form labels only
    c["f2f_forward_plain_subject"] = (eml("FW: SR 1-3GH4JK6", """Over to you.

From: Craig Munro <craig.munro@cmg.example.gov.uk>
Sent: 30 November 2026 16:12
To: Lynn Barr <lynn.barr@cmg.example.gov.uk>
Subject: SR 1-3GH4JK6

SR: 1-3GH4JK6
SCIN: 556677889901
Client: Ms Rona Mackay
Role: PWC
Address: 8 Harbour Street, Kirkwall
Postcode: KW15 1AA
Reason: Information
PV: N
UCB: N
DA: N
Under 16: N
""", sender="Lynn Barr <lynn.barr@cmg.example.gov.uk>"),
        expect("f2f_referral", f2f(sr_number="1-3GH4JK6", scin="556677889901", client_name="Ms Rona Mackay",
                                   client_role="receiving_parent", address="8 Harbour Street, Kirkwall",
                                   postcode="KW15 1AA", reason="information", pv=False, ucb=False,
                                   dangerous_area=False, under_16=False, nation="scotland")))
    # LO request with abbreviations
    c["lo_request_abbrev"] = (eml("LO request SR 1-5RT6YU7",
        "Hi SSST\n\nRequesting a liability order for SR 1-5RT6YU7 / SCIN 3344 5566 7788 - NRP is Mr Darren Pike.\n"
        "Court: Bradford and Keighley Magistrates' Court\nLO hearing: 21/01/27 at 10am\n\nThanks\nKev",
        sender="Kev Moore <kev.moore@cmg.example.gov.uk>", date="Fri, 18 Dec 2026 10:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-5RT6YU7", "scin": "334455667788", "client_name": "Mr Darren Pike",
                                         "action": "liability_order", "court": "Bradford and Keighley Magistrates' Court",
                                         "hearing_at": "2027-01-21T10:00:00+00:00"}))
    # outcomes
    c["outcome_dash_label"] = (eml("RE: [SSST-000070] Hearing 02/12 - SR 1-6GT3HZ7",
        "Outcome – LO granted with costs of £60.\n\nFarah",
        sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 15:30:00 +0000"),
        expect("court_outcome", {"sr_number": "1-6GT3HZ7", "scin": None, "outcome": "LO granted with costs of £60",
                                 "proceeding": True}, case_ref="SSST-000070"))
    c["outcome_free_text"] = (eml("SR 1-6GT3HZ6 - hearing today",
        "Hi, the liability order was granted this morning. Case file attached.\nFarah",
        sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 15:30:00 +0000"),
        expect("court_outcome", {"sr_number": "1-6GT3HZ6", "scin": None,
                                 "outcome": "the liability order was granted this morning",
                                 "proceeding": True}))
    c["cpo_label_time_first"] = (eml("RE: [SSST-000071] CPO needed - SR 1-7TR2WQ8",
        "CPO: Gareth Lewis\nHearing: 10am on 21/01/27\n\nWales CPT",
        sender="Wales CPT <wales.cpt@cpt.cmg.example.gov.uk>", date="Mon, 21 Dec 2026 11:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-7TR2WQ8", "scin": None, "cpo_name": "Gareth Lewis",
                                  "cpo_email": None, "hearing_at": "2027-01-21T10:00:00+00:00"},
               case_ref="SSST-000071"))
    # Date header in UK time across BST end: 23:30 UTC on 24 Oct is 00:30 BST on 25 Oct
    c["summons_uk_day"] = (eml("RE: [SSST-000072] Summons - SR 1-8NB3VC6",
        "Letter & summons issued 25/10.",
        sender="East CPT <east.cpt@cpt.cmg.example.gov.uk>", date="Sat, 24 Oct 2026 23:30:00 +0000"),
        expect("summons_issued", {"sr_number": "1-8NB3VC6", "scin": None, "issue_date": "2026-10-25"},
               case_ref="SSST-000072"))
    c["summons_today"] = (eml("RE: [SSST-000073] Summons - SR 1-8NB3VC7",
        "LO summons sent out today.",
        sender="East CPT <east.cpt@cpt.cmg.example.gov.uk>", date="Tue, 08 Dec 2026 12:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-8NB3VC7", "scin": None, "issue_date": "2026-12-08"},
               case_ref="SSST-000073"))
    c["paid_short_date"] = (eml("RE: [SSST-000074] Court fee due - SR 1-3ER5TY8",
        "Paid - £71 on 02.12.26\n\nMark",
        sender="Mark Dunn <mark.dunn@ssst.cmg.example.gov.uk>", date="Thu, 03 Dec 2026 09:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-3ER5TY8", "scin": None, "paid_on": "2026-12-02"},
               case_ref="SSST-000074"))
    c["paid_this_morning"] = (eml("RE: [SSST-000075] Court fee due - SR 1-3ER5TY9",
        "I've paid the fee this morning.\nMark",
        sender="Mark Dunn <mark.dunn@ssst.cmg.example.gov.uk>", date="Thu, 03 Dec 2026 13:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-3ER5TY9", "scin": None, "paid_on": "2026-12-03"},
               case_ref="SSST-000075"))
    c["ooo_annual_leave"] = (eml("Out of office",
        "Hello,\n\nI am currently on annual leave returning on Tuesday 5th January 2027. If urgent please "
        "contact the team inbox.\n\nThanks",
        sender="Jo Platt <jo.platt@cpt.cmg.example.gov.uk>", date="Fri, 18 Dec 2026 17:00:00 +0000",
        extra="X-Auto-Response-Suppress: All\n"),
        expect("auto_reply", {"until": "2027-01-05"}))
    c["visit_second_time"] = (eml("SR 1-2ZX4CV7 F2F",
        "Mr Ahmed failed to attend for the second time today. No contact from him.",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>"),
        expect("visit_outcome", {"sr_number": "1-2ZX4CV7", "outcome": "failed_to_attend", "failed_attempts": 2}))
    c["visit_no_show_2nd"] = (eml("RE: [VSAT-000080] Appointment SR 1-2ZX4CV8",
        "No show today (2nd one). I'll write to the client.",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>"),
        expect("visit_outcome", {"sr_number": "1-2ZX4CV8", "outcome": "failed_to_attend", "failed_attempts": 2},
               case_ref="VSAT-000080"))
    c["threat_knife"] = (eml("FW: call from NRP SR 1-9PO8IU7",
        "FYI - he threatened to come down to the office with a knife.",
        sender="Lynn Barr <lynn.barr@cmg.example.gov.uk>"),
        expect("unknown", {}, flags=["threat"], needs_human=True))
    c["suicide_ending_it_all"] = (eml("RE: [VSAT-000081] Appointment SR 1-2ZX4CV9",
        "Visit completed. The client said she has been thinking about ending it all; I have given her the "
        "Samaritans number and told my manager.",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>"),
        expect("visit_outcome", {"sr_number": "1-2ZX4CV9", "outcome": "completed", "failed_attempts": None},
               case_ref="VSAT-000081", flags=["suicide_risk"], needs_human=True))
    c["quoted_sr_only"] = (eml("RE: hearing",
        "Summons was issued on 1st December.\n\nOn Mon, 30 Nov 2026 at 09:00, Ann Briggs <ann.briggs@cmg.example.gov.uk> wrote:\n"
        "> Has the summons gone out for SR 1-1QA2WS3?\n",
        sender="East CPT <east.cpt@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": None, "scin": None, "issue_date": "2026-12-01"}, needs_human=True))
    c["vsat_declined_reason_label"] = (eml("RE: [VSAT-000082] Referral for decision - SR 1-5BV8NC5",
        "Decision: Declined\nReason: No current address held for the client.\n\nVSAT",
        sender="VSAT Team <vsat.team@vsat.cmg.example.gov.uk>"),
        expect("vsat_decision", {"sr_number": "1-5BV8NC5", "decision": "reject",
                                 "reason": "No current address held for the client"}, case_ref="VSAT-000082"))
    c["vsat_happy_to_accept"] = (eml("RE: [VSAT-000083] Referral for decision - SR 1-5BV8NC6",
        "Happy to accept this one - passing to the Leeds consultants.\n\nVSAT",
        sender="VSAT Team <vsat.team@vsat.cmg.example.gov.uk>"),
        expect("vsat_decision", {"sr_number": "1-5BV8NC6", "decision": "accept", "reason": None},
               case_ref="VSAT-000083"))
    c["appt_labels_date_time"] = (eml("Appointment - SR 1-8UY7TR8",
        "Appointment details:\nDate: Thurs 7th Jan\nTime: 1.45pm\nVenue: Clients home address - 3 Mill Lane, Ayr KA7 1AA\n",
        sender="Fiona Ross <fiona.ross@f2f.cmg.example.gov.uk>", date="Mon, 21 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-8UY7TR8", "appointment_at": "2027-01-07T13:45:00+00:00",
                                            "location": "Clients home address - 3 Mill Lane, Ayr KA7 1AA"}))
    c["fee_label_amount"] = (eml("Court fee request - SR 1-2WS3ED5",
        "Please pay the following court fee up front.\n\nClient: Mr Jamal Reid\nSCIN: 900122334456\n"
        "Court: Wolverhampton County Court\nAmount: £308.00\n\nECM",
        sender="Alys Pugh <alys.pugh@cmg.example.gov.uk>"),
        expect("enforcement_fee_request", {"sr_number": "1-2WS3ED5", "scin": "900122334456",
                                           "client_name": "Mr Jamal Reid", "court": "Wolverhampton County Court",
                                           "fee": "308.00"}))
    return c


def cases_more_wordings() -> dict[str, tuple[bytes, dict]]:
    """A referral forwarded as an attached message; court words beside 'did not attend'; '@ 10:00'."""
    c = {}
    inner = ("From: Craig Munro <craig.munro@cmg.example.gov.uk>\nTo: Lynn Barr <lynn.barr@cmg.example.gov.uk>\n"
             "Subject: CMSF5579 - SR 1-3GH4JK7\nDate: Mon, 30 Nov 2026 16:12:00 +0000\nMessage-ID: <inner1@cmg.example.gov.uk>\n"
             "Content-Type: text/plain; charset=utf-8\n\nSR: 1-3GH4JK7\nSCIN: 556677889902\nClient: Mr Owen Price\n"
             "Role: NRP\nAddress: 7 High Street, Merthyr Tydfil\nPostcode: CF47 8AA\nReason: Payments\nPV: N\nUCB: N\nDA: N\nUnder 16: N\n")
    raw = ("From: Lynn Barr <lynn.barr@cmg.example.gov.uk>\nTo: VSAT <vsat.interviews@vsat.cmg.example.gov.uk>\n"
           "Subject: FW: CMSF5579 - SR 1-3GH4JK7\nDate: Tue, 01 Dec 2026 09:00:00 +0000\nMessage-ID: <outer1@cmg.example.gov.uk>\n"
           "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain; charset=utf-8\n\n"
           "Referral attached as forwarded.\n\n--q\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"CMSF5579.eml\"\n\n"
           + inner + "\n--q--\n").encode()
    c["f2f_forward_as_attachment"] = (raw, expect("f2f_referral", f2f(
        sr_number="1-3GH4JK7", scin="556677889902", client_name="Mr Owen Price", client_role="paying_parent",
        address="7 High Street, Merthyr Tydfil", postcode="CF47 8AA", reason="payments", pv=False, ucb=False,
        dangerous_area=False, under_16=False, nation="england_wales")))
    c["cpo_no_verb"] = (eml("RE: [SSST-000091] CPO needed - SR 1-7TR2WQ1",
        "Hearing date: 03/02/2027 10:00, CPO Sarah Jones.\n\nMidlands CPT",
        sender="Midlands CPT <mids.cpt@cpt.cmg.example.gov.uk>", date="Mon, 21 Dec 2026 11:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-7TR2WQ1", "scin": None, "cpo_name": "Sarah Jones",
                                  "cpo_email": None, "hearing_at": "2027-02-03T10:00:00+00:00"}, case_ref="SSST-000091"))
    c["appt_at_sign"] = (eml("RE: [VSAT-000092] Appointment needed - SR 1-8UY7TR1",
        "Booked: Mon 11th Jan 2027 @ 10:00 - Merthyr Tydfil Jobcentre Plus, CF47 8BU",
        sender="Ceri Wynne <ceri.wynne@f2f.cmg.example.gov.uk>", date="Mon, 21 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-8UY7TR1", "appointment_at": "2027-01-11T10:00:00+00:00",
                                            "location": "Merthyr Tydfil Jobcentre Plus, CF47 8BU"}, case_ref="VSAT-000092"))
    c["visit_interview_completed"] = (eml("SR 1-2ZX4CV1 - F2F",
        "Interview completed with the receiving parent today. Notes on the system.",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>"),
        expect("visit_outcome", {"sr_number": "1-2ZX4CV1", "outcome": "completed", "failed_attempts": None}))
    c["vsat_rejected_dash"] = (eml("RE: [VSAT-000093] Referral for decision - SR 1-5BV8NC1",
        "REJECTED - duplicate referral, SR already has an open F2F",
        sender="VSAT Team <vsat.team@vsat.cmg.example.gov.uk>"),
        expect("vsat_decision", {"sr_number": "1-5BV8NC1", "decision": "reject",
                                 "reason": "duplicate referral, SR already has an open F2F"}, case_ref="VSAT-000093"))
    c["outcome_lo_nrp_absent"] = (eml("RE: [SSST-000094] Hearing 02/12 - SR 1-6GT3HZ1",
        "The NRP did not attend. LO granted in his absence.\nFarah",
        sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 15:30:00 +0000"),
        expect("court_outcome", {"sr_number": "1-6GT3HZ1", "scin": None, "outcome": "LO granted in his absence",
                                 "proceeding": True}, case_ref="SSST-000094"))
    c["outcome_adjourned"] = (eml("SR 1-6GT3HZ2 hearing",
        "Hearing adjourned to 03/02/2027 at the court's request.\nFarah",
        sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 15:30:00 +0000"),
        expect("court_outcome", {"sr_number": "1-6GT3HZ2", "scin": None,
                                 "outcome": "Hearing adjourned to 03/02/2027 at the court's request",
                                 "proceeding": True}))
    c["fee_paid_receipt"] = (eml("SR 1-3ER5TY1 court fee",
        "Fee paid 02/12/2026 – receipt attached.\nMark, SSST",
        sender="Mark Dunn <mark.dunn@ssst.cmg.example.gov.uk>", date="Thu, 03 Dec 2026 09:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-3ER5TY1", "scin": None, "paid_on": "2026-12-02"}))
    c["fee_label_spaced"] = (eml("Fee request SR 1-2WS3ED1",
        "Court fee: £ 71\nCourt: Swansea Magistrates Court\nNRP: Mr Ieuan Hopkins\nSCIN - 1234 5678 9013\n",
        sender="Alys Pugh <alys.pugh@cmg.example.gov.uk>"),
        expect("enforcement_fee_request", {"sr_number": "1-2WS3ED1", "scin": "123456789013",
                                           "client_name": "Mr Ieuan Hopkins", "court": "Swansea Magistrates Court",
                                           "fee": "71.00"}))
    c["appt_weekday_only"] = (eml("Appointment SR 1-4RF5TG1",
        "Seeing Mr Khan 2.15pm on Thursday at Bradford Jobcentre.",
        sender="Niamh Kerr <niamh.kerr@f2f.cmg.example.gov.uk>", date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-4RF5TG1", "appointment_at": "2026-12-03T14:15:00+00:00",
                                            "location": "Bradford Jobcentre"}))
    c["f2f_enforcement_rp_dash"] = (eml("F2F referral SR 1-9OL8IK1", """SR: 1-9OL8IK1
SCIN: 123456789014
Client name: Leanne Watts
Client role: Receiving parent
Address: 5 Quay Street, Truro
Postcode: TR1 2HE
Reason: Enforcement – receiving parent
PV: No   UCB: No   DA: No
Under 16: No
"""), expect("f2f_referral", f2f(sr_number="1-9OL8IK1", scin="123456789014", client_name="Leanne Watts",
                                   client_role="receiving_parent", address="5 Quay Street, Truro", postcode="TR1 2HE",
                                   reason="enforcement_receiving_parent", pv=False, ucb=False, dangerous_area=False,
                                   under_16=False, nation="england_wales")))
    c["threat_verbal_abuse"] = (eml("RE: [VSAT-000095] Appointment - SR 1-7KJ8HG1",
        "Client did not attend. He rang afterwards and was verbally abusive to our receptionist.\nSue",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>"),
        expect("visit_outcome", {"sr_number": "1-7KJ8HG1", "outcome": "failed_to_attend", "failed_attempts": None},
               case_ref="VSAT-000095", flags=["threat"], needs_human=True))
    c["summons_served"] = (eml("RE: [SSST-000096] Summons - SR 1-8NB3VC1",
        "Summons served 1/12/26. Hearing 19/01/27.",
        sender="East CPT <east.cpt@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-8NB3VC1", "scin": None, "issue_date": "2026-12-01"},
               case_ref="SSST-000096"))
    return c


_MAILBOT_QUOTE = """

-----Original Message-----
From: {bot} Mailbot <mailbot@{box}.cmg.example.gov.uk>
Sent: {sent}
To: {to}
Subject: {subject}

{body}
"""


def cases_real_variety() -> dict[str, tuple[bytes, dict]]:
    """Other people's wording and layouts: dash labels, labels over values, Outlook tables,
    British dates ("Tuesday 3rd March", "03/03/26", "half two", "14:00hrs"), legacy terms,
    officers' free text, machine mail from other systems, safety words new and quoted."""
    c = {}
    f2f_sender = "Jo Platt <jo.platt@cmg.example.gov.uk>"
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"

    # --- referrals ---------------------------------------------------------------------
    c["f2f_dash_labels_pwc"] = (eml("F2F visit needed SR 1-6TY7UI8", """Morning VSAT,

Could you set up a face to face with the PWC please. Details -

SR Number - 1-6TY7UI8
SCIN - 4410-2290-7781
Name - Kerry-Ann Walsh
Parent type - PWC
Address - 22 Mill Lane
Pemberton
Wigan
Postcode - wn5 8aa
Tel - 01942 000 111
Reason for visit - Appeal
PV - N
UCB - N
DA - N
Under 16 - N
Special requirements - Ground floor room please (uses a walking frame)
Caseworker - jo.platt@cmg.example.gov.uk
TL - mark.ince@cmg.example.gov.uk
EIO - N

Cheers
Jo""", sender=f2f_sender, to=vsat, date="Mon, 23 Feb 2026 09:15:00 +0000"),
        expect("f2f_referral", f2f(
            sr_number="1-6TY7UI8", scin="441022907781", client_name="Kerry-Ann Walsh",
            client_role="receiving_parent", address="22 Mill Lane, Pemberton, Wigan", postcode="WN5 8AA",
            phone="01942000111", reason="appeal", pv=False, ucb=False, dangerous_area=False, under_16=False,
            special_requirements="Ground floor room please (uses a walking frame)",
            caseworker_email="jo.platt@cmg.example.gov.uk", team_leader_email="mark.ince@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    c["f2f_labels_over_values"] = (eml("Visiting Service referral", """Please see referral below (copied from the form).

Service Request Number
1-2ZX3CV4

SCIN
5566 7788 9900

Client Full Name
Mr Declan O'Hara

Client Role
Non resident parent

Address
Flat 3, 41 Ormeau Road
Belfast

Post Code
BT7 1SH

Telephone Number
07700 900 456

Reason for Face to Face
Payments

PV Marker
No

UCB
No

Dangerous Area
Yes

Under 16
No

Special Requirements
None

Caseworker Email
ruth.mccann@cmg.example.gov.uk

Team Leader Email
paul.dunne@cmg.example.gov.uk

Enforcement Investigative Officer activity
No

Ruth""", sender="Ruth McCann <ruth.mccann@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-2ZX3CV4", scin="556677889900", client_name="Mr Declan O'Hara",
            client_role="paying_parent", address="Flat 3, 41 Ormeau Road, Belfast", postcode="BT7 1SH",
            phone="07700900456", reason="payments", pv=False, ucb=False, dangerous_area=True, under_16=False,
            caseworker_email="ruth.mccann@cmg.example.gov.uk", team_leader_email="paul.dunne@cmg.example.gov.uk",
            nation="northern_ireland", enforcement=False)))

    rows = [("Service Request No.", "1-9KJ8HG7"), ("Scheme Client ID", "3344 5566 7788"),
            ("Customer name", "Ross Kennedy"), ("NRP / PWC", "NRP"),
            ("Home address", "27 Kilmarnock Road<br>Shawlands<br>Glasgow<br>G41 3YN"),
            ("Contact tel", "0141 000 2233"),
            ("Purpose of visit", "Why we have taken action against you to recover money owed for child maintenance"),
            ("PV", "Yes &#8211; see notes on CIS"), ("UCB", "No"), ("Dangerous area", "No"),
            ("Client under 16?", "No"), ("Reasonable adjustments", "N/A"),
            ("Referred by", "<a href=\"mailto:alan.reid@cmg.example.gov.uk\">alan.reid@cmg.example.gov.uk</a>"),
            ("Team leader", "fiona.grant@cmg.example.gov.uk"), ("Country", "Scotland"), ("EIO required", "Yes")]
    table = "".join(f"<tr style='height:15.0pt'><td width=240 valign=top style='border:solid windowtext 1.0pt'>"
                    f"<p class=MsoNormal><span style='font-size:11.0pt'>{k}<o:p></o:p></span></p></td>"
                    f"<td width=360 valign=top style='border:solid windowtext 1.0pt;border-left:none'>"
                    f"<p class=MsoNormal><span style='font-size:11.0pt'>{v}<o:p></o:p></span></p></td></tr>"
                    for k, v in rows)
    html = ("<html><head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\"></head>"
            "<body lang=EN-GB link=\"#0563C1\"><div class=WordSection1><p class=MsoNormal>Hi,<o:p></o:p></p>"
            "<p class=MsoNormal>Please arrange a visit for the NRP below so an EIO can attend.<o:p></o:p></p>"
            f"<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0>{table}</table>"
            "<p class=MsoNormal>Alan Reid<o:p></o:p></p><p class=MsoNormal>Enforcement, Glasgow<o:p></o:p></p>"
            "</div></body></html>")
    c["f2f_outlook_table_html_only"] = (eml("Face to face referral", None, html=html, to=vsat,
                                            sender="Alan Reid <alan.reid@cmg.example.gov.uk>"),
        expect("f2f_referral", f2f(
            sr_number="1-9KJ8HG7", scin="334455667788", client_name="Ross Kennedy", client_role="paying_parent",
            address="27 Kilmarnock Road, Shawlands, Glasgow", postcode="G41 3YN", phone="01410002233",
            reason="enforcement_paying_parent", pv=True, ucb=False, dangerous_area=False, under_16=False,
            caseworker_email="alan.reid@cmg.example.gov.uk", team_leader_email="fiona.grant@cmg.example.gov.uk",
            nation="scotland", enforcement=True), flags=["pv"]))

    form = docx_form([
        ["SR", "1-5RE4WS3", "SCIN", "998877665544"],
        ["Client name", "Bethan Pryce", "Client is (PWC/NRP)", "Parent with care"],
        ["Address", "Ty Gwyn, Heol y Bryn, Aberystwyth", "Postcode", "SY23 3AB"],
        ["Phone", "01970 000000", "Reason", "Other"],
        ["If other, please specify", "Wants help understanding the new calculation after a job loss", "", ""],
        ["PV", "N", "UCB", "N"],
        ["DA", "N", "Under 16", "N"],
        ["Special requirements", "Welsh speaker preferred", "Enforcement", "N"],
        ["Caseworker email", "a.lloyd@cmg.example.gov.uk", "Team leader email", "g.morris@cmg.example.gov.uk"],
    ])
    c["f2f_docx_four_columns"] = (eml("CMSF5579 - SR 1-5RE4WS3", "Form attached.\n\nDiolch,\nAled",
                                      to=vsat, sender="Aled Lloyd <a.lloyd@cmg.example.gov.uk>",
                                      attachments=[("CMSF5579 Pryce.docx", DOCX, form)]),
        expect("f2f_referral", f2f(
            sr_number="1-5RE4WS3", scin="998877665544", client_name="Bethan Pryce",
            client_role="receiving_parent", address="Ty Gwyn, Heol y Bryn, Aberystwyth", postcode="SY23 3AB",
            phone="01970000000", reason="other",
            reason_text="Wants help understanding the new calculation after a job loss", pv=False, ucb=False,
            dangerous_area=False, under_16=False, special_requirements="Welsh speaker preferred",
            caseworker_email="a.lloyd@cmg.example.gov.uk", team_leader_email="g.morris@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    c["f2f_ssst_request_eio"] = (eml("Request for F2F - SR 1-3QA2WS1 - enforcement (NRP)", """Hi VSAT,

SSST would like a face to face visit arranged with the paying parent so an Enforcement Investigative Officer can go through the arrears with him.

SR 1-3QA2WS1 / SCIN 2100 3344 5566
Client: Mr Gary Lomas
Address: 7 Hope Street, Liverpool, L1 9BQ
Phone: 07700 900789
Reason: Enforcement (paying parent)
PV: N   UCB: N   DA: N   Under 16: N

Thanks
Priya Shah
SSST""", to=vsat, sender="Priya Shah <priya.shah@ssst.cmg.example.gov.uk>"),
        expect("f2f_referral", f2f(
            sr_number="1-3QA2WS1", scin="210033445566", client_name="Mr Gary Lomas", client_role="paying_parent",
            address="7 Hope Street, Liverpool", postcode="L1 9BQ", phone="07700900789",
            reason="enforcement_paying_parent", pv=False, ucb=False, dangerous_area=False, under_16=False,
            nation="england_wales", enforcement=True)))

    # --- court work --------------------------------------------------------------------
    c["court_action_commitment_hrs"] = (eml("Commitment - SR 1-8UJ7YH6 - passing to SSST", """Afternoon,

Please can you progress commitment action for the below. NRP is Mr Lee Darby.

SR - 1-8UJ7YH6
SCIN - 6655 4433 2211
Court - Leeds Magistrates' Court
Hearing date - 14/01/27 at 14:00hrs

He has a PV marker on CIS so please take care with any contact.

Thanks
Hannah Firth
ECM""", sender="Hannah Firth <hannah.firth@cmg.example.gov.uk>", date="Tue, 01 Dec 2026 11:02:00 +0000"),
        expect("court_action_request", {"sr_number": "1-8UJ7YH6", "scin": "665544332211",
                                        "client_name": "Mr Lee Darby", "action": "commitment",
                                        "court": "Leeds Magistrates' Court",
                                        "hearing_at": "2027-01-14T14:00:00+00:00"}, flags=["pv"]))

    c["court_action_lo_allocating"] = (eml("LO work for SSST", """Hi team

I'm allocating the liability order for Ms Tanya Briggs to SSST - SR 1-4ED3RF2, scheme client ID 7788 9900 1122.

It's listed at Sheffield Magistrates Court on Tuesday 3rd March at half two.

Ta,
Neil""", sender="Neil Oakes <neil.oakes@cmg.example.gov.uk>", date="Mon, 23 Feb 2026 14:30:00 +0000"),
        expect("court_action_request", {"sr_number": "1-4ED3RF2", "scin": "778899001122",
                                        "client_name": "Ms Tanya Briggs", "action": "liability_order",
                                        "court": "Sheffield Magistrates Court",
                                        "hearing_at": "2026-03-03T14:30:00+00:00"}))

    c["fee_request_dash_labels"] = (eml("Up front court fee request - 1-7YH6TG5", """Hello SSST

Can you pay the issue fee for the county court claim please, details below:

Client name - Darren Pike (NRP)
SR ref - 1-7YH6TG5
SCIN - 1212 3434 5656
Court - Bristol Civil Justice Centre
Amount - £308

Many thanks
Sue Grey
Enforcement Case Manager""", sender="Sue Grey <sue.grey@cmg.example.gov.uk>", date="Wed, 04 Nov 2026 12:00:00 +0000"),
        expect("enforcement_fee_request", {"sr_number": "1-7YH6TG5", "scin": "121234345656",
                                           "client_name": "Darren Pike", "court": "Bristol Civil Justice Centre",
                                           "fee": "308.00"}))

    quoted = _MAILBOT_QUOTE.format(bot="SSST", box="ssst", sent="24 February 2026 09:00",
                                   to="North West CPT <nw.cpt@cpt.cmg.example.gov.uk>",
                                   subject="[SSST-000231] CPO needed - SR 1-2WS3ED4",
                                   body="The hearing was listed for 24/02/2026. Please reply with the CPO's name.")
    html = ("<html><body><p>Hi, details below.</p><table border=1>"
            "<tr><td><b>Court Presenting Officer</b></td><td>Jane Okafor</td></tr>"
            "<tr><td><b>Email</b></td><td>jane.okafor@cpt.cmg.example.gov.uk</td></tr>"
            "<tr><td><b>Hearing date</b></td><td>03/03/26</td></tr>"
            "<tr><td><b>Time</b></td><td>10:00</td></tr></table><p>North West CPT</p>"
            "<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p><b>From:</b> SSST Mailbot "
            "&lt;mailbot@ssst.cmg.example.gov.uk&gt;<br><b>Sent:</b> 24 February 2026 09:00<br><b>To:</b> North West CPT"
            "<br><b>Subject:</b> [SSST-000231] CPO needed - SR 1-2WS3ED4</p></div>"
            "<p>The hearing was listed for 24/02/2026. Please reply with the CPO's name.</p></body></html>")
    c["cpo_outlook_table_time_row"] = (eml("RE: [SSST-000231] CPO needed - SR 1-2WS3ED4", None, html=html,
                                           sender="North West CPT <nw.cpt@cpt.cmg.example.gov.uk>",
                                           date="Wed, 25 Feb 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-2WS3ED4", "scin": None, "cpo_name": "Jane Okafor",
                                  "cpo_email": "jane.okafor@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2026-03-03T10:00:00+00:00"}, case_ref="SSST-000231"))

    c["cpo_will_present"] = (eml("SR 1-6YH5TG4 - CPO", """Morning,

Sandeep Gill from our team will present this one. Hearing is at Coventry Magistrates on Thurs 10th Dec, 10.30am.

Any questions give me a shout.

Carol
West Midlands CPT""", sender="West Midlands CPT <wm.cpt@cpt.cmg.example.gov.uk>",
        date="Mon, 30 Nov 2026 09:40:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-6YH5TG4", "scin": None, "cpo_name": "Sandeep Gill",
                                  "cpo_email": None, "hearing_at": "2026-12-10T10:30:00+00:00"}))

    c["cpo_date_only_in_quote"] = (eml("RE: [SSST-000240] CPO needed - SR 1-1QA2ZS3",
        "CPO for this is Martin Kaye (martin.kaye@cpt.cmg.example.gov.uk). Hearing date to follow.\n\nYorkshire CPT"
        + _MAILBOT_QUOTE.format(bot="SSST", box="ssst", sent="26 November 2026 09:00",
                                to="Yorkshire CPT <yorks.cpt@cpt.cmg.example.gov.uk>",
                                subject="[SSST-000240] CPO needed - SR 1-1QA2ZS3",
                                body="Liability order work for SR 1-1QA2ZS3 (SCIN 1029 3847 5610). The hearing is "
                                     "provisionally listed for 15/12/2026."),
        sender="Yorkshire CPT <yorks.cpt@cpt.cmg.example.gov.uk>", date="Fri, 27 Nov 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-1QA2ZS3", "scin": None, "cpo_name": "Martin Kaye",
                                  "cpo_email": "martin.kaye@cpt.cmg.example.gov.uk", "hearing_at": None},
               case_ref="SSST-000240"))

    c["second_pv_check_bst"] = (eml("2nd PV check please - 1-3ED4RF5", """Hiya,

Hearing is listed Thursday 4th June 10am at Wigan & Leigh Magistrates. Can you do the 2nd PV check and let me know of any payments or contact since the summons went out?

Thanks, Ola (CPO)""", sender="Ola Adeyemi <ola.adeyemi@cpt.cmg.example.gov.uk>", date="Mon, 01 Jun 2026 09:00:00 +0100"),
        expect("second_pv_check_request", {"sr_number": "1-3ED4RF5", "scin": None,
                                           "hearing_at": "2026-06-04T10:00:00+01:00"}))

    c["summons_issued_weekday"] = (eml("RE: [SSST-000250] Letter & summons - SR 1-5TG6YH7",
        "Hi,\n\nLetter and summons were issued on Friday 27th Nov. Hearing 12/01/2027.\n\nRegards\nKent CPT",
        sender="Kent CPT <kent.cpt@cpt.cmg.example.gov.uk>", date="Tue, 01 Dec 2026 09:30:00 +0000"),
        expect("summons_issued", {"sr_number": "1-5TG6YH7", "scin": None, "issue_date": "2026-11-27"},
               case_ref="SSST-000250"))

    c["cover_letter_cpo_the_12th_of"] = (eml("Cover letter - SR 1-9IK8UJ7", """Hi SSST,

Could you send me the paying parent cover letter for Mr Tomlin please? The hearing is on the 12th of January at 10am at Norwich Magistrates. Costs of £45.00 to be included.

Thanks
Aisha Bello
CPO""", sender="Aisha Bello <aisha.bello@cpt.cmg.example.gov.uk>", date="Thu, 03 Dec 2026 15:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-9IK8UJ7", "scin": None,
                                        "hearing_at": "2027-01-12T10:00:00+00:00", "costs": "45.00"}))

    c["cmel_subject_weekday_date"] = (eml("CMEL9180 \u2013 Hearing Tues 15th Dec \u2013 SR 1-2PO9IU8",
        "Summons back from court. Please issue the CMEL9180 to the PP.\nCosts \u00a392.50\n\nAnglia CPT",
        sender="Anglia CPT <anglia.cpt@cpt.cmg.example.gov.uk>", date="Mon, 30 Nov 2026 10:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-2PO9IU8", "scin": None, "hearing_at": "2026-12-15",
                                        "costs": "92.50"}))

    # --- court outcomes ----------------------------------------------------------------
    cpo = "Gemma Rowe <gemma.rowe@cpt.cmg.example.gov.uk>"
    c["outcome_lo_made_costs"] = (eml("SR 1-7UJ6YH5 outcome", "LO made, costs of \u00a370 awarded. NRP didn't show.\n\nGemma",
                                      sender=cpo, date="Thu, 10 Dec 2026 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-7UJ6YH5", "scin": None, "outcome": "LO made, costs of £70 awarded",
                                 "proceeding": True}))
    c["outcome_adjourned_to_date"] = (eml("RE: [SSST-000260] Hearing 10/12 - SR 1-8IK7UJ6",
        "Adjourned to 21st January 2027 - the NRP's solicitor asked for time to file a defence.\n\nDave",
        sender="Dave Holt <dave.holt@cpt.cmg.example.gov.uk>", date="Thu, 10 Dec 2026 16:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-8IK7UJ6", "scin": None,
                                 "outcome": "Adjourned to 21st January 2027 - the NRP's solicitor asked for time to file a defence",
                                 "proceeding": True}, case_ref="SSST-000260"))
    c["outcome_struck_out"] = (eml("Result - 1-4RF3ED2",
        "Afternoon, the case was struck out by the district judge as the summons was served late. "
        "I can reissue if you want me to.\n\nGemma", sender=cpo, date="Thu, 10 Dec 2026 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-4RF3ED2", "scin": None,
                                 "outcome": "the case was struck out by the district judge as the summons was served late",
                                 "proceeding": True}))
    c["outcome_dismissed"] = (eml("Court outcome SR 1-3WS2QA1",
        "The magistrates dismissed the application as the NRP had already paid the arrears in full.\n\nGemma",
        sender=cpo, date="Thu, 10 Dec 2026 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-3WS2QA1", "scin": None,
                                 "outcome": "The magistrates dismissed the application as the NRP had already paid the arrears in full",
                                 "proceeding": True}))
    c["outcome_not_going_ahead"] = (eml("RE: [SSST-000270] Liability order hearing - SR 1-6TF5RD4",
        "Hi, we're not going ahead with the hearing on Thursday - the PP has set up a DEO and the first payment "
        "has cleared. I've asked the court to vacate the listing.\n\nKen"
        + _MAILBOT_QUOTE.format(bot="SSST", box="ssst", sent="30 November 2026 09:00",
                                to="Ken Marsh <ken.marsh@cpt.cmg.example.gov.uk>",
                                subject="[SSST-000270] Liability order hearing - SR 1-6TF5RD4",
                                body="Please send the outcome of the hearing on 03/12/2026 and the case file."),
        sender="Ken Marsh <ken.marsh@cpt.cmg.example.gov.uk>", date="Tue, 01 Dec 2026 12:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-6TF5RD4", "scin": None, "outcome": None, "proceeding": False},
               case_ref="SSST-000270"))
    c["outcome_label_over_value"] = (eml("Hearing result SR 1-5YG4TF3",
        "Hearing outcome\nOrder granted - committal suspended on terms of \u00a325 per week\n\nSCIN 2323 4545 6767\n\nGemma",
        sender=cpo, date="Thu, 10 Dec 2026 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-5YG4TF3", "scin": "232345456767",
                                 "outcome": "Order granted - committal suspended on terms of £25 per week",
                                 "proceeding": True}))

    # --- VSAT decisions ----------------------------------------------------------------
    gill = "Gillian Peart <gillian.peart@vsat.cmg.example.gov.uk>"
    referral = "Referral received for SR {sr} (CF24 3AA). Checks: PV N, UCB N, DA N.\nReply ACCEPT, or REJECT: reason."
    c["vsat_unable_to_take"] = (eml("RE: [VSAT-000310] Referral for decision - SR 1-7GB6HN5",
        "Hi,\n\nSorry, we're unable to take this one - the address is in a dangerous area and we'd need a police "
        "escort, which isn't available.\n\nGill\nVSAT", sender=gill, to=vsat),
        expect("vsat_decision", {"sr_number": "1-7GB6HN5", "decision": "reject",
                                 "reason": "the address is in a dangerous area and we'd need a police escort, which isn't available"},
               case_ref="VSAT-000310"))
    c["vsat_take_it_quoted_reject"] = (eml("RE: [VSAT-000311] Referral for decision - SR 1-2NH3MJ4",
        "Yes that's fine, we'll take it. Ffion will be in touch to book.\n\nGill"
        + _MAILBOT_QUOTE.format(bot="VSAT", box="vsat", sent="01 December 2026 09:00", to=vsat,
                                subject="[VSAT-000311] Referral for decision - SR 1-2NH3MJ4",
                                body=referral.format(sr="1-2NH3MJ4")), sender=gill, to=vsat),
        expect("vsat_decision", {"sr_number": "1-2NH3MJ4", "decision": "accept", "reason": None},
               case_ref="VSAT-000311"))
    c["vsat_not_accepted_label"] = (eml("RE: [VSAT-000312] Referral for decision - SR 1-8UH7YG6",
        "VSAT decision: Not accepted\nReason for rejection: client already has a visit booked under SR 1-2NH3MJ9\n\nVSAT",
        sender=gill, to=vsat),
        expect("vsat_decision", {"sr_number": "1-8UH7YG6", "decision": "reject",
                                 "reason": "client already has a visit booked under SR 1-2NH3MJ9"},
               case_ref="VSAT-000312"))

    # --- appointments ------------------------------------------------------------------
    consultant = "Shabana Mir <shabana.mir@f2f.cmg.example.gov.uk>"
    c["appt_hrs_weekday_ordinal"] = (eml("RE: [VSAT-000320] Appointment needed - SR 1-4TG5YH6",
        "Hi,\n\nAppointment booked for Tuesday 3rd March, 14:00hrs, at Leeds City Jobcentre Plus, Eastgate, LS2 7JL.\n\n"
        "Shabana\nF2F Consultant", sender=consultant, to=vsat, date="Mon, 23 Feb 2026 11:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-4TG5YH6", "appointment_at": "2026-03-03T14:00:00+00:00",
                                            "location": "Leeds City Jobcentre Plus, Eastgate, LS2 7JL"},
               case_ref="VSAT-000320"))
    c["appt_labels_over_values"] = (eml("Appointment details SR 1-6HN5BG4",
        "Date:\n03/03/26\n\nTime:\n2pm\n\nVenue:\nWrexham Jobcentre Plus, Hill Street, Wrexham LL11 1SN\n\n"
        "Please let the client know.\nEleri", sender="Eleri Hughes <eleri.hughes@f2f.cmg.example.gov.uk>", to=vsat,
        date="Mon, 23 Feb 2026 11:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-6HN5BG4", "appointment_at": "2026-03-03T14:00:00+00:00",
                                            "location": "Wrexham Jobcentre Plus, Hill Street, Wrexham LL11 1SN"}))
    c["appt_half_two_home_pv"] = (eml("SR 1-1ZA2XS3 - home visit booked",
        "Hi all, I'll be visiting Mrs Ahmed on 3 Mar at half two.\nLocation: client's home - 14 Elm Row, Leeds LS6 2AB\n"
        "Dan will come with me as she has a PV marker.\n\nShabana", sender=consultant, to=vsat,
        date="Wed, 25 Feb 2026 16:20:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-1ZA2XS3", "appointment_at": "2026-03-03T14:30:00+00:00",
                                            "location": "client's home - 14 Elm Row, Leeds LS6 2AB"}, flags=["pv"]))
    html = ("<html><body><p class=MsoNormal>Hello, appointment arranged as below.<o:p></o:p></p>"
            "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>"
            "<tr><td><p class=MsoNormal>SR<o:p></o:p></p></td><td><p class=MsoNormal>1-8BG7VF6<o:p></o:p></p></td></tr>"
            "<tr><td><p class=MsoNormal>Date of appointment<o:p></o:p></p></td><td><p class=MsoNormal>Thursday 10 December"
            "<o:p></o:p></p></td></tr>"
            "<tr><td><p class=MsoNormal>Time<o:p></o:p></p></td><td><p class=MsoNormal>09:45<o:p></o:p></p></td></tr>"
            "<tr><td><p class=MsoNormal>Location<o:p></o:p></p></td><td><p class=MsoNormal>Omagh Jobs &amp; Benefits "
            "Office, Mountjoy Road, BT79 7BX<o:p></o:p></p></td></tr></table>"
            "<p class=MsoNormal>Niamh<o:p></o:p></p></body></html>")
    c["appt_outlook_table"] = (eml("Appointment", None, html=html, to=vsat,
                                   sender="Niamh Kerr <niamh.kerr@f2f.cmg.example.gov.uk>",
                                   date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-8BG7VF6", "appointment_at": "2026-12-10T09:45:00+00:00",
                                            "location": "Omagh Jobs & Benefits Office, Mountjoy Road, BT79 7BX"}))

    # --- visit outcomes ----------------------------------------------------------------
    c["visit_nobody_home_2nd"] = (eml("RE: [VSAT-000330] Visit - SR 1-9OL8IK7",
        "Called at the property at 11:00 as arranged - nobody home, calling card left. That's the 2nd failed "
        "attempt now.\n\nCraig", sender="Craig Munro <craig.munro@f2f.cmg.example.gov.uk>", to=vsat),
        expect("visit_outcome", {"sr_number": "1-9OL8IK7", "outcome": "failed_to_attend", "failed_attempts": 2},
               case_ref="VSAT-000330"))
    c["visit_interview_done"] = (eml("Visit outcome 1-3RF4TG5",
        "Went ahead as planned today - Mr Ince attended, interview done and the forms signed. Notes on CIS.\n\nCraig",
        sender="Craig Munro <craig.munro@f2f.cmg.example.gov.uk>", to=vsat),
        expect("visit_outcome", {"sr_number": "1-3RF4TG5", "outcome": "completed", "failed_attempts": None}))
    c["visit_fta_third_quoted_safety"] = (eml("RE: [VSAT-000331] Appointment - SR 1-6YH7UJ8",
        "FTA again today - third time. Can SSST advise next steps?\n\nSue\n\n"
        "On Mon, 7 Dec 2026 at 09:00, VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk> wrote:\n"
        "> Please report the outcome. Note: the client previously threatened staff and has said\n"
        "> he wants to end his life.\n", sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>", to=vsat,
        date="Tue, 08 Dec 2026 15:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-6YH7UJ8", "outcome": "failed_to_attend", "failed_attempts": 3},
               case_ref="VSAT-000331"))
    c["visit_completed_suicide_new"] = (eml("SR 1-2WS3ED5 - visit done",
        "Visit completed. Client became very upset and said she feels like ending it all; I followed the suicide "
        "and self-harm procedure and gave her the Samaritans number.\n\nSue",
        sender="Sue Lamb <sue.lamb@f2f.cmg.example.gov.uk>", to=vsat),
        expect("visit_outcome", {"sr_number": "1-2WS3ED5", "outcome": "completed", "failed_attempts": None},
               flags=["suicide_risk"], needs_human=True))

    # --- payment -------------------------------------------------------------------------
    c["payment_paid_by_card"] = (eml("RE: [SSST-000340] Court fee due - SR 1-7TG6RF5",
        "Fee of \u00a3119 paid by GPC card on Thursday 3rd Dec. Receipt saved to the case folder.\n\nPaul\nSSST",
        sender="Paul Dyer <paul.dyer@ssst.cmg.example.gov.uk>", date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-7TG6RF5", "scin": None, "paid_on": "2026-12-03"},
               case_ref="SSST-000340"))

    # --- read receipts -------------------------------------------------------------------
    c["read_exchange_mdn"] = (_raw_msg("""From: Ken Marsh <ken.marsh@cpt.cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Read: [SSST-000350] Liability order hearing - SR 1-6TF5RD8
Date: Mon, 07 Dec 2026 10:14:00 +0000
Message-ID: <mdn350@cpt.cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn350"
""", """--mdn350
Content-Type: text/plain; charset="us-ascii"

Your message

 To: Ken Marsh
 Subject: [SSST-000350] Liability order hearing - SR 1-6TF5RD8
 Sent: Monday, December 7, 2026 10:00:00 AM (UTC+00:00) Dublin, Edinburgh, Lisbon, London

was read on Monday, December 7, 2026 10:14:00 AM (UTC+00:00) Dublin, Edinburgh, Lisbon, London.

--mdn350
Content-Type: message/disposition-notification

Final-Recipient: RFC822; ken.marsh@cpt.cmg.example.gov.uk
Disposition: automatic-action/MDN-sent-automatically; displayed
X-MSExch-Correlation-Key: 3m3HSZq0bUmDUbo1xZfI4w==
Original-Message-ID: <ssst-000350.20261207100000@mailbot.ssst.cmg.example.gov.uk>
X-Display-Name: Ken Marsh

--mdn350--
"""), expect("read_receipt", {"original_message_id": "<ssst-000350.20261207100000@mailbot.ssst.cmg.example.gov.uk>",
                               "disposition": "displayed"}, case_ref="SSST-000350"))
    c["read_gmail_text_only"] = (eml("Read: [SSST-000352] Court fee due - SR 1-9RB2WX8",
        "This is a receipt for the mail you sent to\nandy.kettle@gmail.example.com at 07/12/2026, 09:00\n\n"
        "This receipt verifies that the message has been displayed on the recipient's computer at 07/12/2026, 09:31",
        sender="Andy Kettle <andy.kettle@gmail.example.com>", to="SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>",
        extra="In-Reply-To: <ssst-000352.20261207090000@mailbot.ssst.cmg.example.gov.uk>\n",
        date="Mon, 07 Dec 2026 09:31:00 +0000"),
        expect("read_receipt", {"original_message_id": "<ssst-000352.20261207090000@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "displayed"}, case_ref="SSST-000352"))
    c["not_read_deleted_mdn"] = (_raw_msg("""From: Lynn Barr <lynn.barr@cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Not read: [SSST-000353] Second PV check due - SR 1-3GH4JK8
Date: Tue, 08 Dec 2026 17:00:00 +0000
Message-ID: <mdn353@cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn353"
""", """--mdn353
Content-Type: text/plain; charset="us-ascii"

Your message

 To: Lynn Barr
 Subject: [SSST-000353] Second PV check due - SR 1-3GH4JK8

was deleted without being read on 08/12/2026 17:00.

--mdn353
Content-Type: message/disposition-notification

Final-Recipient: RFC822; lynn.barr@cmg.example.gov.uk
Disposition: automatic-action/MDN-sent-automatically; deleted
Original-Message-ID: <ssst-000353.20261208090000@mailbot.ssst.cmg.example.gov.uk>

--mdn353--
"""), expect("read_receipt", {"original_message_id": "<ssst-000353.20261208090000@mailbot.ssst.cmg.example.gov.uk>",
                               "disposition": "deleted"}, case_ref="SSST-000353"))

    # --- bounces -------------------------------------------------------------------------
    c["bounce_exim_copy"] = (_raw_msg("""From: Mail Delivery System <Mailer-Daemon@mx1.partner.example.org>
To: mailbot@ssst.cmg.example.gov.uk
Subject: Mail delivery failed: returning message to sender
Date: Mon, 07 Dec 2026 10:00:07 +0000
Message-ID: <E1tXyZ9-0004aB-Qq@mx1.partner.example.org>
Auto-Submitted: auto-replied
""", """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  d.jones@partner.example.org
    host mx1.partner.example.org [203.0.113.9]
    SMTP error from remote mail server after RCPT TO:<d.jones@partner.example.org>:
    550 5.1.1 <d.jones@partner.example.org>: Recipient address rejected: User unknown

------ This is a copy of the message, including all the headers. ------

Return-path: <mailbot@ssst.cmg.example.gov.uk>
Received: from mail.cmg.example.gov.uk ([192.0.2.10])
	by mx1.partner.example.org with esmtp (Exim 4.96)
Message-ID: <ssst-000360.20261207100000@mailbot.ssst.cmg.example.gov.uk>
From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: d.jones@partner.example.org
Subject: [SSST-000360] Appointment needed - SR 1-4TG5YH9
Date: Mon, 07 Dec 2026 10:00:00 +0000

Please arrange an appointment.
"""), expect("bounce", {"original_message_id": "<ssst-000360.20261207100000@mailbot.ssst.cmg.example.gov.uk>",
                           "failed_recipients": ["d.jones@partner.example.org"]}))
    c["bounce_domino"] = (_raw_msg("""From: Postmaster@legal.example.co.uk
To: mailbot@ssst.cmg.example.gov.uk
Subject: DELIVERY FAILURE: User jsmith (jsmith@legal.example.co.uk) not listed in Domino Directory
Date: Mon, 07 Dec 2026 10:02:00 +0000
Message-ID: <OF1234.5678@legal.example.co.uk>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="dom1"
""", """--dom1
Content-Type: text/plain; charset="US-ASCII"

Your message

  Subject: [SSST-000361] Court fee due - SR 1-9RB2WX9

was not delivered to:

  jsmith@legal.example.co.uk

because:

  User jsmith (jsmith@legal.example.co.uk) not listed in Domino Directory

--dom1
Content-Type: message/rfc822

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: jsmith@legal.example.co.uk
Subject: [SSST-000361] Court fee due - SR 1-9RB2WX9
Date: Mon, 07 Dec 2026 10:00:00 +0000
Message-ID: <ssst-000361.20261207100000@mailbot.ssst.cmg.example.gov.uk>

The court fee is due.
--dom1--
"""), expect("bounce", {"original_message_id": "<ssst-000361.20261207100000@mailbot.ssst.cmg.example.gov.uk>",
                           "failed_recipients": ["jsmith@legal.example.co.uk"]}))

    # --- automatic replies ---------------------------------------------------------------
    c["ooo_gmail_vacation_reply"] = (eml("Re: [SSST-000370] Liability order hearing - SR 1-4RT7YU9",
        "Thanks for your email. I'm on leave and back on Monday 7th December. For anything urgent please contact "
        "yorkshire.cpt@cpt.cmg.example.gov.uk.", sender="Dave Holt <dave.holt@cpt.cmg.example.gov.uk>",
        to="SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>", extra="Auto-Submitted: auto-replied\n",
        date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": "2026-12-07"}, case_ref="SSST-000370"))
    c["ooo_exchange_returning_short_dates"] = (eml("Automatic reply: SR 1-8IK9OL0 allocated to SSST",
        "I am away from the office from 21/12/26, returning Mon 04/01/27. Emails will not be forwarded; for urgent "
        "enforcement queries call the team line.", sender="Rebecca Thornhill <rebecca.thornhill@cmg.example.gov.uk>",
        extra="X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: rebecca.thornhill@cmg.example.gov.uk\n",
        date="Mon, 21 Dec 2026 08:00:00 +0000"),
        expect("auto_reply", {"until": "2027-01-04"}))
    c["ooo_until_weekday_ordinal"] = (eml("Out of Office: CPO needed - SR 1-2WS3ED4",
        "I'm out of the office until Tuesday 3rd March with no access to email. Please resend anything urgent "
        "to nw.cpt@cpt.cmg.example.gov.uk.", sender="Jane Okafor <jane.okafor@cpt.cmg.example.gov.uk>",
        date="Mon, 23 Feb 2026 08:00:00 +0000"),
        expect("auto_reply", {"until": "2026-03-03"}))
    c["auto_reply_mailbox_closed"] = (eml("Re: CPO needed - SR 1-1QA2ZS5",
        "This mailbox is no longer monitored. Please send all court work to north.cpt@cpt.cmg.example.gov.uk.",
        sender="Old CPT <old.cpt@cpt.cmg.example.gov.uk>", extra="X-Autoreply: yes\nPrecedence: bulk\n",
        date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": None}))

    # --- safety-only mail ----------------------------------------------------------------
    c["unknown_fwd_complaint_and_sar"] = (eml("FW: My case", """For your info - received via the web form.

---------- Forwarded message ---------
From: Client <k.bright@mail.example.com>
Date: Sun, 6 Dec 2026 at 22:10
Subject: My case
To: CMS Enquiries <enquiries@cmg.example.gov.uk>

I want to make a formal complaint about how my case has been handled. I am also requesting a copy of all the personal data you hold about me.

K Bright""", sender="Liz Todd <liz.todd@cmg.example.gov.uk>", date="Mon, 07 Dec 2026 09:00:00 +0000"),
        expect("unknown", {}, flags=["complaint", "sar_request"], needs_human=True))
    return c


def cases_real_variety_more() -> dict[str, tuple[bytes, dict]]:
    """More hands: time before date, '@', JCP, FTAs counted, NRP name labels, bare amounts."""
    c = {}
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    ecm = "Imran Qadir <imran.qadir@cmg.example.gov.uk>"
    c["court_action_cc_hearing_tbc"] = (eml("County Court action - SR 1-5PL4OK3", """Hi SSST,

Please can you take forward County Court action against the NRP.

NRP name: John Fairweather
SCIN: 3030 4040 5050
Court: Manchester County Court and Family Court
Hearing: TBC

Imran""", sender=ecm, date="Tue, 03 Nov 2026 10:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-5PL4OK3", "scin": "303040405050",
                                        "client_name": "John Fairweather", "action": "county_court",
                                        "court": "Manchester County Court and Family Court", "hearing_at": None}))
    c["court_action_time_before_date"] = (eml("Liability order request SR 1-6OK5IJ4", """Good morning

Liability order requested for the paying parent Mr Kevin Shaw, SCIN 4545 6767 8989.
Listed for 10:00 on 03.03.2026 at Doncaster Magistrates' Court.

Kind regards
Imran Qadir""", sender=ecm, date="Mon, 16 Feb 2026 09:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-6OK5IJ4", "scin": "454567678989",
                                        "client_name": "Mr Kevin Shaw", "action": "liability_order",
                                        "court": "Doncaster Magistrates' Court",
                                        "hearing_at": "2026-03-03T10:00:00+00:00"}))
    c["fee_request_bare_amount"] = (eml("Court fee - SR 1-2QW3ER5", """Please pay the court fee for the below.

Paying parent name: Shona Reid
SCIN: 808070706060
Court: Stockport County Court
Fee amount: 275

Thanks""", sender=ecm),
        expect("enforcement_fee_request", {"sr_number": "1-2QW3ER5", "scin": "808070706060",
                                           "client_name": "Shona Reid", "court": "Stockport County Court",
                                           "fee": "275.00"}))
    c["cpo_labels_at_sign"] = (eml("RE: [SSST-000401] CPO needed - SR 1-7YU8IO9", """Hearing: 3/3/26 @ 10am
CPO: Jo Bloggs (jo.bloggs@cpt.cmg.example.gov.uk)

Thanks
North East CPT""", sender="North East CPT <ne.cpt@cpt.cmg.example.gov.uk>", date="Mon, 23 Feb 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-7YU8IO9", "scin": None, "cpo_name": "Jo Bloggs",
                                  "cpo_email": "jo.bloggs@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2026-03-03T10:00:00+00:00"}, case_ref="SSST-000401"))
    c["cpo_ill_be_presenting"] = (eml("RE: [SSST-000402] CPO needed - SR 1-8IO9PL0",
        "Hi, I'll be presenting this one. The hearing's on Wednesday 9th December at 2pm.\n\nThanks\nMaria Lopez\nCPO | London CPT",
        sender="Maria Lopez <maria.lopez@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-8IO9PL0", "scin": None, "cpo_name": "Maria Lopez",
                                  "cpo_email": "maria.lopez@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2026-12-09T14:00:00+00:00"}, case_ref="SSST-000402"))
    c["second_pv_final_check"] = (eml("Final PV check - SCIN 1122 3344 5566",
        "Hi, hearing tomorrow at 10.30 at Hull Magistrates. Please complete the final PV check and confirm "
        "any payments received.\nSR 1-9PL0OK9\nThanks\nMaria", sender="Maria Lopez <maria.lopez@cpt.cmg.example.gov.uk>",
        date="Wed, 09 Dec 2026 09:00:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-9PL0OK9", "scin": "112233445566",
                                           "hearing_at": "2026-12-10T10:30:00+00:00"}))
    c["summons_issue_date_label_next_line"] = (eml("L&S issued - SR 1-1PO2IU3",
        "Summons issue date:\n30/11/26\n\nHearing date:\n14/01/27\n\nEast Midlands CPT",
        sender="East Midlands CPT <em.cpt@cpt.cmg.example.gov.uk>", date="Wed, 02 Dec 2026 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-1PO2IU3", "scin": None, "issue_date": "2026-11-30"}))
    c["outcome_result_lo_granted_nrp_absent"] = (eml("RE: [SSST-000404] Liability order hearing - SR 1-2IU3YT4",
        "Result: LO granted. The PP did not attend.\n\nMaria", sender="Maria Lopez <maria.lopez@cpt.cmg.example.gov.uk>",
        date="Thu, 10 Dec 2026 14:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-2IU3YT4", "scin": None, "outcome": "LO granted",
                                 "proceeding": True}, case_ref="SSST-000404"))
    c["outcome_order_granted_case_file"] = (eml("SR 1-3YT4RE5 - case file",
        "Order granted today. Please find the case file attached.\n\nMaria",
        sender="Maria Lopez <maria.lopez@cpt.cmg.example.gov.uk>", date="Thu, 10 Dec 2026 14:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-3YT4RE5", "scin": None, "outcome": "Order granted today",
                                 "proceeding": True}))
    c["appt_booked_time_then_day"] = (eml("SR 1-4RE5WE6 appointment",
        "I have booked an appointment for Mr Barnes at 10:30 on Tuesday 3rd March at Halifax JCP.\n\nTom",
        sender="Tom Hirst <tom.hirst@f2f.cmg.example.gov.uk>", to=vsat, date="Mon, 23 Feb 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-4RE5WE6", "appointment_at": "2026-03-03T10:30:00+00:00",
                                            "location": "Halifax JCP"}))
    c["appt_label_at_sign_dash_venue"] = (eml("RE: [VSAT-000405] Appointment needed - SR 1-5WE6QW7",
        "Appointment: 03/03/2026 @ 14:00 - Halifax JCP\n\nTom", sender="Tom Hirst <tom.hirst@f2f.cmg.example.gov.uk>",
        to=vsat, date="Mon, 23 Feb 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-5WE6QW7", "appointment_at": "2026-03-03T14:00:00+00:00",
                                            "location": "Halifax JCP"}, case_ref="VSAT-000405"))
    c["visit_first_fta"] = (eml("SR 1-6QW7AS8 - FTA",
        "Mrs Okoro failed to attend her appointment this morning (first FTA). I'll rebook.\n\nTom",
        sender="Tom Hirst <tom.hirst@f2f.cmg.example.gov.uk>", to=vsat),
        expect("visit_outcome", {"sr_number": "1-6QW7AS8", "outcome": "failed_to_attend", "failed_attempts": 1}))
    c["visit_two_ftas"] = (eml("RE: [VSAT-000406] Visit - SR 1-7AS8SD9",
        "Another no show today, so that's 2 FTAs now.\n\nTom",
        sender="Tom Hirst <tom.hirst@f2f.cmg.example.gov.uk>", to=vsat),
        expect("visit_outcome", {"sr_number": "1-7AS8SD9", "outcome": "failed_to_attend", "failed_attempts": 2},
               case_ref="VSAT-000406"))
    c["ooo_annual_leave_returning_on"] = (eml("Automatic reply: [SSST-000407] Court fee due - SR 1-8SD9DF0",
        "Hello, I am currently on annual leave returning on 3rd March. I will deal with your email on my return.",
        sender="Imran Qadir <imran.qadir@cmg.example.gov.uk>", date="Mon, 23 Feb 2026 10:00:00 +0000",
        extra="Auto-Submitted: auto-replied\n"),
        expect("auto_reply", {"until": "2026-03-03"}, case_ref="SSST-000407"))
    c["vsat_approved_sentence"] = (eml("RE: [VSAT-000408] Referral for decision - SR 1-9DF0FG1",
        "This referral has been approved. Rhian will arrange the appointment.\n\nGill",
        sender="Gillian Peart <gillian.peart@vsat.cmg.example.gov.uk>", to=vsat),
        expect("vsat_decision", {"sr_number": "1-9DF0FG1", "decision": "accept", "reason": None},
               case_ref="VSAT-000408"))
    c["payment_made_today_label"] = (eml("Payment made - SR 1-1FG2GH3",
        "Court fee payment made today via the fee account.\nSCIN 9090 8080 7070\n\nPaul",
        sender="Paul Dyer <paul.dyer@ssst.cmg.example.gov.uk>", date="Tue, 08 Dec 2026 15:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-1FG2GH3", "scin": "909080807070", "paid_on": "2026-12-08"}))
    return c


def cases_real_variety_third() -> dict[str, tuple[bytes, dict]]:
    """Delivery receipts that are not failures, vendor auto-replies, safety words new and old."""
    c = {}
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    c["delivered_exchange_dsn"] = (_raw_msg("""From: Microsoft Outlook <postmaster@cpt.cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Delivered: [SSST-000501] CPO needed - SR 1-2AS3SD4
Date: Mon, 07 Dec 2026 10:00:03 +0000
Message-ID: <dsn501@cpt.cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="d501"
""", """--d501
Content-Type: text/plain; charset="us-ascii"

Your message has been delivered to the following recipients:

North West CPT (nw.cpt@cpt.cmg.example.gov.uk)

Subject: [SSST-000501] CPO needed - SR 1-2AS3SD4

--d501
Content-Type: message/delivery-status

Reporting-MTA: dns;EX02.cpt.cmg.example.gov.uk

Final-Recipient: rfc822;nw.cpt@cpt.cmg.example.gov.uk
Action: delivered
Status: 2.0.0

--d501
Content-Type: text/rfc822-headers

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: nw.cpt@cpt.cmg.example.gov.uk
Subject: [SSST-000501] CPO needed - SR 1-2AS3SD4
Message-ID: <ssst-000501.20261207100000@mailbot.ssst.cmg.example.gov.uk>

--d501--
"""), expect("bounce", {"original_message_id": "<ssst-000501.20261207100000@mailbot.ssst.cmg.example.gov.uk>",
                           "failed_recipients": []}, case_ref="SSST-000501"))
    c["ooo_french_vendor_subject"] = (eml("Réponse automatique : [SSST-000502] Court fee due - SR 1-3SD4DF5",
        "Je suis absente jusqu'au 7 décembre. I am out of the office until Mon, 7 Dec.",
        sender="Chloé Martin <chloe.martin@cmg.example.gov.uk>", date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": "2026-12-07"}, case_ref="SSST-000502"))
    c["ooo_back_tomorrow_headers_only"] = (eml("RE: Appointment needed - SR 1-4DF5FG6",
        "Thank you for your message. I'm working away today and will be back in the office tomorrow.",
        sender="Rhian Powell <rhian.powell@f2f.cmg.example.gov.uk>", to=vsat,
        extra="X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent; OOF\nAuto-Submitted: auto-generated\n",
        date="Thu, 03 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": "2026-12-04"}))
    c["court_action_self_harm_threat"] = (eml("Commitment request - SR 1-5FG6GH7", """Hi SSST,

Please take forward commitment action against the NRP, Carl Whitby (SCIN 1357 2468 1357).
Court: Hull Magistrates' Court. Hearing to be confirmed.

Be aware that when I spoke to him yesterday he threatened to self-harm if we took him to court. He is flagged PV.

Imran""", sender="Imran Qadir <imran.qadir@cmg.example.gov.uk>"),
        expect("court_action_request", {"sr_number": "1-5FG6GH7", "scin": "135724681357", "client_name": "Carl Whitby",
                                        "action": "commitment", "court": "Hull Magistrates' Court", "hearing_at": None},
               flags=["pv", "suicide_risk"], needs_human=True))
    c["appt_reply_threat_quoted_only"] = (eml("RE: [VSAT-000503] Appointment needed - SR 1-6GH7HJ8",
        "Booked for Fri 11th Dec at 1.30pm, Hull Jobcentre Plus, Bond Street.\n\nTom\n\n"
        "From: VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk>\nSent: 01 December 2026 09:00\nTo: Tom Hirst\n"
        "Subject: [VSAT-000503] Appointment needed - SR 1-6GH7HJ8\n\nNote: the client has threatened staff before "
        "and is PV: Yes. Two consultants must attend.\n",
        sender="Tom Hirst <tom.hirst@f2f.cmg.example.gov.uk>", to=vsat, date="Tue, 01 Dec 2026 12:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-6GH7HJ8", "appointment_at": "2026-12-11T13:30:00+00:00",
                                            "location": "Hull Jobcentre Plus, Bond Street"}, case_ref="VSAT-000503"))
    c["f2f_tickbox_html_role_reason"] = (eml("F2F referral - SR 1-7HJ8JK9", None, html=(
        "<html><body><p>Referral below, thanks.</p>"
        "<p>SR: 1-7HJ8JK9<br>SCIN: 246813579024<br>Client name: Ms Paula Grey<br>"
        "Client role: &#9744; Paying parent &#9746; Receiving parent<br>"
        "Address: 5 Bridge Street, Stirling<br>Postcode: FK8 1AB<br>"
        "Reason: Change of circumstances<br>PV: No<br>UCB: No<br>DA: No<br>Under 16: No<br>"
        "Special requirements: Hearing loop<br>Caseworker email: n.ross@cmg.example.gov.uk</p></body></html>"),
        sender="Nicola Ross <n.ross@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-7HJ8JK9", scin="246813579024", client_name="Ms Paula Grey", client_role="receiving_parent",
            address="5 Bridge Street, Stirling", postcode="FK8 1AB", reason="change", pv=False, ucb=False,
            dangerous_area=False, under_16=False, special_requirements="Hearing loop",
            caseworker_email="n.ross@cmg.example.gov.uk", nation="scotland")))
    c["f2f_under_16_paragraph"] = (eml("Visiting service referral SR 1-8JK9KL0", """SR: 1-8JK9KL0
SCIN: 1029 3847 5600
Client name: Amy Hewitt
Client role: Receiving parent
Address: 2 Church Walk, Truro
Postcode: TR1 3AA
Reason: Your child maintenance case because you are under the age of 16
PV: No
UCB: No
DA: No
Under 16: Yes
Special requirements: Mum to attend with her
""", sender="Sam Officer <sam.officer@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-8JK9KL0", scin="102938475600", client_name="Amy Hewitt", client_role="receiving_parent",
            address="2 Church Walk, Truro", postcode="TR1 3AA", reason="under_16", pv=False, ucb=False,
            dangerous_area=False, under_16=True, special_requirements="Mum to attend with her",
            nation="england_wales")))
    c["visit_wasnt_home_attempt_failed"] = (eml("SR 1-9KL0LZ1",
        "Client wasn't home when I called today - second attempt failed. I'll post a card.\n\nTom",
        sender="Tom Hirst <tom.hirst@f2f.cmg.example.gov.uk>", to=vsat),
        expect("visit_outcome", {"sr_number": "1-9KL0LZ1", "outcome": "failed_to_attend", "failed_attempts": 2}))
    return c


def cases_second_round() -> dict[str, tuple[bytes, dict]]:
    """Second round: Word pastes, odd form shapes, typos, capitals, signatures full of dates and
    postcodes, disclaimers, phones, long chains under one-line replies, Scottish and Welsh teams."""
    c = {}
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    ssst = "SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>"

    # --- referrals ---------------------------------------------------------------------
    c["f2f_word_paste_tabs"] = (eml("Visiting Service referral - Pugh", """Good afternoon VSAT,

Please find below the CMSF5579 for Mr Pugh. Any problems just give me a shout.

SR Number\t1-4TR7YU2
SCIN\t5566 7788 9911
Client Name\tDarren Pugh
Client Role\tPaying parent
Address\t22 Maes y Dref, Llandrindod Wells
Postcode\tLD1 5AB
Telephone\t01597 823 456
What we'll talk about\tChild maintenance payments made in your case
PV\tNo
UCB\tNo
DA\tNo
Under 16\tNo
Special Requirements\tNone
Caseworker email\tbethan.hughes@cmg.example.gov.uk
Team Leader email\tgareth.lloyd@cmg.example.gov.uk

Many thanks

Bethan Hughes
Caseworker, Team 4 | Child Maintenance Service
Tel: 0300 123 4567 ext 2201
Ty Glas, Llanishen, Cardiff CF14 5DU
Working days: Mon - Thu (not Fridays)
""", sender="Bethan Hughes <bethan.hughes@cmg.example.gov.uk>", to=vsat, date="Tue, 01 Dec 2026 14:05:00 +0000"),
        expect("f2f_referral", f2f(
            sr_number="1-4TR7YU2", scin="556677889911", client_name="Darren Pugh", client_role="paying_parent",
            address="22 Maes y Dref, Llandrindod Wells", postcode="LD1 5AB", phone="01597823456",
            reason="payments", pv=False, ucb=False, dangerous_area=False, under_16=False,
            caseworker_email="bethan.hughes@cmg.example.gov.uk", team_leader_email="gareth.lloyd@cmg.example.gov.uk",
            nation="england_wales")))

    split = docx_form([
        ["Section 1 – About the client"],
        ["SR number", "1-2WS8ED4"], ["SCIN", "8765 4321 0987"], ["Client name", "Mrs Fiona Doig"],
        ["Client role", "PeWC"], ["Address line 1", "Flat 2"], ["Address line 2", "18 Castle Street"],
        ["Town/City", "Dumfries"], ["Postcode", "dg1 1dr"], ["Contact number", "07700 900 456"],
        ["Section 2 – Reason for the visit"], ["Reason", "Parentage"],
        ["Section 3 – Safety"],
        ["PV marker", "Yes", "☐", "No", "☒"], ["UCB", "Yes", "☐", "No", "☒"],
        ["Dangerous area", "Yes", "☒", "No", "☐"], ["Under 16", "Yes", "☐", "No", "☒"],
        ["Special requirements", "N/A"], ["Caseworker email", "Craig.Munro@cmg.example.gov.uk"],
        ["Team leader email", ""]], heading="CMSF5579 Visiting Service Referral")
    c["f2f_docx_split_address_box_after"] = (eml("Referral - Doig", "Hi, form attached. Craig",
        sender="Craig Munro <craig.munro@cmg.example.gov.uk>", to=vsat, date="Wed, 02 Dec 2026 09:30:00 +0000",
        attachments=[("CMSF5579 - Doig.docx", DOCX, split)]),
        expect("f2f_referral", f2f(
            sr_number="1-2WS8ED4", scin="876543210987", client_name="Mrs Fiona Doig", client_role="receiving_parent",
            address="Flat 2, 18 Castle Street, Dumfries", postcode="DG1 1DR", phone="07700900456",
            reason="parentage", pv=False, ucb=False, dangerous_area=True, under_16=False,
            caseworker_email="craig.munro@cmg.example.gov.uk", nation="scotland")))

    across = docx_form([
        ["SR number", "SCIN", "Client name", "Client role"],
        ["1-6YH3GT7", "102030405060", "Sion Jenkins", "NRP"],
        ["Address", "Postcode", "Phone", "Reason"],
        ["3 Stryd Fawr, Bala", "LL23 7AB", "01678 520 000", "Appeal"],
        ["PV", "UCB", "DA", "Under 16"],
        ["N", "N", "N", "N"],
        ["Special requirements", "Caseworker email", "Team leader email", "EIO"],
        ["Welsh language interview", "cerys.evans@cmg.example.gov.uk", "", "N"]])
    c["f2f_docx_labels_across_rows"] = (eml("CMSF5579 Jenkins", "Atodiad / attached.\n\nCerys",
        sender="Cerys Evans <cerys.evans@cmg.example.gov.uk>", to=vsat, date="Thu, 03 Dec 2026 11:00:00 +0000",
        attachments=[("F2F Jenkins.docx", DOCX, across)]),
        expect("f2f_referral", f2f(
            sr_number="1-6YH3GT7", scin="102030405060", client_name="Sion Jenkins", client_role="paying_parent",
            address="3 Stryd Fawr, Bala", postcode="LL23 7AB", phone="01678520000", reason="appeal",
            pv=False, ucb=False, dangerous_area=False, under_16=False,
            special_requirements="Welsh language interview", caseworker_email="cerys.evans@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    named = pdf_form([
        ("text", "sr_no", "SR No.", "1-8UJ2KI9", None), ("text", "scin_no", "SCIN", "3344 5566 7788", None),
        ("text", "client_full_name", "Client full name", "Natalie Ord", None),
        ("radio", "nrp_or_pwc", "NRP / PWC", "PWC", ["NRP", "PWC"]),
        ("text", "addr_line1", "Address line 1", "41 Front Street", None),
        ("text", "addr_town", "Town", "Consett", None), ("text", "post_code", "Postcode", "DH8 5AB", None),
        ("text", "tel", "Telephone", "01207 500 600", None),
        ("choice", "reason_f2f", "Reason", "Information", ["Payments", "Information", "Other"]),
        ("check", "pv_y", "PV", False, None), ("check", "ucb_y", "UCB", False, None),
        ("check", "da_y", "DA", False, None), ("check", "u16", "Under 16", False, None),
        ("text", "special_reqs", "Special reqs", "Interpreter - Polish", None),
        ("text", "cw_email", "Caseworker email", "paul.reed@cmg.example.gov.uk", None),
        ("text", "tl_email", "TL email", "", None), ("check", "eio_required", "EIO", False, None)],
        tooltips=False)
    c["f2f_pdf_field_names_only"] = (eml("CMSF5579", "Referral form attached - PDF version as Word keeps crashing.\n\nPaul",
        sender="Paul Reed <paul.reed@cmg.example.gov.uk>", to=vsat, date="Thu, 03 Dec 2026 15:00:00 +0000",
        attachments=[("cmsf5579.pdf", "application/pdf", named)]),
        expect("f2f_referral", f2f(
            sr_number="1-8UJ2KI9", scin="334455667788", client_name="Natalie Ord", client_role="receiving_parent",
            address="41 Front Street, Consett", postcode="DH8 5AB", phone="01207500600", reason="information",
            pv=False, ucb=False, dangerous_area=False, under_16=False, special_requirements="Interpreter - Polish",
            caseworker_email="paul.reed@cmg.example.gov.uk", nation="england_wales", enforcement=False)))

    c["f2f_iphone_terse_eio"] = (eml("F2F req", """F2F pls for below

SR 1-9PL3MN5
SCIN 4433 2211 0099
NRP Kyle Bain
4 Rose Street, Inverness, IV1 1AA
Reason: enforcement (paying parent) - EIO activity requested
PV yes

Sent from my iPhone""", sender="Priya Shah <priya.shah@ssst.cmg.example.gov.uk>", to=vsat,
        date="Wed, 09 Dec 2026 07:42:00 +0000"),
        expect("f2f_referral", f2f(
            sr_number="1-9PL3MN5", scin="443322110099", client_name="Kyle Bain", client_role="paying_parent",
            address="4 Rose Street, Inverness", postcode="IV1 1AA", reason="enforcement_paying_parent", pv=True,
            nation="scotland", enforcement=True), flags=["pv"]))

    c["f2f_all_caps"] = (eml("CMSF5579 REFERRAL - SR 1-3ED5RF6", """PLEASE SEE REFERRAL BELOW

SR: 1-3ED5RF6
SCIN: 6655 4433 2211
CLIENT NAME: JOHN PATERSON
CLIENT ROLE: RECEIVING PARENT
ADDRESS: 9 HIGH STREET, KIRKCALDY
POSTCODE: KY1 1LA
TEL: 01592 000 111
REASON: CHANGE OF CIRCUMSTANCES
PV: NO
UCB: NO
DA: NO
UNDER 16: NO
SPECIAL REQUIREMENTS: NONE
CASEWORKER EMAIL: J.HOOD@CMG.EXAMPLE.GOV.UK

REGARDS
JIM HOOD""", sender="JIM HOOD <j.hood@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-3ED5RF6", scin="665544332211", client_name="JOHN PATERSON", client_role="receiving_parent",
            address="9 HIGH STREET, KIRKCALDY", postcode="KY1 1LA", phone="01592000111", reason="change",
            pv=False, ucb=False, dangerous_area=False, under_16=False,
            caseworker_email="j.hood@cmg.example.gov.uk", nation="scotland")))

    c["f2f_refferal_typos"] = (eml("F2F refferal SR 1-7GH2JK4", """Hiya

Refferal below for a face to face please, ta.

SR no - 1-7GH2JK4
SCIN - 2233 4455 6677
Clients name - Leanne Birtwistle
Role - PWC
Adress - 88 Whalley Road, Accrington
Post code - BB5 1AB
Tel no - 07700 900 321
Reason for refferal - Complaint
PV marker - N
UCB - N
Dangerous area - N
Under 16 - N
Special requirments - Needs ground floor room
CW email - donna.kay@cmg.example.gov.uk

Donna""", sender="Donna Kay <donna.kay@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-7GH2JK4", scin="223344556677", client_name="Leanne Birtwistle",
            client_role="receiving_parent", address="88 Whalley Road, Accrington", postcode="BB5 1AB",
            phone="07700900321", reason="complaint", pv=False, ucb=False, dangerous_area=False, under_16=False,
            special_requirements="Needs ground floor room", caseworker_email="donna.kay@cmg.example.gov.uk",
            nation="england_wales")))

    c["f2f_missing_scin"] = (eml("Face to face referral", """Hi,

Could you arrange a face-to-face with the paying parent please? I can't find a SCIN on the system for him yet, it's a new application.

SR: 1-5TG6YH7
Name: Mr Arjun Mehta
Address: 12 Gladstone Road, Leicester
Postcode: LE3 0AB
Reason: Parentage
PV: No

Thanks
Kirsty""", sender="Kirsty Dale <kirsty.dale@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-5TG6YH7", client_name="Mr Arjun Mehta", client_role="paying_parent",
            address="12 Gladstone Road, Leicester", postcode="LE3 0AB", reason="parentage", pv=False,
            nation="england_wales"), needs_human=True))

    c["f2f_reason_other_no_details"] = (eml("CMSF5579 - SR 1-2QW3ER4", """CMSF5579

SR: 1-2QW3ER4
SCIN: 111222333444
Client name: Chloe Barnes
Client role: Receiving parent
Address: 4 Quay Street, Bideford
Postcode: EX39 2AB
Reason: Other
If other, details:
PV: No
""", sender="Tom Ash <tom.ash@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-2QW3ER4", scin="111222333444", client_name="Chloe Barnes", client_role="receiving_parent",
            address="4 Quay Street, Bideford", postcode="EX39 2AB", reason="other", pv=False,
            nation="england_wales"), needs_human=True))

    c["f2f_html_bold_labels_other"] = (eml("Face to face referral - Osei", None, html=(
        "<html><body><p>Hello VSAT,</p>"
        "<p><b>SR:</b> 1-4RF5TG6</p><p><b>SCIN:</b> 9876 5432 1098</p>"
        "<p><b>Client name:</b> Daniel Osei</p><p><b>Paying or receiving parent:</b> Paying</p>"
        "<p><b>Address:</b> 31 Moss Lane, Manchester</p><p><b>Postcode:</b> M15 5AB</p>"
        "<p><b>Reason for face to face:</b> Other</p>"
        "<p><b>If other please specify:</b> Client is deaf and cannot use the phone; needs to go through "
        "a new Deduction from Earnings Order in person</p>"
        "<p><b>PV:</b> N&nbsp;&nbsp;<b>UCB:</b> N&nbsp;&nbsp;<b>DA:</b> N&nbsp;&nbsp;<b>Under 16:</b> N</p>"
        "<p><b>Special requirements:</b> BSL interpreter</p>"
        "<p>Thanks,<br>Grace Ade<br>Caseworker</p></body></html>"),
        sender="Grace Ade <grace.ade@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-4RF5TG6", scin="987654321098", client_name="Daniel Osei", client_role="paying_parent",
            address="31 Moss Lane, Manchester", postcode="M15 5AB", reason="other",
            reason_text="Client is deaf and cannot use the phone; needs to go through a new Deduction from "
                        "Earnings Order in person",
            pv=False, ucb=False, dangerous_area=False, under_16=False, special_requirements="BSL interpreter",
            nation="england_wales")))

    c["f2f_fw_top_posted_complaint"] = (eml("FW: Referral for F2F - SR 1-6UJ7IK8", """Steve - can you pick this up please? The PWC rang again this morning and said she's going to make a formal complaint if nobody has been out to see her by Christmas.

Mandy

From: Owen Price <owen.price@cmg.example.gov.uk>
Sent: 30 November 2026 16:45
To: Mandy Cole <mandy.cole@cmg.example.gov.uk>
Subject: Referral for F2F - SR 1-6UJ7IK8

SR: 1-6UJ7IK8
SCIN: 5050 6060 7070
Client name: Shelley Dunn
Client role: PWC
Address: 2 Canal Side, Stoke-on-Trent
Postcode: ST4 1AB
Phone: 01782 000 222
Reason: Enforcement - receiving parent
PV: No
UCB: No
DA: No
Under 16: No
Caseworker email: owen.price@cmg.example.gov.uk
""", sender="Mandy Cole <mandy.cole@cmg.example.gov.uk>", to=vsat, date="Tue, 01 Dec 2026 09:10:00 +0000"),
        expect("f2f_referral", f2f(
            sr_number="1-6UJ7IK8", scin="505060607070", client_name="Shelley Dunn", client_role="receiving_parent",
            address="2 Canal Side, Stoke-on-Trent", postcode="ST4 1AB", phone="01782000222",
            reason="enforcement_receiving_parent", pv=False, ucb=False, dangerous_area=False, under_16=False,
            caseworker_email="owen.price@cmg.example.gov.uk", nation="england_wales"),
            flags=["complaint"], needs_human=True))

    c["f2f_disclaimer_boilerplate"] = (eml("F2F referral SR 1-8IK9OL0", """Please see referral details below.

SR: 1-8IK9OL0
SCIN: 2468 1357 9000
Client name: Tariq Aziz
Client role: Paying parent
Address: 17 Manningham Lane, Bradford
Postcode: BD8 7AB
Reason: Payments
PV: No  UCB: No  DA: No  Under 16: No
Caseworker email: s.begum@cmg.example.gov.uk

Shazia Begum
Caseworker

**********************************************************************
This email and any files transmitted with it are confidential and intended solely for the addressee. If you have received it in error please notify the sender and delete it. Communications with the Department may be monitored and recorded to protect our systems against viruses, threats and abusive or inappropriate content. If you are unhappy with how we have handled your personal data you can complain to the Information Commissioner's Office; to make a subject access request, visit www.gov.uk/dwp/personal-information-charter.
**********************************************************************
""", sender="Shazia Begum <s.begum@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-8IK9OL0", scin="246813579000", client_name="Tariq Aziz", client_role="paying_parent",
            address="17 Manningham Lane, Bradford", postcode="BD8 7AB", reason="payments", pv=False, ucb=False,
            dangerous_area=False, under_16=False, caseworker_email="s.begum@cmg.example.gov.uk",
            nation="england_wales")))

    # --- court work --------------------------------------------------------------------
    c["court_action_cc_signature_address"] = (eml("County Court - SR 1-1QA2ZS3", """Hello SSST,

Passing this one over to you for County Court action. NRP is Mr Lee Kenyon, SCIN 3030 4040 5050. He's ignored every DEO letter.

The hearing has been listed at Blackpool County Court for Weds 16th Dec at 1400.

Cheers,
Gemma

Gemma Wright | Enforcement Case Manager | Team 12
Child Maintenance Service, Peel Park, Brunel Way, Blackpool FY4 5ES
Tel 0300 200 3000 | Working pattern Mon-Wed
Annual leave: 21/12 - 04/01
""", sender="Gemma Wright <gemma.wright@cmg.example.gov.uk>", to=ssst, date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-1QA2ZS3", "scin": "303040405050",
                                        "client_name": "Mr Lee Kenyon", "action": "county_court",
                                        "court": "Blackpool County Court",
                                        "hearing_at": "2026-12-16T14:00:00+00:00"}))

    c["lo_request_libility_typo"] = (eml("libility order request SR 1-2WS3XD4", """Hi guys

Can you take forward a libility order please for the NRP Ryan Tate (SCIN 7070 8080 9090). Court will be Wigan Magistrates Court, no date yet.

Thanks
Sue""", sender="Sue Platt <sue.platt@cmg.example.gov.uk>", to=ssst, date="Thu, 03 Dec 2026 10:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-2WS3XD4", "scin": "707080809090", "client_name": "Ryan Tate",
                                        "action": "liability_order", "court": "Wigan Magistrates Court",
                                        "hearing_at": None}))

    c["commitment_manager_next_tuesday"] = (eml("Commitment - SR 1-3ED4RF5", """Morning all,

Hope you're all well! Just a quick one from me - I'm allocating the attached commitment case to SSST as the team are at capacity this month. The paying parent is Mr Dean Fallon (SCIN 1212 3434 5656) and the hearing at Leeds Magistrates' Court is next Tuesday at quarter past 10.

Any questions give me a ring on 0113 496 0000.

Kind regards,
Janet Roe
Team Manager, Enforcement (Leeds)""", sender="Janet Roe <janet.roe@cmg.example.gov.uk>", to=ssst,
        date="Thu, 05 Nov 2026 08:30:00 +0000"),
        expect("court_action_request", {"sr_number": "1-3ED4RF5", "scin": "121234345656",
                                        "client_name": "Mr Dean Fallon", "action": "commitment",
                                        "court": "Leeds Magistrates' Court",
                                        "hearing_at": "2026-11-10T10:15:00+00:00"}))

    c["court_action_pv_check_clear"] = (eml("LO allocation - SR 1-8QW9ER0", """Hi SSST,

Allocating LO work to you for the NRP, Mark Denton (SCIN 4141 5252 6363). Bradford Magistrates' Court, hearing Tuesday 24 November 2026 at 9.45am.

PV check done today - nothing on the system, no markers.

Thanks
Asif""", sender="Asif Khan <asif.khan@cmg.example.gov.uk>", to=ssst),
        expect("court_action_request", {"sr_number": "1-8QW9ER0", "scin": "414152526363", "client_name": "Mark Denton",
                                        "action": "liability_order", "court": "Bradford Magistrates' Court",
                                        "hearing_at": "2026-11-24T09:45:00+00:00"}))

    c["fee_request_html_table"] = (eml("Court fee – SR 1-4RF5TG7", None, html=(
        "<html><body><p>Hi SSST, please could you pay the fee below up front for the LO application.</p>"
        "<table border=1><tr><td>Client</td><td>Miss Kayleigh Short</td></tr><tr><td>SR</td><td>1-4RF5TG7</td></tr>"
        "<tr><td>SCIN</td><td>4545 6767 8989</td></tr><tr><td>Court</td><td>Sunderland Magistrates' Court</td></tr>"
        "<tr><td>Amount</td><td>&pound;55.00</td></tr></table><p>Regards<br>Colin</p></body></html>"),
        sender="Colin Webb <colin.webb@cmg.example.gov.uk>", to=ssst, date="Wed, 09 Dec 2026 10:00:00 +0000"),
        expect("enforcement_fee_request", {"sr_number": "1-4RF5TG7", "scin": "454567678989",
                                           "client_name": "Miss Kayleigh Short",
                                           "court": "Sunderland Magistrates' Court", "fee": "55.00"}))

    c["fee_request_thousands_justice_centre"] = (eml("SR 1-5TG6YH8 - payment needed", """Hi both,

Sorry to be a pain - the County Court fee for Mrs Alison Grey's case needs paying before we can issue. It's £1,010 (higher rate as the arrears are over £10k). Court is Cardiff Civil Justice Centre. SCIN 9090 1010 2020.

Thanks a million
Rhodri""", sender="Rhodri Bowen <rhodri.bowen@cmg.example.gov.uk>", to=ssst, date="Wed, 09 Dec 2026 11:00:00 +0000"),
        expect("enforcement_fee_request", {"sr_number": "1-5TG6YH8", "scin": "909010102020",
                                           "client_name": "Mrs Alison Grey", "court": "Cardiff Civil Justice Centre",
                                           "fee": "1010.00"}))

    c["cpo_cpt_labels_weds"] = (eml("RE: [SSST-000611] CPO needed - SR 1-6YH7UJ8", """Hi

CPO: Gwen Pritchard
Email: gwen.pritchard@cpt.cmg.example.gov.uk
Hearing date: Weds 9th Dec
Time: 10am

Wales CPT

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Sent: 04 December 2026 09:00
To: Wales CPT <wales.cpt@cpt.cmg.example.gov.uk>
Subject: [SSST-000611] CPO needed - SR 1-6YH7UJ8

Please name the CPO and hearing date for SR 1-6YH7UJ8 (SCIN 1111 2222 3333).
""", sender="Wales CPT <wales.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-6YH7UJ8", "scin": None, "cpo_name": "Gwen Pritchard",
                                  "cpo_email": "gwen.pritchard@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2026-12-09T10:00:00+00:00"}, case_ref="SSST-000611"))

    c["cpo_noon_slash_date"] = (eml("SR 1-7UJ8IK9 CPO", "CPO will be Stuart Kerr, hearing 14/12 at noon.",
        sender="North East CPT <ne.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-7UJ8IK9", "scin": None, "cpo_name": "Stuart Kerr",
                                  "cpo_email": None, "hearing_at": "2026-12-14T12:00:00+00:00"}))

    c["cpo_ive_been_allocated_1400"] = (eml("RE: [SSST-000620] CPO needed - SR 1-8IK9OL1", """Hi SSST,

I've been allocated this one. It's listed at Derby Magistrates' Court on 16.12.26 at 1400.

Amrit""", sender="Amrit Sandhu <amrit.sandhu@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-8IK9OL1", "scin": None, "cpo_name": "Amrit Sandhu",
                                  "cpo_email": "amrit.sandhu@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2026-12-16T14:00:00+00:00"}, case_ref="SSST-000620"))

    c["cpo_no_case_ref"] = (eml("CPO", "Hi, the CPO for the Lowther hearing is Jo Bell. Date to follow.\n\nCumbria CPT",
        sender="Cumbria CPT <cumbria.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": None, "scin": None, "cpo_name": "Jo Bell", "cpo_email": None,
                                  "hearing_at": None}, needs_human=True))

    c["second_pv_terse_hrg"] = (eml("2nd PV chk SR 1-9OL0PA2", "pls do 2nd PV check, hrg 10/12 10am. ta",
        sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", to=ssst, date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-9OL0PA2", "scin": None,
                                           "hearing_at": "2026-12-10T10:00:00+00:00"}))

    c["second_pv_long_chain_one_line"] = (eml("RE: SR 1-1AZ2SX3 - LO hearing", """Can you do the second PV check please - hearing is Thursday 17th at 2pm.

Farah

From: Karen Lowe <karen.lowe@ssst.cmg.example.gov.uk>
Sent: 01 December 2026 11:12
To: Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>
Subject: RE: SR 1-1AZ2SX3 - LO hearing

Thanks Farah, noted. SCIN for reference is 4321 8765 2109. The NRP called on 30/11 and made threats against the caseworker.

From: Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>
Sent: 30 November 2026 15:02
To: SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>
Subject: SR 1-1AZ2SX3 - LO hearing

Hearing originally 03/12/2026 has been moved. I'll confirm the new date.
""", sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", to=ssst, date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-1AZ2SX3", "scin": None,
                                           "hearing_at": "2026-12-17T14:00:00+00:00"}))

    c["summons_ampersand_slash_date"] = (eml("SR 1-2SX3DC4 - summons",
        "Morning, letter & summons issued 9/12. Hearing will be in the new year, I'll confirm.\n\nNW CPT",
        sender="North West CPT <nw.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Thu, 10 Dec 2026 09:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-2SX3DC4", "scin": None, "issue_date": "2026-12-09"}))

    c["summons_went_out_weds"] = (eml("RE: [SSST-000633] Summons - SR 1-3DC4FV5",
        "Hiya - yes the LO summons went out Weds 9th Dec along with the letter. SCIN 5656 7878 9090.\n\nTa, Bev",
        sender="Bev Lamb <bev.lamb@cpt.cmg.example.gov.uk>", to=ssst, date="Fri, 11 Dec 2026 09:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-3DC4FV5", "scin": "565678789090", "issue_date": "2026-12-09"},
               case_ref="SSST-000633"))

    c["cover_letter_cpo_costs_of"] = (eml("Cover letter - SR 1-4FV5GB6", """Hi SSST,

Could you send the paying parent cover letter out please? Hearing is 21st January 2027 at 10.30, Bolton Magistrates. Costs of £75 to be included.

Thanks
Lorraine""", sender="Lorraine Hurst <lorraine.hurst@cpt.cmg.example.gov.uk>", to=ssst,
        date="Tue, 08 Dec 2026 09:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-4FV5GB6", "scin": None,
                                        "hearing_at": "2027-01-21T10:30:00+00:00", "costs": "75.00"}))

    c["cmel_subject_dots_costs_na"] = (eml("CMEL9180 – hearing 05.01.27 – SR 1-5GB6HN7",
        "Summons now received back from court. Please create the CMEL9180.\n\nCosts: N/A\n\nEast Midlands CPT",
        sender="East Midlands CPT <em.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Mon, 07 Dec 2026 09:00:00 +0000"),
        expect("cover_letter_request", {"sr_number": "1-5GB6HN7", "scin": None, "hearing_at": "2027-01-05",
                                        "costs": None}))

    c["outcome_lo_granted_signature_hours"] = (eml("SR 1-6HN7JM8 outcome", """Afternoon,

LO was granted today with costs of £80. Case file attached.

Thanks
Darren

Darren Holt | Court Presenting Officer
Office hours Mon-Fri 8am-4pm | Tel 0191 000 1234
Benton Park View, Newcastle NE98 1YX""", sender="Darren Holt <darren.holt@cpt.cmg.example.gov.uk>", to=ssst,
        date="Wed, 09 Dec 2026 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-6HN7JM8", "scin": None,
                                 "outcome": "LO was granted today with costs of £80", "proceeding": True}))

    c["outcome_wont_be_going_ahead"] = (eml("RE: [SSST-000640] Hearing - SR 1-7JM8KL9",
        "Just to let you know we won't be going ahead on the 15th - the NRP has paid the arrears in full this "
        "morning so I've asked the court to withdraw.\n\nThanks, Helen",
        sender="Helen Marsh <helen.marsh@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 08 Dec 2026 11:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-7JM8KL9", "scin": None, "outcome": None, "proceeding": False},
               case_ref="SSST-000640"))

    c["outcome_one_line_iphone_quoted_threat"] = (eml("RE: [SSST-000645] LO hearing today - SR 1-8KL9ZX0", """LO granted.

Sent from my iPhone

On 9 Dec 2026, at 08:15, SSST Mailbot <mailbot@ssst.cmg.example.gov.uk> wrote:

> Reminder: hearing today for SR 1-8KL9ZX0 (SCIN 6060 7070 8080).
> Note: the NRP threatened to assault the CPO at the last hearing. PV marker present.
""", sender="Darren Holt <darren.holt@cpt.cmg.example.gov.uk>", to=ssst, date="Wed, 09 Dec 2026 12:30:00 +0000"),
        expect("court_outcome", {"sr_number": "1-8KL9ZX0", "scin": None, "outcome": "LO granted", "proceeding": True},
               case_ref="SSST-000645"))

    # --- face to face replies ----------------------------------------------------------
    c["vsat_accept_aye_take_this_one"] = (eml("RE: [VSAT-000650] Referral for decision - SR 1-9ZX0CV1",
        "Aye, we'll take this one - Glasgow team will pick it up.\n\nMorag\nVSAT Scotland",
        sender="Morag Bell <morag.bell@vsat.cmg.example.gov.uk>", to=vsat, date="Thu, 03 Dec 2026 10:00:00 +0000"),
        expect("vsat_decision", {"sr_number": "1-9ZX0CV1", "decision": "accept", "reason": None},
               case_ref="VSAT-000650"))

    c["vsat_rejected_after_welsh_greeting"] = (eml("RE: [VSAT-000651] Referral for decision - SR 1-1CV2BN3", """Diolch am yr atgyfeiriad.

Rejected - the client's address is in Chester, so this needs to go to the North West VSAT team not Wales.

Ceri""", sender="Ceri Rees <ceri.rees@vsat.cmg.example.gov.uk>", to=vsat, date="Thu, 03 Dec 2026 10:00:00 +0000"),
        expect("vsat_decision", {"sr_number": "1-1CV2BN3", "decision": "reject",
                                 "reason": "the client's address is in Chester, so this needs to go to the North "
                                           "West VSAT team not Wales"}, case_ref="VSAT-000651"))

    c["vsat_not_able_no_reason"] = (eml("RE: [VSAT-000652] Referral for decision - SR 1-2BN3MQ4",
        "Sorry - we're not able to accept this.", sender="Ceri Rees <ceri.rees@vsat.cmg.example.gov.uk>", to=vsat,
        date="Thu, 03 Dec 2026 10:00:00 +0000"),
        expect("vsat_decision", {"sr_number": "1-2BN3MQ4", "decision": "reject", "reason": None},
               case_ref="VSAT-000652", needs_human=True))

    c["appt_quarter_past_postcode"] = (eml("SR 1-3MQ4WE5 appointment", """Hi all,

Appointment booked for Tues 15th Dec at quarter past 10 at Paisley Jobcentre, 10 Glen Street, Paisley PA3 2AA.

Client has been told by phone and a letter is going out today.

Alison""", sender="Alison Reid <alison.reid@f2f.cmg.example.gov.uk>", to=vsat, date="Thu, 10 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-3MQ4WE5", "appointment_at": "2026-12-15T10:15:00+00:00",
                                            "location": "Paisley Jobcentre, 10 Glen Street, Paisley PA3 2AA"}))

    c["appt_slash_labels_noon"] = (eml("RE: [VSAT-000660] Appointment needed - SR 1-4WE5RT6",
        "Date/time: Fri 11/12, noon\nVenue: Wrexham Jobcentre Plus, Hope Street, LL11 1BE\n\nGareth",
        sender="Gareth Owen <gareth.owen@f2f.cmg.example.gov.uk>", to=vsat, date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-4WE5RT6", "appointment_at": "2026-12-11T12:00:00+00:00",
                                            "location": "Wrexham Jobcentre Plus, Hope Street, LL11 1BE"},
               case_ref="VSAT-000660"))

    c["appt_1400_signature_leave_dates"] = (eml("RE: [VSAT-000661] Appointment needed - SR 1-5RT6YU7", """Booked for 1400 on Weds 9th Dec at Dundee Jobcentre, Wellgate Centre.

Euan Scott
Face to Face Consultant (Tayside)
Not working Fri 18/12 - Mon 04/01
Tel: 01382 000 555""", sender="Euan Scott <euan.scott@f2f.cmg.example.gov.uk>", to=vsat,
        date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-5RT6YU7", "appointment_at": "2026-12-09T14:00:00+00:00",
                                            "location": "Dundee Jobcentre, Wellgate Centre"}, case_ref="VSAT-000661"))

    c["appt_date_no_time"] = (eml("SR 1-6YU7UI8 - appt",
        "Appointment arranged for Friday 18 December at Perth Jobcentre Plus, High Street. Time to be confirmed "
        "with the client.", sender="Euan Scott <euan.scott@f2f.cmg.example.gov.uk>", to=vsat,
        date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-6YU7UI8", "appointment_at": "2026-12-18",
                                            "location": "Perth Jobcentre Plus, High Street"}))

    c["visit_saw_client_completed"] = (eml("SR 1-7UI8OP9 - visit done", """Bore da,

Saw Mr Pugh this morning at the Llandrindod Wells office. Interview completed and he's agreed to set up a DEO with his employer.

Rhian""", sender="Rhian Powell <rhian.powell@f2f.cmg.example.gov.uk>", to=ssst, date="Wed, 09 Dec 2026 13:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-7UI8OP9", "outcome": "completed", "failed_attempts": None}))

    c["visit_fta_all_caps_third"] = (eml("SR 1-8OP9AS0 VISIT",
        "CLIENT FAILED TO ATTEND AGAIN TODAY - THIRD FTA. RETURNING TO SSST AS PER PROCESS.\n\nJOHN",
        sender="John Kerr <john.kerr@f2f.cmg.example.gov.uk>", to=ssst, date="Thu, 10 Dec 2026 16:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-8OP9AS0", "outcome": "failed_to_attend", "failed_attempts": 3}))

    c["visit_dna_iphone_2nd_time"] = (eml("Re: [VSAT-000670] Appointment needed - SR 1-9AS0DF1", """Mr Bain DNA today, 2nd time now

Sent from my iPhone

> On 8 Dec 2026, at 09:00, VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk> wrote:
> Appointment for SR 1-9AS0DF1 confirmed for 10/12/2026 at 11:00.
""", sender="Euan Scott <euan.scott@f2f.cmg.example.gov.uk>", to=vsat, date="Thu, 10 Dec 2026 11:45:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-9AS0DF1", "outcome": "failed_to_attend", "failed_attempts": 2},
               case_ref="VSAT-000670"))

    # --- payments ----------------------------------------------------------------------
    c["payment_gpc_card_slash_date"] = (eml("RE: Fee to pay - SR 1-1DF2GH3",
        "Hi Andy - fee of £119 paid on the GPC card on 8/12. Receipt saved to the case.\n\nPaul",
        sender="Paul Dyer <paul.dyer@ssst.cmg.example.gov.uk>", to="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>",
        date="Thu, 10 Dec 2026 09:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-1DF2GH3", "scin": None, "paid_on": "2026-12-08"}))

    c["payment_done_original_message"] = (eml("RE: [SSST-000680] Court fee - SR 1-2GH3JK4", """Done - paid this morning.

Karen

-----Original Message-----
From: Andrew Kettle <andrew.kettle@cmg.example.gov.uk>
Sent: 07 December 2026 14:00
To: SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>
Subject: [SSST-000680] Court fee - SR 1-2GH3JK4

Could you pay the £55 court fee to Preston Magistrates' Court please? SCIN 1234 1234 1234. Paid on 07/12 would be ideal.
""", sender="Karen Lowe <karen.lowe@ssst.cmg.example.gov.uk>", to="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>",
        date="Tue, 08 Dec 2026 11:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-2GH3JK4", "scin": None, "paid_on": "2026-12-08"},
               case_ref="SSST-000680"))

    # --- machines ----------------------------------------------------------------------
    c["read_mdn_headers_part_only"] = (_raw_msg("""From: Gwen Pritchard <gwen.pritchard@cpt.cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Read: [SSST-000691] Second PV check due - SR 1-3JK4LZ5
Date: Tue, 08 Dec 2026 10:14:00 +0000
Message-ID: <mdn691@cpt.cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn691"
""", """--mdn691
Content-Type: text/plain; charset="us-ascii"

The message sent on 08/12/2026 09:00 to Gwen Pritchard was displayed on 08/12/2026 10:14.

--mdn691
Content-Type: message/disposition-notification

Reporting-UA: cpt.cmg.example.gov.uk; Microsoft Outlook 16.0
Final-Recipient: rfc822;gwen.pritchard@cpt.cmg.example.gov.uk
Disposition: manual-action/MDN-sent-manually; displayed

--mdn691
Content-Type: text/rfc822-headers

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: Gwen Pritchard <gwen.pritchard@cpt.cmg.example.gov.uk>
Subject: [SSST-000691] Second PV check due - SR 1-3JK4LZ5
Message-ID: <ssst-000691.20261208090000@mailbot.ssst.cmg.example.gov.uk>

--mdn691--
"""), expect("read_receipt", {"original_message_id": "<ssst-000691.20261208090000@mailbot.ssst.cmg.example.gov.uk>",
                               "disposition": "displayed"}, case_ref="SSST-000691"))

    c["bounce_mailbox_full_text"] = (_raw_msg("""From: postmaster@cmg.example.gov.uk
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Undeliverable: [SSST-000692] Court fee due - SR 1-4LZ5XC6
Date: Tue, 08 Dec 2026 10:00:09 +0000
Message-ID: <ndr692@cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"
""", """Delivery has failed to these recipients or groups:

helen.baxter@cmg.example.gov.uk
The recipient's mailbox is full and can't accept messages now. Please try resending this message later, or contact the recipient directly.

Diagnostic information for administrators:

Generating server: EX03.cmg.example.gov.uk

helen.baxter@cmg.example.gov.uk
Remote Server returned '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded'

Original message headers:

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: helen.baxter@cmg.example.gov.uk
Message-ID: <ssst-000692.20261208100000@mailbot.ssst.cmg.example.gov.uk>
Subject: [SSST-000692] Court fee due - SR 1-4LZ5XC6
"""), expect("bounce", {"original_message_id": "<ssst-000692.20261208100000@mailbot.ssst.cmg.example.gov.uk>",
                           "failed_recipients": ["helen.baxter@cmg.example.gov.uk"]}, case_ref="SSST-000692"))

    c["ooo_maternity_wc"] = (eml("Automatic reply: SR 1-5XC6VB7",
        "Thank you for your email. I am currently on maternity leave and will be returning w/c 14th June 2027. "
        "Please send anything urgent to the team inbox enforcement.team12@cmg.example.gov.uk.",
        sender="Gemma Wright <gemma.wright@cmg.example.gov.uk>", extra="Auto-Submitted: auto-replied\n",
        date="Mon, 07 Dec 2026 10:00:05 +0000"),
        expect("auto_reply", {"until": "2027-06-14"}))

    c["ooo_training_next_tuesday"] = (eml("Out of Office: [SSST-000695] CPO needed - SR 1-6VB7NM8",
        "I'm away on a training course for the rest of the week with no access to email. I'll be back next "
        "Tuesday and will reply then.", sender="Cumbria CPT <cumbria.cpt@cpt.cmg.example.gov.uk>",
        extra="Auto-Submitted: auto-replied\n", date="Wed, 09 Dec 2026 10:00:05 +0000"),
        expect("auto_reply", {"until": "2026-12-15"}, case_ref="SSST-000695"))

    # --- safety only ---------------------------------------------------------------------
    c["unknown_mp_letter_complaint"] = (eml("FW: Letter from Jo Smith MP - constituent Mr Peter Lane", """For info - MP letter received today, please log on the case.

---------- Forwarded message ---------
From: Office of Jo Smith MP <jo.smith.mp@parliament.example.uk>
Date: Mon, 30 Nov 2026 at 17:20
Subject: Constituent Mr Peter Lane

Dear Sir/Madam,

I write on behalf of my constituent, Mr Peter Lane, who is very unhappy with the service he has received from the Child Maintenance Service. He wishes to make a formal complaint about the way his case has been handled, in particular the delays in processing his change of circumstances.

Yours faithfully,
Jo Smith MP
""", sender="Correspondence Team <correspondence@cmg.example.gov.uk>", to=ssst, date="Tue, 01 Dec 2026 10:00:00 +0000"),
        expect("unknown", {}, flags=["complaint"], needs_human=True))

    c["unknown_threat_phone_note"] = (eml("Call from NRP - SR 1-7NM8QW9", """FYI - Mr Cox rang the helpline this afternoon about the liability order. He was shouting and said that if anyone turns up at his house he will "put them in hospital". Call handler was shaken. I've added a note to the case.

Lisa
SSST""", sender="Lisa Ward <lisa.ward@ssst.cmg.example.gov.uk>", to=ssst, date="Tue, 08 Dec 2026 16:00:00 +0000"),
        expect("unknown", {}, flags=["threat"], needs_human=True))

    c["unknown_solicitor_sar"] = (eml("Our client: Mr Gavin Reid - request for personal data", """Dear Sirs,

We act for Mr Gavin Reid (SCIN 9988 7766 5544). Under Article 15 of the UK GDPR our client requests copies of all personal data the Child Maintenance Service holds about him, including call recordings and case notes.

We enclose his signed authority.

Yours faithfully,
Hartley & Finch Solicitors""", sender="Hartley & Finch <enquiries@hartleyfinch.example.co.uk>", to=ssst,
        date="Mon, 07 Dec 2026 10:00:00 +0000"),
        expect("unknown", {}, flags=["sar_request"], needs_human=True))
    return c


def cases_second_round_more() -> dict[str, tuple[bytes, dict]]:
    """The same lessons in other shapes: HTML tables with labels across, footers under real
    threats, signatures with phone numbers, 24-hour times, weekday-and-ordinal dates."""
    c = {}
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    ssst = "SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>"
    c["f2f_html_table_labels_across"] = (eml("CMSF5579 - Hollis", None, html=(
        "<html><body><p>Referral below.</p><table border=1>"
        "<tr><th>SR</th><th>SCIN</th><th>Client name</th><th>Client role</th></tr>"
        "<tr><td>1-3RT5YU7</td><td>7788 9900 1122</td><td>Gemma Hollis</td><td>Receiving parent</td></tr>"
        "<tr><th>Address</th><th>Postcode</th><th>Reason</th><th>PV</th></tr>"
        "<tr><td>6 Mill Row, Whitby</td><td>YO21 1AB</td><td>Information</td><td>No</td></tr>"
        "</table><p>Thanks<br>Neil</p></body></html>"),
        sender="Neil Shaw <neil.shaw@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-3RT5YU7", scin="778899001122", client_name="Gemma Hollis", client_role="receiving_parent",
            address="6 Mill Row, Whitby", postcode="YO21 1AB", reason="information", pv=False,
            nation="england_wales")))
    c["f2f_signature_phone_not_client"] = (eml("F2F referral - SR 1-4YU7IO8", """Hi,

SR: 1-4YU7IO8
SCIN: 3141 5926 5358
Client name: Owen Lewis
Client role: NRP
Address: 9 Bryn Road, Merthyr Tydfil
Postcode: CF47 8AB
Reason: Appeal
PV: No

Regards
Sian Morgan
Caseworker
Tel: 0300 200 1000
Mobile: 07700 900 999
Address: CMS, Ty Taf, Merthyr Tydfil CF47 0AA
""", sender="Sian Morgan <sian.morgan@cmg.example.gov.uk>", to=vsat),
        expect("f2f_referral", f2f(
            sr_number="1-4YU7IO8", scin="314159265358", client_name="Owen Lewis", client_role="paying_parent",
            address="9 Bryn Road, Merthyr Tydfil", postcode="CF47 8AB", reason="appeal", pv=False,
            nation="england_wales")))
    c["court_action_threat_above_footer"] = (eml("CC allocation - SR 1-5IO8PA9", """Hi SSST,

Allocating County Court action to you for the paying parent, Craig Nolan (SCIN 2718 2818 2845). Court TBC.

Please note he threatened to come down to the office with a baseball bat when told about the CCJ.

Thanks
Marie

---
This e-mail is confidential and intended solely for the addressee. If you received it in error please notify the sender. Emails may be monitored to protect against viruses, threats and abuse.
""", sender="Marie Quinn <marie.quinn@cmg.example.gov.uk>", to=ssst),
        expect("court_action_request", {"sr_number": "1-5IO8PA9", "scin": "271828182845", "client_name": "Craig Nolan",
                                        "action": "county_court", "court": None, "hearing_at": None},
               flags=["threat"], needs_human=True))
    c["appt_1030hrs_when_where"] = (eml("RE: [VSAT-000710] Appointment needed - SR 1-6PA9SD0",
        "When: Mon 14 Dec 1030hrs\nWhere: Kilmarnock Jobcentre Plus, John Dickie Street\n\nFiona",
        sender="Fiona Bain <fiona.bain@f2f.cmg.example.gov.uk>", to=vsat, date="Tue, 08 Dec 2026 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-6PA9SD0", "appointment_at": "2026-12-14T10:30:00+00:00",
                                            "location": "Kilmarnock Jobcentre Plus, John Dickie Street"},
               case_ref="VSAT-000710"))
    c["ooo_until_weds_ordinal"] = (eml("Automatic reply: [SSST-000711] Court fee due - SR 1-7SD0FG1",
        "Hi, I'm on leave until Weds 16th with no access to emails. For anything urgent contact the SSST inbox.",
        sender="Karen Lowe <karen.lowe@ssst.cmg.example.gov.uk>", extra="Auto-Submitted: auto-replied\n",
        date="Thu, 10 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": "2026-12-16"}, case_ref="SSST-000711"))
    c["cpo_presenting_officer_brackets_email"] = (eml("RE: [SSST-000712] CPO needed - SR 1-8FG1HJ2",
        "Presenting officer will be Kath Doyle (kath.doyle@cpt.cmg.example.gov.uk) - hearing Thurs 17th Dec 10.00.\n\n"
        "Yorkshire CPT", sender="Yorkshire CPT <yorks.cpt@cpt.cmg.example.gov.uk>", to=ssst,
        date="Tue, 08 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-8FG1HJ2", "scin": None, "cpo_name": "Kath Doyle",
                                  "cpo_email": "kath.doyle@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2026-12-17T10:00:00+00:00"}, case_ref="SSST-000712"))
    c["summons_issued_yesterday"] = (eml("SR 1-9HJ2JK3 - L&S issued",
        "Letter and summons were issued yesterday. Hearing date to follow once the court lists it.\n\nThames Valley CPT",
        sender="Thames Valley CPT <tv.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 08 Dec 2026 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-9HJ2JK3", "scin": None, "issue_date": "2026-12-07"}))
    c["second_pv_recheck_48hrs"] = (eml("SR 1-1JK3KL4 - PV",
        "Hi, could you do the PV re-check 48hrs before the hearing on 15/12 at 10am please? Thanks, Farah",
        sender="Farah Qureshi <farah.qureshi@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 08 Dec 2026 10:00:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-1JK3KL4", "scin": None,
                                           "hearing_at": "2026-12-15T10:00:00+00:00"}))
    c["payment_paid_slash_by_gpc"] = (eml("SR 1-2KL4ZX5 court fee", "Paid 9/12 by GPC, £119. Ta, Paul",
        sender="Paul Dyer <paul.dyer@ssst.cmg.example.gov.uk>", to="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>",
        date="Thu, 10 Dec 2026 09:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-2KL4ZX5", "scin": None, "paid_on": "2026-12-09"}))
    c["f2f_begin_forwarded_apple"] = (eml("Referral", """Please action - sent to me in error.

Sent from my iPad

Begin forwarded message:

From: Ian Marsh <ian.marsh@cmg.example.gov.uk>
Date: 7 December 2026 at 15:22:10 GMT
To: Joanne Hart <joanne.hart@cmg.example.gov.uk>
Subject: F2F referral

SR: 1-3ZX5CV6
SCIN: 1618 0339 8874
Client: Mr Ravi Patel
Client role: Paying parent
Address: 40 Belgrave Road, Leicester
Postcode: LE4 6AB
Reason: Payments
PV: No
""", sender="Joanne Hart <joanne.hart@cmg.example.gov.uk>", to=vsat, date="Tue, 08 Dec 2026 08:00:00 +0000"),
        expect("f2f_referral", f2f(
            sr_number="1-3ZX5CV6", scin="161803398874", client_name="Mr Ravi Patel", client_role="paying_parent",
            address="40 Belgrave Road, Leicester", postcode="LE4 6AB", reason="payments", pv=False,
            nation="england_wales")))
    c["visit_no_show_third_time"] = (eml("SR 1-4CV6VB7",
        "Client was a no show again, third time now. Closing our side and passing back.\n\nGareth",
        sender="Gareth Owen <gareth.owen@f2f.cmg.example.gov.uk>", to=ssst, date="Tue, 08 Dec 2026 15:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-4CV6VB7", "outcome": "failed_to_attend", "failed_attempts": 3}))
    c["fee_request_terse_magistrates"] = (eml("fee - SR 1-5VB7BN8",
        "£55 LO fee needs paying to Preston Magistrates' Court pls. NRP Kyle Dean, SCIN 2233 1144 5566.",
        sender="Andrew Kettle <andrew.kettle@cmg.example.gov.uk>", to=ssst, date="Tue, 08 Dec 2026 09:00:00 +0000"),
        expect("enforcement_fee_request", {"sr_number": "1-5VB7BN8", "scin": "223311445566", "client_name": "Kyle Dean",
                                           "court": "Preston Magistrates' Court", "fee": "55.00"}))
    return c



def _html_table(rows, label_fmt="{k}", attrs="border=1 cellspacing=0 cellpadding=4") -> str:
    """An Outlook-ish two-column (or wider) table: rows of cells."""
    out = []
    for row in rows:
        cells = "".join(f"<td style='border:solid #999 1.0pt;padding:0cm 5.4pt'><p class=MsoNormal>"
                        f"<span style='font-size:11.0pt'>{cell}</span></p></td>" for cell in row)
        out.append(f"<tr>{cells}</tr>")
    return f"<table class=MsoTableGrid {attrs}>{''.join(out)}</table>"


def _outlook_html(inner: str) -> str:
    return ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=Content-Type "
            "content=\"text/html; charset=utf-8\"><style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;"
            "font-family:\"Calibri\",sans-serif;} --></style></head><body lang=EN-GB link=\"#0563C1\">"
            f"<div class=WordSection1>{inner}</div></body></html>")


def cases_third_round() -> dict[str, tuple[bytes, dict]]:
    """Third round: forms with asterisks and question labels, [x] and Y/N boxes, RP/PP roles,
    hearing dates only in a subject or a table, other clients' receipts and bounces, other
    languages' auto-replies, and mail that only looks like casework (invites, newsletters)."""
    c = {}
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    ssst = "SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>"
    bot = "SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>"
    jan = "Tue, 12 Jan 2027 10:00:00 +0000"

    # --- f2f referrals: every field, other layouts ---------------------------------------
    rows = [("SR Number*:", "1-6WE3RT8"), ("SCIN*:", "4410-2231-9087"), ("Client Name*:", "Lorraine Webb"),
            ("Client Role*:", "RP"), ("Address*:", "Flat 4, 22 Kirkgate, Shipley"), ("Postcode*:", "bd18 3eh"),
            ("Contact No:", "07700 900 456"), ("Reason for F2F*:", "Change"), ("PV:", "N"), ("UCB:", "N"),
            ("DA:", "N"), ("Under 16:", "N"), ("Special Requirements:", "&nbsp;"),
            ("Caseworker Email:", "<a href=\"mailto:Lorna.Pike@cmg.example.gov.uk\">Lorna.Pike@cmg.example.gov.uk</a>"),
            ("Team Leader Email:", "dev.singh@cmg.example.gov.uk"), ("EIO Activity Required:", "N")]
    c["f2f_html_asterisk_labels_rp"] = (eml("CMSF5579 referral", None, html=_outlook_html(
        "<p class=MsoNormal>Hi VSAT,</p><p class=MsoNormal>&nbsp;</p><p class=MsoNormal>Please see referral below "
        "(mandatory fields marked *).</p>" + _html_table(rows) +
        "<p class=MsoNormal>Thanks</p><p class=MsoNormal>Lorna</p>"),
        sender="Lorna Pike <lorna.pike@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-6WE3RT8", scin="441022319087", client_name="Lorraine Webb", client_role="receiving_parent",
            address="Flat 4, 22 Kirkgate, Shipley", postcode="BD18 3EH", phone="07700900456", reason="change",
            pv=False, ucb=False, dangerous_area=False, under_16=False,
            caseworker_email="lorna.pike@cmg.example.gov.uk", team_leader_email="dev.singh@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    c["f2f_bracket_ticks_paragraph_reason"] = (eml("Visiting Service referral", """VISITING SERVICE REFERRAL \u2013 CMSF5579

Service Request (SR): 1-9KD4LP2
SCIN: 7734 1120 0956
Client full name: Mr Kwame Mensah
Paying parent [x]    Receiving parent [ ]
Address: 88 Coldharbour Lane, London, SE5 9PR
Telephone: 020 7946 0321

What we'll talk about:
[ ] A complaint you have made against the child maintenance group
[ ] Parentage of the child or children named in your child maintenance case
[x] Child maintenance payments made in your case
[ ] Other

Potentially violent (PV)      [ ] Yes  [x] No
UCB                           [ ] Yes  [x] No
Dangerous area                [ ] Yes  [x] No
Under 16                      [ ] Yes  [x] No
Special requirements: Client is deaf - BSL interpreter needed
Caseworker email: ama.owusu@cmg.example.gov.uk
Team leader email: peter.lamb@cmg.example.gov.uk
Enforcement investigative officer activity   [ ] Yes  [x] No
""", sender="Ama Owusu <ama.owusu@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-9KD4LP2", scin="773411200956", client_name="Mr Kwame Mensah", client_role="paying_parent",
            address="88 Coldharbour Lane, London", postcode="SE5 9PR", phone="02079460321", reason="payments",
            pv=False, ucb=False, dangerous_area=False, under_16=False,
            special_requirements="Client is deaf - BSL interpreter needed",
            caseworker_email="ama.owusu@cmg.example.gov.uk", team_leader_email="peter.lamb@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    c["f2f_sr_subject_only_en_dash_scotland"] = (eml("F2F referral 1-2HG5JK8 - Ms Donnelly", """Morning VSAT,

Please can you arrange a face to face for the below. SR as per subject.

Client \u2013 Ms Ciara Donnelly
SCIN \u2013 2290 3345 1178
Role \u2013 Receiving parent
Address \u2013 45 Calder Road, Glasgow
Postcode \u2013 g41 5bq
Tel \u2013 0141 496 0007
Reason \u2013 The steps we are taking against the other parent of your child or children to recover money owed for child maintenance
PV \u2013 N
UCB \u2013 N
DA \u2013 Y
Under 16 \u2013 N
Special requirements \u2013 None
CW email \u2013 alan.reid@cmg.example.gov.uk
TL email \u2013 morven.gray@cmg.example.gov.uk
EIO \u2013 N

Cheers
Alan""", sender="Alan Reid <alan.reid@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-2HG5JK8", scin="229033451178", client_name="Ms Ciara Donnelly",
            client_role="receiving_parent", address="45 Calder Road, Glasgow", postcode="G41 5BQ",
            phone="01414960007", reason="enforcement_receiving_parent", pv=False, ucb=False, dangerous_area=True,
            under_16=False, caseworker_email="alan.reid@cmg.example.gov.uk",
            team_leader_email="morven.gray@cmg.example.gov.uk", nation="scotland", enforcement=False)))

    docx_bytes = docx_form([
        ["SR no.:", "1-5TY6UI7"], ["SCIN:", "3345 6677 8899"], ["Name:", "Chloe Barker"], ["Client role:", "PWC"],
        ["Address:", "12 Beech Avenue\nNorthampton"], ["Post code:", "nn3 6bt"], ["Phone:", ""],
        ["Reason for face to face:", "Your child maintenance case because you are under the age of 16. "
                                     "You must bring an adult with you to this meeting"],
        ["PV:", ""], ["UCB:", ""], ["DA:", ""], ["Under 16:", "X"],
        ["Special requirements:", "Mum will attend with her"],
        ["Caseworker email:", "gail.moss@cmg.example.gov.uk"], ["Team leader email:", "ravi.nair@cmg.example.gov.uk"],
        ["Enforcement:", ""]], heading="CMSF5579")
    c["f2f_docx_colon_labels_x_under16"] = (eml("Referral - Barker", "Hi, referral form attached.\n\nGail",
        sender="Gail Moss <gail.moss@cmg.example.gov.uk>", to=vsat, date=jan,
        attachments=[("CMSF5579_Barker.docx", DOCX, docx_bytes)]),
        expect("f2f_referral", f2f(
            sr_number="1-5TY6UI7", scin="334566778899", client_name="Chloe Barker", client_role="receiving_parent",
            address="12 Beech Avenue, Northampton", postcode="NN3 6BT", reason="under_16", pv=False, ucb=False,
            dangerous_area=False, under_16=True, special_requirements="Mum will attend with her",
            caseworker_email="gail.moss@cmg.example.gov.uk", team_leader_email="ravi.nair@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    c["f2f_question_labels_other_dash"] = (eml("F2F referral - SR 1-7BN2MK4", """Hi,

F2F referral as discussed.

SR number: 1-7BN2MK4
SCIN: 110022993388
Client name: Daniel Hughes
Is the client the paying or receiving parent? Paying
Address: 3 Tan y Bryn, Llandudno, Conwy
Postcode: LL30 1RT
Phone: 07700 900 222
Reason for referral: Other - client wants to discuss his case in person as he cannot use the phone (hearing loss)
Does the client have a PV marker? No
Is there a UCB marker? No
Is the address in a dangerous area? No
Is the client under 16? No
Special requirements: Hearing loop needed
Caseworker: siwan.jones@cmg.example.gov.uk
Team leader: huw.bevan@cmg.example.gov.uk
Is enforcement investigative officer activity requested? No

Diolch
Siwan""", sender="Siwan Jones <siwan.jones@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-7BN2MK4", scin="110022993388", client_name="Daniel Hughes", client_role="paying_parent",
            address="3 Tan y Bryn, Llandudno, Conwy", postcode="LL30 1RT", phone="07700900222", reason="other",
            reason_text="client wants to discuss his case in person as he cannot use the phone (hearing loss)",
            pv=False, ucb=False, dangerous_area=False, under_16=False, special_requirements="Hearing loop needed",
            caseworker_email="siwan.jones@cmg.example.gov.uk", team_leader_email="huw.bevan@cmg.example.gov.uk",
            nation="england_wales", enforcement=False)))

    c["f2f_prose_ssst_request_rp_enforcement"] = (eml("Face to face request - SR 1-4WQ8ER2", """Hi VSAT,

We'd like a face to face visit with the receiving parent, Mrs Janet Cole, to discuss the enforcement action we're taking against the paying parent. She has no phone.

SR 1-4WQ8ER2, SCIN 6612 0098 3341.
Address: 27 Harbour View, Whitehaven, Cumbria, CA28 7LB

Thanks
Nadine
SSST""", sender="Nadine Hart <nadine.hart@ssst.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-4WQ8ER2", scin="661200983341", client_name="Mrs Janet Cole", client_role="receiving_parent",
            address="27 Harbour View, Whitehaven, Cumbria", postcode="CA28 7LB",
            reason="enforcement_receiving_parent", nation="england_wales")))

    c["f2f_fwd_pv_knife_history"] = (eml("FW: F2F referral - SR 1-3LK9JH6", """Forwarding as requested - please note the PV.

Thanks
Mark

From: Ellie Shaw <ellie.shaw@cmg.example.gov.uk>
Sent: 11 January 2027 16:40
To: Mark Dunn <mark.dunn@ssst.cmg.example.gov.uk>
Subject: F2F referral - SR 1-3LK9JH6

SR: 1-3LK9JH6
SCIN: 5050 6060 7070
Client name: Lee Barton
Client role: NRP
Address: Unit 3, The Maltings, Stockport
Postcode: SK1 3AA
Reason: Appeal
PV: Yes - threatened a caseworker with a knife in 2024
UCB: Yes
DA: No
Under 16: No
""", sender="Mark Dunn <mark.dunn@ssst.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-3LK9JH6", scin="505060607070", client_name="Lee Barton", client_role="paying_parent",
            address="Unit 3, The Maltings, Stockport", postcode="SK1 3AA", reason="appeal", pv=True, ucb=True,
            dangerous_area=False, under_16=False, nation="england_wales"),
            flags=["pv", "threat"], needs_human=True))

    c["f2f_postcode_to_follow"] = (eml("F2F referral - SR 1-8ZX3CV5", """SR: 1-8ZX3CV5
SCIN: 9080 7060 5040
Client name: Tomasz Nowak
Client role: paying parent
Address: 16 Station Road, Wrexham
Postcode: to follow - client moved recently
Reason: Payments
PV: No

Paul""", sender="Paul Rees <paul.rees@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-8ZX3CV5", scin="908070605040", client_name="Tomasz Nowak", client_role="paying_parent",
            address="16 Station Road, Wrexham", reason="payments", pv=False), needs_human=True))

    rows = [("SR Number", "1-1PL0OK9", "SCIN", "2468 1357 9024"),
            ("Client name", "Stuart Lennox", "Client role", "NRP"),
            ("Address", "10 Abbey Road, Paisley", "Postcode", "PA1 1JS"),
            ("Phone", "0141 496 0555", "Reason", "Appeal"),
            ("PV", "Y", "UCB", "N"), ("DA", "N", "Under 16", "N"),
            ("Caseworker email", "jill.moir@cmg.example.gov.uk", "Team leader email", "ross.kerr@cmg.example.gov.uk"),
            ("Special requirements", "None", "Enforcement", "N")]
    c["f2f_html_four_column_pairs_pv"] = (eml("Face to face referral - Lennox", None, html=_outlook_html(
        "<p class=MsoNormal>Hello,</p><p class=MsoNormal>Referral as below. Please note PV.</p>"
        + _html_table(rows) + "<p class=MsoNormal>Jill</p>"),
        sender="Jill Moir <jill.moir@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(
            sr_number="1-1PL0OK9", scin="246813579024", client_name="Stuart Lennox", client_role="paying_parent",
            address="10 Abbey Road, Paisley", postcode="PA1 1JS", phone="01414960555", reason="appeal", pv=True,
            ucb=False, dangerous_area=False, under_16=False, caseworker_email="jill.moir@cmg.example.gov.uk",
            team_leader_email="ross.kerr@cmg.example.gov.uk", nation="scotland", enforcement=False),
            flags=["pv"]))

    pdf_bytes = pdf_form([
        ("text", "f1", "Service request number", "1-7MN8BV3", None),
        ("text", "f2", "Client reference (SCIN)", "1357 2468 0011", None),
        ("text", "f3", "Full name of client", "Hannah Price", None),
        ("radio", "f4", "Is the client the paying or receiving parent", "Receiving parent",
         ["Paying parent", "Receiving parent"]),
        ("text", "f5", "Address line 1", "5 Rose Lane", None), ("text", "f6", "Town", "Norwich", None),
        ("text", "f7", "Postcode", "nr1 3pe", None), ("text", "f8", "Contact telephone", "01603 496 000", None),
        ("choice", "f9", "What we'll talk about", "Change", ["Complaint", "Payments", "Change", "Other"]),
        ("check", "f10", "Potentially violent?", True, None), ("check", "f11", "UCB?", False, None),
        ("check", "f12", "Dangerous area?", False, None), ("check", "f13", "Under 16?", False, None),
        ("text", "f14", "Caseworker email", "zoe.finch@cmg.example.gov.uk", None),
        ("text", "f15", "Team leader email", "omar.aziz@cmg.example.gov.uk", None),
        ("check", "f16", "Enforcement officer activity requested?", False, None)])
    c["f2f_pdf_question_tooltips"] = (eml("Referral for F2F", "Please see attached.\n\nZoe",
        sender="Zoe Finch <zoe.finch@cmg.example.gov.uk>", to=vsat, date=jan,
        attachments=[("referral.pdf", "application/pdf", pdf_bytes)]),
        expect("f2f_referral", f2f(
            sr_number="1-7MN8BV3", scin="135724680011", client_name="Hannah Price", client_role="receiving_parent",
            address="5 Rose Lane, Norwich", postcode="NR1 3PE", phone="01603496000", reason="change", pv=True,
            ucb=False, dangerous_area=False, under_16=False, caseworker_email="zoe.finch@cmg.example.gov.uk",
            team_leader_email="omar.aziz@cmg.example.gov.uk", nation="england_wales", enforcement=False),
            flags=["pv"]))

    # --- court work -----------------------------------------------------------------------
    rows = [("NRP Name", "Mr Gavin Price"), ("SCIN", "5521 8834 0012"), ("SR", "1-6RE4WQ1"),
            ("Action required", "Liability Order"), ("Court", "Newport Magistrates' Court"),
            ("Hearing date", "14/01/2027"), ("Hearing time", "10.30am")]
    c["court_lo_html_table_time_row"] = (eml("LO allocation", None, html=_outlook_html(
        "<p class=MsoNormal>Hi SSST,</p><p class=MsoNormal>Please allocate the below Liability Order to SSST.</p>"
        + _html_table(rows) + "<p class=MsoNormal>Regards, Owain</p>"),
        sender="Owain Pugh <owain.pugh@cmg.example.gov.uk>", to=ssst, date="Mon, 14 Dec 2026 10:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-6RE4WQ1", "scin": "552188340012",
                                        "client_name": "Mr Gavin Price", "action": "liability_order",
                                        "court": "Newport Magistrates' Court",
                                        "hearing_at": "2027-01-14T10:30:00+00:00"}))

    c["court_cc_hearing_in_subject_initials"] = (eml("CC allocation - SR 1-3DF6GH9 - hrg 22.01.27 @ 2pm", """Hi SSST,

County Court case allocated to you - Mr P. J. Owens, SCIN 1234-5678-9012.
Court: Cardiff Civil Justice Centre

Thanks
Bethan""", sender="Bethan Rowlands <bethan.rowlands@cmg.example.gov.uk>", to=ssst,
        date="Thu, 10 Dec 2026 10:00:00 +0000"),
        expect("court_action_request", {"sr_number": "1-3DF6GH9", "scin": "123456789012",
                                        "client_name": "Mr P. J. Owens", "action": "county_court",
                                        "court": "Cardiff Civil Justice Centre",
                                        "hearing_at": "2027-01-22T14:00:00+00:00"}))

    c["court_committal_venue_paying_parent_label"] = (eml("Commitment - 1-7YU8IO9", """Hello,

Passing the below to SSST for commitment action.

Paying parent: Leanne Fox
SCIN: 3300 2211 4455
SR: 1-7YU8IO9
Venue: Leicester Magistrates' Court
Date/time: Tues 9th Feb 11.15

Regards
Dominic (ECM)""", sender="Dominic Shaw <dominic.shaw@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-7YU8IO9", "scin": "330022114455", "client_name": "Leanne Fox",
                                        "action": "commitment", "court": "Leicester Magistrates' Court",
                                        "hearing_at": "2027-02-09T11:15:00+00:00"}))

    c["court_cc_pv_marker_no_hearing"] = (eml("County Court action - SR 1-2WS4ED6", """Hi,

Allocating CC action for SR 1-2WS4ED6 to SSST. NRP is Shaun Mills, SCIN 7788 1122 3344.
Court: Sheffield County Court

Please be aware he has a PV marker on the system.

Ta
Kelly""", sender="Kelly Ward <kelly.ward@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-2WS4ED6", "scin": "778811223344", "client_name": "Shaun Mills",
                                        "action": "county_court", "court": "Sheffield County Court",
                                        "hearing_at": None}, flags=["pv"]))

    rows = [("Client", "Mrs Aisha Khan"), ("SCIN", "6601 2239 4410"), ("SR no", "1-2PO9IU8"),
            ("Fee", "£ 308.00"), ("Payable to", "Wigan County Court")]
    c["fee_html_table_payable_to"] = (eml("Court fee request", None, html=_outlook_html(
        "<p class=MsoNormal>Please can SSST pay the below court fee up front.</p>" + _html_table(rows) +
        "<p class=MsoNormal>Many thanks<br>Craig (ECM)</p>"),
        sender="Craig Lyons <craig.lyons@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("enforcement_fee_request", {"sr_number": "1-2PO9IU8", "scin": "660122394410",
                                           "client_name": "Mrs Aisha Khan", "court": "Wigan County Court",
                                           "fee": "308.00"}))

    c["fee_gbp_code_civil_justice_centre"] = (eml("Fee - SR 1-9LK8JH7", """Good afternoon,

A fee of GBP 127 is due to Manchester Civil Justice Centre for the CCJ application against Mr Robert Lyle (SCIN 4432 1100 9988). Can this be paid in advance please?

Sandra""", sender="Sandra Bell <sandra.bell@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("enforcement_fee_request", {"sr_number": "1-9LK8JH7", "scin": "443211009988",
                                           "client_name": "Mr Robert Lyle", "court": "Manchester Civil Justice Centre",
                                           "fee": "127.00"}))

    c["cpo_title_initial_brackets_listed"] = (eml("RE: [SSST-000801] CPO needed - SR 1-1QA2WS3",
        "CPO: Mrs J. Hargreaves (jane.hargreaves@cpt.cmg.example.gov.uk)\n"
        "Listed for 10.00 on 12/1/27 at Bradford Magistrates.\n\nWest Yorkshire CPT",
        sender="West Yorkshire CPT <wy.cpt@cpt.cmg.example.gov.uk>", to=bot, date="Mon, 21 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-1QA2WS3", "scin": None, "cpo_name": "Mrs J. Hargreaves",
                                  "cpo_email": "jane.hargreaves@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2027-01-12T10:00:00+00:00"}, case_ref="SSST-000801"))

    c["cpo_allocated_dash_apostrophe"] = (eml("RE: [SSST-000802] CPO needed - SR 1-3ED4RF5",
        "Allocated CPO - Tom O'Neill. Hearing date Wednesday 20 January 2027 at 2pm.\n\nMidlands CPT",
        sender="Midlands CPT <midlands.cpt@cpt.cmg.example.gov.uk>", to=bot, date="Mon, 21 Dec 2026 10:00:00 +0000"),
        expect("cpo_assignment", {"sr_number": "1-3ED4RF5", "scin": None, "cpo_name": "Tom O'Neill",
                                  "cpo_email": None, "hearing_at": "2027-01-20T14:00:00+00:00"},
               case_ref="SSST-000802"))

    c["cpo_picked_up_hearing_in_subject"] = (eml("SR 1-5TG6YH8 \u2013 LO hearing 03/02/27 10:30am",
        "Hi, I've picked this one up and will present.\n\nNadia Rahman\nCPO, East Midlands",
        sender="Nadia Rahman <nadia.rahman@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-5TG6YH8", "scin": None, "cpo_name": "Nadia Rahman",
                                  "cpo_email": "nadia.rahman@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2027-02-03T10:30:00+00:00"}))

    c["second_pv_2nd_thurs_ordinal_court"] = (eml("SR 1-8UJ7YH6",
        "Hi team, could I get the 2nd PV check done please - hearing is Thurs 21st Jan, 10am, Hull Magistrates.\n\n"
        "Cheers\nLiam Fox\nCPO", sender="Liam Fox <liam.fox@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-8UJ7YH6", "scin": None,
                                           "hearing_at": "2027-01-21T10:00:00+00:00"}))

    c["second_pv_check_again_hrs"] = (eml("PV check - SR 1-4RF3ED1", """Hello,

Please carry out the PV check again before the hearing.

Hearing: 04.02.2027 at 14:00 hrs
SCIN: 1212 3434 5656

Thanks
Paula (CPO)""", sender="Paula Grant <paula.grant@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-4RF3ED1", "scin": "121234345656",
                                           "hearing_at": "2027-02-04T14:00:00+00:00"}))

    c["second_pv_bst_april_48_hours"] = (eml("RE: [SSST-000811] Hearing listed - SR 1-6YH5TG4",
        "As the hearing is on Tuesday 6 April 2027 at 2.30pm, could you complete the second PV check 48 hours before?"
        "\n\nThanks\nGrace", sender="Grace Obi <grace.obi@cpt.cmg.example.gov.uk>", to=bot,
        date="Mon, 15 Mar 2027 10:00:00 +0000"),
        expect("second_pv_check_request", {"sr_number": "1-6YH5TG4", "scin": None,
                                           "hearing_at": "2027-04-06T14:30:00+01:00"}, case_ref="SSST-000811"))

    c["summons_went_out_on_ordinal_hearing_too"] = (eml("SR 1-9OL8IK7 summons",
        "Summons went out on 14th Dec, hearing is 11/01/27.\n\nNE CPT",
        sender="NE CPT <ne.cpt@cpt.cmg.example.gov.uk>", to=ssst, date="Wed, 16 Dec 2026 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-9OL8IK7", "scin": None, "issue_date": "2026-12-14"}))

    rows = [("SR", "1-3XS2ZA1"), ("SCIN", "9898 7676 5454"), ("Letter &amp; summons issued", "11/01/27")]
    c["summons_html_table_issued_row"] = (eml("Summons issued", None, html=_outlook_html(
        "<p class=MsoNormal>Hi SSST, update below.</p>" + _html_table(rows) + "<p class=MsoNormal>London CPT</p>"),
        sender="London CPT <london.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("summons_issued", {"sr_number": "1-3XS2ZA1", "scin": "989876765454", "issue_date": "2027-01-11"}))

    c["summons_posted_monday"] = (eml("RE: [SSST-000813] Letter and summons - SR 1-7TG6RF5",
        "L&S posted first class on Monday.\n\nAnne", sender="Anne Cole <anne.cole@cpt.cmg.example.gov.uk>", to=bot,
        date="Wed, 13 Jan 2027 10:00:00 +0000"),
        expect("summons_issued", {"sr_number": "1-7TG6RF5", "scin": None, "issue_date": "2027-01-11"},
               case_ref="SSST-000813"))

    c["cover_letter_cpo_nrp_costs_are"] = (eml("SR 1-2AZ3SX4",
        "Could you please send me the NRP cover letter for the hearing on 26/01/2027? Costs are £85.\n\nThanks\nRuth",
        sender="Ruth Kemp <ruth.kemp@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-2AZ3SX4", "scin": None, "hearing_at": "2027-01-26",
                                        "costs": "85.00"}))

    c["cover_letter_cmel_spaced_en_dashes"] = (eml("CMEL 9180 \u2013 hearing Tues 2 Feb 2027 \u2013 SR 1-4RF5TG6",
        "Summons now received from the court. Please prepare the CMEL9180.\nCosts: £ 70\n\nYorkshire CPT",
        sender="Yorkshire CPT <yorks.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-4RF5TG6", "scin": None, "hearing_at": "2027-02-02",
                                        "costs": "70.00"}))

    c["cover_letter_no_costs_sentence"] = (eml("Cover letter request - SR 1-8IK9OL1 - hearing 18/02/2027",
        "Please issue the paying parent cover letter. No costs to include this time.\n\nScotland & NI CPT",
        sender="Scotland CPT <scot.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-8IK9OL1", "scin": None, "hearing_at": "2027-02-18",
                                        "costs": None}))

    c["outcome_html_table_costs"] = (eml("Hearing outcome - SR 1-5GB4VF3", None, html=_outlook_html(
        "<p class=MsoNormal>Hi,</p>" + _html_table([("Hearing date", "12/01/2027"),
                                                     ("Outcome", "LO granted - £95 costs")]) +
        "<p class=MsoNormal>Case file to follow.</p><p class=MsoNormal>Mo</p>"),
        sender="Mo Patel <mo.patel@cpt.cmg.example.gov.uk>", to=ssst, date="Tue, 12 Jan 2027 15:00:00 +0000"),
        expect("court_outcome", {"sr_number": "1-5GB4VF3", "scin": None, "outcome": "LO granted - £95 costs",
                                 "proceeding": True}))

    c["outcome_will_not_be_proceeding_arrangement"] = (eml("RE: [SSST-000821] Liability order hearing - SR 1-1MK2NJ3",
        "We will not be proceeding as the PP has entered into a payment arrangement with the ECM.\n\nJames",
        sender="James Bright <james.bright@cpt.cmg.example.gov.uk>", to=bot, date=jan),
        expect("court_outcome", {"sr_number": "1-1MK2NJ3", "scin": None, "outcome": None, "proceeding": False},
               case_ref="SSST-000821"))

    c["outcome_committal_suspended_went_ahead"] = (eml("SR 1-6NH5BG4 - commitment hearing",
        "Hearing went ahead. Committal order made, suspended on condition he pays £50 per month towards the arrears.\n\n"
        "Helen", sender="Helen Ross <helen.ross@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-6NH5BG4", "scin": None,
                                 "outcome": "Committal order made, suspended on condition he pays £50 per month "
                                            "towards the arrears", "proceeding": True}))

    c["outcome_lo_granted_threat_after"] = (eml("RE: [SSST-000823] LO hearing - SR 1-7JU6HY5",
        "LO granted. The NRP was abusive to me outside court and threatened to follow me to my car - "
        "I've reported it to security.\n\nDarren", sender="Darren Holt <darren.holt@cpt.cmg.example.gov.uk>", to=bot,
        date=jan),
        expect("court_outcome", {"sr_number": "1-7JU6HY5", "scin": None, "outcome": "LO granted", "proceeding": True},
               case_ref="SSST-000823", flags=["threat"], needs_human=True))

    # --- VSAT and the consultants -----------------------------------------------------------
    c["vsat_have_to_reject_as"] = (eml("RE: [VSAT-000830] Referral for decision - SR 1-2KI8JU7",
        "We're going to have to reject this one as there is no consultant covering Orkney at present.\n\nMairi",
        sender="Mairi Flett <mairi.flett@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-2KI8JU7", "decision": "reject",
                                 "reason": "there is no consultant covering Orkney at present"}, case_ref="VSAT-000830"))

    c["vsat_ok_to_accept_lower"] = (eml("RE: [VSAT-000831] Referral for decision - SR 1-3LO9KI8",
        "ok to accept, allocated to Ffion.", sender="Gill Peart <gillian.peart@vsat.cmg.example.gov.uk>", to=vsat,
        date=jan),
        expect("vsat_decision", {"sr_number": "1-3LO9KI8", "decision": "accept", "reason": None},
               case_ref="VSAT-000831"))

    c["vsat_html_table_reject_reason"] = (eml("RE: [VSAT-000832] Referral for decision - SR 1-4MP0LO9", None,
        html=_outlook_html("<p class=MsoNormal>Hi,</p>" + _html_table(
            [("Decision", "Reject"), ("Reason", "Client has moved out of area (now in Spain)")]) +
            "<p class=MsoNormal>VSAT North</p>"),
        sender="VSAT North <vsat.north@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-4MP0LO9", "decision": "reject",
                                 "reason": "Client has moved out of area (now in Spain)"}, case_ref="VSAT-000832"))

    c["appt_welsh_venue_bore_da"] = (eml("RE: [VSAT-000840] Appointment needed - SR 1-5NQ1MP0", """Bore da,

Appointment booked for Tuesday 12th January 2027 at 10:00.
Venue: Canolfan Byd Gwaith Aberystwyth, Y Stryd Fawr, SY23 1DE

Diolch
Ffion""", sender="Ffion Evans <ffion.evans@f2f.cmg.example.gov.uk>", to=vsat, date="Mon, 04 Jan 2027 10:00:00 +0000"),
        expect("appointment_confirmation", {"sr_number": "1-5NQ1MP0", "appointment_at": "2027-01-12T10:00:00+00:00",
                                            "location": "Canolfan Byd Gwaith Aberystwyth, Y Stryd Fawr, SY23 1DE"},
               case_ref="VSAT-000840"))

    c["appt_dotted_date_time_row_inverness"] = (eml("SR 1-6OR2NQ1 appointment", """Date: 19.01.27
Time: 1.30pm
Venue: Inverness Jobcentre, Longman House, 28 Longman Road, Inverness IV1 1SF

Callum""", sender="Callum Munro <callum.munro@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-6OR2NQ1", "appointment_at": "2027-01-19T13:30:00+00:00",
                                            "location": "Inverness Jobcentre, Longman House, 28 Longman Road, "
                                                        "Inverness IV1 1SF"}))

    c["appt_home_visit_prose_location_label"] = (eml("RE: [VSAT-000842] Appointment needed - SR 1-7PS3OR2",
        "I've booked a home visit with Ms Taylor for Friday 15 January at 9.45am.\nLocation: Client's home address\n\n"
        "Jen", sender="Jen Ward <jen.ward@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-7PS3OR2", "appointment_at": "2027-01-15T09:45:00+00:00",
                                            "location": "Client's home address"}, case_ref="VSAT-000842"))

    c["visit_three_failed_attendances_words"] = (eml("SR 1-8QT4PS3 - visit",
        "Unfortunately this is now three failed attendances for Mr Boyle - he did not answer the door again today. "
        "Returning the referral.\n\nKev", sender="Kevin Boyd <kevin.boyd@f2f.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("visit_outcome", {"sr_number": "1-8QT4PS3", "outcome": "failed_to_attend", "failed_attempts": 3}))

    c["visit_completed_html_only_en_dash"] = (eml("RE: [VSAT-000844] Visit - SR 1-9RU5QT4", None, html=_outlook_html(
        "<p class=MsoNormal>Visit completed 14/01 \u2013 client engaged well, forms signed and returned.</p>"
        "<p class=MsoNormal>Ffion</p>"),
        sender="Ffion Evans <ffion.evans@f2f.cmg.example.gov.uk>", to=vsat, date="Thu, 14 Jan 2027 16:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-9RU5QT4", "outcome": "completed", "failed_attempts": None},
               case_ref="VSAT-000844"))

    c["visit_no_access_first_attempt"] = (eml("SR 1-1SV6RU5",
        "No access at the address - 1st attempt. Card left, will try again next week.\n\nBarry",
        sender="Barry Lamb <barry.lamb@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("visit_outcome", {"sr_number": "1-1SV6RU5", "outcome": "failed_to_attend", "failed_attempts": 1}))

    c["visit_completed_two_officers_pv"] = (eml("SR 1-2TW7SV6 visit",
        "Visit completed today with two officers as the client has a PV marker. No issues.\n\nSue",
        sender="Sue Hall <sue.hall@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("visit_outcome", {"sr_number": "1-2TW7SV6", "outcome": "completed", "failed_attempts": None},
               flags=["pv"]))

    c["payment_made_to_court_on_ref"] = (eml("RE: [SSST-000850] Court fee due - SR 1-3UX8TW7",
        "Payment of £275.00 made to Leeds County Court on 11/01/2027, ref GOVPAY-88412.\n\nPaul",
        sender="Paul Dyer <paul.dyer@ssst.cmg.example.gov.uk>", to="Craig Lyons <craig.lyons@cmg.example.gov.uk>",
        date=jan),
        expect("payment_confirmation", {"sr_number": "1-3UX8TW7", "scin": None, "paid_on": "2027-01-11"},
               case_ref="SSST-000850"))

    c["payment_fee_paid_over_phone_yesterday"] = (eml("SR 1-4VY9UX8 fee",
        "Fee paid over the phone yesterday, receipt no 004417.\n\nKaren",
        sender="Karen Lowe <karen.lowe@ssst.cmg.example.gov.uk>", to="Sandra Bell <sandra.bell@cmg.example.gov.uk>",
        date="Wed, 13 Jan 2027 10:00:00 +0000"),
        expect("payment_confirmation", {"sr_number": "1-4VY9UX8", "scin": None, "paid_on": "2027-01-12"}))

    # --- machines -----------------------------------------------------------------------------
    c["read_thunderbird_return_receipt"] = (_raw_msg("""From: Craig Lyons <craig.lyons@cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Return Receipt (displayed) - [SSST-000860] Court fee paid - SR 1-5WZ0VY9
Date: Tue, 12 Jan 2027 11:04:00 +0000
Message-ID: <mdn-tb-1@cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="tbmdn"
""", """--tbmdn
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

This is a Return Receipt for the mail that you sent to craig.lyons@cmg.example.gov.uk.

Note: This Return Receipt only acknowledges that the message was displayed on the recipient's computer. There is no guarantee that the recipient has read or understood the message contents.

--tbmdn
Content-Type: message/disposition-notification; name="MDNPart2.txt"
Content-Disposition: inline
Content-Transfer-Encoding: 7bit

Reporting-UA: cmg.example.gov.uk; Mozilla Thunderbird
Final-Recipient: rfc822;craig.lyons@cmg.example.gov.uk
Original-Message-ID: <ssst-000860.20270112100000@mailbot.ssst.cmg.example.gov.uk>
Disposition: manual-action/MDN-sent-manually; displayed

--tbmdn
Content-Type: text/rfc822-headers; name="MDNPart3.txt"
Content-Disposition: inline

From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: craig.lyons@cmg.example.gov.uk
Subject: [SSST-000860] Court fee paid - SR 1-5WZ0VY9
Message-ID: <ssst-000860.20270112100000@mailbot.ssst.cmg.example.gov.uk>

--tbmdn--
"""), expect("read_receipt", {"original_message_id": "<ssst-000860.20270112100000@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "displayed"}, case_ref="SSST-000860"))

    c["read_mdn_processed_automatic"] = (_raw_msg("""From: records@partner.example.org
To: mailbot@ssst.cmg.example.gov.uk
Subject: Disposition notification
Date: Tue, 12 Jan 2027 10:00:09 +0000
Message-ID: <mdn-auto-7@partner.example.org>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="autoMDN"
""", """--autoMDN
Content-Type: text/plain

The message sent on Tue, 12 Jan 2027 10:00:00 +0000 to records@partner.example.org with subject "[SSST-000861] Court outcome - SR 1-6XA1WZ0" has been processed.
--autoMDN
Content-Type: message/disposition-notification

Reporting-UA: gateway.partner.example.org; DocGate 4.2
Final-Recipient: rfc822; records@partner.example.org
Original-Message-ID: <ssst-000861.20270112100000@mailbot.ssst.cmg.example.gov.uk>
Disposition: automatic-action/MDN-sent-automatically; processed
--autoMDN--
"""), expect("read_receipt", {"original_message_id": "<ssst-000861.20270112100000@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "processed"}))

    c["read_outlook_html_only_in_reply_to"] = (_raw_msg("""From: Ruth Kemp <ruth.kemp@cpt.cmg.example.gov.uk>
To: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Subject: Read: [SSST-000862] CMEL9180 ready - SR 1-7YB2XA1
Date: Tue, 12 Jan 2027 10:05:00 +0000
Message-ID: <read-html-1@cpt.cmg.example.gov.uk>
In-Reply-To: <ssst-000862.20270112095500@mailbot.ssst.cmg.example.gov.uk>
References: <ssst-000862.20270112095500@mailbot.ssst.cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
""", """<html><body><div style="font-family:Calibri"><p>Your message</p><p>&nbsp;&nbsp;To: Ruth Kemp<br>&nbsp;&nbsp;Subject: [SSST-000862] CMEL9180 ready - SR 1-7YB2XA1<br>&nbsp;&nbsp;Sent: Tuesday, January 12, 2027 9:55:00 AM (UTC+00:00) Dublin, Edinburgh, Lisbon, London</p><p>was read on Tuesday, January 12, 2027 10:04:55 AM (UTC+00:00) Dublin, Edinburgh, Lisbon, London.</p></div></body></html>
"""), expect("read_receipt", {"original_message_id": "<ssst-000862.20270112095500@mailbot.ssst.cmg.example.gov.uk>",
                                "disposition": "displayed"}, case_ref="SSST-000862"))

    c["bounce_qmail_copy_below"] = (_raw_msg("""From: MAILER-DAEMON@mx.partner.example.net
To: mailbot@ssst.cmg.example.gov.uk
Subject: failure notice
Date: Tue, 12 Jan 2027 10:00:07 +0000
Message-ID: <qmail-bounce-1@mx.partner.example.net>
""", """Hi. This is the qmail-send program at mx.partner.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<k.ward@partner.example.net>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <mailbot@ssst.cmg.example.gov.uk>
Received: (qmail 1234 invoked from network); 12 Jan 2027 10:00:05 -0000
From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: k.ward@partner.example.net
Subject: [SSST-000870] Court fee due - SR 1-8ZC3YB2
Message-ID: <ssst-000870.20270112100000@mailbot.ssst.cmg.example.gov.uk>
Date: Tue, 12 Jan 2027 10:00:00 +0000

Please pay the court fee for SR 1-8ZC3YB2.
"""), expect("bounce", {"original_message_id": "<ssst-000870.20270112100000@mailbot.ssst.cmg.example.gov.uk>",
                          "failed_recipients": ["k.ward@partner.example.net"]}))

    c["bounce_o365_html_original_headers"] = (_raw_msg("""From: postmaster@cmg.example.gov.uk
To: mailbot@ssst.cmg.example.gov.uk
Subject: Undeliverable: [SSST-000871] CPO needed - SR 1-9AD4ZC3
Date: Tue, 12 Jan 2027 10:00:06 +0000
Message-ID: <o365-ndr-1@cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: text/html; charset="us-ascii"
""", """<html><head></head><body><table width="100%"><tr><td><p style="font-size:16pt;color:#c00000">Your message to <a href="mailto:J.Smith.CPO@cpt.cmg.example.gov.uk">J.Smith.CPO@cpt.cmg.example.gov.uk</a> couldn't be delivered.</p></td></tr></table>
<p>Delivery has failed to these recipients or groups:</p>
<p><a href="mailto:J.Smith.CPO@cpt.cmg.example.gov.uk">J.Smith.CPO@cpt.cmg.example.gov.uk</a><br>The email address you entered couldn't be found.</p>
<p style="font-weight:bold">Diagnostic information for administrators:</p>
<p>Generating server: EX02.cmg.example.gov.uk<br>J.Smith.CPO@cpt.cmg.example.gov.uk<br>Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'</p>
<p>Original message headers:</p>
<pre>Received: from mailbot.ssst.cmg.example.gov.uk (192.0.2.40) by EX02.cmg.example.gov.uk with Microsoft SMTP Server id 15.2.1118.40; Tue, 12 Jan 2027 10:00:01 +0000
From: SSST Mailbot &lt;mailbot@ssst.cmg.example.gov.uk&gt;
To: &lt;J.Smith.CPO@cpt.cmg.example.gov.uk&gt;
Subject: [SSST-000871] CPO needed - SR 1-9AD4ZC3
Message-ID: &lt;ssst-000871.20270112100000@mailbot.ssst.cmg.example.gov.uk&gt;
Date: Tue, 12 Jan 2027 10:00:00 +0000
MIME-Version: 1.0
</pre></body></html>
"""), expect("bounce", {"original_message_id": "<ssst-000871.20270112100000@mailbot.ssst.cmg.example.gov.uk>",
                          "failed_recipients": ["j.smith.cpo@cpt.cmg.example.gov.uk"]}, case_ref="SSST-000871"))

    c["bounce_sendmail_uppercase_recipient"] = (_raw_msg("""From: Mail Delivery Subsystem <MAILER-DAEMON@relay.partner.example.net>
To: <mailbot@ssst.cmg.example.gov.uk>
Subject: Returned mail: see transcript for details
Date: Tue, 12 Jan 2027 10:02:00 +0000
Message-ID: <sendmail-1@relay.partner.example.net>
Auto-Submitted: auto-generated (failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="sm-b0und"
""", """This is a MIME-encapsulated message

--sm-b0und

The original message was received at Tue, 12 Jan 2027 10:00:01 GMT
from mailbot.ssst.cmg.example.gov.uk [192.0.2.40]

   ----- The following addresses had permanent fatal errors -----
<Paula.Grant@Partner.Example.NET>
    (reason: 550 5.1.1 <Paula.Grant@Partner.Example.NET>... User unknown)

--sm-b0und
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.partner.example.net
Received-From-MTA: DNS; mailbot.ssst.cmg.example.gov.uk
Arrival-Date: Tue, 12 Jan 2027 10:00:01 GMT

Final-Recipient: RFC822; Paula.Grant@Partner.Example.NET
Action: failed
Status: 5.1.1
Remote-MTA: DNS; mx.partner.example.net
Diagnostic-Code: SMTP; 550 5.1.1 <Paula.Grant@Partner.Example.NET>... User unknown
Last-Attempt-Date: Tue, 12 Jan 2027 10:02:00 GMT

--sm-b0und
Content-Type: text/rfc822-headers

Return-Path: <mailbot@ssst.cmg.example.gov.uk>
From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
To: Paula.Grant@Partner.Example.NET
Subject: [SSST-000872] Second PV check - SR 1-1BE5AD4
Message-ID: <ssst-000872.20270112100000@mailbot.ssst.cmg.example.gov.uk>

--sm-b0und--
"""), expect("bounce", {"original_message_id": "<ssst-000872.20270112100000@mailbot.ssst.cmg.example.gov.uk>",
                          "failed_recipients": ["paula.grant@partner.example.net"]}))

    c["ooo_welsh_bilingual_ateb"] = (eml("Ateb awtomatig: [SSST-000880] Court fee due - SR 1-2CF6BE5",
        "Diolch am eich neges. Rydw i allan o'r swyddfa tan 18/01/2027.\n\n"
        "Thank you for your email. I am out of the office until 18/01/2027 with no access to email.",
        sender="Eleri Wyn <eleri.wyn@cmg.example.gov.uk>", to=bot, extra="Auto-Submitted: auto-replied\n", date=jan),
        expect("auto_reply", {"until": "2027-01-18"}, case_ref="SSST-000880"))

    c["ooo_no_longer_work_here"] = (eml("Automatic reply: [SSST-000881] CPO needed - SR 1-3DG7CF6",
        "I no longer work in the North East CPT. Please send anything for court presenting to "
        "ne.cpt@cpt.cmg.example.gov.uk.", sender="Old Officer <old.officer@cpt.cmg.example.gov.uk>", to=bot,
        extra="X-Auto-Response-Suppress: All\nAuto-Submitted: auto-generated\n", date=jan),
        expect("auto_reply", {"until": None}, case_ref="SSST-000881"))

    c["ooo_german_bis_einschliesslich"] = (eml("Automatische Antwort: [SSST-000882] Court fee due - SR 1-4EH8DG7",
        "Vielen Dank f\u00fcr Ihre Nachricht. Ich bin bis einschlie\u00dflich 08.01.2027 nicht im B\u00fcro. "
        "In dringenden F\u00e4llen wenden Sie sich bitte an kanzlei@partner.example.de.",
        sender="Dr. Anna Vogel <a.vogel@partner.example.de>", to=bot, extra="X-Auto-Response-Suppress: All\n",
        date="Mon, 04 Jan 2027 10:00:00 +0000"),
        expect("auto_reply", {"until": "2027-01-08"}, case_ref="SSST-000882"))

    c["ooo_until_monday_back_tuesday"] = (eml("Automatic reply: SR 1-5FJ9EH8 LO allocation",
        "I'm on leave until Monday 4th January and will be back in the office on Tuesday 5th January. "
        "For anything urgent please contact the SSST inbox.",
        sender="Karen Lowe <karen.lowe@ssst.cmg.example.gov.uk>", to="Kelly Ward <kelly.ward@cmg.example.gov.uk>",
        extra="Auto-Submitted: auto-replied\n", date="Tue, 22 Dec 2026 10:00:00 +0000"),
        expect("auto_reply", {"until": "2027-01-04"}))

    # --- not casework -----------------------------------------------------------------------
    c["unknown_it_outage_notice"] = (eml("Planned outage: Siebel unavailable Saturday 9th January 08:00-12:00", """Dear colleagues,

Siebel (the 2012 system) and the case management tools will be unavailable on Saturday 9th January from 08:00 to 12:00 for planned maintenance. Please do not raise service requests during this time.

IT Service Desk""", sender="IT Service Desk <servicedesk@cmg.example.gov.uk>", to="All CMG staff <all.staff@cmg.example.gov.uk>",
        date="Tue, 05 Jan 2027 09:00:00 +0000"),
        expect("unknown", {}, needs_human=True))

    invite_plain = """You have been invited to the following event.

F2F referrals backlog catch-up
When: Wed 13 Jan 2027 10:00 - 11:00 (GMT)
Where: Microsoft Teams meeting

Agenda:
- VSAT allocation of face to face referrals
- CMSF5579 quality - missing SCINs and postcodes
- Home visit cover in Wales
"""
    c["unknown_meeting_invite_f2f_backlog"] = (_raw_msg("""From: Gill Peart <gillian.peart@vsat.cmg.example.gov.uk>
To: CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>
Subject: Invitation: F2F referrals backlog catch-up @ Wed 13 Jan 2027 10:00 - 11:00 (GMT)
Date: Mon, 11 Jan 2027 09:00:00 +0000
Message-ID: <invite-1@vsat.cmg.example.gov.uk>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="inv"
""", f"""--inv
Content-Type: text/plain; charset="utf-8"

{invite_plain}
--inv
Content-Type: text/calendar; charset="utf-8"; method=REQUEST

BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2016
VERSION:2.0
BEGIN:VEVENT
SUMMARY:F2F referrals backlog catch-up
DTSTART;TZID=GMT Standard Time:20270113T100000
DTEND;TZID=GMT Standard Time:20270113T110000
LOCATION:Microsoft Teams meeting
ORGANIZER;CN=Gill Peart:mailto:gillian.peart@vsat.cmg.example.gov.uk
END:VEVENT
END:VCALENDAR
--inv--
"""), expect("unknown", {}, needs_human=True))

    c["unknown_referral_question_no_form"] = (eml("Quick question re CMSF5579", """Hi VSAT,

Do we still need to send the CMSF5579 for receiving parents who are under 16, or can the caseworker just email you the details? I've got a couple coming up next week.

Thanks
Pam""", sender="Pam Doyle <pam.doyle@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("unknown", {}, needs_human=True))

    c["unknown_newsletter_list"] = (eml("CMG Weekly: new face to face referral form, court presenting inbox changes", """CMG WEEKLY - 12 January 2027

New face to face referral form
From Monday 18 January VSAT will only accept face to face referrals on the new CMSF5579 (v7). Please stop using the old form - referrals on it will be returned.

Court presenting inbox changes
The North East CPT now shares an inbox with Yorkshire. Liability order and commitment allocations should go to the SSST inbox as before.

Dates for your diary
Wellbeing week starts 25 January.

You are receiving this because you are a member of CMG All Staff. Unsubscribe: https://intranet.cmg.example.gov.uk/lists""",
        sender="CMG Internal Comms <comms@cmg.example.gov.uk>", to="CMG All Staff <all.staff@cmg.example.gov.uk>",
        extra="List-Id: CMG Weekly <cmg-weekly.lists.cmg.example.gov.uk>\nPrecedence: bulk\n"
              "List-Unsubscribe: <https://intranet.cmg.example.gov.uk/lists>\n", date=jan),
        expect("unknown", {}, needs_human=True))

    c["unknown_reply_quoted_suicide_only"] = (eml("RE: call from client", """Thanks Jo, noted - I'll pick this up tomorrow.

Amy

From: Jo Small <jo.small@cmg.example.gov.uk>
Sent: 12 January 2027 09:14
To: Amy Rowe <amy.rowe@cmg.example.gov.uk>
Subject: call from client

The receiving parent rang and said she wants to end her life if the payments don't start. I followed the suicide procedure and passed it to the HEO.
""", sender="Amy Rowe <amy.rowe@cmg.example.gov.uk>", to="Jo Small <jo.small@cmg.example.gov.uk>", date=jan),
        expect("unknown", {}, needs_human=True))

    c["unknown_fwd_client_selfharm_and_smash"] = (eml("FW: email from NRP", """See below - not sure who should pick this up.

Rachel

-----Original Message-----
From: D Walsh <dwalsh1984@mailbox.example.com>
Sent: 11 January 2027 22:51
To: CMS Enquiries <enquiries@cmg.example.gov.uk>
Subject: my wages

If you lot take any more money from my wages I will hurt myself and it will be on you. Or I'll come down to your office and smash the place up.
""", sender="Rachel Ince <rachel.ince@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("unknown", {}, flags=["suicide_risk", "threat"], needs_human=True))
    return c


_BOT_VSAT = "VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk>"
_BOT_SSST = "SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>"


def _outlook_block(sender, sent, to, subject, body):
    return f"\n\nFrom: {sender}\nSent: {sent}\nTo: {to}\nSubject: {subject}\n\n{body}\n"


def cases_fourth_round() -> dict[str, tuple[bytes, dict]]:
    """Fourth round: long threads under a one-line reply, two kinds in one message, replies
    that only say "Approved", "Done" or "Yes", officers answering mailbot's own questions,
    and forms with their values in odd places (dot leaders, a label over its value in one cell)."""
    c = {}
    ssst = "SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>"
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    jan = "Tue, 12 Jan 2027 10:00:00 +0000"
    ffion = "Ffion Hughes <ffion.hughes@vsat.cmg.example.gov.uk>"
    karen = "Karen Oduya <karen.oduya@ssst.cmg.example.gov.uk>"
    gill = "Gill Marsh <gill.marsh@vsat.cmg.example.gov.uk>"
    ruth = "Ruth Ellery <ruth.ellery@cpt.cmg.example.gov.uk>"

    # --- long threads: a short new reply over history full of other kinds' words ---------
    history = _outlook_block(
        _BOT_VSAT, "11 January 2027 16:02", ffion, "[VSAT-000214] Face to face visit required: SR 1-4HJ7KL2",
        "A face to face visit is required. Please contact the client, agree an appointment and check\n"
        "for any special requirements (equality and diversity policy).\n\n"
        "  Client: Mr Dean Marsh (paying parent)\n  Address: 14 Cavendish Street, Keighley, BD21 3RG\n"
        "Reason for face to face: enforcement\n\nPV marker: yes; UCB: no; dangerous area: no\n"
        "Assigned: Ffion Hughes and Tom Pryce (Yorkshire)\n\nPV or a dangerous area applies: both of you attend.\n"
        "When the appointment is confirmed with the client, reply to this email with:\n\n"
        "  Appointment booked: <date and time>\n  Location: <place>\n\n"
        "After the visit, reply \"Visit completed\" or \"Client did not attend\".") + _outlook_block(
        "Karen Oduya", "08 January 2027 11:40", vsat, "CMSF5579 - SR 1-4HJ7KL2",
        "Client did not attend the last appointment on 4th Jan (first FTA). He told the caseworker he'd "
        "'sort us out' if we keep writing - PV marker added. Please arrange another visit.")
    c["thread_appt_booked_short_over_history"] = (eml(
        "RE: [VSAT-000214] Face to face visit required: SR 1-4HJ7KL2",
        "Booked for Thurs 21st at 2pm, Keighley Jobcentre Plus.\n\nFfion" + history,
        sender=ffion, to=_BOT_VSAT, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-4HJ7KL2", "appointment_at": "2027-01-21T14:00:00+00:00",
                                            "location": "Keighley Jobcentre Plus"}, case_ref="VSAT-000214"))

    fee_prompt = _outlook_block(
        _BOT_SSST, "12 January 2027 08:00", ssst,
        "[SSST-000733] Court fee due today: pay Wakefield Magistrates' Court for SR 1-8PL2MN5",
        "priya.shah@cmg.example.gov.uk asked SSST to pay a court fee up front for an enforcement action.\n"
        "Two working days have passed: please contact the court now and make the payment.\n\n"
        "  Client name: Shaun Greer\n  SCIN:        6012 4477 9031\n  SR number:   1-8PL2MN5\n"
        "  Court:       Wakefield Magistrates' Court\n  Fee:         £55.00\n\n"
        "When it is paid, reply to this email with \"paid\" (and the date, if not today).") + _outlook_block(
        "Priya Shah <priya.shah@cmg.example.gov.uk>", "08 January 2027 14:12", ssst, "Court fee - SR 1-8PL2MN5",
        "Hi, the court want the £55 fee paid up front before they will list the LO hearing on 03/02/2027. "
        "Can you pay it please?")
    c["thread_paid_all_sorted_over_fee_prompt"] = (eml(
        "RE: [SSST-000733] Court fee due today: pay Wakefield Magistrates' Court for SR 1-8PL2MN5",
        "All sorted - paid over the phone with the GPC this morning, ref 44721.\n\nKaren" + fee_prompt,
        sender=karen, to=_BOT_SSST, date=jan),
        expect("payment_confirmation", {"sr_number": "1-8PL2MN5", "scin": None, "paid_on": "2027-01-12"},
               case_ref="SSST-000733"))

    c["thread_ls_went_out_gmail_quote"] = (eml(
        "Re: [SSST-000640] Court summons and court cover letter ready for SR 1-2QW9ER4", """L&S went out today.

Ruth

On Mon, 11 Jan 2027 at 15:20, SSST Mailbot <mailbot@ssst.cmg.example.gov.uk> wrote:
> Dear Ruth Ellery,
>
> The CMEL7211 court summons form is now completed with your name and the hearing date
> (Wed 03 Feb 2027 10:00), and the cover letter for Leeds Magistrates' Court is generated.
>
> When the court has returned the summons, please email SSST if you need the paying
> parent cover letter, and tell us the date the letter and summons are issued.
""", sender=ruth, to=_BOT_SSST, date=jan),
        expect("summons_issued", {"sr_number": "1-2QW9ER4", "scin": None, "issue_date": "2027-01-12"},
               case_ref="SSST-000640"))

    pv_chain = _outlook_block(
        karen, "08 January 2027 09:30", ruth, "RE: [SSST-000588] Second PV check due for SR 1-6TY4UI8, hearing 11 Jan 2027 10:00",
        "PV: no marker. Payments: none since 1 Oct. Contact: none.") + _outlook_block(
        _BOT_SSST, "07 January 2027 10:00", ssst, "[SSST-000588] Second PV check due for SR 1-6TY4UI8, hearing 11 Jan 2027 10:00",
        "The court presenting officer (Ruth Ellery) has asked for the second PV check for Lee Dunne "
        "(SCIN 3390 1276 5541), at Leeds Magistrates' Court on 11 Jan 2027 10:00.")
    c["thread_outcome_one_liner_over_pv_chain"] = (eml(
        "RE: [SSST-000588] Second PV check due for SR 1-6TY4UI8, hearing 11 Jan 2027 10:00",
        "LO granted. PP didn't turn up.\n\nRuth" + pv_chain, sender=ruth, to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-6TY4UI8", "scin": None, "outcome": "LO granted",
                                 "proceeding": True}, case_ref="SSST-000588"))

    review = _outlook_block(
        _BOT_VSAT, "11 January 2027 12:00", vsat, "[VSAT-000377] Face to face referral to review: SR 1-3ZX8CV6",
        "A CMSF5579 Visiting Service referral has arrived from SSST and is case VSAT-000377.\n\n"
        "Client: Ms Tanya Hurst (receiving parent)\nAddress: 9 Mill Lane, Barnsley\nPhone: not given\n"
        "PV marker (SSST's full PV check): yes\nUCB: no\n\nThen reply to this email with one line:\n\n"
        "  ACCEPT\n  REJECT: the reason")
    c["vsat_rejecting_dash_over_review"] = (eml(
        "RE: [VSAT-000377] Face to face referral to review: SR 1-3ZX8CV6",
        "Rejecting - no SCIN on the form and the address has no postcode.\nCan SSST resend once fixed?\n\nGill" + review,
        sender=gill, to=_BOT_VSAT, date=jan),
        expect("vsat_decision", {"sr_number": "1-3ZX8CV6", "decision": "reject",
                                 "reason": "no SCIN on the form and the address has no postcode"},
               case_ref="VSAT-000377"))

    booking = _outlook_block(
        ffion, "05 January 2027 15:10", _BOT_VSAT, "RE: [VSAT-000299] Face to face visit required: SR 1-7UJ3NB8",
        "Appointment booked: Mon 11 Jan 10:30\nLocation: Halifax Jobcentre Plus") + _outlook_block(
        _BOT_VSAT, "04 January 2027 09:00", ffion, "[VSAT-000299] Face to face visit required: SR 1-7UJ3NB8",
        "Previous appointment: client did not attend (1st FTA).\nAfter the visit, reply \"Visit completed\" or "
        "\"Client did not attend\".")
    c["visit_didnt_show_2nd_time_over_booking"] = (eml(
        "RE: [VSAT-000299] Face to face visit required: SR 1-7UJ3NB8",
        "She didn't show again yesterday, that's the 2nd time now.\n\nFfion" + booking,
        sender=ffion, to=_BOT_VSAT, date=jan),
        expect("visit_outcome", {"sr_number": "1-7UJ3NB8", "outcome": "failed_to_attend", "failed_attempts": 2},
               case_ref="VSAT-000299"))

    allocation = _outlook_block(
        "Karen Oduya", "06 January 2027 10:15", "CPT Yorkshire <cpt.yorkshire@cpt.cmg.example.gov.uk>",
        "Liability Order SR 1-5RE2WQ9 - hearing date and CPO please",
        "Hi CPT,\n\nWe've been allocated a liability order for Mr Gary Thorne, SCIN 5540 1187 2296, SR 1-5RE2WQ9. "
        "Can you let us know the hearing date and the CPO please? Full PV check done - no marker.\n\nKaren")
    c["cpo_cpt_reply_hearing_mags_over_request"] = (eml(
        "RE: Liability Order SR 1-5RE2WQ9 - hearing date and CPO please",
        "Hi Karen, hearing is 09/02/27 at 10am at Leeds Magistrates, CPO will be Ruth Ellery.\n\nThanks\nDave (CPT Yorkshire)"
        + allocation, sender="Dave Holt <dave.holt@cpt.cmg.example.gov.uk>", to=karen, date=jan),
        expect("cpo_assignment", {"sr_number": "1-5RE2WQ9", "scin": None, "cpo_name": "Ruth Ellery", "cpo_email": None,
                                  "hearing_at": "2027-02-09T10:00:00+00:00"}))

    # --- two kinds in one message: the one it is for, and the one it mentions -------------
    c["appt_rebooked_after_fta_pv_marker"] = (eml("SR 1-9OK4LP3 - rebooked", """Hi SSST,

Following the FTA on 4th Jan I've rebooked Mr Colin Petch for Thursday 14 January at 11:00 at Wakefield Jobcentre Plus, Grove Road. He has a PV marker so Tom and I will both attend.

Ffion Hughes
Face to Face Consultant""", sender=ffion, to=ssst, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-9OK4LP3", "appointment_at": "2027-01-14T11:00:00+00:00",
                                            "location": "Wakefield Jobcentre Plus, Grove Road"}, flags=["pv"]))

    c["visit_done_follow_up_pencilled_in"] = (eml("RE: [VSAT-000318] Face to face visit required: SR 1-2AS5DF7",
        """Visit done this morning with Ms Kerry Lowe at Bradford JCP. She wants another meeting once her appeal has been heard, I've pencilled in Tuesday 2nd Feb at 10am for that.

Ffion""", sender=ffion, to=_BOT_VSAT, date=jan),
        expect("visit_outcome", {"sr_number": "1-2AS5DF7", "outcome": "completed", "failed_attempts": None},
               case_ref="VSAT-000318"))

    c["cpo_first_person_fee_already_paid"] = (eml("SR 1-6BV3NM7 Liability order - Bradford", """Hi all,

Fee's been paid by SSST so the court have listed it: hearing 02/02/2027 at 10am, Bradford and Keighley Magistrates' Court. I'll be presenting.

Ruth Ellery
Court Presenting Officer""", sender=ruth, to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-6BV3NM7", "scin": None, "cpo_name": "Ruth Ellery",
                                  "cpo_email": "ruth.ellery@cpt.cmg.example.gov.uk",
                                  "hearing_at": "2027-02-02T10:00:00+00:00"}))

    c["fee_request_after_lo_allocation"] = (eml("SR 1-6YH2TG5 court fee", """Hi both,

Further to my LO allocation on 4th Jan - Bradford and Keighley Magistrates' Court have now come back and want the £55 application fee paid before they'll list it. Could you arrange payment please?

SCIN 6012 4477 9031
Client: Mr Shaun Greer

Thanks
Priya Shah
Enforcement Case Manager""", sender="Priya Shah <priya.shah@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("enforcement_fee_request", {"sr_number": "1-6YH2TG5", "scin": "601244779031", "client_name": "Mr Shaun Greer",
                                           "court": "Bradford and Keighley Magistrates' Court", "fee": "55.00"}))

    c["second_pv_relisted_after_adjournment"] = (eml("SR 1-1PO9IU8 - new hearing date", """Morning,

The hearing on 5th Jan was adjourned as the court ran out of time. It's now relisted for 03/02/2027 at 10:00, Sheffield Magistrates' Court. Could you do the 2nd PV check 48 hrs before please?

Thanks
Maria Lopez
CPO""", sender="Maria Lopez <maria.lopez@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-1PO9IU8", "scin": None,
                                           "hearing_at": "2027-02-03T10:00:00+00:00"}))

    c["outcome_lo_made_pv_marker_note"] = (eml("RE: [SSST-000615] SR 1-3KL8JH2 hearing today", """Hearing went ahead and the LO was made. FYI the NRP now has a PV marker on the system.

Ruth""", sender=ruth, to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-3KL8JH2", "scin": None, "outcome": "Hearing went ahead and the LO was made",
                                 "proceeding": True}, case_ref="SSST-000615", flags=["pv"]))

    # --- "Approved", "Yes", "Done": the context is in the subject (and the quote, unread) ---
    c["vsat_approved_one_word_over_review"] = (eml(
        "RE: [VSAT-000391] Face to face referral to review: SR 1-8MN3BV2", "Approved" + review.replace(
            "VSAT-000377", "VSAT-000391").replace("1-3ZX8CV6", "1-8MN3BV2"), sender=gill, to=_BOT_VSAT, date=jan),
        expect("vsat_decision", {"sr_number": "1-8MN3BV2", "decision": "accept", "reason": None},
               case_ref="VSAT-000391"))

    c["vsat_yes_go_ahead_over_review"] = (eml(
        "RE: [VSAT-000392] Face to face referral to review: SR 1-8MN3BV3", "Yes, go ahead.\n\nGill" + review.replace(
            "VSAT-000377", "VSAT-000392").replace("1-3ZX8CV6", "1-8MN3BV3"), sender=gill, to=_BOT_VSAT, date=jan),
        expect("vsat_decision", {"sr_number": "1-8MN3BV3", "decision": "accept", "reason": None},
               case_ref="VSAT-000392"))

    c["fee_done_one_word_over_prompt"] = (eml(
        "RE: [SSST-000734] Court fee due today: pay Wakefield Magistrates' Court for SR 1-8PL2MN6",
        "Done." + fee_prompt.replace("SSST-000733", "SSST-000734").replace("1-8PL2MN5", "1-8PL2MN6"),
        sender=karen, to=_BOT_SSST, date=jan),
        expect("payment_confirmation", {"sr_number": "1-8PL2MN6", "scin": None, "paid_on": None},
               case_ref="SSST-000734"))

    c["summons_yes_issued_today_reply"] = (eml(
        "RE: [SSST-000641] Court summons and court cover letter ready for SR 1-2QW9ER5",
        "Yes - issued today.\n\nMaria" + _outlook_block(
            _BOT_SSST, "11 January 2027 15:20", "Maria Lopez", "[SSST-000641] Court summons and court cover letter ready for SR 1-2QW9ER5",
            "The CMEL7211 court summons form is now completed with your name and the hearing date (Wed 03 Feb 2027 10:00)."),
        sender="Maria Lopez <maria.lopez@cpt.cmg.example.gov.uk>", to=_BOT_SSST, date=jan),
        expect("summons_issued", {"sr_number": "1-2QW9ER5", "scin": None, "issue_date": "2027-01-12"},
               case_ref="SSST-000641"))

    c["unknown_done_only_to_second_pv_due"] = (eml(
        "RE: [SSST-000590] Second PV check due for SR 1-6TY4UI7, hearing 14 Jan 2027 10:00", "Done, thanks\n\nKaren"
        + _outlook_block(_BOT_SSST, "12 January 2027 08:00", ssst,
                         "[SSST-000590] Second PV check due for SR 1-6TY4UI7, hearing 14 Jan 2027 10:00",
                         "The hearing is 48 hours away and nobody has asked yet: the second PV check is due."),
        sender=karen, to=_BOT_SSST, date=jan),
        expect("unknown", {}, case_ref="SSST-000590", needs_human=True))

    c["unknown_yes_only_to_bot_question"] = (eml(
        "RE: [SSST-000702] Question on SR 1-5RE2WQ8: please decide", "Yes" + _outlook_block(
            _BOT_SSST, "11 January 2027 15:20", ssst, "[SSST-000702] Question on SR 1-5RE2WQ8: please decide",
            "The CPT gave a hearing date of 09/02/2027 but the ECM's allocation says commitment. "
            "Is this a liability order hearing?\n\nmailbot has not guessed."),
        sender=karen, to=_BOT_SSST, date=jan),
        expect("unknown", {}, case_ref="SSST-000702", needs_human=True))

    # --- officers answering mailbot's own questions ---------------------------------------
    c["bot_pv_unclear_reply_marker_found"] = (eml(
        "RE: [SSST-000810] PV check result not understood for SR 1-7GH2JK9", "PV: marker found\n\nKaren" + _outlook_block(
            _BOT_SSST, "12 January 2027 09:00", ssst, "[SSST-000810] PV check result not understood for SR 1-7GH2JK9",
            "mailbot could not tell from your reply whether the client has a PV marker, so the CMSF5579\n"
            "has not gone to VSAT yet.\n\nPlease reply with one line:\n\n  PV: no marker\n  PV: marker found"),
        sender=karen, to=_BOT_SSST, date=jan),
        expect("unknown", {}, case_ref="SSST-000810", flags=["pv"], needs_human=True))

    c["bot_outcome_unclear_reply_did_not_attend"] = (eml(
        "RE: [VSAT-000301] Visit outcome not understood for SR 1-7UJ3NB9", "Client did not attend." + _outlook_block(
            _BOT_VSAT, "12 January 2027 09:00", ffion, "[VSAT-000301] Visit outcome not understood for SR 1-7UJ3NB9",
            "mailbot could not tell from your reply how the visit went. Please reply with one line:\n\n"
            "  Visit completed\n  Client did not attend"),
        sender=ffion, to=_BOT_VSAT, date=jan),
        expect("visit_outcome", {"sr_number": "1-7UJ3NB9", "outcome": "failed_to_attend", "failed_attempts": None},
               case_ref="VSAT-000301"))

    c["bot_second_pv_due_reply_with_result"] = (eml(
        "RE: [SSST-000589] Second PV check due for SR 1-6TY4UI9, hearing 14 Jan 2027 10:00",
        "PV: no marker. Payments: none since 1 Oct. Contact: none.\n\nKaren" + _outlook_block(
            _BOT_SSST, "12 January 2027 08:00", ssst, "[SSST-000589] Second PV check due for SR 1-6TY4UI9, hearing 14 Jan 2027 10:00",
            "The hearing is 48 hours away and nobody has asked yet: the second PV check is due\n"
            "for Lee Dunne (SCIN 3390 1276 5542), at Leeds Magistrates' Court on 14 Jan 2027 10:00.\n\n"
            "Reply to this email with what you found, e.g. \"PV: no marker. Payments: none since\n1 Oct. Contact: none.\""),
        sender=karen, to=_BOT_SSST, date=jan),
        expect("unknown", {}, case_ref="SSST-000589", needs_human=True))

    c["bot_appt_incomplete_reply_location_only"] = (eml(
        "RE: [VSAT-000305] Appointment details incomplete for SR 1-3RT6YU1",
        "Location: Huddersfield Jobcentre Plus, Crown House\n\nFfion" + _outlook_block(
            _BOT_VSAT, "12 January 2027 09:00", ffion, "[VSAT-000305] Appointment details incomplete for SR 1-3RT6YU1",
            "Thank you. To update the MI and tell SSST, mailbot needs both the location.\nPlease reply with:\n\n"
            "  Appointment booked: <date and time>\n  Location: <place>"),
        sender=ffion, to=_BOT_VSAT, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-3RT6YU1", "appointment_at": None,
                                            "location": "Huddersfield Jobcentre Plus, Crown House"},
               case_ref="VSAT-000305", needs_human=True))

    c["bot_decision_unclear_reply_reject_reason"] = (eml(
        "RE: [VSAT-000393] Decision not understood for SR 1-8MN3BV4",
        "REJECT: client now lives in Spain, no UK address for a visit\n\nGill" + _outlook_block(
            _BOT_VSAT, "12 January 2027 09:00", gill, "[VSAT-000393] Decision not understood for SR 1-8MN3BV4",
            "mailbot could not tell from your reply whether you accept or reject the referral.\n"
            "Please reply with one line:\n\n  ACCEPT\n  REJECT: the reason"),
        sender=gill, to=_BOT_VSAT, date=jan),
        expect("vsat_decision", {"sr_number": "1-8MN3BV4", "decision": "reject",
                                 "reason": "client now lives in Spain, no UK address for a visit"},
               case_ref="VSAT-000393"))

    c["bot_pv_marking_reply_marker_recorded"] = (eml(
        "RE: [SSST-000820] Commitment SR 1-4WE7RT2: check for a PV marking",
        "PV: marker recorded 2024.\n\nKaren" + _outlook_block(
            _BOT_SSST, "12 January 2027 09:00", ssst, "[SSST-000820] Commitment SR 1-4WE7RT2: check for a PV marking",
            "Please check whether there is a potentially violent (PV) marking recorded against the case\n"
            "and reply to this email with the result, e.g. \"PV: no marker\" or \"PV: marker recorded 2024, ...\"."),
        sender=karen, to=_BOT_SSST, date=jan),
        expect("unknown", {}, case_ref="SSST-000820", flags=["pv"], needs_human=True))

    # --- forms with their values in odd places ------------------------------------------
    c["f2f_dot_leader_labels"] = (eml("F2F referral", """Morning VSAT,

Referral below as requested.

SR number.............1-7YT6RE5
SCIN..................5521 0098 3346
Client name...........Mrs Gail Horner
Client is.............PWC
Address...............7 Ashby Road, Loughborough
Postcode..............LE11 3AA
Tel...................07700 900 812
Reason................Payments
PV....................N
UCB...................N
Dangerous area........N
Under 16..............N
Special requirements..None
Caseworker............tom.baines@cmg.example.gov.uk
Team leader...........ann.kirk@cmg.example.gov.uk

Tom""", sender="Tom Baines <tom.baines@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(sr_number="1-7YT6RE5", scin="552100983346", client_name="Mrs Gail Horner",
                                   client_role="receiving_parent", address="7 Ashby Road, Loughborough", postcode="LE11 3AA",
                                   phone="07700900812", reason="payments", pv=False, ucb=False, dangerous_area=False,
                                   under_16=False, caseworker_email="tom.baines@cmg.example.gov.uk",
                                   team_leader_email="ann.kirk@cmg.example.gov.uk", nation="england_wales")))

    cells = [("SR number", "1-2WS3ED4"), ("SCIN", "7710 2290 4456"), ("Client name", "Omar Rahman"),
             ("Client role", "Paying parent"), ("Address", "3 Forge Close, Rotherham"), ("Postcode", "S60 2PL"),
             ("Phone", "07700 900 334"), ("Reason", "Complaint"), ("PV", "No"), ("UCB", "No"),
             ("Dangerous area", "No"), ("Under 16", "No"), ("Special requirements", "Needs an Urdu interpreter"),
             ("Caseworker email", "jo.small@cmg.example.gov.uk"), ("Team leader email", "amy.rowe@cmg.example.gov.uk"),
             ("EIO activity", "No")]
    grid = "".join("<tr>" + "".join(f"<td style='padding:6px'><span style='color:#666;font-size:9pt'>{k}</span><br>"
                                    f"<b>{v}</b></td>" for k, v in cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2))
    c["f2f_html_cells_label_over_value"] = (eml("Face to face referral (CMSF5579) - Rahman", None, html=_outlook_html(
        "<p class=MsoNormal>Hi VSAT, referral from the case management system below.</p>"
        f"<table>{grid}</table><p class=MsoNormal>Jo</p>"),
        sender="Jo Small <jo.small@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(sr_number="1-2WS3ED4", scin="771022904456", client_name="Omar Rahman",
                                   client_role="paying_parent", address="3 Forge Close, Rotherham", postcode="S60 2PL",
                                   phone="07700900334", reason="complaint", pv=False, ucb=False, dangerous_area=False,
                                   under_16=False, special_requirements="Needs an Urdu interpreter",
                                   caseworker_email="jo.small@cmg.example.gov.uk", team_leader_email="amy.rowe@cmg.example.gov.uk",
                                   nation="england_wales", enforcement=False)))

    c["f2f_ids_in_subject_only"] = (eml("CMSF5579 | SR 1-5TG7YH3 | SCIN 2287 6610 9934 | Kowalski", """Hi,

Name: Piotr Kowalski (NRP)
Address: 41 Elm Grove
Southsea
PO4 0JH
Phone: 07700 900 617
Reason: Enforcement
PV: N  UCB: N  DA: N  Under 16: N

Thanks
Bev""", sender="Bev Clarke <bev.clarke@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(sr_number="1-5TG7YH3", scin="228766109934", client_name="Piotr Kowalski",
                                   client_role="paying_parent", address="41 Elm Grove, Southsea", postcode="PO4 0JH",
                                   phone="07700900617", reason="enforcement_paying_parent", pv=False, ucb=False,
                                   dangerous_area=False, under_16=False, nation="england_wales")))
    return c


def cases_fifth_round() -> dict[str, tuple[bytes, dict]]:
    """Fifth round: the samples' own kinds and shapes, written by other people: labels in
    other words and orders, other date, time and money formats, HTML bodies, other sign-offs."""
    c = {}
    ssst = "SSST Inbox <specialist.services@ssst.cmg.example.gov.uk>"
    vsat = "CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>"
    jan = "Tue, 05 Jan 2027 09:12:00 +0000"
    june = "Tue, 25 May 2027 16:40:00 +0100"

    # --- court action requests ---------------------------------------------------------
    c["r5_court_commitment_html_table"] = (eml("Commitment - allocation to SSST", None, html=_outlook_html(
        "<p class=MsoNormal>Good morning SSST,</p><p class=MsoNormal>Please see below a case for committal.</p>"
        + _html_table([["Case ref (SR)", "1-4WE7RT2"], ["SCIN no.", "3300 1122 9987"],
                       ["Paying parent name", "Mr Darren Oakes"], ["Action required", "Commitment"],
                       ["Court", "Sheffield Magistrates&#8217; Court"], ["Date of hearing", "14/01/27 10.00"]])
        + "<p class=MsoNormal>Kind regards,<br>Lesley Brook<br>ECM | North East</p>"),
        sender="Lesley Brook <lesley.brook@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-4WE7RT2", "scin": "330011229987", "client_name": "Mr Darren Oakes",
                                         "action": "commitment", "court": "Sheffield Magistrates’ Court",
                                         "hearing_at": "2027-01-14T10:00:00+00:00"}))

    c["r5_court_lo_prose"] = (eml("LO work - 1-4DF6GH8", """Morning,

Can SSST pick up liability order action on SR 1-4DF6GH8 please. The NRP is Keith Bramley, SCIN 1122-3344-5566. It's listed at Leeds Magistrates Court on Tuesday 26th Jan at 9:30am.

Cheers
Priya
Enforcement Case Manager""", sender="Priya Nair <priya.nair@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-4DF6GH8", "scin": "112233445566", "client_name": "Keith Bramley",
                                         "action": "liability_order", "court": "Leeds Magistrates Court",
                                         "hearing_at": "2027-01-26T09:30:00+00:00"}))

    # --- enforcement fee requests ------------------------------------------------------
    c["r5_fee_request_reordered_labels"] = (eml("Court fee request - SR 1-7HN2KD9", """Hi team,

Please could you pay the issue fee for the case below.

Amount due: £308
Court name: Bristol Civil Justice Centre
Paying parent: Lorraine Catt
SCIN - 6655 4433 2211
SR - 1-7HN2KD9

Many thanks
Gareth (ECM)""", sender="Gareth Lloyd <gareth.lloyd@cmg.example.gov.uk>", to=ssst, date=jan, cte="quoted-printable"),
        expect("enforcement_fee_request", {"sr_number": "1-7HN2KD9", "scin": "665544332211", "client_name": "Lorraine Catt",
                                            "court": "Bristol Civil Justice Centre", "fee": "308.00"}))

    c["r5_fee_request_html_gbp"] = (eml("Payment of court fee needed", None, html=_outlook_html(
        "<p class=MsoNormal>Hello,</p><p class=MsoNormal>Can you make the up-front court fee payment for this one "
        "please?</p><p class=MsoNormal><b>Name of PP:</b> Stephen Marr<br><b>SR No:</b> 1-2XC4VB6<br>"
        "<b>SCIN:</b> 889900112233<br><b>Court:</b> Cardiff County Court<br><b>Fee amount:</b> GBP 255</p>"
        "<p class=MsoNormal>Thanks<br>Jan</p>"),
        sender="Jan Evans <jan.evans@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("enforcement_fee_request", {"sr_number": "1-2XC4VB6", "scin": "889900112233", "client_name": "Stephen Marr",
                                            "court": "Cardiff County Court", "fee": "255.00"}))

    # --- CPO assignment -----------------------------------------------------------------
    c["r5_cpo_labels_over_quote"] = (eml("RE: [SSST-000112] CPO required - SR 1-8UJ4MN2", """Allocated CPO: Dev Patel
Email: Dev.Patel@cpt.cmg.example.gov.uk
Hearing date: 21.01.2027 @ 14:00

Midlands CPT

________________________________
From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Sent: 04 January 2027 15:10
To: Midlands CPT <mids.cpt@cpt.cmg.example.gov.uk>
Subject: [SSST-000112] CPO required - SR 1-8UJ4MN2

County Court work is allocated to SSST for SR 1-8UJ4MN2 (SCIN 7788 1100 2233).
Please reply with the CPO's name and the hearing date.""",
        sender="Midlands CPT <mids.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-8UJ4MN2", "scin": None, "cpo_name": "Dev Patel",
                                   "cpo_email": "dev.patel@cpt.cmg.example.gov.uk",
                                   "hearing_at": "2027-01-21T14:00:00+00:00"}, case_ref="SSST-000112"))

    c["r5_cpo_name_no_date"] = (eml("SR 1-3KL9PO2 - CPO", """Hi,

This one has been allocated to Lucy Farrant (lucy.farrant@cpt.cmg.example.gov.uk) as CPO. No hearing date as yet - Lucy will confirm once the court lists it.

Thanks,
London CPT""", sender="London CPT <london.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-3KL9PO2", "scin": None, "cpo_name": "Lucy Farrant",
                                   "cpo_email": "lucy.farrant@cpt.cmg.example.gov.uk", "hearing_at": None}))

    # --- second PV check ----------------------------------------------------------------
    c["r5_second_pv_html"] = (eml("2nd PV check please", None, html=_outlook_html(
        "<p class=MsoNormal>Hello,</p><p class=MsoNormal>Could you please complete the 2nd PV check for the case "
        "below? The hearing is on 9th February 2027 at 10.30am.</p><p class=MsoNormal>SR: 1-3ED5RF6<br>"
        "SCIN: 4455 6677 8899</p><p class=MsoNormal>Best wishes,<br>Tom Aske<br>Collection Process Officer</p>"),
        sender="Tom Aske <tom.aske@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-3ED5RF6", "scin": "445566778899",
                                            "hearing_at": "2027-02-09T10:30:00+00:00"}))

    c["r5_second_pv_date_only"] = (eml("PV check (2) - 1-9WK8IJ7", """SSST

Hearing listed 3/2/27 for the above. Please carry out the second PV check and let me know of any contact or payments since the first check.

SCIN 2211 0099 8877

Regards, M. Doherty (CPO)""", sender="Mary Doherty <mary.doherty@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-9WK8IJ7", "scin": "221100998877",
                                            "hearing_at": "2027-02-03"}))

    # --- cover letters --------------------------------------------------------------------
    c["r5_cover_letter_cpo_prose"] = (eml("Cover letter - SR 1-6YH5TG4", """Hi SSST,

Can you send me the paying parent cover letter for this case please? The hearing is on 17 Feb 2027 at 10am and costs are £140.

Thanks
Nadia Shah
CPO""", sender="Nadia Shah <nadia.shah@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-6YH5TG4", "scin": None,
                                         "hearing_at": "2027-02-17T10:00:00+00:00", "costs": "140.00"}))

    c["r5_cover_letter_subject_date"] = (eml("SR 1-2QA3WS4 \u2013 CMEL9180 needed \u2013 Hearing date 04.03.2027", """Summons now back from the court.

Please issue the CMEL9180 to the NRP, adding costs of £75.

Kind regards
North West CPT""", sender="North West CPT <nw.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan, cte="8bit"),
        expect("cover_letter_request", {"sr_number": "1-2QA3WS4", "scin": None, "hearing_at": "2027-03-04",
                                         "costs": "75.00"}))

    # --- court outcomes ---------------------------------------------------------------------
    c["r5_outcome_result_label"] = (eml("Hearing result SR 1-5RT6YU8", """Afternoon all,

Result of hearing: Suspended committal order, 28 days

Case file to follow by end of week.

Regards,
Colin
CPO - Wales""", sender="Colin Rees <colin.rees@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-5RT6YU8", "scin": None,
                                  "outcome": "Suspended committal order, 28 days", "proceeding": True}))

    c["r5_outcome_not_proceeding"] = (eml("SR 1-8IK7UJ6 - withdrawn", """Hi,

The PP cleared the arrears in full yesterday so I won't be proceeding with the application. I have asked the court to withdraw the hearing.

Sue Malik, CPO""", sender="Sue Malik <sue.malik@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-8IK7UJ6", "scin": None, "outcome": None, "proceeding": False}))

    # --- VSAT decisions ----------------------------------------------------------------------
    c["r5_vsat_accepted_short"] = (eml("RE: [VSAT-000221] Referral for decision - SR 1-7UJ6YH5", """Accepted, please proceed.

Mo
VSAT

From: VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk>
Sent: 04 January 2027 10:02
To: CSA VSAT Interviews <vsat.interviews@vsat.cmg.example.gov.uk>
Subject: [VSAT-000221] Referral for decision - SR 1-7UJ6YH5

Referral received for SR 1-7UJ6YH5 (CF10 1EP). Checks: PV N, UCB N, DA N.
Reply ACCEPT, or REJECT: reason.""", sender="Mo Karim <mo.karim@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-7UJ6YH5", "decision": "accept", "reason": None}, case_ref="VSAT-000221"))

    c["r5_vsat_rejected_html"] = (eml("RE: [VSAT-000230] Referral for decision - SR 1-1QS2DE3", None, html=_outlook_html(
        "<p class=MsoNormal>Rejected &#8211; reason: client already seen within the last 3 months</p>"
        "<p class=MsoNormal>Thanks, Bethan</p><div style='border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal>"
        "<b>From:</b> VSAT Mailbot &lt;mailbot@vsat.cmg.example.gov.uk&gt;<br><b>Sent:</b> 04 January 2027 11:00<br>"
        "<b>Subject:</b> [VSAT-000230] Referral for decision - SR 1-1QS2DE3</p></div>"
        "<p class=MsoNormal>Referral received for SR 1-1QS2DE3 (NP20 1AB). Reply ACCEPT, or REJECT: reason.</p>"),
        sender="Bethan Morgan <bethan.morgan@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-1QS2DE3", "decision": "reject",
                                  "reason": "client already seen within the last 3 months"}, case_ref="VSAT-000230"))

    # --- appointments and visits ----------------------------------------------------------------
    c["r5_appointment_labels"] = (eml("F2F appointment booked - 1-6TG5RF4", """Hi,

Appointment details for the above client:

Date: 02/02/2027
Time: 13:45
Venue: Civic Centre, Room 4, Newport NP20 4UR

Regards
Alun Price
F2F Consultant""", sender="Alun Price <alun.price@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-6TG5RF4", "appointment_at": "2027-02-02T13:45:00+00:00",
                                             "location": "Civic Centre, Room 4, Newport NP20 4UR"}))

    c["r5_appointment_summer_no_year"] = (eml("SR 1-9PL8OK7 appointment", """Appointment booked for Tues 8th June, 2pm.
Venue - Leicester Jobcentre, Charles Street

Thanks, Sunita""", sender="Sunita Rai <sunita.rai@f2f.cmg.example.gov.uk>", to=vsat, date=june),
        expect("appointment_confirmation", {"sr_number": "1-9PL8OK7", "appointment_at": "2027-06-08T14:00:00+01:00",
                                             "location": "Leicester Jobcentre, Charles Street"}))

    c["r5_visit_completed"] = (eml("Visit done - SR 1-2WS4RF6", """Visit completed this morning with Ms Adeyemi. Everything explained and she is happy with the outcome.

Kind regards
Dan
Face to Face Consultant""", sender="Dan Wilde <dan.wilde@f2f.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("visit_outcome", {"sr_number": "1-2WS4RF6", "outcome": "completed", "failed_attempts": None}))

    c["r5_visit_fta_third"] = (eml("SR 1-7YG6TF5 - FTA", """Hi,

Client failed to attend again today - this is the 3rd time. I'm returning the referral.

Emma""", sender="Emma Hart <emma.hart@f2f.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("visit_outcome", {"sr_number": "1-7YG6TF5", "outcome": "failed_to_attend", "failed_attempts": 3}))

    # --- a referral typed into the body with other labels -----------------------------------------
    c["r5_f2f_body_other_labels"] = (eml("Request for face to face visit", """Hi VSAT,

Please arrange a F2F for the following customer.

Case number (SR): 1-5GB6HN7
Client reference (SCIN): 9988 7766 5544
Customer name: Miss Rachel Dunn
Role: Receiving parent
Home address: Flat 2, 18 Queen Street, Falkirk
Postcode: fk1 1ab
Contact no.: 07700 900 441
Topic: Change of circumstances
Potentially violent: no
Unacceptable customer behaviour: no
Dangerous area? no
Under 16: no
Special needs: Wheelchair user
Caseworker: paul.greig@cmg.example.gov.uk
Team leader: ann.fyfe@cmg.example.gov.uk

Paul""", sender="Paul Greig <paul.greig@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(sr_number="1-5GB6HN7", scin="998877665544", client_name="Miss Rachel Dunn",
                                   client_role="receiving_parent", address="Flat 2, 18 Queen Street, Falkirk",
                                   postcode="FK1 1AB", phone="07700900441", reason="change", pv=False, ucb=False,
                                   dangerous_area=False, under_16=False, special_requirements="Wheelchair user",
                                   caseworker_email="paul.greig@cmg.example.gov.uk",
                                   team_leader_email="ann.fyfe@cmg.example.gov.uk", nation="scotland")))

    # --- second batch: forms as attachments, time before date, one-line replies ------------
    docx_bytes = docx_form([
        ["Customer details", ""], ["Full name", "Joanne Whitlock"], ["Service request no.", "1-6QZ2XW8"],
        ["Client ID (SCIN)", "2020 3131 4242"], ["Parent type", "Paying parent"],
        ["Address line 1", "44 Hollins Lane"], ["Address line 2", "Accrington"], ["Post code", "BB5 2JH"],
        ["Telephone number", "07700 900 218"],
        ["What we'll talk about", "Why we have taken action against you to recover money owed for child maintenance"],
        ["Potentially violent (PV)", "Yes"], ["Unacceptable customer behaviour (UCB)", "No"],
        ["Dangerous area", "No"], ["Client under 16", "No"], ["Special requirements", "N/A"],
        ["Case worker e-mail", "Keith.Lowe@cmg.example.gov.uk"], ["Team leader e-mail", "rita.singh@cmg.example.gov.uk"],
        ["EIO activity requested", "Yes"]], heading="CMSF5579 - Visiting Service referral")
    c["r5_f2f_docx_paragraph_reason_pv"] = (eml("Visiting service referral - Whitlock", """Hello VSAT,

Please find attached a referral for a face to face. Note the PV marker.

Thanks,
Keith Lowe
Caseworker""", sender="Keith Lowe <keith.lowe@cmg.example.gov.uk>", to=vsat, date=jan,
        attachments=[("Whitlock CMSF5579.docx", DOCX, docx_bytes)]),
        expect("f2f_referral", f2f(sr_number="1-6QZ2XW8", scin="202031314242", client_name="Joanne Whitlock",
                                   client_role="paying_parent", address="44 Hollins Lane, Accrington", postcode="BB5 2JH",
                                   phone="07700900218", reason="enforcement_paying_parent", pv=True, ucb=False,
                                   dangerous_area=False, under_16=False, caseworker_email="keith.lowe@cmg.example.gov.uk",
                                   team_leader_email="rita.singh@cmg.example.gov.uk", nation="england_wales",
                                   enforcement=True), flags=["pv"]))

    pdf_bytes = pdf_form([
        ("text", "txtSR", "Service Request", "1-4AS5DF6", None),
        ("text", "txtSCIN", "SCIN", "7531 9864 2002", None),
        ("text", "txtName", "Name of client", "Mr Callum Reid", None),
        ("radio", "optRole", "Client type", "PWC", ["NRP", "PWC"]),
        ("text", "txtAddr", "Address", "9 Market Street, Forfar", None),
        ("text", "txtPC", "Postcode", "DD8 3EY", None),
        ("text", "txtTel", "Contact telephone", "01307 000 555", None),
        ("choice", "cboReason", "What we'll talk about", "Other",
         ["Complaint", "Parentage", "Payments", "Appeal", "Information", "Change", "Other"]),
        ("text", "txtOther", "Other - give details", "Wants to discuss a shared care arrangement", None),
        ("check", "chkPV", "PV", False, None), ("check", "chkUCB", "UCB", False, None),
        ("check", "chkDA", "Dangerous area", True, None), ("check", "chkU16", "Under 16", False, None),
        ("text", "txtSpec", "Special requirements", "Hearing impaired - BSL interpreter", None),
        ("text", "txtCW", "Caseworker email", "morag.bell@cmg.example.gov.uk", None),
        ("text", "txtTL", "Team leader email", "iain.ross@cmg.example.gov.uk", None)])
    c["r5_f2f_pdf_other_reason_scotland"] = (eml("F2F referral SR 1-4AS5DF6", "Hi, referral attached.\n\nMorag",
        sender="Morag Bell <morag.bell@cmg.example.gov.uk>", to=vsat, date=jan,
        attachments=[("CMSF5579.pdf", "application/pdf", pdf_bytes)]),
        expect("f2f_referral", f2f(sr_number="1-4AS5DF6", scin="753198642002", client_name="Mr Callum Reid",
                                   client_role="receiving_parent", address="9 Market Street, Forfar", postcode="DD8 3EY",
                                   phone="01307000555", reason="other",
                                   reason_text="Wants to discuss a shared care arrangement", pv=False, ucb=False,
                                   dangerous_area=True, under_16=False,
                                   special_requirements="Hearing impaired - BSL interpreter",
                                   caseworker_email="morag.bell@cmg.example.gov.uk",
                                   team_leader_email="iain.ross@cmg.example.gov.uk", nation="scotland")))

    c["r5_court_cc_time_first"] = (eml("County Court - SR 1-8MN3BV5 - for SSST", """Dear colleagues

Passing this case over to SSST for County Court enforcement.

Name: Mrs Tanya Ellwood (PP)
SCIN: 4411 2299 0077
Court: Manchester Civil Justice Centre
Hearing: 10:30 on 09/03/2027

Regards

Owen
ECM, Manchester""", sender="Owen Platt <owen.platt@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-8MN3BV5", "scin": "441122990077", "client_name": "Mrs Tanya Ellwood",
                                         "action": "county_court", "court": "Manchester Civil Justice Centre",
                                         "hearing_at": "2027-03-09T10:30:00+00:00"}))

    c["r5_cpo_html_time_first"] = (eml("RE: [SSST-000140] CPO and hearing date - SR 1-3ZX4CV5", None, html=_outlook_html(
        "<p class=MsoNormal>Hi,</p><p class=MsoNormal>CPO will be Hannah Boyle "
        "(<a href='mailto:hannah.boyle@cpt.cmg.example.gov.uk'>hannah.boyle@cpt.cmg.example.gov.uk</a>). "
        "Hearing is listed for 2pm on Wed 10th Feb.</p><p class=MsoNormal>Thanks<br>Scotland CPT</p>"
        "<div style='border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>From:</b> SSST Mailbot "
        "&lt;mailbot@ssst.cmg.example.gov.uk&gt;<br><b>Sent:</b> 04 January 2027 09:00<br><b>Subject:</b> "
        "[SSST-000140] CPO and hearing date - SR 1-3ZX4CV5</p></div><p class=MsoNormal>Commitment work is "
        "allocated to SSST for SR 1-3ZX4CV5 (SCIN 1212 3434 5656). Please reply with the CPO's name and the "
        "hearing date.</p>"),
        sender="Scotland CPT <scot.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-3ZX4CV5", "scin": None, "cpo_name": "Hannah Boyle",
                                   "cpo_email": "hannah.boyle@cpt.cmg.example.gov.uk",
                                   "hearing_at": "2027-02-10T14:00:00+00:00"}, case_ref="SSST-000140"))

    c["r5_second_pv_no_year"] = (eml("SR 1-2PO9IU8 - 2nd PV check", """Hi

Hearing is Mon 1st March at 11am. Can you do the second PV check and let me know if there has been any contact or payment from the NRP?

SCIN: 6789 0123 4567

Ta
Rob
CPO""", sender="Rob Fenwick <rob.fenwick@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-2PO9IU8", "scin": "678901234567",
                                            "hearing_at": "2027-03-01T11:00:00+00:00"}))

    c["r5_cover_letter_subject_no_year"] = (eml("Hearing 9 March - CMEL 9180 - SR 1-7GF6DS5", """Hi SSST,

Summons has come back. Please could you do the CMEL9180 cover letter for the paying parent.

Costs: £ 85.00

Thanks
Wales CPT""", sender="Wales CPT <wales.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-7GF6DS5", "scin": None, "hearing_at": "2027-03-09",
                                         "costs": "85.00"}))

    c["r5_outcome_one_line_reply"] = (eml("RE: [SSST-000150] Outcome needed - SR 1-9KJ8HG7", """LO granted, no costs.

Jen

-----Original Message-----
From: SSST Mailbot <mailbot@ssst.cmg.example.gov.uk>
Sent: 04 January 2027 17:00
Subject: [SSST-000150] Outcome needed - SR 1-9KJ8HG7

Please send the outcome of the hearing on 04/01/2027 and the case file.
SCIN 9876 5432 1098""", sender="Jen Cole <jen.cole@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-9KJ8HG7", "scin": None, "outcome": "LO granted, no costs",
                                  "proceeding": True}, case_ref="SSST-000150"))

    c["r5_vsat_decision_label_reject"] = (eml("RE: [VSAT-000241] Referral for decision - SR 1-5TR4EW3", """Decision: Reject
Reason: address is outside our visiting area

Regards
Carys (VSAT)

> Referral received for SR 1-5TR4EW3 (LL11 2AA). Checks: PV N, UCB N, DA N.
> Reply ACCEPT, or REJECT: reason.""", sender="Carys Ellis <carys.ellis@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-5TR4EW3", "decision": "reject",
                                  "reason": "address is outside our visiting area"}, case_ref="VSAT-000241"))

    c["r5_appointment_html_table"] = (eml("Appointment confirmed SR 1-1MN2BV3", None, html=_outlook_html(
        "<p class=MsoNormal>Hi VSAT, the appointment is now confirmed:</p>"
        + _html_table([["Appointment date", "Wednesday 10 February 2027"], ["Time", "9.45am"],
                       ["Location", "Belfast Jobcentre, 32 Great Patrick Street, BT1 2LA"]])
        + "<p class=MsoNormal>Kind regards<br>Siobhan<br>F2F Consultant (NI)</p>"),
        sender="Siobhan Kelly <siobhan.kelly@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-1MN2BV3", "appointment_at": "2027-02-10T09:45:00+00:00",
                                             "location": "Belfast Jobcentre, 32 Great Patrick Street, BT1 2LA"}))

    c["r5_visit_two_attempts"] = (eml("Visit outcome - SR 1-4RE3WQ2", """Hello,

Two failed attempts now - nobody was home on 11/01 or at the rebooked visit today. Please advise how you want to proceed.

Regards
Ian
F2F""", sender="Ian Bell <ian.bell@f2f.cmg.example.gov.uk>", to=ssst, date="Mon, 18 Jan 2027 15:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-4RE3WQ2", "outcome": "failed_to_attend", "failed_attempts": 2}))

    # --- third batch: other formats for the same values --------------------------------------
    c["r5_fee_in_subject_pence"] = (eml("Court fee £119.00p to pay - sr 1-6dc5xs4", """Hi all

Please pay the fee to Leicester County Court for the NRP Mr Ashok Verma (SCIN 3141 5926 5358).

Thanks very much
Claire Dunne | Enforcement Case Manager""", sender="Claire Dunne <claire.dunne@cmg.example.gov.uk>", to=ssst, date=jan, cte="8bit"),
        expect("enforcement_fee_request", {"sr_number": "1-6DC5XS4", "scin": "314159265358", "client_name": "Mr Ashok Verma",
                                            "court": "Leicester County Court", "fee": "119.00"}))

    c["r5_court_lo_24h_hrs"] = (eml("Liability Order request: SR 1-3VF4BG5", """SSST,

Liability Order requested for the below paying parent.

PP name ........ Graham Topping
SCIN ........... 2468 1357 9024
Venue .......... Wakefield Magistrates' Court
Listed ......... Tuesday, 23 February 2027 - 10:00hrs

Sent on behalf of the ECM team
Yorkshire""", sender="ECM Yorkshire <ecm.yorks@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-3VF4BG5", "scin": "246813579024", "client_name": "Graham Topping",
                                         "action": "liability_order", "court": "Wakefield Magistrates' Court",
                                         "hearing_at": "2027-02-23T10:00:00+00:00"}))

    c["r5_cpo_self_named_signature"] = (eml("SR 1-8HG7FD6 hearing", """Hi SSST,

I'm the CPO for this one. The hearing is on 16/03/2027 at 10am at Luton Magistrates.

Thanks
Grace Obi
Court Presenting Officer
grace.obi@cpt.cmg.example.gov.uk""", sender="Grace Obi <grace.obi@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-8HG7FD6", "scin": None, "cpo_name": "Grace Obi",
                                   "cpo_email": "grace.obi@cpt.cmg.example.gov.uk",
                                   "hearing_at": "2027-03-16T10:00:00+00:00"}))

    c["r5_cover_letter_costs_no_symbol"] = (eml("Paying parent cover letter please", """Hi,

Please prepare the NRP cover letter for SR 1-5NB6VC7 - hearing 2/3/27 at 2pm. Costs to add: 60

Thanks, Leon (CPO)""", sender="Leon Grant <leon.grant@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-5NB6VC7", "scin": None,
                                         "hearing_at": "2027-03-02T14:00:00+00:00", "costs": "60.00"}))

    c["r5_outcome_dash_label_html"] = (eml("SR 1-2LK3JH4 court result", None, html=_outlook_html(
        "<p class=MsoNormal>Good afternoon,</p><p class=MsoNormal><b>Outcome</b> &#8211; Adjourned for 28 days, "
        "NRP to provide income evidence</p><p class=MsoNormal>I will send the case file across once the new date "
        "is set.</p><p class=MsoNormal>Many thanks<br>Abdul</p>"),
        sender="Abdul Aziz <abdul.aziz@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-2LK3JH4", "scin": None,
                                  "outcome": "Adjourned for 28 days, NRP to provide income evidence", "proceeding": True}))

    c["r5_vsat_happy_to_accept"] = (eml("Re: [VSAT-000250] Referral for decision - SR 1-6HY7JU8", """Hi, happy to accept this one.

Thanks
Lowri

On Mon, 4 Jan 2027 at 13:00, VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk> wrote:
> Referral received for SR 1-6HY7JU8 (SA1 1AA). Checks: PV N, UCB N, DA N.
> Reply ACCEPT, or REJECT: reason.""", sender="Lowri Jenkins <lowri.jenkins@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-6HY7JU8", "decision": "accept", "reason": None}, case_ref="VSAT-000250"))

    c["r5_appointment_prose_24h"] = (eml("SR 1-7KI8JU9", """Hi,

Just to confirm I have booked Ms Yasmin Ali in for 15:30 on the 18th of January at Bradford Jobcentre Plus, Westfield House.

Regards,
Aaron
Face to face consultant""", sender="Aaron Moss <aaron.moss@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-7KI8JU9", "appointment_at": "2027-01-18T15:30:00+00:00",
                                             "location": "Bradford Jobcentre Plus, Westfield House"}))

    c["r5_visit_went_ahead"] = (eml("RE: SR 1-3CV4XZ5 - F2F visit", """Visit went ahead as planned today, the client has signed the forms.

Paula

From: Paula Hirst
Sent: 11 January 2027 09:00
Subject: SR 1-3CV4XZ5 - F2F visit

Client failed to attend on 04/01, rebooked for 12/01.""", sender="Paula Hirst <paula.hirst@f2f.cmg.example.gov.uk>", to=ssst,
        date="Tue, 12 Jan 2027 14:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-3CV4XZ5", "outcome": "completed", "failed_attempts": None}))

    # --- fourth batch: split date and time labels, four-column tables, one-word outcomes ------
    c["r5_second_pv_split_date_time"] = (eml("Request for 2nd PV check", """SR No: 1-8BG7VF6
SCIN:123456789012
Hearing Date: 23/02/2027
Hearing Time: 2.15pm

Please complete the second PV check 48 hours before the hearing.

Thanks, Pat (CPO)""", sender="Pat Quinn <pat.quinn@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("second_pv_check_request", {"sr_number": "1-8BG7VF6", "scin": "123456789012",
                                            "hearing_at": "2027-02-23T14:15:00+00:00"}))

    c["r5_cpo_name_of_labels"] = (eml("CPO details - SR 1-9CD8XS7", """Name of CPO: Martin Hale
CPO e-mail: martin.hale@cpt.cmg.example.gov.uk
Date of hearing: 25 Feb 27
Time of hearing: 11.30

Kind regards
Eastern CPT""", sender="Eastern CPT <eastern.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cpo_assignment", {"sr_number": "1-9CD8XS7", "scin": None, "cpo_name": "Martin Hale",
                                   "cpo_email": "martin.hale@cpt.cmg.example.gov.uk",
                                   "hearing_at": "2027-02-25T11:30:00+00:00"}))

    c["r5_court_committal_nrp_label"] = (eml("Committal - SR 1-2NM3KL4", """Hi SSST,

Committal proceedings - passing to you please.

Non resident parent: Mr Lee Ashworth
SCIN 5050 6060 7070
Court: Preston Magistrates' Court
Hearing date: 02/03/2027   Time: 14:00

Regards
Nicola, ECM""", sender="Nicola Firth <nicola.firth@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_action_request", {"sr_number": "1-2NM3KL4", "scin": "505060607070", "client_name": "Mr Lee Ashworth",
                                         "action": "commitment", "court": "Preston Magistrates' Court",
                                         "hearing_at": "2027-03-02T14:00:00+00:00"}))

    c["r5_fee_html_amount_column"] = (eml("Fee needs paying - SR 1-4KJ5HG6", None, html=_outlook_html(
        "<p class=MsoNormal>Hi, the court fee below needs paying before we can issue.</p>"
        + _html_table([["Client", "SCIN", "Court", "Amount (&pound;)"],
                       ["Ms Heather Gow", "1357 2468 0000", "Edinburgh Sheriff Court", "308.00"]])
        + "<p class=MsoNormal>Thanks<br>Ross (ECM)</p>"),
        sender="Ross Kerr <ross.kerr@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("enforcement_fee_request", {"sr_number": "1-4KJ5HG6", "scin": "135724680000", "client_name": "Ms Heather Gow",
                                            "court": "Edinburgh Sheriff Court", "fee": "308.00"}))

    c["r5_appointment_datetime_label_where"] = (eml("SR 1-5XC6ZA7 - appointment", """Date/Time: 04/02/2027 14:00
Where: Hull Jobcentre, Market Place, HU1 1RE

Steph""", sender="Steph Lowe <steph.lowe@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-5XC6ZA7", "appointment_at": "2027-02-04T14:00:00+00:00",
                                             "location": "Hull Jobcentre, Market Place, HU1 1RE"}))

    c["r5_visit_first_failed"] = (eml("SR 1-6VB7NM8 visit", """Called at the address at 10am today, client was not in. This is the 1st failed attempt - I have left a calling card and will try again next week.

Mark""", sender="Mark Dale <mark.dale@f2f.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("visit_outcome", {"sr_number": "1-6VB7NM8", "outcome": "failed_to_attend", "failed_attempts": 1}))

    c["r5_vsat_approved_caps"] = (eml("RE: [VSAT-000260] Referral for decision - SR 1-7NB8MV9", """APPROVED

Sian

-----Original Message-----
From: VSAT Mailbot <mailbot@vsat.cmg.example.gov.uk>
Sent: 04 January 2027 14:20
Subject: [VSAT-000260] Referral for decision - SR 1-7NB8MV9

Reply ACCEPT, or REJECT: reason.""", sender="Sian Roberts <sian.roberts@vsat.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("vsat_decision", {"sr_number": "1-7NB8MV9", "decision": "accept", "reason": None}, case_ref="VSAT-000260"))

    rows = [["SR number", "1-3JH4GF5", "SCIN", "8642 0975 3124"], ["Client name", "Darren Pike", "Client role", "NRP"],
            ["Address", "12 Kings Road<br>Headingley<br>Leeds", "Postcode", "LS6 2AB"],
            ["Phone", "0113 496 0001", "Reason", "Information"],
            ["PV", "N", "UCB", "Y"], ["Dangerous area", "N", "Under 16", "N"],
            ["Special requirements", "None", "EIO", "N"],
            ["Caseworker email", "zoe.platt@cmg.example.gov.uk", "Team leader email", "ben.ward@cmg.example.gov.uk"]]
    c["r5_f2f_html_four_columns"] = (eml("CMSF5579 referral", None, html=_outlook_html(
        "<p class=MsoNormal>Hi VSAT, please see the referral below.</p>" + _html_table(rows)
        + "<p class=MsoNormal>Zoe Platt<br>Caseworker</p>"),
        sender="Zoe Platt <zoe.platt@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(sr_number="1-3JH4GF5", scin="864209753124", client_name="Darren Pike",
                                   client_role="paying_parent", address="12 Kings Road, Headingley, Leeds", postcode="LS6 2AB",
                                   phone="01134960001", reason="information", pv=False, ucb=True, dangerous_area=False,
                                   under_16=False, caseworker_email="zoe.platt@cmg.example.gov.uk",
                                   team_leader_email="ben.ward@cmg.example.gov.uk", nation="england_wales",
                                   enforcement=False)))

    # --- fifth batch: noise around the values (cp1252, tabs, no-break spaces, signatures) --------
    march = "Wed, 10 Mar 2027 11:05:00 +0000"
    c["r5_appointment_across_bst_noon"] = (eml("F2F appt - SR 1-8WE9QA1", """Hi

Appointment made for Thursday 1 April at 12 noon.

Location:
Preston Jobcentre Plus
Lune Street

Thanks
Hayley Marsh
Face to Face Consultant | Tel 01772 000 123 | Working days Mon-Wed""",
        sender="Hayley Marsh <hayley.marsh@f2f.cmg.example.gov.uk>", to=vsat, date=march),
        expect("appointment_confirmation", {"sr_number": "1-8WE9QA1", "appointment_at": "2027-04-01T12:00:00+01:00",
                                             "location": "Preston Jobcentre Plus, Lune Street"}))

    c["r5_fee_cp1252_tabs"] = (eml("SR 1-1ZA2XS3 - court fee", """Hello SSST

Please can you pay the court fee on this one:

Client	Mrs Bernadette Quigley
SCIN	2222 3333 4444
Court	Liverpool Civil & Family Court
Fee	£275.00

Regards
Tony
Enforcement Case Manager
Sent from my iPhone""", sender="Tony Burke <tony.burke@cmg.example.gov.uk>", to=ssst, date=march,
        charset="windows-1252", cte="quoted-printable"),
        expect("enforcement_fee_request", {"sr_number": "1-1ZA2XS3", "scin": "222233334444",
                                            "client_name": "Mrs Bernadette Quigley",
                                            "court": "Liverpool Civil & Family Court", "fee": "275.00"}))

    c["r5_court_cc_nbsp_labels"] = (eml("CC action allocated to SSST - SR 1-7PO6IU5", """Hi team,

I\u2019ve allocated the case below to SSST for County Court action.

SR:\u00a01-7PO6IU5
PP:\u00a0Daniel O\u2019Connor
SCIN:\u00a09090 8080 7070
Court:\u00a0Birmingham Civil Justice Centre
Hearing:\u00a030 March 2027, 10.00 a.m.

Thanks,
Shona""", sender="Shona Patel <shona.patel@cmg.example.gov.uk>", to=ssst, date=march, cte="quoted-printable"),
        expect("court_action_request", {"sr_number": "1-7PO6IU5", "scin": "909080807070",
                                         "client_name": "Daniel O\u2019Connor", "action": "county_court",
                                         "court": "Birmingham Civil Justice Centre",
                                         "hearing_at": "2027-03-30T10:00:00+01:00"}))

    c["r5_second_pv_midday_bst"] = (eml("Second PV check needed SR 1-4LK5JH6 (SCIN 1111 2222 3339)", """Afternoon,

Hearing next month - Tuesday 6th April 2027 at midday. Could SSST please do the second PV check and confirm any payments/contact from the paying parent.

Many thanks
Jo Pearce
Court Presenting Officer
Mobile 07700 900 999""", sender="Jo Pearce <jo.pearce@cpt.cmg.example.gov.uk>", to=ssst, date=march),
        expect("second_pv_check_request", {"sr_number": "1-4LK5JH6", "scin": "111122223339",
                                            "hearing_at": "2027-04-06T12:00:00+01:00"}))

    c["r5_cover_letter_cpt_table"] = (eml("CMEL9180 | SR 1-6MN7BV8 | Hearing date 16/02/2027", None, html=_outlook_html(
        "<p class=MsoNormal>Summons received from court.</p><p class=MsoNormal>Please create the CMEL9180 for the "
        "paying parent.</p>" + _html_table([["Costs to include", "&pound;120.50"]])
        + "<p class=MsoNormal>East Midlands CPT</p>"),
        sender="East Midlands CPT <em.cpt@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("cover_letter_request", {"sr_number": "1-6MN7BV8", "scin": None, "hearing_at": "2027-02-16",
                                         "costs": "120.50"}))

    # --- sixth batch ---------------------------------------------------------------------------
    c["r5_f2f_address_postcode_one_line"] = (eml("Face to face request - SR 1-2HG3FD4", """Hi VSAT,

Could you please arrange a face to face for this client.

SR: 1-2HG3FD4
SCIN: 3692 5814 7036
Name: Kelly Marsh
Client is the PWC
Address: 27 Beech Avenue, Wrexham LL13 7PQ
Tel: 07700900765
Reason: The steps we are taking against the other parent of your child or children to recover money owed for child maintenance
PV - N / UCB - N / DA - N / U16 - N
Special reqs: none
CW: olu.ade@cmg.example.gov.uk
TL: greg.nash@cmg.example.gov.uk

Olu""", sender="Olu Ade <olu.ade@cmg.example.gov.uk>", to=vsat, date=jan),
        expect("f2f_referral", f2f(sr_number="1-2HG3FD4", scin="369258147036", client_name="Kelly Marsh",
                                   client_role="receiving_parent", address="27 Beech Avenue, Wrexham", postcode="LL13 7PQ",
                                   phone="07700900765", reason="enforcement_receiving_parent", pv=False, ucb=False,
                                   dangerous_area=False, under_16=False, caseworker_email="olu.ade@cmg.example.gov.uk",
                                   team_leader_email="greg.nash@cmg.example.gov.uk", nation="england_wales")))

    c["r5_outcome_of_hearing_label"] = (eml("SR 1-5DS6FG7 - outcome", """Hi

Outcome of hearing - Liability order made, costs of £60 awarded.

Case file attached separately.

Thanks,
Imran Qadir
CPO""", sender="Imran Qadir <imran.qadir@cpt.cmg.example.gov.uk>", to=ssst, date=jan),
        expect("court_outcome", {"sr_number": "1-5DS6FG7", "scin": None,
                                  "outcome": "Liability order made, costs of £60 awarded", "proceeding": True}))

    c["r5_visit_dnad_twice"] = (eml("RE: SR 1-8TR9EW1", """Client has DNA'd twice now, 14/01 and today. Returning to you.

Bev (F2F)""", sender="Bev Moss <bev.moss@f2f.cmg.example.gov.uk>", to=ssst, date="Thu, 21 Jan 2027 16:00:00 +0000"),
        expect("visit_outcome", {"sr_number": "1-8TR9EW1", "outcome": "failed_to_attend", "failed_attempts": 2}))

    c["r5_appointment_time_range"] = (eml("Appointment - SR 1-3WQ4ER5", """Morning,

Appointment arranged with Mr Novak for Wed 20/01/2027, 10:00-11:00.
Venue: Ipswich Jobcentre Plus, Princes Street

Thanks
Dee""", sender="Dee Grant <dee.grant@f2f.cmg.example.gov.uk>", to=vsat, date=jan),
        expect("appointment_confirmation", {"sr_number": "1-3WQ4ER5", "appointment_at": "2027-01-20T10:00:00+00:00",
                                             "location": "Ipswich Jobcentre Plus, Princes Street"}))

    c["r5_fee_label_no_symbol"] = (eml("Fee request SR 1-7UY8TR9", """SCIN: 4826 1739 5500
Client name: Aaron Blake
Court: Stoke-on-Trent County Court
Fee - 55.00

Please pay the above fee up front.

Kim (ECM)""", sender="Kim Shaw <kim.shaw@cmg.example.gov.uk>", to=ssst, date=jan),
        expect("enforcement_fee_request", {"sr_number": "1-7UY8TR9", "scin": "482617395500", "client_name": "Aaron Blake",
                                            "court": "Stoke-on-Trent County Court", "fee": "55.00"}))
    return c


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])  # names to write; binary forms differ on every build
    for name, (raw, expected) in cases().items():
        if only and name not in only:
            continue
        (HERE / f"{name}.eml").write_bytes(raw)
        (HERE / f"{name}.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(cases())} fixtures to {HERE}")


if __name__ == "__main__":
    main()
