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
from pathlib import Path

import pytest

import garrison

ROOT = Path(garrison.__file__).parent
ENTRY = re.compile(r'((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', re.M)


def _untranslated(po: Path) -> list[str]:
    problems = []
    for comments, msgid, msgstr in ENTRY.findall(po.read_text(encoding="utf-8") + "\n"):
        ident = "".join(part[1:-1] for part in msgid.strip().splitlines())
        text = "".join(part[1:-1] for part in msgstr.strip().splitlines())
        if not ident:
            continue
        if not text or "fuzzy" in comments:
            problems.append(ident)
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
