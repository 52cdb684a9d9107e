"""Client of the central knowledge base service (SPEC §15): one knowledge base per product,
created on product creation and deleted on product deletion (both fail-soft), asked only
with a kb id that the org-scoped product look-up resolved. Off unless configured
(``PIFAI_RAG_*``); see docs/rag.md."""
