"""Domain data: the register of English councils with adult social care duties."""
