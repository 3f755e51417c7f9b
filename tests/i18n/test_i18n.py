"""Does the kit speak Brazilian Portuguese, everywhere a student reads, and English by default?

Every message, title, hint and paragraph of instructions must have a pt_BR
translation that keeps its {fields}; the catalogs must be what Babel makes of
the kit's English; and a real grading must come out in the language asked for,
the verdicts worded in the grading's own child process included.
"""

from __future__ import annotations

import gettext
import json
import os
import re
import string
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from graders import catalogue, i18n
from graders.i18n import extract as i18n_extract
from graders.i18n import messages
from tests.kit import ROOT

PO = i18n.LOCALE_DIR / "pt_BR" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
MO = PO.with_suffix(".mo")
POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
STUB = "threads/t01_start_join"
FIX = "run `make translations` and translate what it marks new or fuzzy in " + str(
    PO.relative_to(ROOT)
)


def _catalog(path: Path):
    with open(path, "rb") as source:
        return read_po(source)


@pytest.fixture(scope="module")
def portuguese() -> dict[tuple[str, str], str]:
    """(context, English) -> Portuguese, for every entry that is translated and not fuzzy."""
    return {(m.context, m.id): m.string for m in _catalog(PO) if m.id and m.string and not m.fuzzy}


def _fields(template: str) -> Counter:
    return Counter(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


def _braces(text: str) -> Counter:
    return Counter(re.findall(r"\{[^{}]*\}", text))


def _english_entries() -> list[tuple[str, str]]:
    """What `make translations` extracts from the kit, by the same extraction methods."""
    entries = []
    sources = [(i18n_extract.extract_messages, path) for path in i18n_extract.message_tables(ROOT)]
    sources.append((i18n_extract.extract_catalogue, ROOT / "graders" / "catalogue.py"))
    sources += [(i18n_extract.extract_instructions, e.stub) for e in catalogue.EXERCISES]
    for method, path in sources:
        with open(path, "rb") as source:
            entries += [found[2] for found in method(source, [], [], {})]
    return entries


# -- every sentence is translated, fields intact --


EVERY_MESSAGE = i18n_extract.every_message(ROOT)


@pytest.mark.parametrize("key", sorted(EVERY_MESSAGE))
def test_every_message_has_a_portuguese_template_with_the_same_fields(key, portuguese):
    english = EVERY_MESSAGE[key]
    translated = portuguese.get((key, english))
    assert translated, f"{key} has no pt_BR translation of its current English: {FIX}"
    assert translated.strip()
    assert _fields(translated) == _fields(english), key
    # Every field filled in, the template formats (a {field} typo would raise here).
    translated.format(**{name.split(".")[0].split("[")[0]: 1 for name, _, _ in _fields(english)})


GLOSS = re.compile(r"(?<= )\(([^\W\d_][^()\d_`=.,:;]{3,60})\)")


def _says_already(gloss: str, before: str) -> bool:
    return re.search(rf"\b{re.escape(gloss.strip())}\b", before, re.IGNORECASE) is not None


def test_no_translation_repeats_a_gloss_of_what_it_just_said(portuguese):
    """The English glosses its terms in Portuguese, "(o banco inseguro)"; in Portuguese the
    gloss would say the same thing twice: "Torne seguro o banco inseguro (o banco inseguro)"."""
    doubled = [
        f"{context}: ...{text[max(0, found.start() - 50) : found.end()]}"
        for (context, _), text in portuguese.items()
        for found in GLOSS.finditer(text)
        if _says_already(found.group(1), text[max(0, found.start() - 80) : found.start()])
    ]
    assert doubled == []


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_every_title_and_hint_is_translated(exercise, portuguese):
    pairs = [(f"{exercise.id}:title", exercise.title)]
    pairs += [
        (f"{exercise.id}:hint{level}", hint) for level, hint in enumerate(exercise.hints, start=1)
    ]
    for context, english in pairs:
        translated = portuguese.get((context, english))
        assert translated and translated.strip(), f"{context} is not translated: {FIX}"
        assert _braces(translated) == _braces(english), context
    assert i18n.title(exercise, "pt_BR") != exercise.title
    assert i18n.hints(exercise, "pt_BR") != exercise.hints


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_every_paragraph_of_the_instructions_is_translated(exercise, portuguese):
    context = f"{exercise.id}:instructions"
    english = i18n.paragraphs(i18n.docstring(exercise.stub.read_text(encoding="utf-8")))
    assert english
    for paragraph in english:
        translated = portuguese.get((context, paragraph))
        assert translated and translated.strip(), (
            f"{context}: no translation of {paragraph[:60]!r}...: {FIX}"
        )
        # Code stays code: as many `spans`, the same {braces} and the grading command.
        assert translated.count("`") == paragraph.count("`"), (context, paragraph[:60])
        assert _braces(translated) == _braces(paragraph), (context, paragraph[:60])
        assert ("make grade EX=" in translated) == ("make grade EX=" in paragraph)
    shown = i18n.instructions(exercise, "pt_BR")
    assert len(i18n.paragraphs(shown)) == len(english)
    assert f"make grade EX={exercise.id}" in shown


# -- the catalogs are Babel's, and what the kit reads is what translators wrote --


def test_the_catalogs_parse_and_hold_exactly_the_kits_english():
    wanted = set(_english_entries())
    po, pot = _catalog(PO), _catalog(POT)
    assert {(m.context, m.id) for m in pot if m.id} == wanted, (
        f"graders/i18n/locale/kit.pot is out of date: {FIX}"
    )
    assert {(m.context, m.id) for m in po if m.id} == wanted, f"the .po is out of date: {FIX}"
    assert not [m.context for m in po if m.id and m.fuzzy], f"fuzzy entries left: {FIX}"
    assert not po.obsolete
    problems = [(m.context, errors) for m, errors in po.check()]
    assert not problems, problems
    assert po.locale_identifier == "pt_BR"


def test_the_committed_mo_is_the_compiled_po(portuguese):
    with open(MO, "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    compiled_entries = {key: value for key, value in catalog.items() if key}  # "" is the header
    expected = {
        f"{context}\x04{english}": translated
        for (context, english), translated in portuguese.items()
    }
    assert compiled_entries == expected, f"kit.mo is stale: {FIX}"


# -- choosing the language --


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("pt_BR", "pt_BR"),
        ("pt_BR.UTF-8", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("PT_br.utf8", "pt_BR"),
        ("pt_PT.UTF-8", "pt_BR"),
        ("en", "en"),
        ("en_US.UTF-8", "en"),
        ("C", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("fr_FR.UTF-8", None),
        ("", None),
    ],
)
def test_language_names_and_locales_are_understood(name, language):
    assert i18n.normalise(name) == language


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "en"),
        ({"LANG": "pt_BR.UTF-8"}, "pt_BR"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "pt_BR.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "pt_BR.UTF-8"}, "pt_BR"),
        ({"LANG": "C", "LANGUAGE": "fr:pt_BR:en"}, "pt_BR"),
        ({"LANG": "pt_BR.UTF-8", "KIT_LANG": "en"}, "en"),
    ],
)
def test_the_environment_chooses_like_gettext_with_kit_lang_first(environment, language):
    assert i18n.from_environment(environment) == language


def test_a_broken_translation_falls_back_to_english_instead_of_hiding_the_verdict(monkeypatch):
    monkeypatch.setattr(i18n, "translate", lambda context, english, lang=None: "{nope}")
    assert messages.say("cli.seed", seed=7) == "seed 7"


def test_a_paragraph_a_student_edited_stays_as_written(tmp_path):
    stub = catalogue.get(STUB).stub.read_text(encoding="utf-8")
    edited = tmp_path / "t01_start_join.py"
    edited.write_text(stub.replace("Two things to know:", "Two things I noted:"), encoding="utf-8")
    shown = i18n.instructions(STUB, "pt_BR", source=edited)
    assert "Two things I noted:" in shown
    assert "Avalie com:  make grade EX=threads/t01_start_join" in shown
    assert i18n.instructions(STUB, "en") == i18n.docstring(stub)


def test_hint_levels_start_at_1():
    assert i18n.hint(STUB, 1, "pt_BR").startswith("Dois laços")
    with pytest.raises(IndexError):
        i18n.hint(STUB, 4, "pt_BR")


# -- a real grading, in the language asked for --


def _grade(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in (i18n.VARIABLE, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    return subprocess.run(
        [sys.executable, "-m", "graders", "grade", "--exercise", STUB, "--runs", "1", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "NO_COLOR": "1", **environment},
    )


# Sentences of the stub's grading: the verdict, worded in the grading's child process, and
# the table's own words around it.
PORTUGUESE = (
    "falhou",
    "ainda não implementado",
    "causa provável: não implementado",
    "dica: A posição i da lista que run_all retorna",  # the hint for the test that failed
    "repetir: make grade EX=threads/t01_start_join",
)
ENGLISH = (
    "failed",
    "not implemented yet",
    "likely cause: not implemented",
    "hint: Position i of the list run_all returns",
    "replay: make grade EX=threads/t01_start_join",
)


def _assert_portuguese(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 1, done.stderr
    text = " ".join(done.stdout.split())  # the table wraps long lines
    for words in PORTUGUESE:
        assert words in text, (words, done.stdout)
    for words in ENGLISH:
        assert words not in text, (words, done.stdout)


def test_lang_pt_br_grades_in_portuguese_and_keeps_the_json_machine_readable(tmp_path):
    done = _grade("--lang", "pt_BR", "--json", str(tmp_path / "r.json"), LANG="C")
    _assert_portuguese(done)
    (graded,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["exercises"]
    assert graded["status"] == "failed"
    assert {test["kind"] for test in graded["tests"]} == {"not implemented"}
    assert all("ainda não implementado" in test["message"] for test in graded["tests"])


def test_lang_in_the_environment_grades_in_portuguese():
    _assert_portuguese(_grade(LANG="pt_BR.UTF-8"))


def test_english_is_the_default():
    done = _grade(LANG="C")
    assert done.returncode == 1, done.stderr
    text = " ".join(done.stdout.split())
    for words in ENGLISH:
        assert words in text, (words, done.stdout)
    assert "ainda" not in text


def test_an_unknown_lang_is_a_one_line_usage_error():
    done = _grade("--lang", "fr")
    assert done.returncode == 2
    assert "unknown language 'fr'; the kit speaks en, pt_BR" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
