"""The one product-type taxonomy: regulatory scopes and exposure class per type."""
