"""HTTP routes of the safety assessment and the ingredient pages (``endpoints``), their
models (``schemas``), the ingredient look-ups (``service``) and cache reads (``repository``)."""
