"""The CQC framework and England's councils: quality statements and themes (`taxonomy`), the register of the 153
councils with adult social care duties (`register`, data in `data/`), and name matching (`councils`)."""
