"""Hash lists: their entries, the file formats they travel in, and matching against them."""
