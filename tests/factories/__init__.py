"""Plain async factory functions, one module per noun."""
