"""The Russian catalogue: complete, three plural forms, and the committed .mo matches the .po."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.formats import date_format

PO = Path(__file__).resolve().parent.parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO))


def test_every_entry_is_translated_and_none_is_fuzzy(po):
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert "fuzzy" not in po.metadata_as_entry().flags


def test_plural_header_has_three_forms(po):
    assert po.metadata["Plural-Forms"] == RUSSIAN_PLURALS


def test_every_plural_entry_fills_all_three_forms(po):
    for entry in po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2], entry.msgid
            assert all(entry.msgstr_plural[i].strip() for i in range(3)), entry.msgid


def test_placeholders_survive_translation(po):
    import re

    for entry in po.translated_entries():
        source = set(re.findall(r"%\(\w+\)[sd]", entry.msgid + (entry.msgid_plural or "")))
        targets = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for target in targets:
            assert set(re.findall(r"%\(\w+\)[sd]", target)) <= source, entry.msgid


def test_committed_mo_matches_the_po(po):
    committed = polib.mofile(str(PO.with_suffix(".mo")))
    expected = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in po.translated_entries()}
    actual = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in committed if e.msgid}
    assert actual == expected


@pytest.mark.parametrize(
    ("n", "word"), [(1, "вопрос"), (2, "вопроса"), (5, "вопросов"), (11, "вопросов"), (21, "вопрос"), (22, "вопроса")]
)
def test_russian_plural_forms_in_use(n, word):
    with translation.override("ru"):
        assert (
            translation.ngettext("%(counter)s question", "%(counter)s questions", n) % {"counter": n} == f"{n} {word}"
        )


def test_russian_dates_use_the_genitive_month():
    import datetime

    with translation.override("ru"):
        assert date_format(datetime.date(1975, 7, 17), "DATE_FORMAT") == "17 июля 1975 г."
    with translation.override("en"):
        assert date_format(datetime.date(1975, 7, 17), "DATE_FORMAT") == "17 July 1975"


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed (apt-get install gettext)")
def test_make_messages_leaves_a_fresh_clone_unchanged(tmp_path):
    """`make messages` on a clean checkout must not rewrap or reorder the committed catalogue, and
    every string the code marks for translation must already be in it."""
    root = PO.parents[3]
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (root / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    written = (tmp_path / PO.relative_to(root)).read_text(encoding="utf-8")
    assert written == PO.read_text(encoding="utf-8"), "run `make messages` and commit the catalogue"
