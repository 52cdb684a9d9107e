"""HTTP layer: the versioned router and the dependencies every route shares."""
