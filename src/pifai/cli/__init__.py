"""The ``pifai`` command line."""
