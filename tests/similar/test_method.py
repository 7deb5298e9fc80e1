"""The method chosen for similar ideas holds its measured precision and recall on the labelled
Swedish pairs (tests/data/similar_pairs.csv; README "Similar ideas": measured 0.942 and 0.931)."""

from bench.similar_eval import load_pairs, precision_recall, scores
from parkbank.similar.operations import THRESHOLD
from parkbank.similar.text import METHOD, char_features, stems

PRECISION_FLOOR = 0.92
RECALL_FLOOR = 0.91


def test_labelled_set_has_at_least_150_pairs_of_each_kind():
    pairs = load_pairs()
    kinds = {kind for *_, kind in pairs}
    assert len(pairs) >= 150 and kinds == {"same", "near", "unrelated"}


def test_chosen_method_keeps_precision_and_recall_above_the_floor():
    pairs = load_pairs()
    precision, recall = precision_recall(scores(METHOD, pairs), [label for _, _, label, _ in pairs],
                                         THRESHOLD)
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR, (precision, recall)


def test_inflections_share_a_stem():
    assert stems("biblioteket bibliotekets") == ["bibliotek", "bibliotek"]


def test_a_typo_keeps_most_character_grams():
    right, typo = set(char_features("biblioteket")), set(char_features("bibloteket"))
    assert len(right & typo) / len(right | typo) > 0.3


def test_text_beyond_the_cap_is_not_read():
    assert char_features("a" * 5000 + " bibliotek") == char_features("a" * 5000)
