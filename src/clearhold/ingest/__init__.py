"""Pure ingest core: readers for police.uk CSV and mapped partner CSV/XLSX files, validation,
and the category taxonomy. Plain Python on pyarrow/numpy/pyproj/shapely; no Django import.

Data flows one way: files -> :func:`read_policeuk` / :func:`read_mapped` -> a
:class:`ReadResult` holding one columnar :class:`IncidentTable` of good rows plus a
:class:`RowError` for every refused row or file -> the incident store.
"""

from clearhold.ingest.errors import IngestError, RowError, problems_found
from clearhold.ingest.keys import row_keys
from clearhold.ingest.mapped import read_mapped
from clearhold.ingest.policeuk import read_policeuk
from clearhold.ingest.profiles import BUILTIN_PROFILES, MappingProfile
from clearhold.ingest.result import ReadResult
from clearhold.ingest.table import SCHEMA, IncidentTable, SourceFile
from clearhold.ingest.taxonomy import (
    DEFAULT_CAD_TYPE_MAP,
    POLICEUK_CRIME_TYPES,
    CadRule,
    CadTypeMap,
    Category,
)

__all__ = [
    "BUILTIN_PROFILES",
    "DEFAULT_CAD_TYPE_MAP",
    "POLICEUK_CRIME_TYPES",
    "SCHEMA",
    "CadRule",
    "CadTypeMap",
    "Category",
    "IncidentTable",
    "IngestError",
    "MappingProfile",
    "ReadResult",
    "RowError",
    "SourceFile",
    "problems_found",
    "read_mapped",
    "read_policeuk",
    "row_keys",
]
