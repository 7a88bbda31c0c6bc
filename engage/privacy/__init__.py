"""Privacy operations: what leaves the app in logs, data retention, backup and restore."""
