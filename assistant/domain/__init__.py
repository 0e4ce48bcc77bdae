"""The CQC framework and England's councils: quality statements and themes (`taxonomy`), council names (`councils`)."""
