"""The optional AI layer (SPEC §14): LLM-assisted extraction and drafting on top of the
deterministic engines. Nothing here is required: without an API key every feature runs on
the parsers, rules and templates. (Built in issue 10.)"""
