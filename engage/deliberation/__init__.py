"""Deliberations imported from Pol.is: statements, votes, opinion groups and consensus."""
