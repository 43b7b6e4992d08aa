"""The bodies of the canned-answer routes: strict pydantic models, and their errors as French messages per field."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StrictStr, StringConstraints, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from chalicelib.domain.canned_answer import QUERY_MAX, SHORTCUT_PATTERN, TEXT_MAX, TITLE_MAX, CannedAnswerDraft, Scope
from chalicelib.errors import InvalidFieldsError
from chalicelib.protocol.untrusted_json import is_unicode_text, json_object_body

__all__ = ["MAX_BODY_BYTES", "parse_answer_update", "parse_new_answer", "parse_query"]

# A 4,000-character text in French and in English, escaped: 32 KiB is plenty.
MAX_BODY_BYTES = 32 * 1024

_Title = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
_Shortcut = Annotated[StrictStr, StringConstraints(strip_whitespace=True, pattern=SHORTCUT_PATTERN.pattern)]
_Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    title: _Title
    shortcut: _Shortcut
    text: _Text
    text_en: _Text | None = None


class _NewAnswer(_Answer):
    scope: Literal["personal", "shared"] = "personal"


_NEW = TypeAdapter(_NewAnswer)
_UPDATE = TypeAdapter(_Answer)

_BY_FIELD: dict[tuple[str, str], str] = {
    ("title", "missing"): "Donnez un titre à la réponse.",
    ("title", "string_too_short"): "Donnez un titre à la réponse.",
    ("shortcut", "missing"): "Choisissez un raccourci, par exemple couvre-feu.",
    ("shortcut", "string_pattern_mismatch"): (
        "Le raccourci compte 1 à 32 caractères : lettres minuscules sans accent, chiffres et tirets (couvre-feu)."
    ),
    ("text", "missing"): "Écrivez le texte de la réponse.",
    ("text", "string_too_short"): "Écrivez le texte de la réponse.",
    ("text_en", "string_too_short"): "Écrivez le texte anglais, ou laissez ce champ vide.",
    ("scope", "literal_error"): "La portée est personal (la vôtre) ou shared (partagée, gérée par les superviseurs).",
}
_BY_TYPE: dict[str, str] = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'est pas attendu.",
    "string_type": "Ce champ doit être un texte.",
    "literal_error": "Choisissez une des options proposées.",
}


def _message(path: str, error: ErrorDetails) -> str:
    """The French message for one error; never the submitted value."""
    kind = error["type"]
    specific = _BY_FIELD.get((path, kind))
    if specific:
        return specific
    if kind == "string_too_long":
        return f"{int((error.get('ctx') or {})['max_length']):,} caractères au maximum.".replace(",", "\u202f")
    return _BY_TYPE.get(kind, "Cette valeur n'est pas valide.")


def _field_errors(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        path = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(path, _message(path, error))
    return fields


def _payload(body: bytes | str | None) -> dict[str, Any]:
    """The body's JSON object; size, encoding, nesting and lone surrogates checked first."""
    return json_object_body(body, MAX_BODY_BYTES)


def _draft(answer: _Answer) -> CannedAnswerDraft:
    return CannedAnswerDraft(title=answer.title, shortcut=answer.shortcut, text=answer.text, text_en=answer.text_en)


def parse_new_answer(body: bytes | str | None) -> tuple[Scope, CannedAnswerDraft]:
    """The scope and draft of `POST /agent/canned-answers`, or InvalidRequestError / InvalidFieldsError."""
    try:
        answer = _NEW.validate_python(_payload(body), strict=True)
    except ValidationError as exc:
        raise InvalidFieldsError(_field_errors(exc)) from None
    return Scope(answer.scope), _draft(answer)


def parse_answer_update(body: bytes | str | None) -> CannedAnswerDraft:
    """The draft of `PUT /agent/canned-answers/{id}` (the scope of an answer never changes)."""
    try:
        answer = _UPDATE.validate_python(_payload(body), strict=True)
    except ValidationError as exc:
        raise InvalidFieldsError(_field_errors(exc)) from None
    return _draft(answer)


def parse_query(params: Mapping[str, str] | None) -> str | None:
    """The `q` search words, if any; InvalidFieldsError when too long or not text."""
    query = (params or {}).get("q")
    if query is None:
        return None
    if len(query) > QUERY_MAX or not is_unicode_text(query):
        raise InvalidFieldsError({"q": f"La recherche compte {QUERY_MAX} caractères au maximum."})
    return query
