"""Catalog answers: scores, ratings, comparisons, rankings, arithmetic, dates and report summaries.

`base` holds what every answer module shares (Result, the Structured helpers); `dispatch` picks the
answer for a question kind and is the only module that imports the others.
"""
