"""Engage analysis: the text pipeline (nlp), closed-question statistics (stats), reports."""
