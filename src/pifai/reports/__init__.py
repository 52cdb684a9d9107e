"""The regulatory PIF report (SPEC §13): a JSON-ready document built from a PIF snapshot
(``reports.document``), rendered to an A4 PDF (``reports.pdf``) and optionally signed with
PAdES (``reports.pades``).

Nothing is imported here: WeasyPrint and pyHanko are heavy, and each caller needs one part.
"""
