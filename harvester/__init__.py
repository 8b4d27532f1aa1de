"""OAI-PMH harvesting of national office endpoints (the simulated offices to test it are the
top-level ``simulator`` package, beside the product)."""
