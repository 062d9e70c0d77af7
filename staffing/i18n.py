"""Messages that the app can show in the planner's language.

The library speaks English (the CLI, logs and exceptions stay English). A message built with
:func:`msg` is still the English ``str`` everywhere, but it remembers its template and values,
so :func:`translate` can fill the same values into the template of another language from its
catalog (``staffing.locale``). A template without a translation, or a plain ``str``, shows in
English: nothing is ever lost, only left untranslated.

>>> m = msg("interval starts are not on one {minutes}-minute grid", minutes=15)
>>> m, translate(m, "en")
('interval starts are not on one 15-minute grid', 'interval starts are not on one 15-minute grid')
>>> translate(m, "zh")
'时段开始时间不在同一个 15 分钟的网格上'
>>> translate("plain text", "zh")
'plain text'
"""

from __future__ import annotations

from typing import Any

from staffing.locale import CATALOGS


class Message(str):
    """English text with the template and values it was made from (see :func:`msg`)."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Message:
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template = template
        text.values = values
        return text


def msg(template: str, /, **values: Any) -> Message:
    """A message from a ``str.format`` template with named ``{placeholders}``.

    The template must be a literal string (the catalogs are keyed by it, and a test checks
    that each has a translation): put every varying part in ``values``. A value that is itself
    a :class:`Message` is translated with it.
    """
    return Message(template, **values)


def translate(text: str, language: str) -> str:
    """``text`` in ``language`` (``en`` or a key of ``staffing.locale.CATALOGS``)."""
    if not isinstance(text, Message):
        return str(text)
    template = CATALOGS.get(language, {}).get(text.template)
    if template is None:
        return str(text)
    values = {
        k: translate(v, language) if isinstance(v, str) else v for k, v in text.values.items()
    }
    return template.format(**values)
