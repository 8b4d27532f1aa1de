"""OAI-PMH harvesting of national office endpoints, and the simulated offices to test it."""
