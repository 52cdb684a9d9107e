"""Cross-item lint (SPEC §11): pure rules over the 16 PIF items, each alert with the Act
article it concerns and a penalty reference read from the Act's own text."""

from pifai.pif.lint.model import Alert, ItemSnapshot, Penalty, Severity
from pifai.pif.lint.run import lint

__all__ = ["Alert", "ItemSnapshot", "Penalty", "Severity", "lint"]
