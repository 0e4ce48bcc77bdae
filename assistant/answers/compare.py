"""Comparisons of two councils' catalogued scores: who scored higher, ties, "nowhere" (rankings: `ranking`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answers.base import Result, Structured, find_score, score_text, wording
from assistant.answers.mentioned import stated_in_passing
from assistant.answers.overall import asks_only_overall, asks_overall, overall_lines
from assistant.answers.scores import score
from assistant.domain.councils import only_council_words
from assistant.domain.taxonomy import STATEMENT_NAMES
from assistant.evidence.citations import Citer, marks
from assistant.models.questions import QuestionAnalysis
from assistant.models.records import Assessment, StatementScore
from assistant.understand.lexicon import statement_mentions
from assistant.understand.themes import without_themes

Pair = tuple[str, StatementScore, StatementScore]
_FRAME_WORDS = {
    "how", "do", "does", "did", "compare", "compared", "comparison", "and", "with", "between", "the", "on",
    "all", "quality", "statements", "statement", "overall", "across", "against", "to", "of", "vs", "versus",
    "v", "city", "county", "council", "councils", "borough", "what", "is", "are", "difference", "differences",
    "cqc", "assessments", "assessment", "in", "their", "a", "s", "me", "give", "show", "side", "by", "results",
    # how people ask who did better ("is A better than B", "did A beat B", "who came out on top")
    "was", "were", "better", "worse", "than", "higher", "lower", "who", "which", "or", "beat", "beats", "came",
    "come", "out", "top", "ahead", "outperformed", "outperform", "outscored", "fared", "fare", "rated", "one",
    "performed", "doing", "done", "well", "got", "get", "best", "stronger", "weaker", "at", "rank", "ranked",
    # words around a statement's name that do not change what is compared ("safeguarding adults")
    "adult", "adults", "social", "care", "helping", "help", "lead", "leading",
}
_SHORT = {"n", "w", "e", "lb", "cc", "one", "for", "who", "which", "or", "did", "do", "better", "higher", "score"}


@dataclass
class Side:
    """One council in a comparison: its name, assessment document and assessment."""

    council: str
    doc_id: str
    a: Assessment

    @property
    def flag(self) -> str:
        """' indicative' for pilot assessments."""
        return " indicative" if self.a.indicative else ""


def comparison(facts: Structured, analysis: QuestionAnalysis, citer: Citer) -> Result:
    """Scores side by side: who scored higher, ties, and 'nowhere' for one-sided questions."""
    if not is_score_comparison(analysis):
        return Result([], handled=False)
    found, missing = facts.assessed(analysis)
    if missing and len(found) < 2:
        return facts.no_assessment(missing[0], analysis, citer, "score")
    if len(found) < 2:
        if not found:
            return Result([], handled=False)
        alone = score(facts, analysis, citer)  # "herts vs notts": what is loaded, and which is not
        unloaded = [u for u in analysis.unknown_councils if u not in (f[0] for f in found)]
        note = [f"I have no documents about {' or '.join(unloaded)} loaded, so there is nothing to compare "
                f"{found[0][0]} with."] if unloaded else []
        return Result(note + alone.sentences, refused=alone.refused)
    # a follow-up ("how does that compare with Kent?") asks what its context asked: the overall rating or scores
    rest = _without_statements(analysis.standalone if analysis.is_follow_up else analysis.question)
    if not analysis.statements and (asks_only_overall(rest) or len(found) > 2):
        return Result(overall_lines(facts, analysis, citer, found))  # "which was rated higher overall?"
    if len(found) > 2:  # "which of A, B and C was best on X?": every council's score, highest first
        return Result([_several(facts, citer, [Side(*f) for f in found], st) for st in analysis.statements[:2]])
    a, b = Side(*found[0]), Side(*found[1])
    statements = analysis.statements or [
        s for s in STATEMENT_NAMES if find_score(a.a, s) and find_score(b.a, s)
    ]
    rows = [(st, find_score(a.a, st), find_score(b.a, st)) for st in statements]
    direction = _direction(analysis.standalone)
    if direction and not analysis.statements:
        pairs = [(st, x, y) for st, x, y in rows if x is not None and y is not None]
        # "is A better than B?": the overall ratings first, then where the scores differ
        lead = overall_lines(facts, analysis, citer, found[:2]) if _names_only_councils(analysis) else []
        return Result(lead + one_sided(facts, citer, a, b, pairs, direction))
    out: list[str] = []
    if _names_only_councils(analysis) or asks_overall(rest):
        out += overall_lines(facts, analysis, citer, found[:2])
    for st, x, y in rows:
        if x is None or y is None:
            lacking = a if x is None else b
            if line := _in_passing(facts, citer, b if x is None else a, lacking, st, analysis.question):
                out.append(line)
                continue
            out.append(
                f"The {lacking.council} assessment gives no score for {st}, so the two cannot be "
                f"compared on it{marks(facts.cite_rating(citer, lacking.doc_id, lacking.a))}."
            )
            continue
        both = marks(pair_cites(facts, citer, a, b, [(st, x, y)]))
        if x.score == y.score:
            who = f"{a.council}{a.flag}, {b.council}{b.flag}"
            out.append(f"Neither: on {st} both scored {x.score} - {wording(x)} ({who}){both}.")
            continue
        (win, ws), (lose, ls) = ((a, x), (b, y)) if x.score > y.score else ((b, y), (a, x))
        out.append(
            f"{win.council} scored higher on {st}: {score_text(ws, win.a.indicative)}, against "
            f"{lose.council}'s {score_text(ls, lose.a.indicative)}{both}."
        )
    return Result(out)


def _in_passing(facts: Structured, citer: Citer, side: Side, lacking: Side, st: str, question: str) -> str:
    """The lacking council's score as another council's document states it in passing, compared; '' if none."""
    x = find_score(side.a, st)
    stated = stated_in_passing(facts.docs, lacking.council, question, [st])
    if x is None or not stated:
        return ""
    other, said = int(stated[0].reading), stated[0]
    cites = marks([facts.cite_score(citer, side.doc_id, x), citer.cite(said.doc_id, said.start, said.end)])
    theirs = f"{lacking.council}'s {other} (stated in {said.owner}'s document \"{said.title}\")"
    mine = score_text(x, side.a.indicative)
    if other == x.score:
        return f"Neither: on {st} both scored {other} ({side.council}: {mine}; {theirs}){cites}."
    if x.score > other:
        return f"{side.council} scored higher on {st}: {mine}, against {theirs}{cites}."
    return f"{lacking.council} scored higher on {st}: {other}, against {side.council}'s {mine}{cites}."


def _several(facts: Structured, citer: Citer, sides: list[Side], statement: str) -> str:
    """'On X, A and B scored highest (3); C scored 2.' with each score cited (councils without one named)."""
    scored = [(side, x) for side in sides if (x := find_score(side.a, statement)) is not None]
    by: dict[int, list[str]] = {}
    for side, x in sorted(scored, key=lambda sx: -sx[1].score):
        by.setdefault(x.score, []).append(f"{side.council}{marks([facts.cite_score(citer, side.doc_id, x)])}")
    groups = [f"{' and '.join(names)} scored {value}" for value, names in by.items()]
    if len(by) > 1:
        groups[0] += " (the highest)"
    none = [side.council for side in sides if find_score(side.a, statement) is None]
    if none:
        groups.append(f"no score is given for {' or '.join(none)}")
    return f"On {statement}: {'; '.join(groups)}."


def pair_cites(facts: Structured, citer: Citer, a: Side, b: Side, pairs: Sequence[Pair]) -> list[int]:
    """Citation numbers of both councils' score spans for each statement pair."""
    return [
        n
        for _, x, y in pairs
        for n in (facts.cite_score(citer, a.doc_id, x), facts.cite_score(citer, b.doc_id, y))
    ]


def one_sided(
    facts: Structured, citer: Citer, a: Side, b: Side, pairs: list[Pair], direction: str
) -> list[str]:
    """'Where did A score lower than B?': the statements where it did, or 'Nowhere' with the ties."""
    sign = -1 if direction == "lower" else 1
    hits = [(st, x, y) for st, x, y in pairs if (x.score - y.score) * sign > 0]
    out: list[str] = []
    if hits:
        listed = "; ".join(f"{st} ({x.score} v {y.score})" for st, x, y in hits)
        plural = "s" if len(hits) > 1 else ""
        out.append(
            f"{a.council} scored {direction} than {b.council} on {len(hits)} quality statement{plural}: "
            f"{listed}{marks(pair_cites(facts, citer, a, b, hits))}."
        )
    else:
        ties = [(st, x, y) for st, x, y in pairs if x.score == y.score]
        opp = "higher" if direction == "lower" else "lower"
        ns = pair_cites(facts, citer, a, b, (ties or pairs)[:2])
        out.append(
            f"Nowhere: {a.council} scored the same as or {opp} than {b.council} on all {len(pairs)} "
            f"quality statements both reports score{marks(ns)}."
        )
        for tie in ties:
            out.append(
                f"They tied on {tie[0]}: both scored {tie[1].score} - {wording(tie[1])}"
                f"{marks(pair_cites(facts, citer, a, b, [tie]))}."
            )
        rest = [(st, x, y) for st, x, y in pairs if x.score != y.score]
        if rest:
            listed = "; ".join(f"{st} ({x.score} v {y.score})" for st, x, y in rest)
            out.append(
                f"{a.council} scored {opp} on the other {len(rest)}: {listed}"
                f"{marks(pair_cites(facts, citer, a, b, rest))}."
            )
    for side in (a, b):
        if side.a.indicative:
            out.append(
                f"{side.council}'s scores are indicative, from CQC's pilot assessment"
                f"{marks(facts.cite_rating(citer, side.doc_id, side.a))}."
            )
    return out


def _direction(question: str) -> str | None:
    low = question.lower()
    if re.search(r"\b(lower|worse|below|less well|weaker)\b", low):
        return "lower"
    if re.search(r"\b(higher than|better than|above|outperform\w*|stronger than)\b", low):
        return "higher"
    return None


def _without_statements(text: str, statements: Sequence[str] = ()) -> str:
    """The question with its named statements blanked ("safeguarding", "the equity one"; weaker mentions too
    when they name a statement the analysis settled on: "safe transitions")."""
    for m in sorted((m for m in statement_mentions(text) if m.strong or m.statement in statements),
                    key=lambda m: -m.start):
        text = text[: m.start] + " " + text[m.end :]
    for word in {w for st in statements for w in re.findall(r"[a-z]+", st.lower()) if len(w) > 3}:
        text = re.sub(rf"(?i)\b{word}\b", " ", text)  # the statement's own words left beside a mention
    return without_themes(text) if statements else text  # "A vs B leadership": the theme's statements


def is_score_comparison(analysis: QuestionAnalysis) -> bool:
    """Whether a comparison asks about scores/ratings (catalog) rather than facts (retrieval)."""
    q = analysis.standalone
    if _names_only_councils(analysis):
        return True  # "How do Derby and North Lincolnshire compare?": their ratings and scores
    asked = analysis.standalone if analysis.is_follow_up else analysis.question  # "and on equity?": the question
    if len(analysis.councils) >= 2 and analysis.statements and only_council_words(
        _without_statements(asked, analysis.statements), analysis.councils, _FRAME_WORDS | _SHORT
    ):
        return True  # "derby vs camden on safeguarding": the statement named and nothing else
    if re.search(
        r"\b(scores?|scored|ratings?|rated|overall|requires? improvement|inadequate|did better|did worse|"
        r"do better|performed|better on|worse on|"
        r"beat|beats|came out on top|outperformed|outscored|fared better|fared worse|"
        r"(?:has|have|had|got|get|gets|given|receive[ds]?|achieve[ds]?) (?:an? )?[1-4](?! ?%|\.\d|\d))\b",
        q,
        re.I,
    ):
        return not re.search(
            r"\b(take-?up|proportion|percentage of|share of|waiting list|how many|number of)\b|"
            r"\b(homes?|providers?|services|agencies)\b[^.?]{0,40}\brated\b", q, re.I
        )
    return False


def _names_only_councils(analysis: QuestionAnalysis) -> bool:
    """Whether the question names nothing but the councils (and the framework itself) to compare on."""
    return (len(analysis.councils) >= 2 and not analysis.statements
            and only_council_words(analysis.question, analysis.councils, _FRAME_WORDS))
