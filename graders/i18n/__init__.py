"""Which language the kit speaks to students, and its words in that language.

English is the source text and stays where it is written: graders/i18n/messages.py
(every sentence), graders/catalogue.py (titles and hints) and each stub's
docstring (the instructions). Translations live in gettext catalogs,
graders/i18n/locale/<lang>/LC_MESSAGES/kit.po, made and merged with Babel
(`make translations`). Each entry's msgctxt says what it is (a message key,
`threads/t05_bank:hint2`, `threads/t05_bank:instructions`) and its msgid is
the English, so a translator sees the source text and an English edit turns
its translation fuzzy instead of silently stale.

The kit reads the compiled kit.mo with the standard library's gettext, so
students need no extra package and a grading pays about a millisecond for it;
tests/i18n/test_i18n.py proves the committed .mo says what the .po says.

The language: `--lang` (which sets KIT_LANG for the grading processes), else
KIT_LANG, else the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set
(gettext's order). pt_BR, pt_BR.UTF-8, pt-BR and pt mean Brazilian
Portuguese; anything else, C and POSIX included, means English.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path

from graders import catalogue

DOMAIN = "kit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
LANGUAGES = (ENGLISH, "pt_BR")
# How the chosen language reaches the grading processes (started with `python -I`
# and, in a batch sandbox, with only a few variables of the caller's environment).
VARIABLE = "KIT_LANG"
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None


class UnknownLanguage(ValueError):
    pass


def normalise(name: str) -> str | None:
    """The kit's name for a language or locale name, or None when the kit does not speak it.

    >>> normalise("pt_BR.UTF-8"), normalise("pt"), normalise("C.UTF-8"), normalise("fr_FR")
    ('pt_BR', 'pt_BR', 'en', None)
    """
    base = name.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if base in ("c", "posix", "en") or base.startswith("en_"):
        return ENGLISH
    if base == "pt" or base.startswith("pt_"):  # Brazilian Portuguese is the closest we have
        return "pt_BR"
    return None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by KIT_LANG or the locale variables; English by default."""
    environ = os.environ if environ is None else environ
    for variable in (VARIABLE, *_ENVIRONMENT):
        value = environ.get(variable, "")
        if value:
            # LANGUAGE is a list ("pt_BR:pt:en"): its first language the kit speaks wins.
            for name in value.split(":"):
                known = normalise(name) if name else None
                if known:
                    return known
            return ENGLISH
    return ENGLISH


def choose(name: str) -> str:
    """Speak `name` from now on (`--lang`), here and in every process started from here.

    The runner also passes it to each grading explicitly: its child's environment
    may be filtered (the batch sandbox).
    """
    global _chosen
    known = normalise(name)
    if known is None:
        raise UnknownLanguage(name)
    _chosen = known
    os.environ[VARIABLE] = known
    return known


def current() -> str:
    if _chosen is None:
        return from_environment()
    return _chosen


@functools.cache
def _translations(lang: str):
    import gettext  # here, not at the top: English, the default, needs none of it

    if lang == ENGLISH:
        return gettext.NullTranslations()
    # fallback: a catalog missing from a copy of the kit means English, never a crash.
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def translate(context: str, english: str, lang: str | None = None) -> str:
    """`english` in `lang` (default: the current language); English when untranslated."""
    return _translations(lang or current()).pgettext(context, english)


def _exercise(exercise: catalogue.Exercise | str) -> catalogue.Exercise:
    return catalogue.get(exercise) if isinstance(exercise, str) else exercise


def title(exercise: catalogue.Exercise | str, lang: str | None = None) -> str:
    exercise = _exercise(exercise)
    return translate(f"{exercise.id}:title", exercise.title, lang)


def hints(exercise: catalogue.Exercise | str, lang: str | None = None) -> tuple[str, ...]:
    exercise = _exercise(exercise)
    return tuple(
        translate(f"{exercise.id}:hint{level}", text, lang)
        for level, text in enumerate(exercise.hints, start=1)
    )


def hint(exercise: catalogue.Exercise | str, level: int, lang: str | None = None) -> str:
    """Hint `level` (1 is the nudge) of `exercise`; IndexError past its last level."""
    exercise = _exercise(exercise)
    if not 1 <= level <= len(exercise.hints):
        raise IndexError(f"{exercise.id} has hints 1 to {len(exercise.hints)}, not {level}")
    return translate(f"{exercise.id}:hint{level}", exercise.hints[level - 1], lang)


def instructions(
    exercise: catalogue.Exercise | str, lang: str | None = None, source: Path | None = None
) -> str:
    """The exercise's instructions: the docstring of `source` (default: the kit's stub).

    Translated paragraph by paragraph, so a paragraph a student edited in their copy
    stays as they wrote it and the rest is still translated. "" when there is none.
    """
    exercise = _exercise(exercise)
    try:
        text = docstring((source or exercise.stub).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ""
    lang = lang or current()
    if lang == ENGLISH:
        return text
    context = f"{exercise.id}:instructions"
    return "\n\n".join(translate(context, part, lang) for part in paragraphs(text))


def docstring(source: str) -> str:
    """A module's docstring, cleaned as help() shows it; "" when it has none."""
    import ast

    return ast.get_docstring(ast.parse(source)) or ""


def paragraphs(text: str) -> list[str]:
    """The blank-line-separated paragraphs of `text`: one catalog entry each."""
    return [part.strip("\n") for part in text.split("\n\n") if part.strip()]
