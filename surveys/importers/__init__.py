"""Importers: survey definitions from XLSForm and LimeSurvey, responses from spreadsheets.

Each importer reads a hostile file into a neutral :class:`~surveys.importers.spec.SurveySpec`
plus a :class:`~surveys.importers.report.MappingReport`; ``build`` then creates a real Engage
survey through ``surveys.services`` in the caller's transaction.
"""
