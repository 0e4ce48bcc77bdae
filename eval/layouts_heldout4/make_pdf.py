"""Build lancashire-report-print.pdf: a CQC local authority report printed to PDF (score table, findings by theme).

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout4/make_pdf.py
The output is byte-stable (reportlab's invariant mode), so re-running it leaves git clean.
Everything in it is invented (see README.md).
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).with_name("lancashire-report-print.pdf")
TITLE = "Lancashire County Council: local authority assessment"

WORDING = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

ROWS = [
    ("Theme 1: Working with people", "Assessing needs", 3),
    ("Theme 1: Working with people", "Supporting people to live healthier lives", 2),
    ("Theme 1: Working with people", "Equity in experience and outcomes", 3),
    ("Theme 2: Providing support", "Care provision, integration and continuity", 2),
    ("Theme 2: Providing support", "Partnerships and communities", 3),
    ("Theme 3: How the local authority ensures safety within the system", "Safe pathways, systems and transitions", 2),
    ("Theme 3: How the local authority ensures safety within the system", "Safeguarding", 3),
    ("Theme 4: Leadership", "Governance, management and sustainability", 2),
    ("Theme 4: Leadership", "Learning, improvement and innovation", 2),
]

ABOUT = [
    "Lancashire is a large two-tier county in the North West with a population of about 1.25 million, living "
    "in 12 district council areas from Skelmersdale to Lancaster. Around 21% of residents are aged 65 or over. "
    "The local authority spent £612 million on adult social care in 2024/25, and about 17,400 people were "
    "receiving long-term support at the time of our assessment.",
]

FINDINGS = [
    ("Working with people",
     "Assessments were mostly timely: the median wait for a Care Act assessment was 21 days, and 320 people were "
     "waiting at the time of our visit. Staff in the Lancashire Wellbeing Service helped people with low-level "
     "needs without a formal assessment. However, the number of people able to use reablement had fallen, and "
     "only 61% of people who started reablement completed it. People in east Lancashire told us they had not "
     "been offered reablement at all after a hospital stay. Carers described the Lancashire Carers Service as "
     "a lifeline; 9,800 carers were registered with it."),
    ("Providing support",
     "The local authority did not have enough home care in rural areas such as the Ribble Valley and Wyre. "
     "In September 2025, 146 people were waiting for a home care package, 58 of them in hospital or a short-term "
     "bed. The local authority had recently introduced a rural care premium of £2.10 an hour to attract "
     "providers. Partnership working with the two integrated care boards was good, and the Team Around the "
     "Neighbourhood model was praised by health partners."),
    ("How the local authority ensures safety within the system",
     "Safeguarding enquiries were managed well by a central team and 91% of people said their desired "
     "outcomes were met. Moves between services were less reliable: 1 in 5 hospital discharges to a care home "
     "took place without an up-to-date care plan being shared, and young people with complex needs often had "
     "no adult placement identified by the age of 17 and a half."),
    ("Leadership",
     "The local authority had made savings of £38 million over two years, and leaders acknowledged that the "
     "pace of change had left some staff unsure about priorities. Quality assurance was inconsistent: audits "
     "were completed in some districts but not others, and learning from complaints was not shared across "
     "teams. The local authority needs to embed a single performance framework so that leaders can see the "
     "impact of its transformation programme."),
]


def _page(canvas, doc):
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.drawString(15 * mm, 290 * mm, "cqc.example/local-authority/lancashire/assessment")
    canvas.drawRightString(195 * mm, 290 * mm, "Printed 2 April 2026")
    canvas.drawCentredString(105 * mm, 8 * mm, f"{doc.page}")
    canvas.restoreState()


def build(out: Path = OUT) -> Path:
    styles = getSampleStyleSheet()
    body, cell = styles["BodyText"], styles["BodyText"].clone("cell", fontSize=8.5, leading=10)
    story = [
        Paragraph(TITLE, styles["Title"]),
        Paragraph("Date of assessment: 17 to 19 September 2025. Published: 26 March 2026", body),
        Spacer(1, 3 * mm),
        Paragraph("Overall rating: Requires improvement", styles["Heading2"]),
        Paragraph("Lancashire County Council scored 61% overall.", body),
        Paragraph("About Lancashire", styles["Heading2"]),
        *[Paragraph(p, body) for p in ABOUT],
        Paragraph("Quality statement scores", styles["Heading2"]),
    ]
    data = [[Paragraph("<b>Theme</b>", cell), Paragraph("<b>Quality statement</b>", cell),
             Paragraph("<b>Score</b>", cell)]]
    for theme, statement, score in ROWS:
        meaning = Paragraph(f"{score} - {WORDING[score]}", cell)
        data.append([Paragraph(theme, cell), Paragraph(statement, cell), meaning])
    table = Table(data, colWidths=[50 * mm, 52 * mm, 62 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe7ef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story += [table, Spacer(1, 5 * mm), Paragraph("What we found", styles["Heading2"])]
    for heading, text in FINDINGS:
        story += [Paragraph(heading, styles["Heading3"]), Paragraph(text, body)]
    doc = SimpleDocTemplate(str(out), pagesize=A4, title=TITLE, author="Care Quality Commission",
                            leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm)
    doc.build(story, onFirstPage=_page, onLaterPages=_page)
    return out


if __name__ == "__main__":
    from reportlab import rl_config

    rl_config.invariant = 1
    print(build())
