"""What a Swedish post says, as weighted features: words reduced to their stems (Snowball's Swedish
stemmer, through PyStemmer as in search/terms.py; no model to download) and character n-grams of those stems,
which also catch compounds ("parkbänk" ~ "bänk") and typos ("bibloteket" ~ "biblioteket").

The candidate feature sets are kept side by side (`METHODS`) because the method was chosen by
measurement on tests/data/similar_pairs.csv (bench/similar_eval.py, README "Similar ideas"); the
app uses `FEATURES` only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

import Stemmer

# Work per text is bounded: only this many characters of a text are read.
TEXT_MAX = 500

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that say nothing about an idea: Swedish function words and the words every post uses.
STOPWORDS = frozenset("""
alla allt att av bara bli blir blev borde bra de dem den denna deras dess det detta dig din dina
ditt du där efter eller en ett fast fler flera for från för ha hade han har hela hon hur här i
icke igen in inte ja jag kan kunde kunna man med mellan men mer mig min mina mitt mot mycket
ni nog när nu och också om oss på sa sam samma se sedan sig sin sina sitt själv ska skall skulle
som så till tack under upp ut utan vad var vara varit vart vem vi vid vill vore väl är än ännu
åt över gärna göra gör få får finns mest nya ny nytt väldigt alldeles riktig riktigt
""".split())

_stemmer = Stemmer.Stemmer("swedish")  # PyStemmer: the Snowball stemmer search uses too


def words(text: str) -> list[str]:
    """The lower-cased words of a text, accents kept (å, ä, ö are letters in Swedish)."""
    text = unicodedata.normalize("NFKC", text[:TEXT_MAX]).casefold()
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def stems(text: str) -> list[str]:
    return _stemmer.stemWords(content_words(text))


def _grams(tokens: Iterable[str], low: int, high: int) -> Counter:
    out: Counter = Counter()
    for token in tokens:
        padded = f" {token} "
        for n in range(low, high + 1):
            if len(padded) < n:
                continue
            out.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


def word_features(text: str) -> Counter:
    return Counter(content_words(text))


def stem_features(text: str) -> Counter:
    return Counter(stems(text))


def char_features(text: str) -> Counter:
    """Character 3–5-grams of the content words, each word padded with a space."""
    return _grams(content_words(text), 3, 5)


def stem_gram_features(text: str) -> Counter:
    """Character 3–4-grams of the stems: inflections removed first, then compounds and typos."""
    return _grams(stems(text), 3, 4)


def stem_blend_features(text: str) -> Counter:
    """Whole stems (strong evidence) and their 3–4-grams (partial evidence) in one vector."""
    tokens = stems(text)
    out = _grams(tokens, 3, 4)
    out.update({f"={stem}": 1 for stem in tokens})
    return out


METHODS: dict[str, Callable[[str], Counter]] = {
    "words": word_features,
    "stems": stem_features,
    "char3-5": char_features,
    "stem-grams3-4": stem_gram_features,
    "stems+stem-grams": stem_blend_features,
}


# The method the app uses (chosen in bench/similar_eval.py): character 3–5-grams, each counted once.
METHOD = "char3-5"


def features(text: str) -> list[str]:
    """The distinct features of a text by the chosen method."""
    return list(METHODS[METHOD](text))


def weigh(counts: Iterable[str], idf: Callable[[str], float]) -> dict[str, float]:
    """Each feature once (short posts rarely repeat one), times its inverse document frequency,
    scaled to length 1."""
    return unit({term: idf(term) for term in counts})


def unit(vector: dict) -> dict:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else {}


def dot(a: dict, b: dict) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b.get(term, 0.0) for term, v in a.items())


def smooth_idf(documents: int, frequency: int) -> float:
    return math.log((documents + 1) / (frequency + 1)) + 1.0
