"""The listening tour: guides, sessions, notes, quotes, follow-ups and qualitative coding."""
