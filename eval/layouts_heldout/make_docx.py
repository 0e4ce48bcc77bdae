"""Build portsmouth-report-copy.docx: a CQC report pasted into Word, with a score table whose theme cells are
merged vertically (python-docx then returns the same theme cell for every row it spans).

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout/make_docx.py
Zip timestamps and document properties are fixed, so re-running it leaves git clean.
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("portsmouth-report-copy.docx")
TITLE = "Portsmouth City Council: local authority assessment"

THEMES = [
    (
        "Working with people",
        [
            ("Assessing needs", 3),
            ("Supporting people to live healthier lives", 3),
            ("Equity in experience and outcomes", 3),
        ],
    ),
    ("Providing support", [("Care provision, integration and continuity", 3), ("Partnerships and communities", 3)]),
    ("Ensuring safety", [("Safe pathways, systems and transitions", 3), ("Safeguarding", 3)]),
    ("Leadership", [("Governance, management and sustainability", 2), ("Learning, improvement and innovation", 3)]),
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = TITLE, "Business Intelligence", "Business Intelligence"
    props.created = props.modified = dt.datetime(2025, 3, 3, 16, 5)
    doc.sections[0].footer.paragraphs[0].text = "Printed 03/03/2025 – uncontrolled copy"

    doc.add_paragraph("Downloads")
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph("Assessment published: 28 February 2025")
    doc.add_heading("Overall summary", level=2)
    doc.add_paragraph("Good")
    doc.add_paragraph("Portsmouth City Council scored 72 out of 100. This means the evidence shows a good standard.")
    doc.add_heading("About Portsmouth City Council", level=2)
    doc.add_paragraph(
        "Portsmouth is a densely populated island city on the south coast with around 208,000 residents, making it "
        "the most densely populated local authority area outside London. It has a long naval history, a large "
        "university and a younger population than the South East as a whole: around 14% of residents are 65 or "
        "over. Life expectancy is lower than the England average, and there are significant inequalities between "
        "the north and south of the city."
    )
    doc.add_paragraph(
        "The local authority is part of the Hampshire and Isle of Wight Integrated Care System. It has a long "
        "history of integrated working with the NHS through a joint health and care leadership team."
    )
    doc.add_heading("Quality statement scores", level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text, table.rows[0].cells[2].text = (
        "Theme",
        "Quality statement",
        "Score",
    )
    for theme, rows in THEMES:
        first = len(table.rows)
        for statement, score in rows:
            cells = table.add_row().cells
            cells[1].text, cells[2].text = statement, str(score)
        top, bottom = table.cell(first, 0), table.cell(len(table.rows) - 1, 0)
        merged = top.merge(bottom) if bottom is not top else top
        merged.text = theme
    doc.add_heading("What people told us", level=2)
    doc.add_paragraph(
        "People were positive about their contact with social workers and occupational therapists, and carers "
        "valued the carers' centre in the city centre. Some people said decisions about funding took too long. "
        "The local authority had a small, ageing care home market and was working with providers to develop more "
        "nursing care in the city. Leaders were aware that the adult social care budget was under severe pressure, "
        "and the governance of savings plans was still being strengthened at the time of our assessment."
    )

    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 3, 16, 5, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out


if __name__ == "__main__":
    print(build())
