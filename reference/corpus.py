"""A small French corpus for chapters 17–18 (« ChatGPT – partie 1 / partie 2 »), built offline.

The book works on the Reuters newswires (nltk, a download) and on GPT-2/BERT (hub downloads).
None of these can be fetched here, so chapters 17–18 run on text written for this project:

* ``TEXTE``: a few paragraphs of plain French prose written for this project (dedicated to the
  public domain, CC0), for word counts, BPE and n-gram demos;
* ``generate_sentences``: a seeded template grammar whose slots are filled from word
  categories (``CATEGORIES``: months, numbers, animals, colours, cities). Words of one category
  share their contexts, so an embedding built from co-occurrences should group them — the book's
  « months vs numbers » experiment on Reuters [L9030–9036];
* ``wordfreq_rank_frequency``: a real rank–frequency table of French from the ``wordfreq``
  package (its data ships inside the wheel), for the Zipf–Mandelbrot fit of §2.1 [L8358–8403].

Words are lower-case strings; ``tokenize`` splits on anything that is not a letter, so « l'eau »
gives ["l", "eau"] and punctuation disappears.
"""

from __future__ import annotations

import re

import numpy as np

TEXTE = """\
Le matin, le chat noir de la voisine traverse la cour et monte sur le mur. Il regarde les \
oiseaux qui chantent dans le grand arbre. Le chien du jardin aboie, mais le chat ne bouge pas. \
Il connaît le chien depuis longtemps et il sait que le chien ne monte jamais sur le mur.
À midi, la voisine appelle le chat. Le chat descend du mur, traverse la cour et mange dans la \
cuisine. Le chien mange aussi, puis il dort au soleil devant la porte de la maison.
Le soir, les enfants rentrent de l'école. Ils jouent avec le chien dans le jardin et ils \
cherchent le chat dans la maison. Le chat dort sur le lit de la grande chambre. Les enfants \
rient, le chien aboie, et le chat ouvre un œil puis il dort encore.
La nuit, la maison est calme. La lune éclaire la cour, le mur et le grand arbre. Le chat sort \
par la fenêtre de la cuisine et il marche sur le mur comme le matin. Le chien dort devant la \
porte et il rêve du jardin, des enfants et du soleil.
Un jour de pluie, les enfants restent dans la maison. Ils lisent un livre sur les animaux de la \
forêt : le loup, le renard, l'ours et le cerf. Le chat écoute l'histoire du renard et le chien \
écoute l'histoire du loup. Puis la pluie cesse, le soleil revient et tout le monde sort dans le \
jardin.
"""

CATEGORIES: dict[str, tuple[str, ...]] = {
    "mois": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"),
    "nombres": ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    "animaux": ("chat", "chien", "cheval", "loup", "renard", "lapin", "lion", "tigre"),
    "couleurs": ("noir", "blanc", "gris", "roux", "brun", "vert", "bleu", "jaune"),
    "villes": ("paris", "lyon", "marseille", "lille", "nantes", "rennes", "toulouse", "nice"),
}

TEMPLATES: tuple[str, ...] = (
    "en {mois} le {animaux} {couleurs} dort à {villes}",
    "le {animaux} mange {nombres} pommes en {mois}",
    "à {villes} il y a {nombres} maisons et {nombres} jardins",
    "nous partons à {villes} en {mois} avec {nombres} amis",
    "le {animaux} {couleurs} court vers le {animaux} {couleurs}",
    "il fait froid en {mois} et il fait chaud en {mois}",
    "la ville de {villes} est belle en {mois}",
    "elle achète {nombres} livres et {nombres} cahiers à {villes}",
    "le {animaux} regarde le {animaux} dans le jardin",
    "depuis {mois} le {animaux} {couleurs} vit à {villes}",
)

_SLOT = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters (accents included), nothing else


def tokenize(text: str) -> list[str]:
    """String goes in, list of lower-case words comes out (split on every non-letter).

    text: str → words: list[str]. « L'eau, 3 fois » → ["l", "eau", "fois"].
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _WORD.findall(text.lower())


def split_sentences(text: str) -> list[list[str]]:
    """String goes in, list of sentences (each a list of words) comes out.

    A sentence ends at '.', '!', '?', ':' or a line break [L8517]; empty sentences are dropped.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    parts = re.split(r"[.!?:\n]+", text)
    return [words for words in (tokenize(p) for p in parts) if words]


def _fill(template: str, rng: np.random.Generator) -> str:
    """One template in, one sentence out: each {slot} gets a word drawn from its category."""
    def pick(match: re.Match) -> str:
        words = CATEGORIES[match.group(1)]
        return words[int(rng.integers(len(words)))]
    return _SLOT.sub(pick, template)


def generate_sentences(n_sentences: int, seed: int = 0) -> list[list[str]]:
    """A count and a seed go in, that many template sentences (lists of words) come out.

    Each sentence is ``TEMPLATES[t]`` with t uniform and every slot filled uniformly from its
    category, using ``numpy.random.default_rng(seed)``: same seed, same corpus.
    """
    if not isinstance(n_sentences, (int, np.integer)) or n_sentences < 0:
        raise ValueError(f"n_sentences must be a non-negative integer, got {n_sentences!r}")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(int(n_sentences)):
        template = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
        out.append(_fill(template, rng).split())
    return out


def generated_text(n_sentences: int, seed: int = 0) -> str:
    """Same as ``generate_sentences`` but joined: one sentence per line, ending with '.'."""
    return "\n".join(" ".join(s) + "." for s in generate_sentences(n_sentences, seed))


def category_of(word: str) -> str | None:
    """A word goes in, the name of its category in ``CATEGORIES`` (or None) comes out."""
    for name, words in CATEGORIES.items():
        if word in words:
            return name
    return None


def wordfreq_rank_frequency(n: int = 500, lang: str = "fr") -> tuple[list[str], np.ndarray]:
    """A size goes in, the n most frequent words of ``lang`` and their frequencies come out.

    Frequencies f_i (share of all word tokens, as in the book's f_i = count/total [L8381]) come
    from the ``wordfreq`` package (``pip install wordfreq``, data inside the wheel, no network);
    it is imported here, lazily. Returns (words, f) with f: (n,), decreasing.
    """
    import wordfreq  # lazy: an optional data dependency

    words = wordfreq.top_n_list(lang, n)
    f = np.array([wordfreq.word_frequency(w, lang) for w in words], dtype=np.float64)
    order = np.argsort(-f, kind="stable")
    return [words[i] for i in order], f[order]
