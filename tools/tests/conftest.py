import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
REPO = TOOLS.parent
SHARED = REPO.parent / "shared" / "data"
OFFICIAL = SHARED / "vectors" / "official-trm"

sys.path.insert(0, str(TOOLS))
