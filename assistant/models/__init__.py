"""Typed records shared by every stage: documents and questions (`records`), answers (`answers`)."""

from assistant.models.answers import (
    Answer,
    AnswerEvent,
    Citation,
    SuggestionItem,
    SuggestionPlan,
)
from assistant.models.records import (
    Assessment,
    Chunk,
    CouncilScores,
    DocumentKind,
    DocumentRecord,
    GoodPracticeItem,
    IngestOutcome,
    ParsedDocument,
    Passage,
    QuestionAnalysis,
    QuestionKind,
    ScoreConflict,
    Section,
    Span,
    StatementAnalysis,
    StatementScore,
    Turn,
)

__all__ = [
    "Answer", "AnswerEvent", "Assessment", "Chunk", "Citation", "CouncilScores", "DocumentKind",
    "DocumentRecord", "GoodPracticeItem", "IngestOutcome", "ParsedDocument", "Passage", "QuestionAnalysis",
    "QuestionKind", "ScoreConflict", "Section", "Span", "StatementAnalysis", "StatementScore",
    "SuggestionItem", "SuggestionPlan", "Turn",
]
