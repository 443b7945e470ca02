import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
REPO = TOOLS.parent
DATA = REPO / "data"          # ARC tasks, magictour_top1465, official vectors (data/README.md)
OFFICIAL = DATA / "vectors" / "official-trm"

sys.path.insert(0, str(TOOLS))
