"""The CQC framework and England's councils: quality statements and themes (`taxonomy`), council names
(`councils`), and the register of English councils with adult social care duties (`register`)."""
