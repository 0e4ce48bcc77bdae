"""Build cheshire-east-committee-report.docx: a committee report restating the CQC outcome, with an improvement plan.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout4/make_docx.py
The output is byte-stable (fixed core properties and zip timestamps), so re-running it leaves git clean.
Everything in it is invented (see README.md).
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt

OUT = Path(__file__).with_name("cheshire-east-committee-report.docx")
TITLE = "Care Quality Commission Assessment of Adult Social Care: Outcome and Improvement Plan"
STAMP = (2026, 3, 2, 10, 0, 0)

SCORES = [
    ("Working with people", "Assessing needs", "3"),
    ("", "Supporting people to live healthier lives", "3"),
    ("", "Equity in experience and outcomes", "2"),
    ("Providing support", "Care provision, integration and continuity", "3"),
    ("", "Partnerships and communities", "3"),
    ("Ensuring safety", "Safe pathways, systems and transitions", "2"),
    ("", "Safeguarding", "3"),
    ("Leadership", "Governance, management and sustainability", "3"),
    ("", "Learning, improvement and innovation", "3"),
]

PLAN = [
    ("Equity: we do not know enough about the outcomes of Gypsy, Roma and Traveller residents and of people in "
     "rural areas", "Commission a community insight project with Cheshire East Voluntary Action; add "
     "ethnicity and rural postcode fields to outcome reporting", "Head of Commissioning", "September 2026"),
    ("Transitions: 27 young people turned 18 in 2025 without an agreed adult plan",
     "Start transition planning at age 14; create a joint 14-25 transitions team", "Service Director, "
     "Adult Social Care", "December 2026"),
    ("Waiting times for annual reviews: 1,420 reviews overdue", "Dedicated review team of eight staff on "
     "fixed-term contracts; target no review more than three months late", "Head of Operations",
     "March 2027"),
    ("Direct payments: take-up has fallen to 19% of people receiving community support",
     "Relaunch the personal assistant register and simplify the direct payment agreement",
     "Head of Operations", "November 2026"),
]


def build(out: Path = OUT) -> Path:
    doc = docx.Document()
    doc.core_properties.title = TITLE
    doc.core_properties.author = "Democratic Services"
    doc.core_properties.created = doc.core_properties.modified = dt.datetime(*STAMP)
    doc.core_properties.last_modified_by = "Democratic Services"
    doc.sections[0].header.paragraphs[0].text = "OPEN - Cheshire East Council - Adults and Health Committee"
    doc.sections[0].footer.paragraphs[0].text = "Version 3 - for publication"

    doc.add_paragraph("Adults and Health Committee")
    doc.add_paragraph("Date of Meeting: 23 March 2026")
    doc.add_paragraph("Report Title: " + TITLE)
    doc.add_paragraph("Report of: Executive Director of Adults, Health and Integration")
    doc.add_paragraph("Report Reference No: AH/31/25-26")
    doc.add_paragraph("Ward(s) Affected: All")

    doc.add_heading("1. Purpose of Report", level=2)
    doc.add_paragraph(
        "1.1 This report informs the Committee of the outcome of the Care Quality Commission (CQC) assessment "
        "of Cheshire East Council's adult social care functions, published on 11 February 2026, and asks the "
        "Committee to approve the improvement plan at Appendix 1.")
    doc.add_heading("2. Executive Summary", level=2)
    doc.add_paragraph(
        "2.1 The CQC rated the Council as Good, with an overall score of 69%. Seven of the nine quality "
        "statements scored 3 (good standard) and two scored 2 (some shortfalls): equity in experience and "
        "outcomes, and safe pathways, systems and transitions. No statement scored 1 or 4.")
    doc.add_paragraph(
        "2.2 Inspectors praised the Live Well Cheshire East online directory, used by 212,000 visitors in "
        "2025, and the Care4CE reablement service, where 81% of people were living at home independently 91 "
        "days after leaving hospital. The Shared Lives scheme had grown from 34 to 52 carers in two years.")
    doc.add_paragraph(
        "2.3 The CQC also identified areas where the Council must do better. Members will wish to note that "
        "the report found the Council did not yet understand whether people from all communities had equal "
        "outcomes, and that too many young people were reaching adulthood without a plan.")
    doc.add_heading("3. CQC scores by quality statement", level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Theme", "Quality statement", "Score (1-4)"), strict=True):
        cell.text = text
    for row in SCORES:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_heading("4. Other findings", level=2)
    doc.add_paragraph(
        "4.1 Waiting times for a first assessment had improved: the average wait fell from 41 days in 2024 to "
        "24 days at the time of the assessment, and 380 people were waiting. However, 1,420 annual reviews were "
        "overdue, and CQC noted that some people's needs had changed without the Council knowing.")
    doc.add_paragraph(
        "4.2 Unpaid carers told inspectors that respite was hard to book at short notice, particularly in the "
        "south of the borough around Crewe and Nantwich. Around 11% of carers who responded to the carers' "
        "survey said they had been offered a break in the last year.")
    doc.add_paragraph(
        "4.3 The Council's adult social care budget for 2025/26 is £154.6 million. The forecast overspend at "
        "month 9 is £6.2 million, driven mainly by the cost of residential placements for older people.")
    doc.add_heading("5. Recommendations", level=2)
    doc.add_paragraph("5.1 That the Committee notes the CQC rating of Good and thanks staff and partners.")
    doc.add_paragraph("5.2 That the Committee approves the improvement plan at Appendix 1 and receives a "
                      "progress report every six months.")
    doc.add_heading("Appendix 1: Improvement plan", level=2)
    plan = doc.add_table(rows=1, cols=4)
    plan.style = "Table Grid"
    for cell, text in zip(plan.rows[0].cells, ("Area for improvement", "Action", "Lead", "By when"), strict=True):
        cell.text = text
    for row in PLAN:
        cells = plan.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    p = doc.add_paragraph("Contact officer: ")
    p.add_run("Adult Social Care Improvement Lead, ascimprovement@cheshireeast.example").font.size = Pt(9)

    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out


if __name__ == "__main__":
    print(build())
