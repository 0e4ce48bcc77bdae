"""The CQC framework and England's councils: quality statements and themes (`taxonomy`), statements named
loosely (`statements`), number words (`numbers`), the register of councils with adult social care duties
(`register`) and council names in questions (`councils`)."""
