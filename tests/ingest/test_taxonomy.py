"""The category taxonomy: every police.uk type maps; CAD rules classify, order and round-trip."""

from __future__ import annotations

import json

import pytest

from clearhold.ingest import (
    DEFAULT_CAD_TYPE_MAP,
    POLICEUK_CRIME_TYPES,
    CadRule,
    CadTypeMap,
    Category,
)

ALL_POLICEUK_TYPES = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
]


def test_every_policeuk_crime_type_maps_to_a_category():
    assert sorted(POLICEUK_CRIME_TYPES) == ALL_POLICEUK_TYPES
    assert all(isinstance(c, Category) for c in POLICEUK_CRIME_TYPES.values())
    assert POLICEUK_CRIME_TYPES["Anti-social behaviour"] is Category.ASB_UNCLASSIFIED
    assert POLICEUK_CRIME_TYPES["Possession of weapons"] is Category.WEAPONS
    assert POLICEUK_CRIME_TYPES["Shoplifting"] is Category.THEFT


def test_policeuk_mapping_cannot_be_changed():
    with pytest.raises(TypeError):
        POLICEUK_CRIME_TYPES["Arson"] = Category.OTHER  # type: ignore[index]


def test_categories_have_codes_and_plain_labels():
    assert [c.value for c in Category] == [
        "asb-personal",
        "asb-nuisance",
        "asb-environmental",
        "asb-unclassified",
        "drugs",
        "public-order",
        "burglary",
        "violence",
        "weapons",
        "criminal-damage-arson",
        "theft",
        "vehicle-crime",
        "robbery",
        "other",
    ]
    assert Category.ASB_UNCLASSIFIED.label == "ASB (type not given)"
    assert Category.WEAPONS.label == "Weapons and firearms"
    assert all(c.label for c in Category)
    assert [c for c in Category if c.is_asb] == [
        Category.ASB_PERSONAL,
        Category.ASB_NUISANCE,
        Category.ASB_ENVIRONMENTAL,
        Category.ASB_UNCLASSIFIED,
    ]
    assert Category("drugs") == "drugs"  # a StrEnum compares with its code


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("ASB - Nuisance", Category.ASB_NUISANCE),
        ("ASB Personal", Category.ASB_PERSONAL),
        ("ASB - Environmental", Category.ASB_ENVIRONMENTAL),
        ("Anti-social behaviour", Category.ASB_UNCLASSIFIED),
        ("ASB", Category.ASB_UNCLASSIFIED),
        ("Noise nuisance", Category.ASB_NUISANCE),
        ("Fly tipping", Category.ASB_ENVIRONMENTAL),
        ("FLY-TIPPING (large)", Category.ASB_ENVIRONMENTAL),
        ("Graffiti", Category.ASB_ENVIRONMENTAL),
        ("Drugs", Category.DRUGS),
        ("Drug dealing", Category.DRUGS),
        ("Firearms discharge", Category.WEAPONS),
        ("Shots fired", Category.WEAPONS),
        ("Person with a knife", Category.WEAPONS),
        ("Criminal damage", Category.CRIMINAL_DAMAGE_ARSON),
        ("Arson - vehicle", Category.CRIMINAL_DAMAGE_ARSON),
        ("Burglary dwelling", Category.BURGLARY),
        ("Burglary - business and community", Category.BURGLARY),
        ("Assault", Category.VIOLENCE),
        ("Domestic abuse", Category.VIOLENCE),
        ("Disorder", Category.PUBLIC_ORDER),
        ("Public order offence", Category.PUBLIC_ORDER),
        ("Robbery", Category.ROBBERY),
        ("Theft from motor vehicle", Category.VEHICLE_CRIME),
        ("Theft of motor vehicle", Category.VEHICLE_CRIME),
        ("Shoplifting", Category.THEFT),
        ("Theft - other", Category.THEFT),
        ("Concern for welfare", Category.OTHER),
        ("RTC - damage only", Category.OTHER),
        ("Begun again", Category.OTHER),  # "gun" only as a whole word
        ("", Category.OTHER),
        (None, Category.OTHER),
    ],
)
def test_the_default_cad_map_classifies_common_cad_types(text, category):
    assert DEFAULT_CAD_TYPE_MAP.classify(text) is category


def test_first_matching_rule_wins_and_default_applies():
    rules = (
        CadRule("theft from", Category.VEHICLE_CRIME),
        CadRule("theft", Category.THEFT),
    )
    mapping = CadTypeMap(rules, default=Category.OTHER)
    assert mapping.classify("THEFT FROM vehicle") is Category.VEHICLE_CRIME
    assert mapping.classify("theft") is Category.THEFT
    assert mapping.classify("thefts") is Category.OTHER  # keywords match whole words
    assert CadTypeMap(tuple(reversed(rules))).classify("theft from") is Category.THEFT


def test_regex_rules_search_ignoring_case():
    mapping = CadTypeMap((CadRule(r"^asb\s*-\s*p", Category.ASB_PERSONAL, "regex"),))
    assert mapping.classify("Asb - Personal") is Category.ASB_PERSONAL
    assert mapping.classify("Not ASB - P") is Category.OTHER


def test_a_map_without_default_leaves_unknown_types_unclassified():
    mapping = CadTypeMap.exact({"Drugs": Category.DRUGS})
    assert mapping.classify(" drugs ") is Category.DRUGS
    assert mapping.classify("Drugs misuse") is None
    assert mapping.classify(None) is None


def test_maps_round_trip_through_json():
    for mapping in (DEFAULT_CAD_TYPE_MAP, CadTypeMap.exact(POLICEUK_CRIME_TYPES, default=None)):
        data = json.loads(json.dumps(mapping.to_dict()))
        again = CadTypeMap.from_dict(data)
        assert again == mapping
        assert again.classify("Shots fired") == mapping.classify("Shots fired")


def test_from_dict_names_what_is_wrong():
    with pytest.raises(ValueError, match="not a category"):
        CadTypeMap.from_dict({"rules": [{"pattern": "x", "category": "arson"}]})
    with pytest.raises(ValueError, match="not a valid regex"):
        CadTypeMap.from_dict({"rules": [{"pattern": "(", "category": "drugs", "match": "regex"}]})
    with pytest.raises(ValueError, match="rule 1"):
        CadTypeMap.from_dict({"rules": [{"category": "drugs"}]})
    with pytest.raises(ValueError, match="unknown keys"):
        CadTypeMap.from_dict({"rules": [], "fallback": "other"})
    with pytest.raises(ValueError, match="keyword"):
        CadRule("x", Category.DRUGS, "glob")  # type: ignore[arg-type]


def test_rule_categories_accept_codes():
    assert CadRule("x", "drugs").category is Category.DRUGS  # type: ignore[arg-type]
