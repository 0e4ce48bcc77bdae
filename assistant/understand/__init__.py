"""Question understanding: question -> QuestionAnalysis (`analyse`), cue words (`lexicon`), follow-ups (`followup`)."""
