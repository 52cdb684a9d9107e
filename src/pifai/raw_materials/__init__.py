"""An organisation's raw-material library: trade names with their INCI breakdown."""
