"""Evaluation: the harness (`harness`), its metrics (`metrics`), the naive LangChain baseline (`baseline`)
and the set-up that opens both (`setup`)."""
