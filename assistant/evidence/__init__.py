"""Evidence: tokenising and sentence spans (`text`), the per-generation document cache pinned per answer
(`doccache`), numbered citations (`citations`),
catalog facts and the passages around cited spans (`facts`)."""
