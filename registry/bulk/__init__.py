"""Loading the registry in bulk: a registry CSV or a generated population, by the million.

- `records`: what a load writes (persons, addresses, households) as plain records;
- `reading`: a registry CSV checked row by row into records;
- `rows`: records turned into table rows, with the models' own columns;
- `writer` and `modes`: the rows written in one transaction, the PostgreSQL or SQLite way;
- `load`: the two loads, `import_registry` and `write_households`.
"""

from registry.bulk.load import import_registry, write_households
from registry.bulk.records import RowError

__all__ = ["RowError", "import_registry", "write_households"]
