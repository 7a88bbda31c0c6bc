"""Surveys and feedback forms: definitions, distribution, respondent pages, responses."""
