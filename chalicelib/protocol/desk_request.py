"""The bodies of the supervisors' desk routes (notices, opening hours): strict pydantic models, then the domain's
rules (links `https:` or of this site, both languages of a shown notice, a day that opens before it closes), and
every error as a French message per field, never quoting the submitted value."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import ErrorDetails

from chalicelib.domain.desk_settings import (
    LABEL_MAX,
    LINKS_MAX,
    TEXT_MAX,
    DeskNotices,
    Notice,
    NoticeLink,
    is_safe_link,
)
from chalicelib.domain.opening_hours import WEEKDAYS, DayHours, OpeningHours, parse_clock
from chalicelib.errors import InvalidFieldsError
from chalicelib.protocol.untrusted_json import json_object_body

__all__ = ["MAX_BODY_BYTES", "parse_hours", "parse_notices"]

# Two notices of 500 characters in two languages and ten links, escaped: 32 KiB is plenty.
MAX_BODY_BYTES = 32 * 1024

_Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)]
_Label = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=LABEL_MAX)]
_Url = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Link(_Strict):
    url: _Url
    label_fr: _Label
    label_en: _Label


class _Notice(_Strict):
    enabled: StrictBool
    text_fr: _Text = ""
    text_en: _Text = ""
    links: Annotated[list[_Link], Field(max_length=LINKS_MAX)] = []


class _Notices(_Strict):
    pinned: _Notice
    surge: _Notice


class _Day(_Strict):
    opens: StrictStr
    closes: StrictStr


class _Hours(_Strict):
    hours: dict[str, _Day | None]


_NOTICES = TypeAdapter(_Notices)
_HOURS = TypeAdapter(_Hours)

_BY_TYPE: dict[str, str] = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'est pas attendu.",
    "string_type": "Ce champ doit être un texte.",
    "bool_type": "Ce champ vaut true ou false.",
    "list_type": "Ce champ doit être une liste.",
    "dict_type": "Ce champ doit être un objet.",
    "model_type": "Ce champ doit être un objet.",
    "string_too_short": "Ce champ ne peut pas être vide.",
}


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"{int(ctx['max_length'])} caractères au maximum."
    if kind == "too_long":
        return f"{int(ctx['max_length'])} liens au maximum."
    return _BY_TYPE.get(kind, "Cette valeur n'est pas valide.")


def _field_errors(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        path = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(path, _message(error))
    return fields


def _notice(name: str, notice: _Notice, fields: dict[str, str]) -> Notice:
    if notice.enabled:
        for lang in ("fr", "en"):
            if not getattr(notice, f"text_{lang}"):
                fields[f"{name}.text_{lang}"] = (
                    "Écrivez le texte en français." if lang == "fr" else "Écrivez le texte en anglais."
                )
    for index, link in enumerate(notice.links):
        if not is_safe_link(link.url):
            fields[f"{name}.links.{index}.url"] = (
                "Un lien commence par https:// ou par / (une page de ce site), sans espace."
            )
    links = tuple(NoticeLink(link.url, link.label_fr, link.label_en) for link in notice.links)
    return Notice(notice.enabled, notice.text_fr, notice.text_en, links)


def parse_notices(body: bytes | str | None) -> DeskNotices:
    """The notices of `PUT /supervisor/desk-notices`, or InvalidRequestError / InvalidFieldsError."""
    payload: dict[str, Any] = json_object_body(body, MAX_BODY_BYTES)
    try:
        parsed = _NOTICES.validate_python(payload, strict=True)
    except ValidationError as exc:
        raise InvalidFieldsError(_field_errors(exc)) from None
    fields: dict[str, str] = {}
    notices = DeskNotices(_notice("pinned", parsed.pinned, fields), _notice("surge", parsed.surge, fields))
    if fields:
        raise InvalidFieldsError(fields)
    return notices


def parse_hours(body: bytes | str | None) -> OpeningHours:
    """The hours of `PUT /supervisor/opening-hours` (`{"hours": {"mon": {"opens", "closes"} | null, …}}`, every
    day named), or InvalidRequestError / InvalidFieldsError."""
    payload: dict[str, Any] = json_object_body(body, MAX_BODY_BYTES)
    try:
        parsed = _HOURS.validate_python(payload, strict=True)
    except ValidationError as exc:
        raise InvalidFieldsError(_field_errors(exc)) from None
    fields: dict[str, str] = {}
    for name in parsed.hours:
        if name not in WEEKDAYS:
            fields[f"hours.{name}"] = "Les jours sont mon, tue, wed, thu, fri, sat et sun."
    days: list[DayHours | None] = []
    for name in WEEKDAYS:
        if name not in parsed.hours:
            fields[f"hours.{name}"] = "Donnez les horaires de ce jour, ou null s'il est fermé."
            days.append(None)
            continue
        day = parsed.hours[name]
        if day is None:
            days.append(None)
            continue
        try:
            opens = parse_clock(day.opens)
        except ValueError:
            fields[f"hours.{name}.opens"] = "Une heure s'écrit HH:MM, de 00:00 à 23:59."
            opens = None
        try:
            closes = parse_clock(day.closes)
        except ValueError:
            fields[f"hours.{name}.closes"] = "Une heure s'écrit HH:MM, de 00:01 à 24:00."
            closes = None
        if opens is not None and closes is not None:
            if opens >= closes or opens == 24 * 60:
                fields[f"hours.{name}.closes"] = "La fermeture vient après l'ouverture (24:00 pour minuit)."
            else:
                days.append(DayHours(opens, closes))
                continue
        days.append(None)
    if fields:
        raise InvalidFieldsError(fields)
    return OpeningHours(tuple(days))
