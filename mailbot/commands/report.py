"""`mailbot report`: the MI report, as a CSV and a PDF with charts.

The figures come from the store: VSAT's f2f_arrange cases for referrals, decisions and the
visits arranged; SSST's f2f_routing cases for visit outcomes (the consultant's report always
reaches SSST); both for the open cases by stage; the Access to Work visiting_referral cases
for AtW referrals, the SPOC's triage, the visits and how many were ineffective, and CEAST.
One CSV row per figure: measure, breakdown, value.
"""
from __future__ import annotations

import csv
import io
import math
from collections import Counter
from datetime import datetime
from pathlib import Path
from statistics import mean

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from mailbot.clock import SystemClock
from mailbot.config import Config
from mailbot.store import Case, open_store
from mailbot.workflow import decode

CSV_NAME = "mi_report.csv"
PDF_NAME = "mi_report.pdf"
ARRANGE, ROUTING, ATW = "f2f_arrange", "f2f_routing", "visiting_referral"


def write_report(config: Config, out_dir: Path, now: datetime | None = None) -> int:
    """Write mi_report.csv and mi_report.pdf into `out_dir`; 0 on success."""
    sessions = open_store(config.store.url)
    with sessions() as s:
        cases = s.scalars(select(Case).where(Case.workflow.in_((ARRANGE, ROUTING, ATW)))
                          .order_by(Case.id)).all()
    rows = figures(cases)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / CSV_NAME, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["measure", "breakdown", "value"])
        writer.writerows(rows)
    (out_dir / PDF_NAME).write_bytes(pdf(rows, now or SystemClock().now()))
    print(f"MI report: {out_dir / PDF_NAME} and {out_dir / CSV_NAME} ({len(cases)} cases)")
    return 0


def figures(cases: list[Case]) -> list[tuple[str, str, object]]:
    """The MI figures as (measure, breakdown, value) rows, in reading order."""
    vsat = [c for c in cases if c.workflow == ARRANGE]
    ssst = [c for c in cases if c.workflow == ROUTING]
    field = lambda c, name: decode((c.data or {}).get(name))  # noqa: E731
    rows: list[tuple[str, str, object]] = []

    rows.append(("referrals_received", "all", len(vsat)))
    for region, n in sorted(Counter(field(c, "region") or "no region" for c in vsat).items()):
        rows.append(("referrals_received", f"region: {region}", n))
    rows.append(("referrals_accepted", "all", sum(field(c, "decision") == "accept" for c in vsat)))
    rejected = [c for c in vsat if field(c, "decision") == "reject"]
    rows.append(("referrals_rejected", "all", len(rejected)))
    for reason, n in sorted(Counter(field(c, "reject_reason") for c in rejected).items()):
        rows.append(("referrals_rejected", f"reason: {reason}", n))

    arranged = [c for c in vsat if field(c, "appointment_at")]
    rows.append(("visits_arranged", "all", len(arranged)))
    consultants = Counter(n for c in arranged for n in field(c, "consultant_names") or [])
    for name, n in sorted(consultants.items()):
        rows.append(("visits_arranged", f"consultant: {name}", n))
    for region, n in sorted(Counter(field(c, "region") for c in arranged).items()):
        rows.append(("visits_arranged", f"region: {region}", n))

    days = [(c.ref, field(c, "days_to_appointment")) for c in arranged
            if field(c, "days_to_appointment") is not None]
    for ref, n in days:
        rows.append(("days_referral_to_appointment", ref, n))
    if days:
        rows.append(("days_referral_to_appointment", "average", round(mean(n for _, n in days), 1)))

    rows.append(("visits_completed", "all", sum(c.resolution == "completed" for c in ssst)))
    rows.append(("failed_attendances", "all", sum(field(c, "failed_attendances") or 0 for c in ssst)))
    rows.append(("closed_failed_to_attend", "all", sum(c.resolution == "failed_to_attend" for c in ssst)))

    rows.extend(atw_figures([c for c in cases if c.workflow == ATW]))

    team = {ROUTING: "SSST", ARRANGE: "VSAT", ATW: "AtW"}
    stages = Counter(f"{team[c.workflow]}: {c.state.replace('_', ' ')}"
                     for c in cases if c.closed_at is None)
    rows.append(("open_cases", "all", sum(stages.values())))
    for stage, n in sorted(stages.items()):
        rows.append(("open_cases", f"stage: {stage}", n))
    return rows


def atw_figures(cases: list[Case]) -> list[tuple[str, str, object]]:
    """Access to Work (procedure 004): referrals, the SPOC's triage, visits, ineffective visits
    and their rate, CEAST's cases and findings."""
    field = lambda c, name: decode((c.data or {}).get(name))  # noqa: E731
    rows: list[tuple[str, str, object]] = [("atw_referrals", "all", len(cases))]
    for region, n in sorted(Counter(field(c, "region") or "no region" for c in cases).items()):
        rows.append(("atw_referrals", f"region: {region}", n))
    for triage, n in sorted(Counter(field(c, "acs_triage") for c in cases if field(c, "acs_triage")).items()):
        rows.append(("atw_triage", f"SPOC: {triage}", n))
    visits = [v for c in cases for v in [*(field(c, "past_visits") or []), *(field(c, "visits") or [])]]
    ineffective = [v for v in visits if v.get("outcome") != "completed"]
    rows.append(("atw_visits", "all", len(visits)))
    rows.append(("atw_visits_completed", "all", len(visits) - len(ineffective)))
    rows.append(("atw_visits_ineffective", "all", len(ineffective)))
    for reason, n in sorted(Counter(v.get("outcome") for v in ineffective).items()):
        rows.append(("atw_visits_ineffective", f"reason: {str(reason).replace('_', ' ')}", n))
    rows.append(("atw_ineffective_rate", "all",
                 f"{100 * len(ineffective) / len(visits):.0f}%" if visits else "no visits yet"))
    rows.append(("atw_referred_to_ceast", "all", sum(bool(field(c, "with_ceast_since")) for c in cases)))
    rows.append(("atw_ceast_acs_concerns", "all", sum(field(c, "ceast_finding") == "ACS concern" for c in cases)))
    rows.append(("atw_award_decisions", "all", sum(field(c, "awarded") is not None for c in cases)))
    return rows


# --- the PDF ------------------------------------------------------------------------------------

TITLES = {
    "referrals_received": "Referrals received", "referrals_accepted": "Referrals accepted",
    "referrals_rejected": "Referrals rejected", "visits_arranged": "Visits arranged",
    "days_referral_to_appointment": "Days from referral to appointment",
    "visits_completed": "Visits completed", "failed_attendances": "Failed attendances",
    "closed_failed_to_attend": "Closed: Failed To Attend", "open_cases": "Open cases",
    "atw_referrals": "AtW referrals to the SPOC", "atw_visits": "AtW visits reported",
    "atw_visits_completed": "AtW visits completed", "atw_visits_ineffective": "AtW visits ineffective",
    "atw_ineffective_rate": "AtW ineffective visit rate", "atw_referred_to_ceast": "AtW cases referred to CEAST",
    "atw_ceast_acs_concerns": "AtW ACS concerns found by CEAST", "atw_award_decisions": "AtW award decisions",
}


def pdf(rows: list[tuple[str, str, object]], now: datetime) -> bytes:
    styles = getSampleStyleSheet()
    story: list = [Paragraph("MI report: face to face and Access to Work visits", styles["Title"]),
                   Paragraph(f"As at {now:%-d %B %Y %H:%M}. VSAT referrals and visits; SSST visit "
                             f"outcomes; Access to Work visiting referrals.", styles["BodyText"]),
                   Spacer(1, 4 * mm)]
    headline = [[TITLES[m], v] for m, b, v in rows if b == "all"]
    story.append(_table([["Measure", "All cases"]] + headline))
    for measure, prefix, title in (("visits_arranged", "consultant: ", "Visits arranged per consultant"),
                                   ("visits_arranged", "region: ", "Visits arranged per region"),
                                   ("referrals_rejected", "reason: ", "Referrals rejected, by reason"),
                                   ("open_cases", "stage: ", "Open cases by stage"),
                                   ("atw_referrals", "region: ", "AtW referrals per region"),
                                   ("atw_triage", "SPOC: ", "AtW referrals by the SPOC's triage"),
                                   ("atw_visits_ineffective", "reason: ", "AtW ineffective visits, by reason"),
                                   ("days_referral_to_appointment", "", "Days from referral to appointment")):
        data = [(b.removeprefix(prefix), v) for m, b, v in rows
                if m == measure and b.startswith(prefix) and b not in ("all", "average")]
        story.append(Paragraph(title, styles["Heading2"]))
        story.append(_chart(data) if data else Paragraph("None yet.", styles["BodyText"]))
        if measure == "days_referral_to_appointment":
            average = next((v for m, b, v in rows if m == measure and b == "average"), None)
            if average is not None:
                story.append(Paragraph(f"Average: {average} days.", styles["BodyText"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title="MI report", author="mailbot",
                      leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm, invariant=1).build(story)
    return buffer.getvalue()


def _table(data: list[list]) -> Table:
    table = Table(data, colWidths=[110 * mm, 40 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    return table


def _chart(data: list[tuple[str, object]]) -> Drawing:
    """A horizontal bar chart: one bar per label."""
    height = 30 + 18 * len(data)
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 60 * mm, 15
    chart.width, chart.height = 100 * mm, height - 25
    chart.data = [[float(v) for _, v in data]]
    chart.categoryAxis.categoryNames = [label[:40] for label, _ in data]
    chart.categoryAxis.labels.fontSize = 8
    top = max(1.0, max(float(v) for _, v in data))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.2
    chart.valueAxis.valueStep = max(1, math.ceil(top / 5))
    chart.bars[0].fillColor = colors.HexColor("#1d70b8")
    chart.barLabelFormat = "%g"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    drawing.add(chart)
    return drawing
