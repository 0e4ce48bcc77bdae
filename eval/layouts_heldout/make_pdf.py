"""Build essex-score-table.pdf: a two-page report summary whose score table has theme rows spanning the
table and statement names wrapped inside narrow cells; the table breaks across the page with its header repeated.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout/make_pdf.py
The output is byte-stable (reportlab's invariant mode).
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).with_name("essex-score-table.pdf")
TITLE = "Essex County Council: local authority assessment"

THEMES = [
    (
        "Theme 1: Working with people",
        [
            ("Assessing needs", 3),
            ("Supporting people to live healthier lives", 2),
            ("Equity in experience and outcomes", 3),
        ],
    ),
    (
        "Theme 2: Providing support",
        [("Care provision, integration and continuity", 3), ("Partnerships and communities", 3)],
    ),
    ("Theme 3: Ensuring safety", [("Safe pathways, systems and transitions", 3), ("Safeguarding", 3)]),
    (
        "Theme 4: Leadership",
        [("Governance, management and sustainability", 3), ("Learning, improvement and innovation", 3)],
    ),
]
MEANING = {2: "Some shortfalls", 3: "Good standard", 4: "Exceptional standard"}

ABOUT = [
    "Essex is one of the largest shire counties in England, with a population of about 1.5 million living in "
    "12 district, borough and city council areas. It includes the cities of Chelmsford and Colchester, the new "
    "towns of Basildon and Harlow, the coastal towns of Clacton-on-Sea and Jaywick, and a large rural area in the "
    "north of the county. Around 21% of residents are aged 65 or over. Jaywick Sands has repeatedly been identified "
    "as the most deprived neighbourhood in England, and the Tendring coast has a high proportion of older people "
    "with long-term conditions.",
    "The local authority works with three integrated care systems: Mid and South Essex; Suffolk and North East "
    "Essex; and Hertfordshire and West Essex. It told us that working across three systems, each with different "
    "hospital discharge arrangements, was one of its main challenges. Essex had a large and relatively stable "
    "care market, with more than 300 registered care homes.",
    "In 2023/24 the local authority spent about £689 million on adult social care. Around 16,500 people "
    "were receiving long-term support, and the local authority had been among the first in England to commission "
    "home care on an outcomes basis across the whole county.",
]
FINDINGS = [
    "Most people we spoke to were positive about their experience of adult social care. Waiting times for "
    "assessment were short for most people, though people with autism or a learning disability sometimes waited "
    "longer for a specialist assessment. Prevention and early help were less consistently available across the "
    "county than other services, which is reflected in the score for supporting people to live healthier lives.",
    "Partners described mature relationships, particularly with district councils on housing and with the "
    "voluntary sector through the Essex Wellbeing Service. Safeguarding arrangements were robust.",
]


def _furniture(canvas, doc):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(18 * mm, 288 * mm, "CQC | Local authority assessment reports")
    canvas.drawRightString(192 * mm, 288 * mm, TITLE)
    canvas.drawCentredString(105 * mm, 9 * mm, f"{doc.page}")
    canvas.restoreState()


def build(out: Path = OUT) -> Path:
    ss = getSampleStyleSheet()
    body, small = ss["BodyText"], ss["BodyText"].clone("small", fontSize=9, leading=10.5)
    story = [
        Paragraph(TITLE, ss["Title"]),
        Paragraph("Assessment published: 22 November 2024", body),
        Paragraph("Overall summary", ss["Heading2"]),
        Paragraph("Rating: Good", ss["Heading3"]),
        Paragraph("Essex County Council scored 72 out of 100.", body),
        Paragraph("About Essex County Council", ss["Heading2"]),
        *[Paragraph(p, body) for p in ABOUT],
        Spacer(1, 30 * mm),  # push the table down so it breaks across the page
        Paragraph("How we scored each quality statement", ss["Heading2"]),
    ]
    data = [
        [
            Paragraph("<b>Quality statement</b>", small),
            Paragraph("<b>Score</b>", small),
            Paragraph("<b>Meaning</b>", small),
        ]
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
    ]
    for theme, rows in THEMES:
        style += [
            ("SPAN", (0, len(data)), (-1, len(data))),
            ("BACKGROUND", (0, len(data)), (-1, len(data)), colors.HexColor("#f1eef8")),
        ]
        data.append([Paragraph(f"<i>{theme}</i>", small), "", ""])
        for statement, score in rows:
            data.append([Paragraph(statement, small), str(score), Paragraph(MEANING[score], small)])
    table = Table(data, colWidths=[42 * mm, 14 * mm, 34 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    story += [
        table,
        Spacer(1, 5 * mm),
        Paragraph("What we found", ss["Heading2"]),
        *[Paragraph(p, body) for p in FINDINGS],
    ]
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
