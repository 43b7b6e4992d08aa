"""Import the Ministry of the Interior's open-data lists of police and gendarmerie units into units.json.

Reads the national CSV files published on data.gouv.fr ("Liste des services de police accueillant du
public avec géolocalisation", "Liste des unités de gendarmerie accueillant du public, comprenant leur
géolocalisation et leurs horaires d'ouverture"), keeps one department, and writes the JSON that the
unit locator page (/unites.html) reads. Column-name variants are documented in docs/units-data.md.

    python -m tools.units_import police.csv gendarmerie.csv --department 33 -o static_site/data/units.json
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "COLUMNS",
    "ImportReport",
    "Unit",
    "UnitsFormatError",
    "detect_delimiter",
    "import_files",
    "import_text",
    "in_france",
    "main",
    "normalize_phone",
    "parse_hours",
    "render_document",
]

POLICE, GENDARMERIE = "police", "gendarmerie"
KIND_ORDER = {POLICE: 0, GENDARMERIE: 1}
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Canonical field -> accepted column names, compared after _column_key() (lower case, no accents,
# spaces and hyphens as underscores). The first names are those of the national files.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "name": ("service", "nom", "nom_service", "nom_du_service", "nom_unite", "libelle", "unite", "denomination"),
    "street": ("voie", "adresse", "adresse_voie", "numero_et_voie", "adresse_postale"),
    "full_address": ("adresse_geographique", "adresse_complete"),
    "postcode": ("code_postal", "codepostal", "cp"),
    "commune": ("commune", "nom_commune", "ville", "localite"),
    "phone": ("telephone", "tel", "telephone_accueil", "numero_de_telephone", "numero_telephone"),
    "department": ("departement", "code_departement", "dep", "dept"),
    "insee": ("code_commune_insee", "code_insee", "insee", "codgeo"),
    "lon": ("geocodage_x_gps", "longitude", "lon", "lng", "long", "x_gps", "coord_x_gps"),
    "lat": ("geocodage_y_gps", "latitude", "lat", "y_gps", "coord_y_gps"),
    "point": ("geo_point_2d", "geo_point", "geolocalisation", "coordonnees", "coordonnees_gps"),
    "hours": ("horaires_accueil", "horaires", "horaires_ouverture", "horaires_d_ouverture", "heures_ouverture"),
    "url": ("url", "site_web", "lien"),
    "kind": ("institution", "type_unite", "type_service", "force", "kind"),
    # Guichet's own optional columns, for hand-written source files (absent from the national files).
    "position": ("position", "precision_position"),
    "verified": ("verified", "verifie"),
}
DAY_COLUMNS = {day: (day, f"horaires_{day}", f"horaire_{day}") for day in DAYS}
REQUIRED = ("name",)

# (south, north, west, east) boxes: metropolitan France and Corsica, then the overseas territories.
FRANCE_BOUNDS: tuple[tuple[float, float, float, float], ...] = (
    (41.0, 51.6, -5.8, 10.0),
    (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    (14.3, 15.0, -61.3, -60.7),  # Martinique
    (2.0, 6.0, -54.7, -51.5),  # Guyane
    (-21.5, -20.8, 55.1, 55.9),  # La Réunion
    (-13.1, -12.5, 44.9, 45.4),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    (17.8, 18.2, -63.2, -62.7),  # Saint-Martin, Saint-Barthélemy
    (-23.0, -19.5, 163.5, 168.2),  # Nouvelle-Calédonie
    (-28.0, -7.0, -155.0, -134.0),  # Polynésie française
    (-14.4, -13.1, -178.3, -176.1),  # Wallis-et-Futuna
)

_NOT_A_FRONT_DESK = re.compile(r"recrutement", re.IGNORECASE)
_GENDARMERIE_NAME = re.compile(r"gendarmerie", re.IGNORECASE)
_POLICE_NAME = re.compile(r"police|commissariat", re.IGNORECASE)
_BRIGADE_NAME = re.compile(r"brigade|\bCOB\b|\bBTA\b|\bPSIG\b", re.IGNORECASE)
_OVERSEAS_PREFIXES = ("262", "269", "590", "594", "596", "508", "687", "689", "681")


class UnitsFormatError(ValueError):
    """The file is not one of the national formats (a required column is missing, or it is empty)."""


@dataclass(frozen=True)
class Unit:
    """One police or gendarmerie front desk, as the locator page reads it."""

    kind: str
    name: str
    address: str
    postcode: str
    commune: str
    lat: float
    lon: float
    phone: str | None = None
    hours: tuple[str, ...] = ()
    url: str | None = None
    position: str = "address"
    verified: bool = True

    def key(self) -> tuple[str, str, str]:
        """What makes two rows the same unit."""
        return (self.kind, fold(self.name), self.postcode)

    def sort_key(self) -> tuple[str, int, str]:
        """Units are listed by commune, police before gendarmerie, then by name."""
        return (fold(self.commune), KIND_ORDER[self.kind], fold(self.name))

    def to_json(self, unit_id: str) -> dict[str, object]:
        """The JSON object of this unit; optional fields are left out when unknown."""
        data: dict[str, object] = {
            "id": unit_id,
            "kind": self.kind,
            "name": self.name,
            "address": self.address,
            "postcode": self.postcode,
            "commune": self.commune,
        }
        if self.phone:
            data["phone"] = self.phone
        data["hours"] = list(self.hours)
        if self.url:
            data["url"] = self.url
        data.update(lat=self.lat, lon=self.lon, position=self.position, verified=self.verified)
        return data


@dataclass
class ImportReport:
    """What the import kept, skipped and noticed, for the person running it."""

    skipped: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    other_departments: int = 0

    def lines(self) -> list[str]:
        """Human-readable lines, one per problem, then a summary."""
        out = [f"ignorée : {line}" for line in self.skipped]
        out += [f"doublon : {line}" for line in self.duplicates]
        out += [f"note : {line}" for line in self.notes]
        return out


# ---- text helpers -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces (for matching and sorting)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[\s\-'’_.,/]+", bare)).strip()


def _column_key(name: str) -> str:
    return fold(name.replace("\ufeff", "")).replace(" ", "_")


def slug(text: str) -> str:
    """A URL-safe identifier: 'Hôtel de police de Bordeaux' -> 'hotel-de-police-de-bordeaux'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


_PARTICLES = {"de", "du", "des", "en", "sur", "sous", "la", "le", "les", "et", "aux", "au", "lès"}
_ARTICLES = {"le", "la", "les"}


def commune_display(raw: str) -> str:
    """A commune name for display: 'VILLENAVE D ORNON' -> "Villenave-d'Ornon"; mixed case is kept as is."""
    text = " ".join(raw.split())
    if not text or text != text.upper():
        return text
    words = [w for w in re.split(r"[\s\-]+", text.replace("’", "'")) if w]
    parts: list[str] = []
    prefix = ""
    for index, word in enumerate(words):
        lower = word.lower()
        if "'" in lower:
            head, _, tail = lower.partition("'")
            word_out = (head.capitalize() if index == 0 else head) + "'" + tail.capitalize()
        elif lower in {"d", "l"} and index + 1 < len(words):
            prefix = (lower.upper() if index == 0 else lower) + "'"
            continue
        elif index > 0 and lower in _PARTICLES:
            word_out = lower
        else:
            word_out = lower.capitalize()
        parts.append(prefix + word_out)
        prefix = ""
    if len(parts) > 1 and fold(parts[0]) in _ARTICLES:
        return parts[0] + " " + "-".join(parts[1:])
    return "-".join(parts)


def normalize_phone(raw: str) -> str | None:
    """'+33 5 57 85 77 77', '0557857777', '5.57.85.77.77' -> '05 57 85 77 77'; '17' stays; None if unusable."""
    text = raw.strip().replace("(0)", "")
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if digits.startswith("33"):
            digits = "0" + digits[2:]
        elif digits[:3] in _OVERSEAS_PREFIXES:
            digits = "0" + digits[3:]
        else:
            return None
    if len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits  # a spreadsheet dropped the leading zero
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    if 2 <= len(digits) <= 4 and not digits.startswith("0"):
        return digits  # short numbers: 17, 112, 3430…
    return None


_RANGE = re.compile(r"(\d{1,2})\s*[hH:]\s*(\d{2})?\s*(?:-|–|à|a)\s*(\d{1,2})\s*[hH:]\s*(\d{2})?")
_DAY_SPLIT = re.compile(r"\b(" + "|".join(DAYS) + r")\b\s*:?", re.IGNORECASE)


def _day_hours(segment: str) -> str:
    ranges = [f"{int(a)}h{b or '00'}–{int(c)}h{d or '00'}" for a, b, c, d in _RANGE.findall(segment)]
    if ranges:
        return ", ".join(ranges)
    return " ".join(segment.split()).strip(" ,;") or "fermé"


def parse_hours(text: str) -> tuple[str, ...]:
    """Opening hours as display lines, consecutive days with the same hours merged.

    ' Lundi : 8h00-12h00 14h00-18h00 Mardi : …' -> ('Du lundi au vendredi : 8h00–12h00, 14h00–18h00', …);
    a text without day names (e.g. 'Accueil 24 h/24, 7 j/7') is kept as one line.
    """
    text = " ".join(text.split())
    if not text:
        return ()
    pieces = _DAY_SPLIT.split(text)
    if len(pieces) < 3:
        return (text,)
    by_day: list[tuple[str, str]] = []
    for index in range(1, len(pieces), 2):
        by_day.append((pieces[index].lower(), _day_hours(pieces[index + 1])))
    lines: list[str] = []
    start = 0
    while start < len(by_day):
        end = start
        while end + 1 < len(by_day) and by_day[end + 1][1] == by_day[start][1] and _next_day(by_day[end][0]) == by_day[end + 1][0]:
            end += 1
        first, last, hours = by_day[start][0], by_day[end][0], by_day[start][1]
        if end == start:
            label = first.capitalize()
        elif end == start + 1:
            label = f"{first.capitalize()} et {last}"
        else:
            label = f"Du {first} au {last}"
        lines.append(f"{label} : {hours}")
        start = end + 1
    return tuple(lines)


def _next_day(day: str) -> str | None:
    index = DAYS.index(day) if day in DAYS else -1
    return DAYS[index + 1] if 0 <= index < len(DAYS) - 1 else None


def _number(raw: str) -> float | None:
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def in_france(lat: float, lon: float) -> bool:
    """Whether a WGS84 point falls in metropolitan France or an overseas territory."""
    return any(south <= lat <= north and west <= lon <= east for south, north, west, east in FRANCE_BOUNDS)


def _department_code(raw: str) -> str:
    code = raw.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def _department_of_postcode(postcode: str) -> str:
    return postcode[:3] if postcode.startswith("97") or postcode.startswith("98") else postcode[:2]


# ---- reading a file -----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM; Windows-1252 as a fallback for older exports."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def detect_delimiter(header_line: str) -> str:
    """The national files use ';' (older ones) or ',': whichever separates the header more."""
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best] == 0:
        raise UnitsFormatError("no column separator (; , or tab) in the header line")
    return best


def _map_columns(header: Sequence[str]) -> dict[str, str]:
    keys = {_column_key(name): name for name in header if name is not None}
    mapping: dict[str, str] = {}
    for canonical, variants in {**COLUMNS, **DAY_COLUMNS}.items():
        for variant in variants:
            if variant in keys:
                mapping[canonical] = keys[variant]
                break
    return mapping


def _kind_of(row_kind: str, name: str, fallback: str | None) -> str | None:
    folded = fold(row_kind)
    if folded in {"gn", "gendarmerie", "gendarmerie nationale"} or "gendarm" in folded:
        return GENDARMERIE
    if folded in {"pn", "police", "police nationale"} or "police" in folded:
        return POLICE
    if _GENDARMERIE_NAME.search(name):
        return GENDARMERIE
    if _POLICE_NAME.search(name):
        return POLICE
    if _BRIGADE_NAME.search(name):
        return GENDARMERIE
    return fallback


def _kind_of_file(source: str) -> str | None:
    folded = fold(source)
    if "gendarm" in folded or re.search(r"\bgn\b", folded):
        return GENDARMERIE
    if "police" in folded or re.search(r"\bpn\b", folded):
        return POLICE
    return None


def _point(row: Mapping[str, str], columns: Mapping[str, str]) -> tuple[float, float] | None:
    def get(name: str) -> str:
        return (row.get(columns[name]) or "") if name in columns else ""

    if get("lat").strip() and get("lon").strip():
        lat, lon = _number(get("lat")), _number(get("lon"))
        return None if lat is None or lon is None else (lat, lon)
    match = re.fullmatch(r"\s*\[?\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*\]?\s*", get("point"))
    if match:
        return float(match.group(1)), float(match.group(2))
    return None


def import_text(
    text: str,
    source: str,
    department: str,
    report: ImportReport,
    kind: str | None = None,
) -> list[Unit]:
    """The units of one department found in one CSV text (bad rows go to the report)."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise UnitsFormatError(f"{source}: empty file")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    columns = _map_columns(reader.fieldnames or [])
    missing = [name for name in REQUIRED if name not in columns]
    if not ({"lat", "lon"} <= set(columns) or "point" in columns):
        missing.append("lat/lon")
    if "postcode" not in columns and "full_address" not in columns:
        missing.append("postcode")
    if missing:
        expected = "; ".join(f"{name}: {' | '.join(COLUMNS.get(name, COLUMNS['lat'] + COLUMNS['lon']))}" for name in missing)
        raise UnitsFormatError(f"{source}: missing column(s) {', '.join(missing)} (accepted names — {expected})")
    wanted = _department_code(department)
    file_kind = kind or _kind_of_file(source)
    units: list[Unit] = []
    for line_number, row in enumerate(reader, start=2):
        where = f"{source} ligne {line_number}"

        def get(name: str) -> str:
            # Only called during this row's iteration.
            return " ".join((row.get(columns[name]) or "").split()) if name in columns else ""  # noqa: B023

        full_address = get("full_address")
        postcode, commune = get("postcode"), get("commune")
        from_address = re.search(r"(\d{5})\s+([^\d,]+)$", full_address)
        if from_address:
            postcode = postcode or from_address.group(1)
            commune = commune or from_address.group(2)
        if postcode.isdigit() and len(postcode) == 4:
            postcode = "0" + postcode
        row_department = _department_code(get("department")) if get("department") else _department_of_postcode(postcode)
        if not row_department and get("insee"):
            row_department = _department_of_postcode(get("insee"))
        if not row_department:
            report.skipped.append(f"{where} : « {get('name')} » — ni département, ni code postal, ni code INSEE")
            continue
        if row_department != wanted:
            report.other_departments += 1
            continue
        name = re.sub(r"^gendarmerie\s*[-–]\s*", "", get("name"), flags=re.IGNORECASE)
        if not name:
            report.skipped.append(f"{where} : pas de nom de service")
            continue
        if _NOT_A_FRONT_DESK.search(name):
            report.skipped.append(f"{where} : « {name} » n'est pas un accueil du public pour les plaintes")
            continue
        unit_kind = kind or _kind_of(get("kind"), name, file_kind)
        if unit_kind is None:
            report.skipped.append(f"{where} : « {name} » — police ou gendarmerie ? (utilisez --kind)")
            continue
        if not re.fullmatch(r"\d{5}", postcode) or not commune:
            report.skipped.append(f"{where} : « {name} » — code postal ou commune manquant ({postcode!r}, {commune!r})")
            continue
        point = _point(row, columns)
        if point is None:
            report.skipped.append(f"{where} : « {name} » — coordonnées absentes ou illisibles")
            continue
        lat, lon = point
        if not in_france(lat, lon):
            if in_france(lon, lat):
                lat, lon = lon, lat
                report.notes.append(f"{where} : latitude et longitude inversées, corrigées")
            else:
                report.skipped.append(f"{where} : « {name} » — coordonnées hors de France ({lat}, {lon})")
                continue
        street = get("street")
        if not street and full_address:
            street = re.sub(r"[\s,]*\d{5}\s+[^\d,]+$", "", full_address).strip(" ,")
        phone = None
        if get("phone"):
            phone = normalize_phone(get("phone"))
            if phone is None:
                report.notes.append(f"{where} : téléphone illisible {get('phone')!r}, omis")
        hours_text = get("hours")
        if not hours_text and any(day in columns for day in DAYS):
            hours_text = " ".join(f"{day.capitalize()} : {get(day) or 'fermé'}" for day in DAYS if day in columns)
        url = get("url")
        position = "commune" if fold(get("position")) == "commune" else "address"
        verified = fold(get("verified")) not in {"false", "non", "no", "0", "faux"}
        units.append(
            Unit(
                kind=unit_kind,
                name=name,
                address=street,
                postcode=postcode,
                commune=commune_display(commune),
                lat=round(lat, 5),
                lon=round(lon, 5),
                phone=phone,
                hours=parse_hours(hours_text),
                url=url if url.startswith("https://") else None,
                position=position,
                verified=verified,
            )
        )
    return units


def _dedupe(units: Iterable[Unit], report: ImportReport) -> list[Unit]:
    kept: dict[tuple[str, str, str], Unit] = {}
    for unit in units:
        if unit.key() in kept:
            report.duplicates.append(f"« {unit.name} » ({unit.postcode} {unit.commune}) apparaît plusieurs fois ; la première ligne est gardée")
            continue
        kept[unit.key()] = unit
    return sorted(kept.values(), key=Unit.sort_key)


def import_files(
    paths: Sequence[Path], department: str, kind: str | None = None
) -> tuple[list[Unit], ImportReport]:
    """Every unit of `department` in the given national CSV files: validated, deduplicated, sorted by commune."""
    report = ImportReport()
    units: list[Unit] = []
    for path in paths:
        units += import_text(decode(Path(path).read_bytes()), Path(path).name, department, report, kind)
    return _dedupe(units, report), report


def render_document(units: Sequence[Unit], department: str, sources: Iterable[str]) -> str:
    """The units.json text that /unites.html reads (stable: same input, same bytes)."""
    ids: set[str] = set()
    items = []
    for unit in units:
        unit_id = base = slug(unit.name) or slug(f"{unit.kind} {unit.commune}")
        if unit_id in ids:
            unit_id = base = f"{base}-{unit.postcode}"
        counter = 2
        while unit_id in ids:
            unit_id, counter = f"{base}-{counter}", counter + 1
        ids.add(unit_id)
        items.append(unit.to_json(unit_id))
    document = {
        "department": _department_code(department),
        "generated_by": "python -m tools.units_import",
        "sources": sorted(sources),
        "count": len(items),
        "units": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point: import, report on stderr, write the JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.units_import",
        description="Build units.json for the unit locator from the national open-data CSV files (police, gendarmerie).",
    )
    parser.add_argument("csv", nargs="+", type=Path, help="one or more national CSV files (police and/or gendarmerie)")
    parser.add_argument("--department", required=True, help="department code to keep, e.g. 33")
    parser.add_argument("--kind", choices=(POLICE, GENDARMERIE), help="force the kind of every row (otherwise guessed)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the JSON (default: standard output)")
    args = parser.parse_args(argv)
    try:
        units, report = import_files(args.csv, args.department, args.kind)
    except (UnitsFormatError, OSError) as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line, file=sys.stderr)
    if not units:
        print(f"erreur : aucune unité pour le département {args.department}", file=sys.stderr)
        return 1
    document = render_document(units, args.department, (path.name for path in args.csv))
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document)
    police = sum(1 for unit in units if unit.kind == POLICE)
    print(
        f"{len(units)} unités (police : {police}, gendarmerie : {len(units) - police}) ; "
        f"{len(report.skipped)} ligne(s) ignorée(s), {len(report.duplicates)} doublon(s), "
        f"{report.other_departments} ligne(s) d'autres départements"
        + (f" ; écrit dans {args.output}" if args.output else ""),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
