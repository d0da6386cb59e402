"""Importing a table from Excel or CSV, whatever it holds: the pieces every import is built from.

columns.py     a template's columns, its Chinese headers and their aliases (`Schema`)
parsing.py     reading .xlsx and .csv (UTF-8 with or without BOM, GBK) into numbered rows
limits.py      what a hostile file may cost: unpacked size, rows, cells, time, memory
errors_file.py the workbook of rows that were not imported, with the reason for each
dates.py       dates as ledgers and rosters write them
result.py      what an import did (rows added, already there, refused) and the row limit

Each import built on these declares its own `Schema` and row checks and registers its good rows
through its own app's services; core names none of them.
"""
