"""The body of `POST /reports`: strict pydantic models, and their errors as French messages per field."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from chalicelib.domain.report import Contact, Place, ReportDraft, ReportKind
from chalicelib.errors import InvalidFieldsError
from chalicelib.protocol.untrusted_json import json_object_body

__all__ = ["MAX_BODY_BYTES", "PEOPLE_MAX", "ReportRequest", "field_errors", "parse_report_request"]

# 2,000 characters of description, a few short fields, JSON escapes included: 32 KiB is plenty.
MAX_BODY_BYTES = 32 * 1024
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 2000
# "Nombre de personnes présentes, environ": what people write ("3 ou 4", "une dizaine", "5-6", "12").
# static_site/components/report-form/report-form.js checks the same limit before sending.
PEOPLE_MAX = 40

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Free text and patterned strings, stripped, each with its length limits (named so that mypy sees types).
_Text100 = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=0, max_length=100)]
_Text150 = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=0, max_length=150)]
_Text300 = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=0, max_length=300)]
_Commune = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
_Description = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX)
]
_Postcode = Annotated[StrictStr, StringConstraints(strip_whitespace=True, max_length=5, pattern=r"^\d{5}$")]
_Email = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
_Phone = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, max_length=20, pattern=r"^(?:\+33 ?|0)[1-9](?:[ .-]?\d{2}){4}$"),
]
_ClientKey = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, max_length=64, pattern=r"^[A-Za-z0-9_-]{16,64}$")
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PlaceIn(_Model):
    commune: _Commune
    postcode: _Postcode | None = None
    description: _Text300 | None = None


class ContactIn(_Model):
    name: _Text100 | None = None
    email: _Email | None = None
    phone: _Phone | None = None

    @model_validator(mode="after")
    def _reachable(self) -> ContactIn:
        if not (self.email or self.phone):
            raise PydanticCustomError("contact_unreachable", "An email address or a phone number is needed.")
        return self


def _count_as_text(value: Any) -> Any:
    """Pages before free-text counts sent a number: keep it, as text."""
    return str(value) if type(value) is int else value


ApproximateCount = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=PEOPLE_MAX),
    BeforeValidator(_count_as_text),
]


class PointDeDealDetails(_Model):
    hours: _Text100 | None = None
    people: ApproximateCount | None = None


Vehicle = Literal["motos", "quads", "scooters", "voitures", "autres"]
Frequency = Literal["premiere-fois", "plusieurs-fois-par-mois", "chaque-semaine", "tous-les-jours"]


class RodeoDetails(_Model):
    vehicles: Annotated[list[Vehicle], Field(max_length=5)] | None = None
    frequency: Frequency | None = None
    plates: _Text100 | None = None


Situation = Literal["violences", "abandon", "manque-de-soins", "conditions-de-detention", "autre"]


class AnimalDetails(_Model):
    species: _Text100 | None = None
    situation: Situation | None = None


class OtherDetails(_Model):
    subject: _Text150 | None = None


class _ReportIn(_Model):
    client_key: _ClientKey
    consent: StrictBool
    anonymous: StrictBool = True
    place: PlaceIn
    when: _Text100 | None = None
    description: _Description
    contact: ContactIn | None = Field(default=None, validate_default=True)

    @field_validator("consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        """Only JSON `true` is consent (a Literal[True] would also take 1)."""
        if value is not True:
            raise PydanticCustomError("consent_missing", "Consent is required.")
        return value

    @field_validator("when")
    @classmethod
    def _not_in_the_future(cls, value: str | None) -> str | None:
        """`when` is free text, or an ISO date that must exist and not be in the future."""
        if value is None or not _ISO_DATE.match(value):
            return value
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_invalid", "This date does not exist.") from None
        if day > (datetime.now(UTC) + timedelta(days=1)).date():
            raise PydanticCustomError("date_in_future", "This date is in the future.")
        return value

    @field_validator("contact")
    @classmethod
    def _contact_only_when_named(cls, value: ContactIn | None, info: ValidationInfo) -> ContactIn | None:
        anonymous = info.data.get("anonymous", True)
        if anonymous and value is not None:
            raise PydanticCustomError("contact_while_anonymous", "An anonymous report carries no contact.")
        if not anonymous and value is None:
            raise PydanticCustomError("contact_missing", "A named report needs a contact.")
        return value


class PointDeDealReport(_ReportIn):
    kind: Literal["point-de-deal"]
    details: PointDeDealDetails = Field(default_factory=PointDeDealDetails)


class RodeoReport(_ReportIn):
    kind: Literal["rodeo"]
    details: RodeoDetails = Field(default_factory=RodeoDetails)


class AnimalReport(_ReportIn):
    kind: Literal["maltraitance-animale"]
    details: AnimalDetails = Field(default_factory=AnimalDetails)


class OtherReport(_ReportIn):
    kind: Literal["autre"]
    details: OtherDetails = Field(default_factory=OtherDetails)


ReportRequest = Annotated[
    PointDeDealReport | RodeoReport | AnimalReport | OtherReport, Field(discriminator="kind")
]
_REQUEST = TypeAdapter(ReportRequest)
_KINDS = {kind.value for kind in ReportKind}
_KIND_ERRORS = {"union_tag_not_found", "union_tag_invalid"}

# What the form shows beside a field: (field, error type) first, then (field, "*"), then the type alone.
_BY_FIELD: dict[tuple[str, str], str] = {
    ("kind", "*"): "Choisissez ce que vous signalez.",
    ("consent", "*"): "Cochez cette case pour envoyer votre signalement.",
    ("client_key", "*"): "Rechargez la page puis envoyez à nouveau le formulaire.",
    ("place", "missing"): "Indiquez la commune.",
    ("place.commune", "missing"): "Indiquez la commune.",
    ("place.commune", "string_too_short"): "Indiquez la commune.",
    ("place.postcode", "string_pattern_mismatch"): "Le code postal compte 5 chiffres, par exemple 75011.",
    ("description", "missing"): "Décrivez ce que vous avez vu.",
    ("description", "string_too_short"): f"Décrivez les faits en {DESCRIPTION_MIN} caractères au moins.",
    ("when", "date_invalid"): "Cette date n'existe pas.",
    ("when", "date_in_future"): "Cette date est dans le futur.",
    ("contact", "contact_while_anonymous"): "Décochez « anonyme » pour laisser vos coordonnées.",
    ("contact", "contact_missing"): "Indiquez une adresse e-mail ou un numéro de téléphone, ou restez anonyme.",
    ("contact", "contact_unreachable"): "Indiquez une adresse e-mail ou un numéro de téléphone.",
    ("contact.email", "string_pattern_mismatch"): "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.",
    ("contact.phone", "string_pattern_mismatch"): "Indiquez un numéro français, par exemple 06 12 34 56 78.",
    ("details.people", "string_too_short"): "Indiquez un nombre, même approximatif, ou laissez vide.",
}
_BY_TYPE: dict[str, str] = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'est pas attendu.",
    "literal_error": "Choisissez une des options proposées.",
    "string_type": "Ce champ doit être un texte.",
    "int_type": "Indiquez un nombre entier.",
    "bool_type": "Cette valeur doit être vrai ou faux.",
    "model_type": "Ce champ doit être un objet JSON.",
    "model_attributes_type": "Ce champ doit être un objet JSON.",
    "list_type": "Ce champ doit être une liste.",
    "string_pattern_mismatch": "Le format n'est pas valide.",
}


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _message(path: str, error: ErrorDetails) -> str:
    """The French message for one error; never the submitted value."""
    kind = error["type"]
    specific = _BY_FIELD.get((path, kind)) or _BY_FIELD.get((path, "*"))
    if specific:
        return specific
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"{_thousands(int(ctx['max_length']))} caractères au maximum."
    if kind == "string_too_short":
        return f"{_thousands(int(ctx['min_length']))} caractères au minimum."
    if kind == "too_long":
        return f"{_thousands(int(ctx['max_length']))} éléments au maximum."
    if kind == "greater_than_equal":
        return f"Indiquez un nombre supérieur ou égal à {ctx['ge']}."
    if kind == "less_than_equal":
        return f"Indiquez un nombre inférieur ou égal à {ctx['le']}."
    return _BY_TYPE.get(kind, "Cette valeur n'est pas valide.")


def _path(loc: tuple[int | str, ...]) -> str:
    """`place.commune` for ('point-de-deal', 'place', 'commune'): no union tag, no list index."""
    parts = [str(part) for part in loc if isinstance(part, str)]
    if parts and parts[0] in _KINDS:
        parts = parts[1:]
    return ".".join(parts)


def field_errors(exc: ValidationError) -> dict[str, str]:
    """One French message per field path, the first error of each field winning."""
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        path = "kind" if error["type"] in _KIND_ERRORS else _path(error["loc"])
        fields.setdefault(path or "body", _message(path, error))
    return fields


def _to_draft(request: _ReportIn, kind: str) -> ReportDraft:
    place = request.place
    contact = request.contact
    return ReportDraft(
        kind=ReportKind(kind),
        place=Place(commune=place.commune, postcode=place.postcode, description=place.description or None),
        description=request.description,
        anonymous=request.anonymous,
        when=request.when or None,
        details=request.details.model_dump(exclude_none=True),  # type: ignore[attr-defined]
        contact=Contact(name=contact.name or None, email=contact.email, phone=contact.phone) if contact else None,
    )


def parse_report_request(body: bytes | str | None) -> tuple[str, ReportDraft]:
    """The client key and the draft, or a named error: InvalidRequestError, RequestTooLargeError, InvalidFieldsError."""
    payload = json_object_body(body, MAX_BODY_BYTES, _path)
    try:
        request = _REQUEST.validate_python(payload, strict=True)
    except ValidationError as exc:
        fields = field_errors(exc)
        if "kind" in fields:
            # Without a valid kind the union stops at the tag: check the rest too, so that every
            # field to correct shows at once.
            rest = {key: value for key, value in payload.items() if key != "details"}
            try:
                _REQUEST.validate_python({**rest, "kind": "autre"}, strict=True)
            except ValidationError as others:
                fields.update({k: v for k, v in field_errors(others).items() if k != "kind"})
        raise InvalidFieldsError(fields) from None
    return request.client_key, _to_draft(request, request.kind)
