"""The kinds of document omst reads: each the name of its schema, its file and its `plan:` key.

They live at the bottom layer because the plan directory is read by them; everything above
names a kind through these constants, never by a string of its own."""

from __future__ import annotations

GENOMFORANDEPLAN = "genomforandeplan"
VERKSAMHETSPLAN = "verksamhetsplan"
FORVALTNING = "forvaltning"  # a förvaltning's follow-up file, plan/forvaltningar/*.yaml

PLAN_KINDS = (GENOMFORANDEPLAN, VERKSAMHETSPLAN)
DOCUMENT_KINDS = (*PLAN_KINDS, FORVALTNING)
# Not a kind of document: what stands in plan/forvaltningar/ and is not read, kept as a
# document holding only the finding that says why (reading/plandir.py).
UNREAD = "unread"
