"""Typed records shared by every stage: documents (`records`), questions and passages (`questions`),
answers (`answers`)."""

from assistant.models.answers import (
    Answer,
    AnswerEvent,
    Citation,
    SuggestionItem,
    SuggestionPlan,
)
from assistant.models.questions import Passage, QuestionAnalysis, QuestionKind, Turn
from assistant.models.records import (
    Assessment,
    Chunk,
    CouncilScores,
    DocumentKind,
    DocumentRecord,
    GoodPracticeItem,
    IngestOutcome,
    ParsedDocument,
    ScoreConflict,
    Section,
    Span,
    StatementAnalysis,
    StatementScore,
)

__all__ = [
    "Answer", "AnswerEvent", "Assessment", "Chunk", "Citation", "CouncilScores", "DocumentKind",
    "DocumentRecord", "GoodPracticeItem", "IngestOutcome", "ParsedDocument", "Passage", "QuestionAnalysis",
    "QuestionKind", "ScoreConflict", "Section", "Span", "StatementAnalysis", "StatementScore",
    "SuggestionItem", "SuggestionPlan", "Turn",
]
