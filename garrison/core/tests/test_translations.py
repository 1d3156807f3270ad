"""Every user-facing string is translated into Vietnamese.

The check re-extracts the strings from the source (Django's makemessages on a copy of the
tree), so a string added to a template or to code without a translation fails here — not only
a .po file left half-filled.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import pgettext

import garrison

ROOT = Path(garrison.__file__).parent
# Words that read the same in Vietnamese: codes, units, standards and product names. A msgstr
# identical to its English msgid is accepted only if, placeholders and these aside, no English
# word of three letters or more is left in it.
AS_IS = frozenset(
    {"GeoJSON", "JPEG", "PNG", "PDF", "CSV", "XLSX", "NFPA", "API", "QR", "OSM", "mm", "km"}
)
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{[^}]*\}")
WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass
class Entry:
    context: str | None
    msgid: str
    plural: str | None
    msgstrs: list[str]
    flags: set[str]

    def __str__(self) -> str:
        return f"{self.context}|{self.msgid}" if self.context else self.msgid


def entries(po: Path) -> list[Entry]:
    """The catalogue's live entries (obsolete ``#~`` ones left out), headers included."""
    found = []
    for block in re.split(r"\n\s*\n", po.read_text(encoding="utf-8")):
        flags: set[str] = set()
        parts: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                parts[key] += line[1:-1]
            elif " " in line:
                key, _, value = line.partition(" ")
                parts[key] = value.strip()[1:-1]
        if "msgid" in parts:
            found.append(
                Entry(
                    context=parts.get("msgctxt"),
                    msgid=parts["msgid"],
                    plural=parts.get("msgid_plural"),
                    msgstrs=[v for k, v in parts.items() if k.startswith("msgstr")],
                    flags=flags,
                )
            )
    return found


def left_in_english(entry: Entry) -> bool:
    english = {entry.msgid, entry.plural}
    if not any(text in english for text in entry.msgstrs):
        return False
    words = WORD.findall(PLACEHOLDER.sub(" ", entry.msgid))
    return any(word not in AS_IS for word in words)


def _untranslated(po: Path) -> list[str]:
    """Entries a Vietnamese reader would not get: empty, fuzzy, or left in English."""
    problems = []
    for entry in entries(po):
        if not entry.msgid:
            continue  # the header
        if (
            not entry.msgstrs
            or not all(entry.msgstrs)
            or "fuzzy" in entry.flags
            or left_in_english(entry)
        ):
            problems.append(str(entry))
    return problems


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_every_string_has_a_vietnamese_translation(tmp_path: Path) -> None:
    copy = tmp_path / "garrison"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.mo"))
    apps = sorted(p.parents[3] for p in copy.glob("*/locale/vi/LC_MESSAGES/django.po"))
    assert apps, "no Vietnamese catalogues found"
    jobs = [
        (app, domain)
        for app in apps
        for domain in ("django", "djangojs")
        if domain == "django" or (app / f"locale/vi/LC_MESSAGES/{domain}.po").exists()
    ]
    # One Django start-up for every app (each start costs seconds): a child process runs
    # makemessages in each app's folder in turn, as a developer would by hand.
    script = (
        "import os, sys, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "for line in sys.stdin.read().splitlines():\n"
        "    folder, domain = line.split('\\t')\n"
        "    os.chdir(folder)\n"
        "    call_command('makemessages', locale=['vi'], domain=domain, no_wrap=True,\n"
        "                 ignore_patterns=['tests/*', 'migrations/*', 'management/*'],\n"
        "                 verbosity=0)\n"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-c", script],
        input="\n".join(f"{app}\t{domain}" for app, domain in jobs),
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "garrison.settings"},
        check=True,
        capture_output=True,
    )
    missing: dict[str, list[str]] = {}
    for app, domain in jobs:
        gaps = _untranslated(app / f"locale/vi/LC_MESSAGES/{domain}.po")
        if gaps:
            missing[f"{app.name}/{domain}"] = gaps
    assert not missing, f"strings without a Vietnamese translation: {missing}"


def test_apps_with_user_facing_pages_have_a_catalogue() -> None:
    for templates in ROOT.glob("*/templates"):
        app = templates.parent
        assert (app / "locale/vi/LC_MESSAGES/django.po").exists(), (
            f"{app.name} has pages but no vi catalogue"
        )


def test_no_user_facing_strings_outside_the_apps() -> None:
    # makemessages runs per app; a string in garrison/*.py would be in no catalogue.
    for module in ROOT.glob("*.py"):
        if module.name == "settings.py":
            continue  # language names only, which Django's own catalogue translates
        assert "gettext" not in module.read_text(encoding="utf-8"), (
            f"{module.name} has translatable strings outside any app: move them into one"
        )


def _catalogue(tmp_path: Path, text: str) -> Path:
    po = tmp_path / "django.po"
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po.write_text(header + text, encoding="utf-8")
    return po


def test_the_check_finds_empty_fuzzy_and_english_entries(tmp_path: Path) -> None:
    po = _catalogue(
        tmp_path,
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgctxt "closure time"\nmsgid "Ends"\nmsgstr "Đã kết thúc"\n\n'
        'msgid "Road closures"\nmsgstr "Road closures"\n\n'
        'msgid "%(n)s closure"\nmsgid_plural "%(n)s closures"\nmsgstr[0] ""\n\n'
        'msgid "Published"\nmsgstr ""\n"Đã "\n"công bố"\n\n'
        'msgid "A6 (105 × 148 mm)"\nmsgstr "A6 (105 × 148 mm)"\n\n'
        'msgid "NFPA 1225 (2022): 90 %."\nmsgstr "NFPA 1225 (2022): 90 %."\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
    )
    assert _untranslated(po) == ["Empty", "closure time|Ends", "Road closures", "%(n)s closure"]


# One English word, several meanings: each sense has its own Vietnamese through its message
# context. Checked on the running catalogue, where every app's translations are merged and a
# word without context in one app would win over the others.
SENSES = [
    ("desk", "Operations", "Điều hành"),
    ("closure time", "Closed", "Thời gian cấm đường"),
    ("incident status", "Closed", "Đã kết thúc"),
    ("closure origin", "Source", "Nguồn"),
    ("meeting", "Minutes", "Biên bản"),
    ("status change", "From", "Trạng thái trước"),
    ("status change", "To", "Trạng thái sau"),
    ("time", "From", "Từ"),
    ("movement start", "From", "Từ"),
    ("movement end", "To", "Đến"),
    ("trip start", "From", "Từ"),
    ("trip end", "To", "Đến"),
    ("task status", "Open", "Đã giao"),
    ("task status", "Draft", "Dự thảo"),
    ("notice status", "Draft", "Bản nháp"),
    ("inspection", "Failed", "Không đạt"),
    ("map", "Position", "Tọa độ"),
    ("tip status", "Check", "Tra cứu"),
    ("page", "Print", "In"),
]


@pytest.mark.parametrize(("context", "english", "vietnamese"), SENSES)
def test_each_sense_of_a_word_has_its_own_vietnamese(
    context: str, english: str, vietnamese: str
) -> None:
    with translation.override("vi"):
        assert pgettext(context, english) == vietnamese
