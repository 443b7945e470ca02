"""
Put a checkpoint split by tools/gpu/split_checkpoint.py back together, checking every sha256.

  /usr/bin/python3 tools/gpu/join_checkpoint.py OUT_DIR [DEST]      # DEST defaults to OUT_DIR/ckpt.pt

Then export it as usual:
  /usr/bin/python3 tools/export_onnx.py --checkpoint OUT_DIR/ckpt.pt --out models/NAME
"""

import hashlib
import json
import os
import sys


def join(in_dir, dest=None, name="ckpt.pt"):
    with open(os.path.join(in_dir, f"{name}.index.json")) as f:
        index = json.load(f)
    whole = hashlib.sha256()
    chunks = []
    for part in index["parts"]:
        with open(os.path.join(in_dir, part["name"]), "rb") as f:
            chunk = f.read()
        if len(chunk) != part["bytes"] or hashlib.sha256(chunk).hexdigest() != part["sha256"]:
            raise SystemExit(f"{part['name']}: size or sha256 does not match the index (incomplete copy?)")
        whole.update(chunk)
        chunks.append(chunk)
    if whole.hexdigest() != index["sha256"]:
        raise SystemExit("the joined checkpoint does not match the index's sha256")
    dest = dest or os.path.join(in_dir, index["file"])
    tmp = dest + ".tmp"
    with open(tmp, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
    os.replace(tmp, dest)
    return dest, index["bytes"]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not 1 <= len(argv) <= 2 or argv[0].startswith("-"):
        raise SystemExit(__doc__)
    dest, n = join(argv[0], argv[1] if len(argv) > 1 else None)
    print(f"wrote {dest} ({n} bytes)")


if __name__ == "__main__":
    sys.exit(main())
