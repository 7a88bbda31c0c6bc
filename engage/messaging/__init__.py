"""Messaging: drafts for audiences built from findings, every claim tied to its evidence."""
