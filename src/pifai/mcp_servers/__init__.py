"""MCP servers exposing the regulatory and classification look-ups (SPEC §16): `tfda`
and `echa`, over the same engines the API uses. (Built in issue 10.)"""
