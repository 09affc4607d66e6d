"""The officials' spreadsheets (django-import-export): exports of the admin's lists, and the
import of historical commitments from the spreadsheets officials already keep.

- cells: reading the cells officials type (NIB, rupiah, pattern, dates) and guarding the cells
  we write against formula injection; no database.
- exports: the export resources (commitments, UMKM, firms, meetings).
- commitment_import: the import of historical commitments, one row per commitment.

The admin side (buttons, pages, permissions, scope) is partnerships/admin/spreadsheets.py.
"""
