"""Equity census: maturity rubric, waves of department self-assessment, benchmarks, initiatives."""
