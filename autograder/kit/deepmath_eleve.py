"""Outils de l'élève pour les notebooks Deepmath (livrés à côté du notebook).

    from deepmath_eleve import *     # x, np, sp, math, parametres, verifier, verifier_syntaxe
    parametres()                     # les paramètres de toutes les questions
    p = parametres("tangente")       # l'énoncé d'une question et ses paramètres
    verifier()                       # avant l'envoi : réponses présentes et bien formées ?
    verifier_syntaxe("e^(2x)/x")     # comment le correcteur lit une formule
    poids = entrainer_ou_charger("poids.npz", entrainer)   # entraîne ici, recharge à la correction

Ce module ne contient ni les réponses ni le correcteur : ``verifier`` dit seulement si une
réponse existe, si une formule se lit et si la réponse a la forme demandée (un nombre, une
fonction, une liste de couples…). La justesse n'est évaluée qu'après l'envoi, par le correcteur,
qui recalcule vos paramètres lui-même : modifier ce fichier ne change rien à la note.

Student helpers shipped next to each released notebook (see ``autograder/student_kit.py``):
variant loading, ``parametres``, the ``verifier`` self-check and the ``verifier_syntaxe``
preview. Only the standard library, numpy and sympy; no answer, no reference, no secret.
"""

from __future__ import annotations

import getpass
import inspect
import json
import math
import os
import signal
import sys
import textwrap
import threading
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

__all__ = ["VARIANTE", "PoidsAbsents", "entrainer_ou_charger", "math", "np", "parametres", "sp",
           "verifier", "verifier_syntaxe", "x"]

x = sp.Symbol("x", real=True)
DOSSIER = Path(__file__).resolve().parent
LANGUE = "en" if os.environ.get("DEEPMATH_LANG", "fr").lower().startswith("en") else "fr"
DEMO = "__demo__"

_TEXTES = {
    "fr": {
        "hors_liste": "Attention : l'identifiant « {id} » n'est pas dans la liste de la classe ; "
                      "les paramètres affichés sont ceux de démonstration. Prévenez votre "
                      "enseignant·e.",
        "absente": "pas encore de réponse : remplacez « raise NotImplementedError() » par du "
                   "code qui définit « {var} », puis exécutez la cellule.",
        "illisible": "formule illisible pour le correcteur :\n{err}",
        "forme": "forme inattendue : {quoi}.",
        "ok": "réponse présente et bien formée{lu}. (Seule la forme est vérifiée ; la "
              "justesse sera évaluée après l'envoi.)",
        "lu": " (lue comme {expr})",
        "bilan_ok": "Toutes les réponses sont présentes et bien formées ({n}/{n}). Cela ne dit "
                    "rien de leur justesse.",
        "bilan_ko": "{k} question(s) sur {n} à compléter ou à corriger avant l'envoi.",
        "inconnue": "question inconnue « {q} » (questions : {liste}).",
        "appel": "l'appel {appel} lève {err}",
        "appel_long": "l'appel {appel} ne s'est pas terminé en {s} s",
        "syntaxe_ok": "Le correcteur lit : {expr}",
        "sans_outil": "vérification des formules indisponible ({err}).",
        "poids_ok": "poids enregistrés dans « {f} » ({n} tableaux) : soumettez ce fichier avec "
                    "le notebook (la correction le recharge au lieu de ré-entraîner).",
        "poids_absents": "« {f} » manque : à la correction, l'entraînement n'est jamais "
                         "relancé. Exécutez la cellule d'entraînement (elle écrit ce fichier) "
                         "puis soumettez à nouveau.",
        "poids_illisibles": "« {f} » est illisible ({err}) : ré-exécutez la cellule "
                            "d'entraînement puis soumettez à nouveau.",
        "poids_modele": "les poids de « {f} » ne vont pas au modèle ({err}) : le modèle a changé "
                        "depuis l'entraînement ? Ré-exécutez la cellule d'entraînement.",
        "poids_forme": "entrainer() doit renvoyer des tableaux numpy (dans un dictionnaire, "
                       "une liste ou un n-uplet) : {quoi}.",
        "nom_fichier": "nom de fichier attendu, sans dossier, finissant par .npz : {f!r}",
    },
    "en": {
        "hors_liste": "Warning: the id '{id}' is not on the class list; the parameters shown are "
                      "the demonstration ones. Tell your instructor.",
        "absente": "no answer yet: replace 'raise NotImplementedError()' with code that "
                   "defines '{var}', then run the cell.",
        "illisible": "the grader cannot read this formula:\n{err}",
        "forme": "unexpected form: {quoi}.",
        "ok": "answer present and well formed{lu}. (Only the form is checked; correctness is "
              "graded after you submit.)",
        "lu": " (read as {expr})",
        "bilan_ok": "Every answer is present and well formed ({n}/{n}). This says nothing about "
                    "correctness.",
        "bilan_ko": "{k} of {n} question(s) to complete or fix before submitting.",
        "inconnue": "unknown question '{q}' (questions: {liste}).",
        "appel": "the call {appel} raises {err}",
        "appel_long": "the call {appel} did not finish within {s} s",
        "syntaxe_ok": "The grader reads: {expr}",
        "sans_outil": "formula check unavailable ({err}).",
        "poids_ok": "weights saved in '{f}' ({n} arrays): submit this file with the notebook "
                    "(grading loads it instead of training again).",
        "poids_absents": "'{f}' is missing: grading never trains again. Run the training cell "
                         "(it writes this file), then submit again.",
        "poids_illisibles": "'{f}' is unreadable ({err}): run the training cell again, then "
                            "submit again.",
        "poids_modele": "the weights in '{f}' do not fit the model ({err}): did the model change "
                        "since training? Run the training cell again.",
        "poids_forme": "entrainer() must return numpy arrays (in a dict, a list or a tuple): "
                       "{quoi}.",
        "nom_fichier": "expected a file name, with no folder, ending in .npz: {f!r}",
    },
}
_NOMS = {
    "fr": {"nombre": "un nombre", "texte": "un texte", "booleen": "un booléen",
           "formule": "une formule (chaîne ou expression sympy)", "fonction": "une fonction",
           "liste": "une liste", "n-uplet": "un n-uplet", "tableau": "un tableau numpy",
           "autre": "une valeur"},
    "en": {"nombre": "a number", "texte": "a string", "booleen": "a boolean",
           "formule": "a formula (string or sympy expression)", "fonction": "a function",
           "liste": "a list", "n-uplet": "a tuple", "tableau": "a numpy array",
           "autre": "a value"},
}


def _t(key: str, **champs: Any) -> str:
    return _TEXTES[LANGUE][key].format(**champs)


def _lire(nom: str) -> Any:
    with open(DOSSIER / nom, encoding="utf-8") as fichier:
        return json.load(fichier)


def _identifiant() -> str:
    return (os.environ.get("DEEPMATH_STUDENT") or os.environ.get("JUPYTERHUB_USER")
            or getpass.getuser())


def _charger_variante() -> dict[str, Any]:
    table: dict[str, Any] = _lire("variantes.json")
    etudiant = _identifiant()
    if etudiant not in table:
        print(_t("hors_liste", id=etudiant))
        etudiant = DEMO
    variante: dict[str, Any] = table[etudiant]
    return variante


CONTROLES: dict[str, Any] = _lire("deepmath_eleve.json")
VARIANTE = _charger_variante()
_QUESTIONS: dict[str, dict[str, Any]] = {q["nom"]: q for q in CONTROLES["questions"]}


def _question(nom: str) -> dict[str, Any]:
    if nom not in _QUESTIONS:
        raise KeyError(_t("inconnue", q=nom, liste=", ".join(_QUESTIONS)))
    return _QUESTIONS[nom]


def parametres(question: str | None = None) -> Any:
    """Sans argument : affiche l'énoncé personnalisé de chaque question (même si les questions
    précédentes ne sont pas encore traitées). Avec un nom : affiche l'énoncé de cette question
    et renvoie ses paramètres."""
    if question is None:
        for numero, q in enumerate(CONTROLES["questions"], start=1):
            texte = VARIANTE.get(q["nom"], {}).get("texte", "")
            print(f"{numero}. {q['titre'][LANGUE]} — {texte}")
        return None
    _question(question)
    variante = VARIANTE[question]
    print(variante["texte"])
    return json.loads(json.dumps(variante["params"]))


# --- the self-check ---------------------------------------------------------------------------
def _symbolique() -> Any:
    archive = str(DOSSIER / "deepmath_symbolique.zip")
    if archive not in sys.path:
        sys.path.append(archive)
    import deepmath_symbolique  # type: ignore[import-not-found]

    return deepmath_symbolique


def _lecture(valeur: Any, variables: list[str]) -> tuple[bool, str]:
    """(lisible ?, formule lue ou message d'erreur avec le curseur)."""
    try:
        symbolique = _symbolique()
    except Exception as exc:  # the archive is missing or damaged: say so, do not crash
        return True, _t("sans_outil", err=type(exc).__name__)
    apercu = getattr(symbolique, "preview", None)
    if apercu is not None:  # the parser's own "validation" step: it never raises
        lu = apercu(valeur, variables, lang=LANGUE)
        return (True, lu.unicode) if lu.ok else (False, lu.messages.get(LANGUE, lu.message))
    try:
        expr = symbolique.parse(valeur, variables, timeout=3.0)
    except symbolique.ParseError as err:
        return False, err.format(LANGUE)
    return True, str(expr)


def _est_nombre(v: Any) -> bool:
    return (isinstance(v, int | float | Fraction | Decimal | np.integer | np.floating)
            and not isinstance(v, bool | np.bool_))


def _forme(v: Any, attendu: dict[str, Any], ou: str = "") -> str | None:
    """None si ``v`` a la forme ``attendu`` (type, longueur d'un n-uplet, dimension d'un
    tableau), sinon ce qui ne va pas — jamais la valeur attendue."""
    noms = _NOMS[LANGUE]
    genre = attendu["t"]
    recu = _genre(v)
    where = f"{ou} : " if ou else ""
    if genre == "nombre" and _est_nombre(v):
        return None
    if genre == "texte" and isinstance(v, str):
        return None
    if genre == "booleen" and isinstance(v, bool | np.bool_):
        return None
    if genre == "autre":
        return None
    if genre == "tableau" and isinstance(v, np.ndarray):
        forme = attendu.get("forme")
        if forme is not None and list(v.shape) != forme:
            return where + (f"tableau de forme {tuple(v.shape)} au lieu de {tuple(forme)}"
                            if LANGUE == "fr" else
                            f"array of shape {tuple(v.shape)} instead of {tuple(forme)}")
        return None
    if genre in ("liste", "n-uplet") and isinstance(v, list | tuple):
        elements = attendu.get("elements")
        if genre == "n-uplet" and isinstance(elements, list):
            if len(v) != len(elements):
                return where + (f"{len(v)} élément(s) au lieu de {len(elements)}"
                                if LANGUE == "fr" else
                                f"{len(v)} item(s) instead of {len(elements)}")
            for rang, (e, a) in enumerate(zip(v, elements, strict=True), start=1):
                probleme = _forme(e, a, _chemin(ou, "composante", "component", rang))
                if probleme:
                    return probleme
        elif isinstance(elements, dict):
            for rang, e in enumerate(v, start=1):
                probleme = _forme(e, elements, _chemin(ou, "élément", "item", rang))
                if probleme:
                    return probleme
        return None
    attendu_txt = noms.get(genre, genre)
    return where + (f"on attend {attendu_txt}, pas {noms.get(recu, recu)}" if LANGUE == "fr"
                    else f"expected {attendu_txt}, not {noms.get(recu, recu)}")


def _chemin(ou: str, fr: str, en: str, rang: int) -> str:
    """Where in a nested answer: "élément 2, composante 1" (counted from 1)."""
    ici = f"{fr if LANGUE == 'fr' else en} {rang}"
    return f"{ou}, {ici}" if ou else ici


def _genre(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return "booleen"
    if _est_nombre(v):
        return "nombre"
    if isinstance(v, str):
        return "texte"
    if isinstance(v, np.ndarray):
        return "tableau"
    if isinstance(v, tuple):
        return "n-uplet"
    if isinstance(v, list):
        return "liste"
    if callable(v):
        return "fonction"
    if isinstance(v, sp.Basic):
        return "formule"
    return type(v).__name__ if v is not None else "None"


def _argument(d: dict[str, Any]) -> Any:
    """An argument of a sample call, from the instructor's tagged JSON."""
    t = d["t"]
    if t == "int":
        return int(d["v"])
    if t == "float":
        return float(d["v"])
    if t == "fraction":
        return Fraction(int(d["n"]), int(d["d"]))
    if t == "decimal":
        return Decimal(d["v"])
    if t == "array":
        return np.array(d["v"], dtype=float)
    if t in ("list", "tuple"):
        items = [_argument(v) for v in d["v"]]
        return items if t == "list" else tuple(items)
    if t == "func":  # a lambda written by the instructor (e.g. "lambda x: x**3 - 20")
        return eval(d["src"], {"__builtins__": {}, "math": math, "np": np})
    raise ValueError(f"argument {t!r}")


class _TropLong(Exception):
    pass


def _appeler(fonction: Any, args: list[Any], secondes: float) -> Any:
    def _stop(signum: int, frame: Any) -> None:
        raise _TropLong

    if threading.current_thread() is not threading.main_thread():
        return fonction(*args)
    ancien = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, secondes)
    try:
        return fonction(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, ancien)


def _montrer(args: list[Any]) -> str:
    def un(a: Any) -> str:
        if callable(a):
            return "f"
        if isinstance(a, np.ndarray):
            return f"<tableau {a.shape}>" if LANGUE == "fr" else f"<array {a.shape}>"
        text = repr(a)
        return text if len(text) <= 30 else text[:27] + "..."
    return "(" + ", ".join(un(a) for a in args) + ")"


def _controle_fonction(v: Any, attendu: dict[str, Any]) -> str | None:
    if not callable(v):
        return _t("forme", quoi=_forme(v, {"t": "fonction"}) or "")
    for appel in attendu.get("appels", []):
        args = [_argument(a) for a in appel["args"]]
        shown = _montrer(args)
        try:
            sortie = _appeler(v, args, 5.0)
        except _TropLong:
            return _t("appel_long", appel=shown, s=5)
        except Exception as exc:
            return _t("appel", appel=shown, err=f"{type(exc).__name__}: {exc}")
        probleme = _forme(sortie, appel["forme"])
        if probleme:
            return _t("forme", quoi=f"{shown} → {probleme}")
    return None


def _controle(q: dict[str, Any], espace: dict[str, Any]) -> tuple[bool, str]:
    """(prête ?, message) pour une question, d'après les variables du notebook."""
    var = q["variable"]
    if var not in espace:
        return False, _t("absente", var=var)
    v = espace[var]
    attendu = q["attendu"]
    if attendu["t"] == "formule":
        if not (isinstance(v, str | sp.Basic) or _est_nombre(v)):
            return False, _t("forme", quoi=_forme(v, {"t": "formule"}) or "")
        lisible, texte = _lecture(v, attendu.get("variables", ["x"]))
        if not lisible:
            return False, _t("illisible", err=texte)
        return True, _t("ok", lu=_t("lu", expr=texte))
    if attendu["t"] == "fonction":
        probleme = _controle_fonction(v, attendu)
    else:
        forme = _forme(v, attendu["forme"])
        probleme = _t("forme", quoi=forme) if forme else None
    return (False, probleme) if probleme else (True, _t("ok", lu=""))


def _plier(texte: str) -> str:
    """Wrap the prose at 80 columns (nbgrader's Validate cuts longer lines); a caret picture
    (the lines after the first of a parse error) keeps its columns."""
    premiere, _, reste = texte.partition("\n")
    lignes = textwrap.wrap(premiere, width=80, subsequent_indent="  ")
    return "\n".join(lignes + ([reste] if reste else []))


def verifier(question: str | None = None) -> None:
    """Avant l'envoi : pour chaque question (ou la seule demandée), la réponse existe-t-elle,
    se lit-elle, a-t-elle la forme demandée ? Ne dit jamais si elle est juste. Les problèmes
    s'affichent sur la sortie d'erreur (la validation de nbgrader les signale)."""
    cadre = inspect.currentframe()
    appelant = cadre.f_back if cadre is not None else None
    espace = dict(appelant.f_globals) if appelant is not None else {}
    choisies = [_question(question)] if question else list(CONTROLES["questions"])
    a_revoir = 0
    for q in choisies:
        pret, message = _controle(q, espace)
        ligne = f"{'✓' if pret else '✗'} {q['titre'][LANGUE]} ({q['variable']}) : {message}"
        print(_plier(ligne), file=sys.stdout if pret else sys.stderr)
        a_revoir += not pret
    if question is None:
        n = len(choisies)
        bilan = (_t("bilan_ok", n=n) if a_revoir == 0 else _t("bilan_ko", k=a_revoir, n=n))
        print(_plier(bilan), file=sys.stdout if a_revoir == 0 else sys.stderr)


def verifier_syntaxe(formule: Any, variables: tuple[str, ...] | list[str] = ("x",)) -> None:
    """Montre comment le correcteur lit une formule, ou pourquoi il ne la lit pas (avec un
    curseur sous le caractère fautif). Ne dit pas si elle est juste."""
    lisible, texte = _lecture(formule, list(variables))
    print(_t("syntaxe_ok", expr=texte) if lisible else texte,
          file=sys.stdout if lisible else sys.stderr)


# --- trained weights: train in class, load at grading ---------------------------------------

CORRECTION = os.environ.get("DEEPMATH_CORRECTION") == "1"
"""True in the grader's sandbox: training cells then load the submitted weights."""


class PoidsAbsents(RuntimeError):
    """À la correction, le fichier de poids manque ou ne se lit pas (l'entraînement n'est pas
    relancé)."""


def _aplatir(valeur: Any, chemin: str, sortie: dict[str, np.ndarray]) -> None:
    """Nested dicts/lists/tuples of arrays → npz keys under the root ``w``: ``w.layers.#0.W1``
    (``#k``: a list index; the root prefix keeps keys clear of ``savez``'s own arguments)."""
    if isinstance(valeur, dict):
        for cle, v in valeur.items():
            if not isinstance(cle, str) or not cle or "." in cle or cle.startswith("#"):
                raise TypeError(_t("poids_forme", quoi=f"clé {cle!r}"))
            _aplatir(v, f"{chemin}.{cle}", sortie)
    elif isinstance(valeur, (list, tuple)):
        for k, v in enumerate(valeur):
            _aplatir(v, f"{chemin}.#{k}", sortie)
    else:
        tableau = np.asarray(valeur)
        if tableau.dtype.kind not in "biuf":
            raise TypeError(_t("poids_forme", quoi=f"{chemin} : {tableau.dtype}"))
        sortie[chemin] = tableau


def _reconstruire(tableaux: dict[str, np.ndarray]) -> Any:
    """The inverse of :func:`_aplatir` (tuples come back as lists)."""
    racine: dict[str, Any] = {}
    for cle, tableau in tableaux.items():
        parties = cle.split(".")
        noeud = racine
        for partie in parties[:-1]:
            suivant = noeud.setdefault(partie, {})
            if not isinstance(suivant, dict):
                raise ValueError(f"clé {cle!r}")
            noeud = suivant
        noeud[parties[-1]] = tableau

    def listes(noeud: Any) -> Any:
        if not isinstance(noeud, dict):
            return noeud
        if noeud and all(k.startswith("#") and k[1:].isdigit() for k in noeud):
            return [listes(noeud[k]) for k in sorted(noeud, key=lambda k: int(k[1:]))]
        return {k: listes(v) for k, v in noeud.items()}

    if set(racine) != {"w"}:
        raise ValueError("racine « w » attendue")
    return listes(racine["w"])


def _chemin_poids(fichier: str) -> Path:
    if (not isinstance(fichier, str) or os.path.basename(fichier) != fichier
            or not fichier.endswith(".npz") or fichier.startswith(".")):
        raise ValueError(_t("nom_fichier", f=fichier))
    return DOSSIER / fichier


def _lire_poids(chemin: Path) -> Any:
    try:
        with np.load(chemin, allow_pickle=False) as donnees:
            tableaux = {cle: donnees[cle] for cle in donnees.files}
        return _reconstruire(tableaux)
    except FileNotFoundError:
        raise PoidsAbsents(_t("poids_absents", f=chemin.name)) from None
    except Exception as exc:  # noqa: BLE001 - any unreadable file says the same
        raise PoidsAbsents(_t("poids_illisibles", f=chemin.name, err=exc)) from None


def entrainer_ou_charger(fichier: str, entrainer: Any, modele: Any = None) -> Any:
    """Entraîne et enregistre les poids dans ``fichier`` (à côté du notebook) ; à la
    correction, recharge ce fichier au lieu de ré-entraîner.

    * sans ``modele`` : ``entrainer()`` renvoie les poids (tableaux numpy, éventuellement dans
      des dictionnaires, listes ou n-uplets) ; la fonction les renvoie (les n-uplets
      reviennent en listes) ;
    * avec un ``modele`` Keras : ``entrainer(modele)`` l'entraîne ; ses poids
      (``get_weights``) sont enregistrés, puis rechargés à la correction (``set_weights``) ;
      la fonction renvoie le modèle.

    Pendant le TP, chaque exécution ré-entraîne et réécrit le fichier. Soumettez-le avec le
    notebook : la correction ne relance jamais l'entraînement (sans fichier, elle lève
    :class:`PoidsAbsents`)."""
    chemin = _chemin_poids(fichier)
    if CORRECTION:
        liste = _lire_poids(chemin)
        if modele is None:
            return liste
        try:
            modele.set_weights(liste if isinstance(liste, list) else [liste])
        except Exception as exc:  # noqa: BLE001 - Keras says why (shapes, count)
            raise PoidsAbsents(_t("poids_modele", f=chemin.name, err=exc)) from None
        return modele
    if modele is None:
        resultat = entrainer()
        valeurs = resultat
    else:
        entrainer(modele)
        resultat, valeurs = modele, [np.asarray(w) for w in modele.get_weights()]
    tableaux: dict[str, np.ndarray] = {}
    _aplatir(valeurs, "w", tableaux)
    provisoire = chemin.with_name(f".{chemin.name}.tmp")
    with open(provisoire, "wb") as sortie:
        np.savez(sortie, **tableaux)  # type: ignore[arg-type]  # keys all start "w."
    os.replace(provisoire, chemin)
    print(_plier(_t("poids_ok", f=chemin.name, n=len(tableaux))))
    return resultat
