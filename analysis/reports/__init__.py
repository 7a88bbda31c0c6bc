"""Themed reports: database rows -> evidence units -> the text pipeline -> stored results.

Unlike ``analysis.nlp`` and ``analysis.stats`` this package is part of the web app: it uses
Flask and SQLAlchemy, and is the only place where pipeline results meet the database.
"""
