"""Formula intake: parsing the files formulas arrive in, amounts, raw materials."""
