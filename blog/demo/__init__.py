"""Demo content for Folio: sample categories, articles and generated cover pictures."""
