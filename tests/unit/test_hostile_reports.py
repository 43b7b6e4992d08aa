"""Hostile `POST /reports` bodies, generated, through the report routes over the in-memory fakes: the
answer is 201/200 or a documented 4xx, never 5xx, and the next valid report still goes through."""
from __future__ import annotations

import json
import uuid
from typing import Any

from chalice import Chalice
from chalice.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.api.rest_reports import report_routes
from chalicelib.domain.rate_limit import RateLimit
from chalicelib.services.reports import ReportDesk
from tests.fakes import FakeReports
from tests.protocol_doc import documented_error_codes

DOCUMENTED = documented_error_codes() - {"internal_error"}
FIELDS = ("client_key", "kind", "consent", "anonymous", "place", "when", "description", "details", "contact")
KINDS = ("point-de-deal", "rodeo", "maltraitance-animale", "autre")


def a_report() -> dict[str, Any]:
    return {
        "client_key": uuid.uuid4().hex,
        "kind": "point-de-deal",
        "consent": True,
        "place": {"commune": "Bordeaux"},
        "description": "Des ventes devant le hall, tous les soirs.",
        "details": {"people": "3 ou 4"},
    }


def client() -> Client:
    app = Chalice(app_name="hostile-reports")
    desk = ReportDesk(reports=FakeReports(), rate_limit=RateLimit(limit=10_000, window_s=3600))
    app.register_blueprint(report_routes(desk, "secret"))
    return Client(app)


strings = st.text(alphabet=st.characters(exclude_categories=()), max_size=30) | st.sampled_from(
    ["\ud800", "Bordeaux", "33800", "", "x" * 2001, "nom@exemple.fr", "06 12 34 56 78", *KINDS]
)
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | strings
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(strings, inner, max_size=3), max_leaves=10
)
field_values = {name: values for name in FIELDS} | {
    "place": st.fixed_dictionaries({"commune": strings}, optional={"postcode": values, "description": values}),
    "details": st.dictionaries(
        st.sampled_from(["people", "hours", "vehicles", "frequency", "species", "situation", "subject"]) | strings,
        values,
        max_size=3,
    ),
}
reports = st.fixed_dictionaries({}, optional=field_values) | st.builds(
    lambda base, changes: {**base, **changes}, st.builds(a_report), st.fixed_dictionaries({}, optional=field_values)
)
encoded = st.builds(lambda v, ascii_only: json.dumps(v, ensure_ascii=ascii_only), reports | values, st.booleans())
deep = st.builds(lambda n: '{"details": ' + "[" * n + "]" * n + "}", st.integers(1, 20_000))
raw = st.binary(max_size=300) | st.text(alphabet=st.characters(exclude_categories=()), max_size=300)
bodies = encoded | deep | raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies)
def test_any_body_gets_a_success_or_a_documented_4xx_and_the_next_report_goes_through(body: str | bytes) -> None:
    http = client().http
    headers = {"Content-Type": "application/json"}

    response = http.post("/reports", headers=headers, body=body)

    assert response.status_code in (200, 201, 400, 413, 415, 429), response.body
    answer = json.loads(response.body)
    if response.status_code >= 400:
        assert answer["code"] in DOCUMENTED and answer["message"]
    assert http.post("/reports", headers=headers, body=json.dumps(a_report())).status_code == 201
