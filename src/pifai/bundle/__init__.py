"""The machine-readable PIF bundle (SPEC §13, issue 8): a zip with the JSON report, every
uploaded document, the PDF, the stored rows and a manifest of SHA-256 sums, which another
installation imports with nothing lost."""
