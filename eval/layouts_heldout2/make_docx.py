"""Build peterborough-self-assessment.docx: a council's adult social care self-assessment kept in Word, with a
table per theme (what we do well / what we need to improve / what we are doing about it) and a cover note.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout2/make_docx.py
Zip timestamps and document properties are fixed, so re-running it leaves git clean.
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("peterborough-self-assessment.docx")
TITLE = "Peterborough City Council: Adult Social Care Self-Assessment"

ROWS = [
    (
        "Working with people",
        "In 2023/24 we completed 3,412 Care Act assessments. Our Early Help front door resolved 46% of contacts "
        "without the need for a formal assessment.",
        "Our average wait for an assessment is 34 days, but people waiting for an occupational therapy assessment "
        "wait an average of 97 days. We know this is too long.",
        "We have moved 6 occupational therapists into a single waiting list team and introduced a trusted "
        "assessor scheme with two equipment providers.",
    ),
    (
        "Providing support",
        "Our shared care record with the NHS means staff in hospital can see a person's care plan. Our "
        "Community Catalysts project has helped 64 micro-providers to start up.",
        "We rely on out-of-area placements for people with complex needs: 31% of working-age adults with a "
        "learning disability in residential care live outside Peterborough.",
        "A new supported living scheme of 24 flats will open in 2026.",
    ),
    (
        "Ensuring safety",
        "Safeguarding concerns are triaged the same day by a multi-agency team.",
        "We have 520 Deprivation of Liberty Safeguards applications waiting to be assessed, and our transitions "
        "work with children's services is not yet consistent.",
        "We have commissioned additional Best Interests Assessors and will clear applications older than 6 months "
        "by September 2025.",
    ),
    (
        "Leadership",
        "Our shared adult social care service with a neighbouring council ended in 2023, and we now have our own "
        "leadership team and a clear three-year strategy.",
        "Separating the shared service left gaps in our performance reporting, and our workforce strategy is still "
        "being written.",
        "A new performance dashboard went live in December 2024 and is reviewed monthly by the leadership team.",
    ),
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = TITLE, "ASC Quality Team", "ASC Quality Team"
    props.created = props.modified = dt.datetime(2025, 1, 20, 11, 30)
    doc.sections[0].header.paragraphs[0].text = "OFFICIAL – version 3.2 – January 2025"
    doc.sections[0].footer.paragraphs[0].text = "Peterborough City Council – Adult Social Care"

    doc.add_heading(TITLE, level=1)
    doc.add_paragraph("Version 3.2, updated January 2025")
    doc.add_heading("Introduction", level=2)
    doc.add_paragraph(
        "This self-assessment sets out how Peterborough City Council meets its duties under the Care Act 2014. "
        "It has been prepared for our assessment by the Care Quality Commission (CQC), which has not yet taken "
        "place. It is our own view of our strengths and the areas where we know we need to improve. It is not a "
        "CQC rating."
    )
    doc.add_paragraph(
        "Peterborough is a fast-growing city of about 220,000 people. It is younger and more diverse than the rest "
        "of the East of England: around 15% of residents are aged 65 or over, and more than 100 languages are "
        "spoken in the city's schools. In 2024/25 our net budget for adult social care is £78.5 million."
    )
    doc.add_heading("What people tell us", level=2)
    doc.add_paragraph(
        "In our 2024 survey of people who use services, 71% said they were satisfied with their care and support, "
        "but only 52% of carers said they were satisfied. Carers told us that they did not always know who to "
        "contact when things went wrong."
    )
    doc.add_heading("Our assessment of ourselves, by theme", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ("Theme", "What we do well", "What we need to improve", "What we are doing about it"),
        strict=True,
    ):
        cell.text = text
    for row in ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_heading("Our overall view", level=2)
    doc.add_paragraph(
        "We believe the evidence supports a judgement of Good for most of our work, with improvement needed in "
        "waiting times for occupational therapy, Deprivation of Liberty Safeguards and support for carers."
    )

    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 20, 11, 30, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out


if __name__ == "__main__":
    print(build())
