"""Evidence: tokenising and sentence spans (`text`), citations and the document-text cache (`citations`),
catalog facts and the passages around cited spans (`facts`)."""
