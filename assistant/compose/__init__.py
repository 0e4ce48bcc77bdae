"""Extractive answers: sentence ranking (`rank`), cited answers (`extractive`), fact comparisons between
councils (`compare_facts`) and draft improvement plans (`suggest`)."""
