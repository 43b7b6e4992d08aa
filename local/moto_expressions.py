"""moto parses each expression once, not on every request (laptop stack and tests only).

moto lexes and parses every ConditionExpression and UpdateExpression it receives, and parses an update
expression twice per transaction item. The app sends a few dozen distinct expressions whose values
change (sequence numbers, times), so on the laptop stack most of a message's DynamoDB time went into
parsing the same text again: about 40 % of a transaction's handling in moto. Here:

- an update expression's syntax tree is kept by its text (moto copies it before it resolves names and
  values, and never changes the one it is given);
- a condition expression's tree is kept by its text, its names and the names of its values, with each
  `:value` left as a reference that is resolved against the request's own values when the condition is
  built. Errors (unknown names or values, bad syntax) are raised exactly as moto raises them, since a
  tree is only kept once moto's own parse of it succeeded.

tests/integration/test_moto_expressions.py checks that the conditions and updates evaluate as moto's own.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

__all__ = ["parse_expressions_once"]

_MARK = "_guichet_parsed_once"
# Distinct expressions kept; the app has a few dozen, so this is only a guard against unbounded growth.
_KEPT = 4096


class _ValueRef:
    """An expression attribute value in a kept tree: resolved against each request's values."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _ValueRefs(Mapping[str, _ValueRef]):
    """The request's values as the parser sees them: a reference for each name the request defines."""

    def __init__(self, values: Mapping[str, Any] | None) -> None:
        self._values = values or {}

    def __getitem__(self, name: str) -> _ValueRef:
        if name not in self._values:
            raise KeyError(name)
        return _ValueRef(name)

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def parse_expressions_once() -> None:
    """Keep moto's parsed condition and update expressions (idempotent)."""
    from moto.dynamodb.comparisons import AttributeValue, ConditionExpressionParser, OpDefault
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    if getattr(ConditionExpressionParser.parse, _MARK, False):
        return

    make = UpdateExpressionParser.make.__func__  # type: ignore[attr-defined]
    UpdateExpressionParser.make = classmethod(functools.lru_cache(maxsize=_KEPT)(make))  # type: ignore[assignment]

    kept: dict[tuple[Any, ...], tuple[Any, list[str], list[str]]] = {}

    def tree(self: Any) -> tuple[Any, list[str], list[str]]:
        """moto's parse up to the syntax tree, with references in place of the values."""
        names = self.expression_attribute_names or {}
        values = self.expression_attribute_values or {}
        key = (self.condition_expression, tuple(sorted(names.items())), tuple(sorted(values)))
        found = kept.get(key)
        if found is None:
            parser = ConditionExpressionParser(self.condition_expression, names, _ValueRefs(values))
            nodes = parser._lex_condition_expression()
            nodes = parser._parse_paths(nodes)
            nodes = parser._apply_functions(nodes)
            nodes = parser._apply_comparator(nodes)
            nodes = parser._apply_in(nodes)
            nodes = parser._apply_between(nodes)
            nodes = parser._apply_parens_and_booleans(nodes)
            node = nodes[0]
            parser._assert_no_redundant_parentheses(node)
            found = (node, parser._find_literals(node), parser._find_expr_attr_values(node))
            if len(kept) < _KEPT:
                kept[key] = found
        return found

    def parse(self: Any) -> Any:
        """The condition, from the kept tree and this request's values."""
        if not self.condition_expression:
            return OpDefault(None, None)
        node, names_found, values_found = tree(self)
        self.expr_attr_names_found.extend(names_found)
        self.expr_attr_values_found.extend(values_found)
        return self._make_op_condition(node)

    original_operand = ConditionExpressionParser._make_operand

    def make_operand(self: Any, node: Any) -> Any:
        """A kept reference becomes this request's value."""
        if isinstance(node.value, _ValueRef):
            return AttributeValue(self.expression_attribute_values[node.value.name])
        return original_operand(self, node)

    setattr(parse, _MARK, True)
    parse.__wrapped__ = ConditionExpressionParser.parse  # type: ignore[attr-defined]
    make_operand.__wrapped__ = original_operand  # type: ignore[attr-defined]
    ConditionExpressionParser.parse = parse  # type: ignore[method-assign]
    ConditionExpressionParser._make_operand = make_operand  # type: ignore[method-assign]
