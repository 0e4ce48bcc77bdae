"""Build telford-wrekin-members-briefing.docx: a council briefing note for elected members, kept in Word, that
restates the CQC's rating and scores in a table (the council's own statement wording) and lists strengths and
the shortfalls the council must act on.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout3/make_docx.py
Zip timestamps and document properties are fixed, so re-running it leaves git clean.
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("telford-wrekin-members-briefing.docx")
TITLE = "Members' Briefing: Outcome of the CQC Assessment of Adult Social Care"

SCORES = [
    ("Working with people", "Assessing people's needs", "3"),
    ("Working with people", "Supporting people to live healthier lives", "3"),
    ("Working with people", "Equity in experiences and outcomes", "2"),
    ("Providing support", "Care provision, integration and continuity of care", "3"),
    ("Providing support", "Partnership working and communities", "4"),
    ("Ensuring safety", "Safe pathways, systems and transitions", "2"),
    ("Ensuring safety", "Safeguarding adults", "3"),
    ("Leadership", "Governance, management and sustainability", "2"),
    ("Leadership", "Learning, improvement and innovation", "3"),
]

STRENGTHS = [
    "Partnership working was the council's highest-scoring area. Inspectors highlighted the Telford Integrated "
    "Place Partnership and the Community Hubs in Brookside, Woodside and Hadley, which gave 3,100 residents advice "
    "and support in 2024/25.",
    "The Stay Independent reablement service helped 81% of people to live at home without ongoing care.",
    "Inspectors praised the council's Shared Lives scheme, in which 74 approved carers support adults with a "
    "learning disability in family homes.",
]

SHORTFALLS = [
    "The CQC found that the council did not have a clear picture of outcomes for people from ethnic minority "
    "communities, and that few people from these communities used direct payments.",
    "Young people moving to adult services did not always have their needs assessed before their 18th "
    "birthday; 19 young people had turned 18 without an adult care plan in the previous year.",
    "Inspectors reported that the council's risk register did not reflect the financial pressure on adult social "
    "care, which overspent by £3.4 million in 2024/25, and that members were not always sighted on the risks.",
    "People waited on average 9 weeks for a review after a change in their needs.",
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = TITLE, "Democratic Services", "Democratic Services"
    props.created = props.modified = dt.datetime(2025, 10, 6, 9, 0)
    doc.sections[0].header.paragraphs[0].text = "Telford & Wrekin Council – OFFICIAL"
    footer = "Members' Briefing – October 2025 – not for publication before 8 October"
    doc.sections[0].footer.paragraphs[0].text = footer

    doc.add_heading(TITLE, level=1)
    doc.add_paragraph("To: All Members of Telford and Wrekin Council")
    doc.add_paragraph("From: Director: Adult Social Care")
    doc.add_paragraph("Date: 6 October 2025")
    doc.add_heading("1. Headline", level=2)
    doc.add_paragraph(
        "The Care Quality Commission (CQC) has published its assessment of adult social care in Telford and Wrekin. "
        "The council has been rated Good, with an overall score of 69%. The assessment took place in June 2025."
    )
    doc.add_heading("2. Scores by quality statement", level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Theme", "Quality statement", "Score (1-4)"), strict=True):
        cell.text = text
    for row in SCORES:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_heading("3. What the CQC said we do well", level=2)
    for text in STRENGTHS:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("4. Where we must improve", level=2)
    for text in SHORTFALLS:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("5. Next steps", level=2)
    doc.add_paragraph(
        "An improvement plan will go to Cabinet in November 2025. It will include a transitions protocol with "
        "Children's Services, an equalities data project and a revised adult social care risk register."
    )

    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 10, 6, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out


if __name__ == "__main__":
    print(build())
