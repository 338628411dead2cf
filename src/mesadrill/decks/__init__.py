"""Deck and course files into typed objects: reading, parsing, the parse cache, discovery."""
