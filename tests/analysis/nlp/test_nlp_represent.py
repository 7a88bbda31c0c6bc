"""Labels: how many texts are parsed per theme, and what a label is made of."""

from analysis.nlp.represent import NounPhraseRepresenter


class _Recording(NounPhraseRepresenter):
    """Records the texts it would parse; every text yields the phrase "bus stop"."""

    parsed: list[str] = []

    @staticmethod
    def _noun_phrases(texts: list[str]) -> dict[str, list[str]]:
        _Recording.parsed = list(texts)
        return {t: ["bus stop"] for t in texts}


def _themes(n_themes: int, n_texts: int = 30) -> list:
    return [
        ([("bus", 1.0), ("stop", 0.5)], [f"bus stop {t}-{i}" for i in range(n_texts)])
        for t in range(n_themes)
    ]


def test_many_themes_share_a_parse_budget_and_few_themes_keep_twenty_texts() -> None:
    representer = _Recording()
    assert [representer.texts_per_theme(n) for n in (1, 12, 50, 105, 1000)] == [20, 20, 20, 9, 8]
    for n_themes, per_theme in ((12, 20), (105, 9), (300, 8)):
        labels = representer.represent(_themes(n_themes))
        assert len(_Recording.parsed) == n_themes * per_theme
        assert {label for label, _ in labels} == {"Bus stop"}


def test_only_texts_with_a_keyword_and_each_distinct_text_once_are_parsed() -> None:
    texts = ["bus stop A", "bus stop A", "the lake", "bus stop B"]
    keywords = [("bus", 1.0), ("stop", 0.5), ("shelter", 0.2)]
    labels = _Recording().represent([(keywords, texts)])
    assert _Recording.parsed == ["bus stop A", "bus stop B"]
    assert labels[0][0] == "Bus stop"
