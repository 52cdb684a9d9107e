"""The safety assessment on the worker: task kinds (``tasks``) and PIF items 9 and 10
(``items``). The engine it calls stays pure; this package does the I/O around it."""
