"""A flattened two-column table's header row says which column holds strengths and which shortfalls: each cell's
sentence is read under its column's header, and the header row itself is never an answer."""

from __future__ import annotations

from assistant.compose.columns import column_heading, is_header_row
from assistant.compose.practice import gap_heading_factor, heading_factor

TABLE = (
    "## Working with people\n\n"
    "What we are proud of | What we need to improve\n\n"
    "Our median wait for an assessment is 12 days. | Only 62% of people had a review in the last year.\n\n"
    "Our outreach team visits villages every week. | Not enough carers are identified early.\n\n"
    "Transitions start too late for some young people.\n"
)


def test_each_cell_is_read_under_its_column_header() -> None:
    assert column_heading(TABLE, TABLE.index("Our median")) == "What we are proud of"
    assert column_heading(TABLE, TABLE.index("Not enough carers")) == "What we need to improve"
    assert column_heading(TABLE, TABLE.index("Transitions")) is None  # a paragraph after the table
    assert column_heading(TABLE, TABLE.index("What we are")) is None  # the header row itself


def test_header_rows_and_column_factors() -> None:
    assert is_header_row("What we are proud of | What we need to improve")
    assert not is_header_row("Our median wait for an assessment is 12 days. | Only 62% of people had a review.")
    assert gap_heading_factor("What we need to improve") == 1.0 > gap_heading_factor("What we are proud of")
    assert heading_factor("What we are proud of") > 1.0 > heading_factor("What we need to improve")
