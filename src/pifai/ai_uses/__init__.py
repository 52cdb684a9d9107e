"""The AI layer wired into the PIF items (SPEC §14): item 3 extraction from PDFs and
photos the parser cannot read, item 6 process structuring, item 10 toxicology synthesis
and the item 16 draft for the SA. Every use has a deterministic path, runs it without a
key, and says in its output which path produced it. (docs/ai.md, "Uses".)
"""
