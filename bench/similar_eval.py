"""Which similarity method finds "the same idea in other words" in Swedish posts, and at which
threshold: precision and recall of each candidate on the labelled pairs in tests/data/.

Run by hand: python bench/similar_eval.py [--method NAME]
The document frequencies come from every distinct text of the set (a consultation's posts, in
small), so a word every post uses weighs little, as on a real board.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from parkbank.similar.text import METHODS, dot, smooth_idf, weigh

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "similar_pairs.csv"


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, int, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["a"], row["b"], int(row["label"]), row["kind"]) for row in csv.DictReader(handle)]


def scores(method: str, pairs) -> list[float]:
    featurize = METHODS[method]
    texts = sorted({t for a, b, _, _ in pairs for t in (a, b)})
    features = {t: featurize(t) for t in texts}
    df: Counter = Counter()
    for counts in features.values():
        df.update(counts.keys())
    n = len(texts)
    vectors = {t: weigh(c, lambda term: smooth_idf(n, df[term])) for t, c in features.items()}
    return [dot(vectors[a], vectors[b]) for a, b, _, _ in pairs]


def precision_recall(values: list[float], labels: list[int], threshold: float) -> tuple[float, float]:
    predicted = [v >= threshold for v in values]
    true_pos = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    chosen = sum(predicted)
    positives = sum(labels)
    return (true_pos / chosen if chosen else 1.0), (true_pos / positives if positives else 1.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def best_threshold(values, labels) -> tuple[float, float, float]:
    """The threshold with the best F1 (ties: the higher threshold, fewer false suggestions)."""
    best = (0.0, 0.0, 0.0, 0.0)
    for step in range(5, 96):
        threshold = step / 100
        p, r = precision_recall(values, labels, threshold)
        if (score := f1(p, r)) >= best[0]:
            best = (score, threshold, p, r)
    return best[1], best[2], best[3]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--method", choices=sorted(METHODS))
    parser.add_argument("--threshold", type=float)
    args = parser.parse_args()
    pairs = load_pairs()
    labels = [label for _, _, label, _ in pairs]
    print(f"{len(pairs)} pairs: {Counter(kind for *_, kind in pairs)}")
    for method in [args.method] if args.method else METHODS:
        values = scores(method, pairs)
        threshold, p, r = best_threshold(values, labels)
        if args.threshold is not None:
            threshold = args.threshold
            p, r = precision_recall(values, labels, threshold)
        kinds = ("same", "near", "unrelated")
        means = {kind: sum(v for v, pair in zip(values, pairs, strict=True) if pair[3] == kind)
                 / max(1, sum(1 for pair in pairs if pair[3] == kind)) for kind in kinds}
        print(f"{method:18} threshold {threshold:.2f}  precision {p:.3f}  recall {r:.3f}  F1 {f1(p, r):.3f}"
              f"  mean score same {means['same']:.2f} near {means['near']:.2f}"
              f" unrelated {means['unrelated']:.2f}")


if __name__ == "__main__":
    main()
