"""Build north-yorkshire-report-print.pdf: a CQC local authority report printed to PDF from the browser, with a
summary box of theme scores, then each quality statement with its score line, findings and what people said.

Run from anywhere:  /work/main/.venv/bin/python eval/layouts_heldout3/make_pdf.py
The output is byte-stable (reportlab's invariant mode).
"""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

OUT = Path(__file__).with_name("north-yorkshire-report-print.pdf")
TITLE = "North Yorkshire Council: local authority assessment"
MEANING = {2: "Evidence shows some shortfalls", 3: "Evidence shows a good standard"}

ABOUT = (
    "North Yorkshire is the largest county in England by area, covering about 8,000 square kilometres, with a "
    "population of about 620,000. It became a single unitary council in April 2023. Around 26% of residents are "
    "aged 65 or over, and many live in small villages far from towns. In 2024/25 the local authority planned to "
    "spend £305 million on adult social care."
)

STATEMENTS = [
    ("Theme 1: How North Yorkshire Council works with people", None, None, None),
    (
        "Assessing needs",
        3,
        "Most people had their needs assessed in good time: the median wait for a Care Act assessment was 26 days. "
        "The Living Well service offered short-term support to 2,400 people in 2024/25 so that they did not need "
        "ongoing care.",
        "People told us staff took time to understand what mattered to them.",
    ),
    (
        "Supporting people to live healthier lives",
        3,
        "The Community Anchors programme funded 29 village and market town organisations to run lunch clubs, "
        "transport and befriending. The Technology Enabled Care service was used by 9,300 people.",
        None,
    ),
    (
        "Equity in experience and outcomes",
        3,
        "The local authority worked with Gypsy, Roma and Traveller communities and with armed forces families around "
        "Catterick Garrison to improve access to support.",
        None,
    ),
    ("Theme 2: Providing support", None, None, None),
    (
        "Care provision, integration and continuity",
        2,
        "Home care was difficult to find in rural areas. On the day of our visit 212 people were waiting for a "
        "package of home care, and 58 of them were in hospital or a temporary care home bed while they waited. "
        "There was a risk that people stayed in residential care longer than they needed to. The local authority "
        "recognised that it needed to develop the care market in the Dales and on the coast.",
        "One carer said, \"Mum waited nine weeks for carers to start. I had to give up work to look after her.\"",
    ),
    (
        "Partnerships and communities",
        3,
        "Partners described the local authority as a reliable partner. The Harrogate and Scarborough integrated "
        "discharge teams were jointly funded with the NHS.",
        None,
    ),
    ("Theme 3: How North Yorkshire Council ensures safety within the system", None, None, None),
    (
        "Safe pathways, systems and transitions",
        3,
        "The Preparing for Adulthood team started working with young people from the age of 14. Hospital discharge "
        "was timely for most people.",
        None,
    ),
    (
        "Safeguarding",
        3,
        "Safeguarding concerns were screened within 2 working days and 85% of enquiries were completed within 12 "
        "weeks. There were 390 people waiting for a Deprivation of Liberty Safeguards assessment, which leaders were "
        "reducing with additional Best Interests Assessors.",
        None,
    ),
    ("Theme 4: Leadership", None, None, None),
    (
        "Governance, management and sustainability",
        3,
        "The move to a single council had been well managed, and adult social care teams from the former district "
        "and county councils now worked to one set of policies. The budget was balanced.",
        None,
    ),
    (
        "Learning, improvement and innovation",
        3,
        "The local authority had a culture of learning. Its Make Every Contact Count training had reached 1,700 "
        "staff across health and care. However, not everyone who drew on care felt that their feedback led to "
        "change, and the local authority's co-production group had only recently been set up.",
        None,
    ),
]


def _furniture(canvas, doc):
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    title = "North Yorkshire Council: local authority assessment - Care Quality Commission"
    canvas.drawString(18 * mm, 288 * mm, title)
    canvas.drawString(18 * mm, 8 * mm, "https://www.cqc.example/local-authority/north-yorkshire")
    canvas.drawRightString(192 * mm, 8 * mm, f"Page {doc.page}")
    canvas.restoreState()


def build(out: Path = OUT) -> Path:
    ss = getSampleStyleSheet()
    body = ss["BodyText"]
    story = [
        Paragraph(TITLE, ss["Title"]),
        Paragraph("Assessment published: 18 September 2025", body),
        Paragraph("Overall rating: Good", ss["Heading2"]),
        Paragraph("North Yorkshire Council scored 72 out of 100.", body),
        Paragraph("About North Yorkshire Council", ss["Heading2"]),
        Paragraph(ABOUT, body),
        Spacer(1, 4 * mm),
    ]
    for name, score, text, voice in STATEMENTS:
        if score is None:
            story.append(Paragraph(name, ss["Heading2"]))
            continue
        story += [Paragraph(name, ss["Heading3"]), Paragraph(f"Score: {score} - {MEANING[score]}", body)]
        story.append(Paragraph(text, body))
        if voice:
            story.append(Paragraph(voice, body))
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
