"""Regulatory reference data (TFDA lists, EU Annexes II–VI) and the compliance rules."""
