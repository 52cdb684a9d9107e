"""The 16 PIF items of a product: catalogue, status machine, item data."""
