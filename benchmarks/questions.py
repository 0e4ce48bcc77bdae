"""The fixed question mix every benchmark asks, at every corpus size: scores, ratings, findings, good practice,
comparisons and rankings, in equal numbers, spread over the loaded councils.

The mix (templates, count per kind, order) is the same whatever the number of councils; only which councils
fill the templates changes, chosen evenly across the sorted list so no size is favoured.
"""

from __future__ import annotations

from collections.abc import Sequence

STATEMENTS = ("assessing needs", "safeguarding", "equity in experience and outcomes",
              "care provision, integration and continuity", "partnerships and communities",
              "supporting people to live healthier lives", "governance, management and sustainability",
              "learning, improvement and innovation", "safe pathways, systems and transitions")
TOPICS = ("safeguarding", "waiting lists", "unpaid carers", "direct payments", "hospital discharge",
          "young people moving to adult services", "the workforce", "partnership working with health",
          "co-production with people who use services", "data and performance reporting")
GOOD_PRACTICE = ("What does good practice on direct payments look like?",
                 "What does good look like for timely assessments and managing waiting lists?",
                 "What good practice is there for supporting unpaid carers?",
                 "What does good look like for safeguarding?",
                 "What does good practice on co-production look like?",
                 "What does good look like for transitions to adult social care?",
                 "What good practice is there on hospital discharge?",
                 "What does good look like for market shaping?",
                 "What does good practice on prevention look like?",
                 "What does good look like for workforce development?")
KINDS = ("score", "rating", "finding", "good_practice", "comparison", "ranking")


def _pick(councils: Sequence[str], i: int, n: int) -> str:
    """The i-th of n councils spread evenly over the list."""
    return councils[(i * len(councils)) // n % len(councils)]


def question_mix(councils: Sequence[str], per_kind: int = 10) -> list[tuple[str, str]]:
    """(kind, question) pairs: `per_kind` of each kind, interleaved, over these (assessed) councils."""
    if not councils:
        raise ValueError("no assessed council is loaded")
    ordered = sorted(councils)
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    for i in range(per_kind):
        c = _pick(ordered, i, per_kind)
        other = _pick(ordered, i + per_kind // 2 + 1, per_kind)
        st = STATEMENTS[i % len(STATEMENTS)]
        by_kind["score"].append(f"What was {c}'s score for {st}?")
        by_kind["rating"].append(f"What overall rating did CQC give {c}?")
        by_kind["finding"].append(f"What did CQC find about {TOPICS[i % len(TOPICS)]} in {c}?")
        by_kind["good_practice"].append(GOOD_PRACTICE[i % len(GOOD_PRACTICE)])
        by_kind["comparison"].append(f"Which scored higher on {st}, {c} or {other}?")
        ranking = ("Which council scored highest on {st}?", "Which council scored lowest on {st}?",
                   "Which councils scored 3 or more on {st}?")[i % 3]
        by_kind["ranking"].append(ranking.format(st=st))
    return [(kind, by_kind[kind][i]) for i in range(per_kind) for kind in KINDS]
