"""Build worcestershire-report.pdf: a CQC local authority report printed to PDF, score table then findings.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_indep/make_pdf.py
The output is byte-stable (reportlab's invariant mode), so re-running it leaves git clean.
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).with_name("worcestershire-report.pdf")
TITLE = "Worcestershire County Council: local authority assessment"

WORDING = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

# (statement, score, findings)
STATEMENTS = [
    ("Assessing needs", 2,
     "People waited too long for an assessment. At the time of our assessment 870 people were waiting, and the "
     "average wait was 78 days. People in the south of the county, around Evesham and Pershore, waited longest. "
     "The local authority had introduced a triage call within 5 working days of first contact, but people told us "
     "they did not know what would happen next."),
    ("Supporting people to live healthier lives", 3,
     "The Here2Help community wellbeing offer connected people with local groups and activities. Worcestershire's "
     "Promoting Independence service supported 3,100 people in 2023/24, and 77% of them needed no ongoing care "
     "afterwards."),
    ("Equity in experience and outcomes", 2,
     "The local authority had limited information about the experiences of people from seasonal and migrant worker "
     "communities in the Vale of Evesham. Leaders acknowledged that these communities were unlikely to ask for help "
     "and that outreach had not yet started."),
    ("Care provision, integration and continuity", 2,
     "There was a shortage of home care in rural areas. In the week of our assessment 190 people were waiting for a "
     "package of home care, and some were staying in short-term care beds while they waited. Rural people "
     "sometimes had no choice of provider."),
    ("Partnerships and communities", 3,
     "Partners said the local authority was a good partner. The Worcestershire Carers Hub and the Age UK "
     "Herefordshire and Worcestershire hospital service were jointly commissioned with the NHS."),
    ("Safe pathways, systems and transitions", 2,
     "Hospital discharge had improved, with 91% of people discharged from Worcestershire Royal Hospital on their "
     "discharge-ready date. Transitions for young people with special educational needs were less well planned, and "
     "young people told us they met their adult social worker only weeks before their 18th birthday."),
    ("Safeguarding", 2,
     "Safeguarding concerns were not always progressed promptly. A third of safeguarding enquiries took longer "
     "than the local authority's target of 20 working days. We were not assured that all staff understood when a "
     "concern should become a section 42 enquiry."),
    ("Governance, management and sustainability", 2,
     "The local authority faced significant financial pressure, with an adult social care overspend of £11.3 "
     "million in 2023/24. Leaders had a clear improvement plan, but it was not yet supported by reliable "
     "performance data."),
    ("Learning, improvement and innovation", 2,
     "Staff told us training was good, but learning from complaints and safeguarding adults reviews was not "
     "routinely shared with frontline teams."),
]

INTRO = [
    "Worcestershire is a two-tier county in the West Midlands with a population of about 605,000 living in six "
    "district council areas. Around 23% of residents are aged 65 or over, higher than the England average. The "
    "local authority works with NHS Herefordshire and Worcestershire Integrated Care Board.",
    "In 2023/24 the local authority spent about £228 million on adult social care. About 6,600 people were "
    "receiving long-term support.",
]

SUMMARY = (
    "Most people told us staff were caring, but many described long waits and poor communication while they "
    "waited. The local authority had good partnerships and a strong community offer. Areas for improvement "
    "included waiting times, the availability of home care in rural areas, safeguarding practice and the "
    "financial sustainability of adult social care."
)


def _page(canvas, doc):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(20 * mm, 287 * mm, TITLE)
    canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")
    canvas.drawString(20 * mm, 10 * mm, "Care Quality Commission")
    canvas.restoreState()


def build(out: Path = OUT) -> Path:
    styles = getSampleStyleSheet()
    body, cell = styles["BodyText"], styles["BodyText"].clone("cell", fontSize=9, leading=11)
    story = [
        Paragraph(TITLE, styles["Title"]),
        Paragraph("Assessment published: 25 April 2025", body),
        Spacer(1, 4 * mm),
        Paragraph("About Worcestershire County Council", styles["Heading2"]),
        *[Paragraph(p, body) for p in INTRO],
        Paragraph("Overall summary", styles["Heading2"]),
        Paragraph("Overall rating: Requires improvement", styles["Heading3"]),
        Paragraph("Overall rating for Worcestershire County Council: 56%", body),
        Paragraph(SUMMARY, body),
        Paragraph("Quality statement scores", styles["Heading2"]),
    ]
    data = [[Paragraph("<b>Quality statement</b>", cell), Paragraph("<b>Score</b>", cell)]]
    for statement, score, _ in STATEMENTS:
        data.append([Paragraph(statement, cell), str(score)])
    table = Table(data, colWidths=[110 * mm, 20 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e1ee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (1, -1), "CENTER"),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm), Paragraph("Findings for each quality statement", styles["Heading2"])]
    for statement, score, text in STATEMENTS:
        story += [
            Paragraph(statement, styles["Heading3"]),
            Paragraph(f"Score: {score} - {WORDING[score]}", body),
            Paragraph(text, body),
        ]
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        title=TITLE,
        author="Care Quality Commission",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    doc.build(story, onFirstPage=_page, onLaterPages=_page)
    return out


if __name__ == "__main__":
    from reportlab import rl_config

    rl_config.invariant = 1
    print(build())
