"""One widget per module, reused across screens."""
