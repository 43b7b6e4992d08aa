"""The fields of client frames, checked by hand: each check names what is wrong with a value, or answers None.

The names are pydantic's error types (`string_type`, `string_too_short`, `literal_error`, `missing`...), which
the frames' error messages have always carried; a frame is checked field by field in declaration order, then
its unknown keys, as pydantic does. Nothing here is built at import beyond a few small closures: the chat
functions' cold start pays for no schema.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

__all__ = [
    "REQUIRED",
    "Check",
    "Field",
    "FieldError",
    "Frame",
    "boolean",
    "digits",
    "fields_in_order",
    "integer",
    "one_of",
    "or_null",
    "read_frame",
    "string",
]

# What a check answers for a bad value: the error type; None when the value is good.
Check = Callable[[Any], str | None]
# Where a value failed (field names, nested ones after their frame's) and the error type.
FieldError = tuple[tuple[str, ...], str]

REQUIRED: Any = object()  # the default of a field that must be present
F = TypeVar("F", bound="Frame")


class Field:
    """One field of a frame: its check, or the frame it holds (`nested`, a JSON object); its default when absent."""

    __slots__ = ("check", "default", "nested")

    def __init__(self, check: Check | None = None, default: Any = REQUIRED, nested: type[Frame] | None = None) -> None:
        self.check: Check = check or _json_object
        self.default = default
        self.nested = nested


class Frame:
    """A checked frame (or an object inside one): each of its `fields` is a read-only attribute."""

    fields: ClassVar[Mapping[str, Field]] = {}

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self), tuple(vars(self).items())))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({shown})"


def fields_in_order(**fields: Field) -> Mapping[str, Field]:
    """A frame's fields, read-only, in the order they are checked (and their errors listed)."""
    return MappingProxyType(fields)


def read_frame(
    frame: type[F], data: Mapping[str, Any], where: tuple[str, ...] = (), ignore: str | None = None
) -> tuple[F | None, list[FieldError]]:
    """The frame built from `data`, or None and every error: fields in order, then unknown keys (but `ignore`)."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, field in frame.fields.items():
        here = (*where, name)
        if name not in data:
            if field.default is REQUIRED:
                errors.append((here, "missing"))
            else:
                values[name] = field.default
            continue
        value = data[name]
        error = field.check(value)
        if error is not None:
            errors.append((here, error))
        elif field.nested is None:
            values[name] = value
        else:
            values[name], inner_errors = read_frame(field.nested, value, here)
            errors.extend(inner_errors)
    errors.extend(((*where, key), "extra_forbidden") for key in data if key not in frame.fields and key != ignore)
    return (None, errors) if errors else (frame(**values), errors)


def string(min_length: int = 0, max_length: int | None = None) -> Check:
    """A string (never a number or null) of `min_length` to `max_length` characters."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "string_type"
        if len(value) < min_length:
            return "string_too_short"
        if max_length is not None and len(value) > max_length:
            return "string_too_long"
        return None

    return check


def digits(length: int) -> Check:
    """A string of exactly `length` ASCII digits."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "string_type"
        if len(value) != length or not (value.isascii() and value.isdigit()):
            return "string_pattern_mismatch"
        return None

    return check


def one_of(*allowed: str) -> Check:
    """One of these strings, exactly."""

    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and value in allowed else "literal_error"

    return check


def boolean(value: Any) -> str | None:
    """JSON true or false (never 1, 0 or a string)."""
    return None if isinstance(value, bool) else "bool_type"


def integer(minimum: int, maximum: int) -> Check:
    """An integer (never a boolean, a float such as 2.0, or a string) from `minimum` to `maximum`."""

    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "int_type"
        if value < minimum:
            return "greater_than_equal"
        if value > maximum:
            return "less_than_equal"
        return None

    return check


def _json_object(value: Any) -> str | None:
    return None if isinstance(value, dict) else "model_type"


def or_null(check: Check) -> Check:
    """What `check` accepts, or null."""
    return lambda value: None if value is None else check(value)
