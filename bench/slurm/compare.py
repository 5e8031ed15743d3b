#!/usr/bin/env python3
"""Whether two genre catalogues hold the same collection: every table's rows, compared as sets,
leaving out what legitimately differs between runs (the `run` log, `setting`, and the columns
that record when something happened). Exit status 0 when equal; otherwise prints what differs."""
import sqlite3
import sys

# Columns that say when, not what.
VOLATILE = {"analysed_at", "checked_at", "created_at"}
SKIP_TABLES = {"run", "setting", "sqlite_sequence", "grdb_migrations"}


def rows(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if t not in SKIP_TABLES]
    out = {}
    for t in sorted(tables):
        cols = [c[1] for c in db.execute(f"PRAGMA table_info({t})") if c[1] not in VOLATILE]
        out[t] = (cols, set(db.execute(f"SELECT {', '.join(cols)} FROM {t}")))
    return out


a, b = rows(sys.argv[1]), rows(sys.argv[2])
same = True
for t in sorted(set(a) | set(b)):
    if t not in a or t not in b:
        print(f"table {t} only in {'the first' if t in a else 'the second'}")
        same = False
        continue
    (cols, ra), (_, rb) = a[t], b[t]
    if ra != rb:
        same = False
        print(f"{t}: {len(ra - rb)} rows only in {sys.argv[1]}, {len(rb - ra)} only in {sys.argv[2]}")
        for r in sorted(ra ^ rb, key=repr)[:4]:
            print("   ", dict(zip(cols, (str(v)[:60] for v in r))))
    else:
        print(f"  {t}: {len(ra)} rows, equal")
print("merged catalogue equals the one-machine index" if same else "catalogues DIFFER")
sys.exit(0 if same else 1)
