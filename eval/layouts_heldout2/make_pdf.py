"""Build northumberland-report-print.pdf: a CQC report printed to PDF, with a score table (theme rows spanning
the table, a narrow statement column so names wrap) followed by per-statement findings.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout2/make_pdf.py
The output is byte-stable (reportlab's invariant mode).
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).with_name("northumberland-report-print.pdf")
TITLE = "Northumberland County Council: local authority assessment"

THEMES = [
    (
        "How the local authority works with people",
        [
            ("Assessing needs", 3),
            ("Supporting people to live healthier lives", 3),
            ("Equity in experience and outcomes", 2),
        ],
    ),
    (
        "Providing support",
        [("Care provision, integration and continuity", 3), ("Partnerships and communities", 3)],
    ),
    (
        "How the local authority ensures safety within the system",
        [("Safe pathways, systems and transitions", 3), ("Safeguarding", 3)],
    ),
    (
        "Leadership",
        [("Governance, management and sustainability", 3), ("Learning, improvement and innovation", 2)],
    ),
]
MEANING = {2: "Evidence shows some shortfalls", 3: "Evidence shows a good standard"}

ABOUT = [
    "Northumberland is the most northerly county in England and one of the most sparsely populated, with about "
    "324,000 people living across 5,000 square kilometres. Most people live in the south-east of the county, in "
    "towns such as Blyth, Cramlington and Ashington, while the north and west are rural and upland. Around 26% of "
    "residents are aged 65 or over.",
    "The local authority has a long-standing partnership with the local NHS foundation trust, which delivers "
    "adult social care on the council's behalf under a formal agreement. In 2023/24 the local authority spent "
    "about £198 million on adult social care.",
]
FINDINGS = [
    (
        "Assessing needs",
        "People told us that staff were knowledgeable and kind. The median wait for a Care Act assessment was 24 "
        "days, although people in the rural west of the county waited longer, up to 10 weeks in some cases.",
    ),
    (
        "Supporting people to live healthier lives",
        "The Northumberland Communities Together programme had trained 450 volunteers to check on isolated older "
        "people, and the falls prevention service had reduced emergency admissions for falls by 12% in two years.",
    ),
    (
        "Equity in experience and outcomes",
        "The local authority did not have a good understanding of the needs of its smaller communities. It "
        "collected ethnicity data for only 58% of people receiving support, and leaders were aware that this "
        "limited their ability to find and address inequalities. There was little information for armed forces "
        "veterans, although the county has a large veteran population.",
    ),
    (
        "Care provision, integration and continuity",
        "Home care was hard to find in the north and west of the county. On the day of our visit 47 people were "
        "waiting for home care, and the local authority paid a rural mileage supplement of 45p a mile to providers "
        "to attract care workers to remote areas.",
    ),
    (
        "Partnerships and communities",
        "The integrated arrangement with the NHS was mature and well understood by staff. Partners told us "
        "decisions were made quickly and jointly.",
    ),
    (
        "Safe pathways, systems and transitions",
        "Hospital discharge worked well, with a single transfer of care hub. Young people moving to adult services "
        "had a named worker from the age of 17.",
    ),
    (
        "Safeguarding",
        "Safeguarding enquiries were well managed and 88% were completed within the local target of 28 days. The "
        "safeguarding adults board had a strong focus on self-neglect in rural areas.",
    ),
    (
        "Governance, management and sustainability",
        "Leaders had a clear strategy and the budget for adult social care was balanced. Elected members received "
        "regular performance reports.",
    ),
    (
        "Learning, improvement and innovation",
        "We found that the local authority did not consistently use feedback from people to improve services. It "
        "had no co-production strategy, and a carers' survey carried out in 2023 had not led to an action plan. "
        "The local authority recognised this and planned to set up a co-production board in 2025.",
    ),
]


def _furniture(canvas, doc):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(18 * mm, 288 * mm, "Care Quality Commission")
    canvas.drawRightString(192 * mm, 288 * mm, "Printed 21/07/2025")
    canvas.drawCentredString(105 * mm, 9 * mm, f"Page {doc.page}")
    canvas.restoreState()


def build(out: Path = OUT) -> Path:
    ss = getSampleStyleSheet()
    body, small = ss["BodyText"], ss["BodyText"].clone("small", fontSize=9, leading=10.5)
    story = [
        Paragraph(TITLE, ss["Title"]),
        Paragraph("Assessment published: 9 July 2025", body),
        Paragraph("Overall summary", ss["Heading2"]),
        Paragraph("Local authority rating and score", ss["Heading3"]),
        Paragraph("Good", ss["Heading3"]),
        Paragraph("Northumberland County Council scored 69 out of 100.", body),
        Paragraph("About Northumberland County Council", ss["Heading2"]),
        *[Paragraph(p, body) for p in ABOUT],
        Paragraph("Quality statement scores", ss["Heading2"]),
    ]
    data = [
        [
            Paragraph("<b>Quality statement</b>", small),
            Paragraph("<b>Score</b>", small),
            Paragraph("<b>What the score means</b>", small),
        ]
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
    ]
    for theme, rows in THEMES:
        style += [("SPAN", (0, len(data)), (-1, len(data)))]
        data.append([Paragraph(f"<i>{theme}</i>", small), "", ""])
        for statement, score in rows:
            data.append([Paragraph(statement, small), str(score), Paragraph(MEANING[score], small)])
    table = Table(data, colWidths=[44 * mm, 14 * mm, 50 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 5 * mm), Paragraph("Key findings", ss["Heading2"])]
    for statement, text in FINDINGS:
        story += [Paragraph(statement, ss["Heading3"]), Paragraph(text, body)]
    SimpleDocTemplate(
        str(out),
        pagesize=A4,
        title=TITLE,
        author="Care Quality Commission",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(story, onFirstPage=_furniture, onLaterPages=_furniture)
    return out


if __name__ == "__main__":
    from reportlab import rl_config

    rl_config.invariant = 1
    print(build())
