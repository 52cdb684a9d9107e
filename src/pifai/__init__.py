"""PIF AI: Product Information Files for cosmetics (Taiwan Cosmetic Hygiene and Safety Act)."""

__version__ = "0.1.0"
