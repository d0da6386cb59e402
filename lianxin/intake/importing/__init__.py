"""Importing an existing ledger from Excel or CSV: the pieces the import service is built from.

columns.py     the template's columns (Chinese headers) and the words each column accepts
parsing.py     the shared reader (lianxin.core.importing: .xlsx and .csv, the limits on hostile
               files, dates, the error workbook) with the ledger's columns
(resident ID numbers are checked by lianxin.core.idcard, GB 11643)
phones.py      mainland phone numbers: normalising and the pattern the quality report uses
validation.py  one row in, a clean row or its reasons out; fingerprints for duplicates
batches.py     which import batches a user may see

The service that runs an import is lianxin.intake.services.imports.
"""
