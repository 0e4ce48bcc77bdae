"""Build redcar-cleveland-self-assessment.docx: a council's own adult social care self-assessment in Word.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_indep/make_docx.py
Zip timestamps and document properties are fixed, so re-running it leaves git clean.
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("redcar-cleveland-self-assessment.docx")
TITLE = "Redcar and Cleveland Borough Council: Adult Social Care Self-Assessment 2025"

# (theme, what we are proud of, what we need to improve)
THEMES = [
    (
        "Working with people",
        [
            "Our median wait for a Care Act assessment is 12 days, and 96% of urgent assessments start "
            "within 48 hours.",
            "Our Live Well East Cleveland outreach team visits villages such as Loftus and Skelton every week, so "
            "people in rural areas do not have to travel to Redcar for advice.",
        ],
        [
            "Only 62% of people with long-term support had a review in the last 12 months. We have funded a "
            "review team of six staff from April 2025 to bring this to 85%.",
            "We know that not enough carers are identified early. In 2024/25 we completed 540 carers' assessments, "
            "and we want to reach 800.",
        ],
    ),
    (
        "Providing support",
        [
            "There is no waiting list for home care, and we commission care by locality so that carers spend "
            "less time travelling between visits.",
            "Our Community Led Support hubs at Redcar, Guisborough and Eston offer drop-in conversations with a "
            "social worker without an appointment; 1,900 people used them in 2024/25.",
        ],
        [
            "We do not have enough extra care housing. There are 142 extra care flats in the borough, and our "
            "housing needs study says we will need around 300 by 2035.",
            "Some people with a learning disability are still placed outside the borough: 19 people at the end "
            "of March 2025.",
        ],
    ),
    (
        "Ensuring safety",
        [
            "Safeguarding concerns are screened on the day they arrive by our Safeguarding Adults Hub, and 88% "
            "of enquiries are completed within 30 days.",
        ],
        [
            "We have 210 DoLS applications awaiting assessment. We are training more best interests assessors "
            "and expect to halve the list by December 2025.",
            "Transitions from children's services start too late for some young people; we are moving the start "
            "of transition planning to age 14.",
        ],
    ),
    (
        "Leadership",
        [
            "Our principal social worker leads a practice quality board that includes two people with lived "
            "experience.",
        ],
        [
            "Recruitment of experienced social workers is difficult. Our vacancy rate is 15%, and we rely on "
            "agency staff in the hospital team.",
            "Our performance reports do not yet show outcomes for people, only activity. A new outcomes dashboard "
            "will go live in autumn 2025.",
        ],
    ),
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    doc.core_properties.title = TITLE
    doc.core_properties.author = "Adult Social Care Strategy Team"
    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2025, 5, 2, 10, 0)
    doc.core_properties.last_modified_by = "Adult Social Care Strategy Team"
    section = doc.sections[0]
    section.header.paragraphs[0].text = "DRAFT v0.9 - not for publication"
    section.footer.paragraphs[0].text = "Redcar and Cleveland Borough Council - Adult Social Care"

    doc.add_heading(TITLE, level=1)
    doc.add_paragraph("Version 0.9, May 2025. Prepared for the CQC local authority assessment.")
    doc.add_heading("Introduction", level=2)
    doc.add_paragraph(
        "Redcar and Cleveland is a coastal borough in the Tees Valley with a population of about 137,000. "
        "Around 23% of residents are aged 65 or over, and a quarter of neighbourhoods are among the 10% most "
        "deprived in England. We spent £61 million on adult social care in 2024/25."
    )
    doc.add_paragraph(
        "This document is our own view of our practice. We have not yet been assessed by the CQC. We believe "
        "our practice is good, and we are honest about where we need to improve."
    )
    for theme, proud, improve in THEMES:
        doc.add_heading(theme, level=2)
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        hdr = table.rows[0].cells
        hdr[0].text, hdr[1].text = "What we are proud of", "What we need to improve"
        for i in range(max(len(proud), len(improve))):
            cells = table.add_row().cells
            cells[0].text = proud[i] if i < len(proud) else ""
            cells[1].text = improve[i] if i < len(improve) else ""
    doc.add_heading("Our priorities for 2025/26", level=2)
    for item in (
        "Bring reviews up to date.",
        "Halve the DoLS waiting list.",
        "Open a new 60-flat extra care scheme in Guisborough with a housing association partner.",
    ):
        doc.add_paragraph(item, style="List Number")

    buf = io.BytesIO()
    doc.save(buf)
    # rewrite the zip with a fixed timestamp so the file is byte-stable
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 5, 2, 10, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out


if __name__ == "__main__":
    print(build())
