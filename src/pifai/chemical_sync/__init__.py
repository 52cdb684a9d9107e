"""Operator routes that import new official list versions (SPEC §17 chemical sync)."""
