"""Parse errors for untrusted formulas: a French and an English message plus a character offset.

``ParseError(message_fr, message_en, offset, text, code)``: ``offset`` indexes the *original*
text the student typed (never the normalised one), so ``caret()`` can point at the bad character::

    Fonction inconnue « foo ».
      foo(x)
      ^
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Lang = Literal["fr", "en"]

# code → (French template, English template); templates use str.format fields.
MESSAGES: MappingProxyType[str, tuple[str, str]] = MappingProxyType({
    "empty": ("L'expression est vide.", "The expression is empty."),
    "too_long": ("L'expression est trop longue ({limit} caractères au plus).",
                 "The expression is too long (at most {limit} characters)."),
    "forbidden": ("Caractère interdit « {char} ».", "Forbidden character '{char}'."),
    "dunder": ("La séquence « __ » est interdite.", "The sequence '__' is forbidden."),
    "unexpected_char": ("Caractère inattendu « {char} ».{hint_fr}",
                        "Unexpected character '{char}'.{hint_en}"),
    "bad_number": ("Nombre mal écrit.{hint_fr}", "Malformed number.{hint_en}"),
    "keyword": ("« {name} » est un mot réservé de Python, interdit ici.",
                "'{name}' is a Python keyword and is not allowed here."),
    "unknown_name": ("Nom inconnu « {name} ». Variables autorisées : {allowed}.",
                     "Unknown name '{name}'. Allowed variables: {allowed}."),
    "unknown_function": ("Fonction inconnue « {name} ».", "Unknown function '{name}'."),
    "function_needs_parens": (
        "La fonction « {name} » doit être suivie d'une parenthèse, par exemple {name}(x).",
        "The function '{name}' must be followed by a parenthesis, e.g. {name}(x)."),
    "missing_operator": ("Opérateur manquant avant ce nombre.",
                         "Missing operator before this number."),
    "ambiguous": ("Écriture ambiguë après « / » ou « ^ » : ajoutez des parenthèses, par "
                  "exemple 1/(2x) ou e^(2x).",
                  "Ambiguous product after '/' or '^': add parentheses, e.g. 1/(2x) or "
                  "e^(2x)."),
    "unmatched_close": ("Parenthèse fermante sans parenthèse ouvrante.",
                        "Closing parenthesis without an opening one."),
    "unclosed": ("Parenthèse jamais fermée.", "Parenthesis never closed."),
    "too_deep": ("Expression trop imbriquée ({limit} niveaux au plus).",
                 "Expression nested too deeply (at most {limit} levels)."),
    "syntax": ("Expression mal formée.", "Malformed expression."),
    "forbidden_construct": ("Construction non autorisée ({what}).",
                            "Construct not allowed ({what})."),
    "arity": ("La fonction « {name} » prend exactement un argument.",
              "The function '{name}' takes exactly one argument."),
    "arity_several": ("La fonction « {name} » prend au moins deux arguments, par exemple "
                      "{name}(0, x).",
                      "The function '{name}' takes at least two arguments, e.g. {name}(0, x)."),
    "float": ("Les nombres décimaux ne sont pas acceptés ici : écrivez une fraction.",
              "Decimal numbers are not accepted here: write a fraction."),
    "exponent_too_large": ("Exposant trop grand.", "Exponent too large."),
    "undefined": ("Valeur indéfinie (division par zéro ?).",
                  "Undefined value (division by zero?)."),
    "too_slow": ("Expression trop coûteuse à interpréter ; simplifiez-la.",
                 "Expression too costly to interpret; simplify it."),
    "unsupported": ("Objet non accepté : {what}.", "Object not accepted: {what}."),
    "superscript_ambiguous": (
        "Exposant ambigu « {run} » : il serait lu {reading}. Si c'est bien cela, écrivez "
        "{reading} ; sinon placez les parenthèses voulues, par exemple (x²)^(-1).",
        "Ambiguous exponent '{run}': it would be read {reading}. If that is what you mean, "
        "write {reading}; otherwise place the parentheses you mean, e.g. (x²)^(-1)."),
    "bars_unmatched": ("Barre « | » sans sa barre fermante (ou ouvrante).",
                       "Bar '|' without its closing (or opening) bar."),
    "bars_too_many": ("Trop de barres « | » ({limit} au plus) ; utilisez abs(…).",
                      "Too many bars '|' (at most {limit}); use abs(…)."),
    "bars_ambiguous": ("Barres « | » ambiguës : elles seraient lues {reading} ; écrivez "
                       "abs(…) pour lever le doute.",
                       "Ambiguous bars '|': they would be read {reading}; write abs(…) to "
                       "make it clear."),
    "bare_ambiguous": ("Argument de « {name} » ambigu : {name} {arg} serait lu {reading}. "
                       "Ajoutez des parenthèses, par exemple {name}({arg}…).",
                       "Ambiguous argument of '{name}': {name} {arg} would be read "
                       "{reading}. Add parentheses, e.g. {name}({arg}…)."),
    "function_inverse": ("« {name}{power} » est ambigu : écrivez arc{name}(x) pour la "
                         "réciproque ou 1/{name}(x) pour l'inverse.",
                         "'{name}{power}' is ambiguous: write arc{name}(x) for the inverse "
                         "function or 1/{name}(x) for the reciprocal."),
    "name_ambiguous": ("Nom ambigu « {name} » : {one} ou {other} ? Séparez par des espaces ou "
                       "des parenthèses.",
                       "Ambiguous name '{name}': {one} or {other}? Separate with spaces or "
                       "parentheses."),
    "not_real": ("Cette expression n'est pas réelle : {what}.",
                 "This expression is not real: {what}."),
})


_WINDOW = 100  # characters of a long input shown around the offset


def _one_line(text: str) -> str:
    """Same length as ``text``, with control characters shown as spaces (caret stays aligned)."""
    return "".join(" " if ch.isspace() or not ch.isprintable() else ch for ch in text)


@dataclass(eq=False)
class ParseError(Exception):
    """The formula was rejected; ``offset`` is a character index into the original ``text``."""

    message_fr: str
    message_en: str
    offset: int
    text: str = ""
    code: str = "syntax"

    def __post_init__(self) -> None:
        # Exception.args mirrors the fields, so the error pickles and prints sensibly.
        super().__init__(self.message_fr, self.message_en, self.offset, self.text, self.code)

    def __str__(self) -> str:
        return self.format("en")

    def message(self, lang: Lang = "fr") -> str:
        """The message alone, in ``lang``."""
        return self.message_en if lang == "en" else self.message_fr

    def caret(self) -> str:
        """The text on one line and a ``^`` under character ``offset`` (empty without text)."""
        if not self.text:
            return ""
        start = max(0, self.offset - _WINDOW // 2)  # long inputs: a window around the offset
        shown = _one_line(self.text[start:start + _WINDOW])
        lead = "…" if start else ""
        tail = "…" if start + _WINDOW < len(self.text) else ""
        pad = " " * (len(lead) + self.offset - start)
        return f"  {lead}{shown}{tail}\n  {pad}^"

    def format(self, lang: Lang = "fr") -> str:
        """Message, then the caret picture when there is a text: what the student sees."""
        caret = self.caret()
        return f"{self.message(lang)}\n{caret}" if caret else self.message(lang)


def make_error(code: str, offset: int, text: str, **fields: object) -> ParseError:
    """ParseError from the ``MESSAGES`` catalogue; missing hint fields default to ''."""
    fr, en = MESSAGES[code]
    values: dict[str, object] = {"hint_fr": "", "hint_en": "", **fields}
    return ParseError(fr.format(**values), en.format(**values), offset, text, code)
