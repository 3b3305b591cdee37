"""Errors are typed and carry their facts: branch on the class and the attributes, not the text.

python examples/04_errors.py [--out out/04]
"""

import argparse
import json
from pathlib import Path

import pymupdf

from model.errors import ConfigError, DocumentError, EncryptedDocument
from tools.pdf import extract_tables

SAMPLES = Path(__file__).parent / "samples"

ap = argparse.ArgumentParser()
ap.add_argument("--out", type=Path, default=Path("out/04"))
out = ap.parse_args().out
out.mkdir(parents=True, exist_ok=True)

locked = out / "locked.pdf"  # an encrypted copy of a sample
with pymupdf.open(SAMPLES / "quarterly.pdf") as src:
    src.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")

seen = []
for path, options in [
    (locked, {}),
    (locked, {"password": "s3cret"}),
    (Path(__file__), {}),
    (SAMPLES / "quarterly.pdf", {"pages": "3-1"}),
]:
    try:
        doc = extract_tables(path, **options)
        seen.append({"path": str(path), "tables": len(doc.tables)})
    except EncryptedDocument as exc:  # a subclass of DocumentError: catch the narrow one first
        seen.append({"path": exc.path, "error": "EncryptedDocument", "reason": exc.reason})
    except DocumentError as exc:
        seen.append({"path": exc.path, "error": type(exc).__name__, "reason": exc.reason})
    except ConfigError as exc:  # also a ValueError
        seen.append({"path": str(path), "error": "ConfigError", "argument": exc.name, "message": str(exc)})

for entry in seen:
    print(entry)
(out / "errors.json").write_text(json.dumps(seen, indent=1), encoding="utf-8")
print(f"wrote {out / 'errors.json'}")
