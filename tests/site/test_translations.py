"""The Chinese interface: every interface string is translated, and the compiled catalogue is current."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PO_FILE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# The public pages (talk, theme, speaker, search and the rest) and the includes they share.
PUBLIC_TEMPLATES = sorted(
    [
        ROOT / "templates" / "base.html",
        ROOT / "templates" / "404.html",
        *(ROOT / "templates" / "notes").rglob("*.html"),
    ]
)
_CALL = re.compile(
    r"\b(gettext|ngettext|pgettext|npgettext)\((u'(?:[^'\\]|\\.)*'(?:, u'(?:[^'\\]|\\.)*')*)"
)


def _po_entries(text: str) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """(context, msgid) -> (msgstrs, fuzzy) for each live entry of a .po file."""
    entries = {}
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.splitlines() if not line.startswith("#~")]
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if "msgid" not in fields or not fields["msgid"]:
            continue  # the header
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        strings = [value for key, value in fields.items() if key.startswith("msgstr")]
        entries[(fields.get("msgctxt", ""), fields["msgid"])] = (strings, fuzzy)
    return entries


def _template_msgids(path: Path) -> set[tuple[str, str, str]]:
    """(context, msgid, msgid_plural) of every translatable string in a template."""
    found = set()
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for function, arguments in _CALL.findall(code):
        values = ast.literal_eval(f"({arguments},)")
        context = values[0] if function.startswith(("pgettext", "npgettext")) else ""
        strings = values[1:] if context else values
        found.add((context, strings[0], strings[1] if function.startswith("n") else ""))
    return found


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    assert len(entries) > 100
    untranslated = [msgid for (_, msgid), (strings, _) in entries.items() if not all(strings)]
    fuzzy = [msgid for (_, msgid), (_, is_fuzzy) in entries.items() if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("template", PUBLIC_TEMPLATES, ids=lambda path: path.name)
def test_every_string_of_the_public_templates_is_in_the_catalogue(template):
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    missing = [
        msgid for context, msgid, _ in _template_msgids(template) if (context, msgid) not in entries
    ]
    assert missing == [], "run makemessages -l zh_Hans and translate"


def test_the_compiled_catalogue_matches_the_po_file():
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    strings = set().union(*(_template_msgids(path) for path in PUBLIC_TEMPLATES))
    assert len(strings) > 50
    stale = []
    with translation.override("zh-hans"):
        for context, msgid, plural in sorted(strings):
            expected = entries[(context, msgid)][0][0]
            if plural:
                shown = (
                    translation.npgettext(context, msgid, plural, 1)
                    if context
                    else (translation.ngettext(msgid, plural, 1))
                )
            else:
                shown = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
            if shown != expected:
                stale.append(msgid)
    assert stale == [], "run msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo …/django.po"
