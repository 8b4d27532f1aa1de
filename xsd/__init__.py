"""Schemas the project owns, and the code that finds and applies the official ST.96 set."""
