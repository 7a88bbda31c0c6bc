"""Directory feature."""
