"""The premises CSV of an operation: rows in walking order, or each bad line named."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearhold.ingest.premises_csv import (
    CsvProblem,
    Place,
    PremisesRow,
    match_premises,
    read_premises_csv,
)

PLACES = [
    Place("A", ("Block A", "1 Lanacre Avenue, London NW9 5FN"), (("A12", ("Flat 12",)),)),
    Place("B", ("Block B", "2 Lanacre Avenue, London NW9 5FN")),
    Place("C", ("Twin", "3 Lanacre Avenue")),
    Place("D", ("Twin", "4 Lanacre Avenue")),
]


def problems(data: bytes) -> list[str]:
    return [str(p) for p in read_premises_csv(data).problems]


def test_rows_are_read_with_unit_and_route_position():
    data = b"Address,Flat,Route position\r\nblock  a,Flat 12,2\r\n\r\nBLOCK B,,1\r\n"
    rows = read_premises_csv(data).rows
    assert rows == [PremisesRow(2, "block  a", "Flat 12", 2), PremisesRow(4, "BLOCK B", "", 1)]
    matched, found = match_premises(rows, PLACES)
    assert found == []
    assert [(m.site, m.unit, m.line) for m in matched] == [("B", None, 4), ("A", "A12", 2)]


def test_an_address_matches_case_and_space_insensitively_in_file_order():
    rows = read_premises_csv(
        '\ufeffaddress\n"2 lanacre avenue,  london nw9 5fn"\nBlock A\n'.encode()
    ).rows
    matched, _found = match_premises(rows, PLACES)
    assert [m.site for m in matched] == ["B", "A"]


def test_unmatched_ambiguous_and_repeated_lines_are_each_named():
    rows = read_premises_csv(
        b"address,unit\nBlock Z,\nTwin,\nBlock A,\nblock a,\nBlock B,Flat 9\n"
    ).rows
    matched, found = match_premises(rows, PLACES)
    assert matched == []
    assert [str(p) for p in found] == [
        "Line 2: no site of this problem is called or at “Block Z”.",
        "Line 3: “Twin” names more than one site of this problem.",
        "Line 5: the same premises as line 4: list each once.",
        "Line 6: “Block B” has no unit called “Flat 9”.",
    ]


def test_bad_files_are_refused_with_the_line():
    assert problems(b"") == ["The file is empty: give one premises a line."]
    assert problems(b"address\n") == ["The file names no premises: give one address a line."]
    assert problems(b"address\nBlock A\n\xff\xfe\n")[0].startswith("Line 3: this is not UTF-8")
    assert problems(b"address,postcode\nx,y\n")[0].startswith("Line 1: the column “postcode”")
    assert problems(b"name\nBlock A\n") == [
        "Line 1: the first line must name the columns, with one called “address” "
        "(and optionally “unit” and “route position”)."
    ]
    assert problems(b"address,route position\nBlock A,first\nBlock B,0\n") == [
        "Line 2: the route position “first” is not a whole number from 1.",
        "Line 3: the route position “0” is not a whole number from 1.",
    ]
    assert problems(b"address,order\nBlock A,1\nBlock B,1\n") == [
        "Line 3: route position 1 is also given on line 2."
    ]
    assert problems(b"address\nBlock A,extra\n") == [
        "Line 2: this line has 2 values but the header names 1 columns."
    ]
    assert problems(b"address,unit\n,Flat 1\n") == ["Line 2: the address is empty."]


@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_problems_never_a_crash(data):
    result = read_premises_csv(data)
    assert bool(result.rows) != bool(result.problems)
    for problem in result.problems:
        assert isinstance(problem, CsvProblem)
        assert problem.reason
        assert problem.line is None or problem.line >= 1
    matched, found = match_premises(result.rows, PLACES)
    assert all(isinstance(p, CsvProblem) and p.line >= 2 for p in found)
    assert not (matched and found)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Block A", "block b", " BLOCK  A ", "Twin", "x"]),
            st.one_of(st.none(), st.integers(1, 5)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_matched_lines_are_in_route_order_and_distinct(lines):
    body = "".join(f'"{a}",{"" if p is None else p}\n' for a, p in lines)
    result = read_premises_csv(f"address,route position\n{body}".encode())
    matched, _found = match_premises(result.rows, PLACES)
    positions = [m.route_position for m in matched if m.route_position is not None]
    assert positions == sorted(positions)
    assert len({(m.site, m.unit) for m in matched}) == len(matched)
