"""The open-data importer reads both national formats (police, gendarmerie) and writes the locator's units.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.units_import import (
    ImportReport,
    UnitsFormatError,
    commune_display,
    detect_delimiter,
    import_files,
    import_text,
    main,
    normalize_phone,
    parse_hours,
    render_document,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "data" / "units").glob("*.csv"))
UNITS_JSON = ROOT / "static_site" / "data" / "units.json"

# The police file as data.gouv.fr publishes it: ';', upper-case communes, +33 phones, x = longitude.
POLICE_CSV = """\
service;adresse_geographique;code_postal;commune;telephone;departement;code_commune_insee;voie;geocodage_x;geocodage_y;geocodage_epsg;geocodage_x_GPS;geocodage_y_GPS
Commissariat de police de Bourg en Bresse;4 Rue des Remparts 01000 BOURG EN BRESSE;01000;BOURG EN BRESSE;+33 4 74 47 20 20;01;01053;4 Rue des Remparts;871543.203;6569852.464;2154;5.22517643;46.20676468
Commissariat de police de Villenave d'Ornon;Rue Exemple 33140 VILLENAVE D ORNON;33140;VILLENAVE D ORNON;05.56.00.00.01;33;33550;Rue Exemple;;;;-0.5658;44.7806
Commissariat de police de Pessac;33600 PESSAC;33600;PESSAC;0556000002;33;33318;;;;;-0.6308;44.8064
"""

# The gendarmerie file: ',' (recent exports), a BOM, horaires_accueil as one text, a recruitment centre.
GENDARMERIE_CSV = (
    "\ufeffidentifiant_public_unite,service,adresse_geographique,telephone,departement,code_commune_insee,voie,"
    "code_postal,commune,geocodage_epsg,geocodage_x,geocodage_y,geocodage_x_GPS,geocodage_y_GPS,horaires_accueil,url\n"
    '1001,Gendarmerie - Brigade de Langon,"1 Rue Exemple 33210 Langon",+33 5 56 00 00 03,33,33227,1 Rue Exemple,33210,Langon,,,,'
    '-0.2494,44.5531," Lundi : 8h00-12h00 14h00-18h00 Mardi : 8h00-12h00 14h00-18h00 Mercredi : 8h00-12h00 14h00-18h00 '
    'Jeudi : 8h00-12h00 14h00-18h00 Vendredi : 8h00-12h00 14h00-18h00 Samedi : 8h00-12h00 Dimanche : 9h00-12h00",'
    "https://lannuaire.service-public.fr/example\n"
    "1002,Gendarmerie - Centre d'information et de recrutement de Bordeaux,33000 Bordeaux,,33,,,33000,Bordeaux,,,,-0.58,44.84,,\n"
    "1003,Gendarmerie - Brigade de Bazas,33430 Bazas,,33,,,33430,Bazas,,,,-0.2131,44.4317,,\n"
)


def run(text: str, source: str = "export.csv", department: str = "33"):
    report = ImportReport()
    return import_text(text, source, department, report), report


def test_the_police_format_with_semicolons_is_read_and_filtered_to_the_department():
    units, report = run(POLICE_CSV, "police.csv")

    assert [unit.name for unit in units] == [
        "Commissariat de police de Villenave d'Ornon",
        "Commissariat de police de Pessac",
    ]
    assert report.other_departments == 1
    first = units[0]
    assert first.kind == "police"
    assert (first.address, first.postcode, first.commune) == ("Rue Exemple", "33140", "Villenave-d'Ornon")
    assert (first.lat, first.lon) == (44.7806, -0.5658)
    assert first.phone == "05 56 00 00 01"
    assert units[1].address == ""  # only "33600 PESSAC" in adresse_geographique


def test_the_gendarmerie_format_with_commas_a_bom_and_opening_hours_is_read():
    units, report = run(GENDARMERIE_CSV, "gendarmerie.csv")

    assert [unit.name for unit in units] == ["Brigade de Langon", "Brigade de Bazas"]
    langon = units[0]
    assert langon.kind == "gendarmerie"
    assert langon.phone == "05 56 00 00 03"
    assert langon.hours == (
        "Du lundi au vendredi : 8h00–12h00, 14h00–18h00",
        "Samedi : 8h00–12h00",
        "Dimanche : 9h00–12h00",
    )
    assert langon.url == "https://lannuaire.service-public.fr/example"
    assert any("recrutement" in line for line in report.skipped)


def test_the_file_bytes_may_be_utf8_with_or_without_bom_or_windows_1252(tmp_path):
    plain, bom, legacy = tmp_path / "police-a.csv", tmp_path / "police-b.csv", tmp_path / "police-c.csv"
    plain.write_bytes(POLICE_CSV.encode("utf-8"))
    bom.write_bytes(POLICE_CSV.encode("utf-8-sig"))
    legacy.write_bytes(POLICE_CSV.replace("Pessac", "Pessac Été").encode("cp1252"))

    for path in (plain, bom, legacy):
        units, _ = import_files([path], "33")
        assert [unit.postcode for unit in units] == ["33600", "33140"]
    assert import_files([legacy], "33")[0][0].name == "Commissariat de police de Pessac Été"


def test_tab_comma_and_semicolon_delimiters_are_detected_from_the_header():
    assert detect_delimiter("service;commune;latitude;longitude") == ";"
    assert detect_delimiter("service,commune,latitude,longitude") == ","
    assert detect_delimiter("service\tcommune\tlatitude\tlongitude") == "\t"
    with pytest.raises(UnitsFormatError):
        detect_delimiter("service")


def test_column_name_variants_latitude_longitude_and_accented_headers_are_mapped():
    text = (
        "Nom;Adresse;Code postal;Ville;Téléphone;Département;Latitude;Longitude\n"
        "Commissariat de police de Talence;Rue Exemple;33400;Talence;556000004;33;44,8083;-0,5889\n"
    )
    units, _ = run(text)
    assert len(units) == 1
    talence = units[0]
    assert (talence.lat, talence.lon) == (44.8083, -0.5889)  # decimal commas
    assert talence.phone == "05 56 00 00 04"  # leading zero lost by a spreadsheet
    assert talence.address == "Rue Exemple"


def test_a_combined_point_column_is_read():
    text = 'service,code_postal,commune,geo_point_2d\nCommissariat de police de Cenon,33150,Cenon,"44.8578, -0.5317"\n'
    units, _ = run(text)
    assert (units[0].lat, units[0].lon) == (44.8578, -0.5317)


def test_bad_coordinates_are_skipped_and_reported_and_swapped_ones_are_fixed():
    text = (
        "service;code_postal;commune;geocodage_x_GPS;geocodage_y_GPS\n"
        "Commissariat de police de Lormont;33310;Lormont;44.8792;-0.5217\n"  # x and y inverted
        "Commissariat de police de Floirac;33270;Floirac;;\n"
        "Commissariat de police de Cenon;33150;Cenon;abc;44.85\n"
        "Commissariat de police de Bègles;33130;Bègles;0;0\n"
        "Commissariat de police de Talence;33400;Talence;-73.98;40.75\n"
    )
    units, report = run(text)
    assert [unit.commune for unit in units] == ["Lormont"]
    assert (units[0].lat, units[0].lon) == (44.8792, -0.5217)
    assert any("inversées" in note for note in report.notes)
    assert len(report.skipped) == 4
    assert all("coordonnées" in line for line in report.skipped)


def test_rows_without_a_name_a_postcode_or_a_known_kind_are_skipped():
    text = (
        "service;code_postal;commune;latitude;longitude\n"
        ";33000;Bordeaux;44.83;-0.57\n"
        "Commissariat de police de Bordeaux;;;44.83;-0.57\n"
        "Accueil de la mairie;33000;Bordeaux;44.83;-0.57\n"
    )
    units, report = run(text)
    assert units == []
    assert len(report.skipped) == 3


def test_a_row_whose_name_says_neither_police_nor_gendarmerie_takes_the_kind_of_its_file():
    text = "service;code_postal;commune;latitude;longitude\nAccueil de Lacanau;33680;Lacanau;45.0;-1.08\n"
    units, _ = run(text, "export-gendarmerie-2024.csv")
    assert [unit.kind for unit in units] == ["gendarmerie"]


def test_missing_columns_are_a_format_error_naming_the_accepted_names():
    with pytest.raises(UnitsFormatError, match="lat/lon"):
        run("service;code_postal;commune\nCommissariat;33000;Bordeaux\n")
    with pytest.raises(UnitsFormatError, match="name"):
        run("code_postal;commune;latitude;longitude\n33000;Bordeaux;44.8;-0.5\n")
    with pytest.raises(UnitsFormatError, match="empty"):
        run("")


def test_duplicates_are_dropped_and_units_are_sorted_by_commune(tmp_path):
    police, again = tmp_path / "police.csv", tmp_path / "police-copy.csv"
    police.write_text(POLICE_CSV, encoding="utf-8")
    again.write_text(POLICE_CSV, encoding="utf-8")
    gendarmerie = tmp_path / "gendarmerie.csv"
    gendarmerie.write_text(GENDARMERIE_CSV, encoding="utf-8")

    units, report = import_files([police, again, gendarmerie], "33")

    assert [unit.commune for unit in units] == ["Bazas", "Langon", "Pessac", "Villenave-d'Ornon"]
    assert len(report.duplicates) == 2


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("+33 5 57 85 77 77", "05 57 85 77 77"),
        ("+33 (0)5 57 85 77 77", "05 57 85 77 77"),
        ("0033557857777", "05 57 85 77 77"),
        ("05.57.85.77.77", "05 57 85 77 77"),
        ("557857777", "05 57 85 77 77"),
        ("+262 262 00 00 00", "02 62 00 00 00"),
        ("17", "17"),
        ("", None),
        ("05 57", None),
        ("+44 20 7946 0000", None),
    ],
)
def test_phones_are_normalized_to_the_french_two_digit_groups(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("BORDEAUX", "Bordeaux"),
        ("VILLENAVE D ORNON", "Villenave-d'Ornon"),
        ("LA TESTE DE BUCH", "La Teste-de-Buch"),
        ("LE BOUSCAT", "Le Bouscat"),
        ("SAINT MEDARD EN JALLES", "Saint-Medard-en-Jalles"),
        ("Saint-Médard-en-Jalles", "Saint-Médard-en-Jalles"),
    ],
)
def test_upper_case_communes_are_displayed_in_the_usual_spelling(raw, expected):
    assert commune_display(raw) == expected


def test_hours_without_day_names_stay_one_line_and_two_equal_days_are_joined():
    assert parse_hours("Accueil du public 24 h/24, 7 j/7") == ("Accueil du public 24 h/24, 7 j/7",)
    assert parse_hours("Samedi : 9h-12h Dimanche : 9h-12h") == ("Samedi et dimanche : 9h00–12h00",)
    assert parse_hours("  ") == ()


def test_the_cli_writes_the_json_and_reports_skipped_rows(tmp_path, capsys):
    source = tmp_path / "police.csv"
    source.write_text(POLICE_CSV + "Commissariat de police de Cenon;33150 CENON;33150;CENON;;33;;;;;;x;y\n", encoding="utf-8")
    output = tmp_path / "out" / "units.json"

    assert main([str(source), "--department", "33", "-o", str(output)]) == 0

    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["count"] == 2 and document["department"] == "33"
    assert [unit["id"] for unit in document["units"]] == [
        "commissariat-de-police-de-pessac",
        "commissariat-de-police-de-villenave-d-ornon",
    ]
    assert "Cenon" in capsys.readouterr().err
    assert main([str(source), "--department", "75", "-o", str(output)]) == 1
    assert main([str(tmp_path / "missing.csv"), "--department", "33"]) == 2


def test_the_committed_units_json_is_exactly_what_the_importer_makes_of_the_committed_sources():
    assert SOURCES, "data/units/*.csv: the hand-written source in the national format"
    units, _ = import_files(SOURCES, "33")
    expected = render_document(units, "33", (path.name for path in SOURCES))
    assert UNITS_JSON.read_text(encoding="utf-8") == expected, (
        "regenerate: python -m tools.units_import data/units/police-gironde.csv "
        "data/units/gendarmerie-gironde.csv --department 33 -o static_site/data/units.json"
    )
