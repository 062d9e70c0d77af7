"""The library's messages translate: every template has a translation with its placeholders."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

import pytest

from staffing.i18n import Message, msg, translate
from staffing.locale import CATALOGS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    p
    for folder in ("staffing", "forecast")
    for p in (ROOT / folder).rglob("*.py")
    if "locale" not in p.parts
)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def templates() -> dict[str, str]:
    """Every template passed to ``msg`` in the library, with where it is."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg":
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: msg() takes a literal template (put what varies in its values)"
                )
                found.setdefault(first.value, where)
    return found


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_template_has_a_translation_with_the_same_placeholders(language: str) -> None:
    catalog = CATALOGS[language]
    used = templates()
    missing = [f"{where}: {t!r}" for t, where in used.items() if t not in catalog]
    assert not missing, f"no {language} translation for:\n" + "\n".join(missing)
    differ = [t for t in used if placeholders(catalog[t]) != placeholders(t)]
    assert not differ, f"{language} placeholders differ for: {differ}"
    unused = sorted(set(catalog) - set(used))
    assert not unused, f"{language} translations of templates no longer used: {unused}"


def test_a_message_is_its_english_text_and_survives_pickling() -> None:
    message = msg("{n:,} rows", n=1234)
    assert message == "1,234 rows" and isinstance(message, str)
    copy = pickle.loads(pickle.dumps(message))  # the app's caches pickle results
    assert isinstance(copy, Message) and copy.template == "{n:,} rows"
    assert copy.values == {"n": 1234}


def test_untranslated_text_stays_english() -> None:
    assert translate(msg("no such template {x}", x=1), "zh") == "no such template 1"
    assert translate("plain", "zh") == "plain"
    assert translate(msg("{n:,} rows", n=1234), "en") == "1,234 rows"


def test_a_template_is_translated_in_one_catalog_only() -> None:
    from staffing.locale import zh_data, zh_plan, zh_roster

    parts = [zh_data.ZH_DATA, zh_plan.ZH_PLAN, zh_roster.ZH_ROSTER]
    twice = {t for i, a in enumerate(parts) for b in parts[i + 1 :] for t in set(a) & set(b)}
    assert not twice, f"translated in two catalogs (keep one): {sorted(twice)}"
