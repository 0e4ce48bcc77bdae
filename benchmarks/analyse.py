"""Question-analysis latency with many loaded councils (rules only, no data needed).

    .venv/bin/python benchmarks/analyse.py --councils 300 --repeat 3

Councils: the English council list (as "<place> Council") topped up with synthetic place names, so
matching works against a realistic number of aliases. Questions: the dev set plus misspellings,
initials, short county forms and councils that are not loaded. The first pass (cache build) is timed
separately; later passes are the steady state a serving process sees.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation.metrics import percentile  # noqa: E402
from assistant.understand.analyse import analyse  # noqa: E402
from assistant.understand.lexicon import ENGLISH_COUNCILS  # noqa: E402

_SYNTHETIC = """Ashcombe Barrowfield Beckford Birchley Blackmere Bramwell Brookhurst Burnside Calderton Chalkbury
Chesterwick Clayfield Coldharbour Cranbourne Dalesworth Deepdale Dunmere Eastbrook Elmsworth Fairhaven Fenwick
Fernleigh Foxley Glenfield Goldthorpe Greystone Hallowmere Harrowgate Hartwell Hazelbury Heathfield Highmoor
Hollinsworth Ironbridge Kestrel Kingsmere Larkhill Leafield Lindenshaw Longmarsh Lowther Maplebury Marshfield
Meadowbank Millbrook Moorcroft Netherby Newholme Northwick Oakhampton Oldcastle Ormsby Otterburn Pebbleton
Pennington Queensbury Ravenscar Redhill Ridgeway Riverton Rookwood Rosedale Saltmarsh Sandford Seacombe
Shelbourne Silverdale Southmoor Springfield Stanmore Stoneleigh Summerhill Sutherby Thornbury Thornwick
Underwood Upperton Valebridge Wakeley Walbrook Waterside Wayford Westbury Whitcombe Whitmoor Wildmoor Willowby
Windermere Woodhall Wrenfield Yarrowby Alderholt Ambleside Applewick Ashby Aylesford Bakewell Banbury Barnstaple
Bedale Belper Beverley Bideford Bingham Bourne Brampton Bridport Brigg Buxton Caistor Camborne Carnforth Chard
Cheadle Clitheroe Cromer Crowland Dartmouth Dereham Diss Dorking Driffield Dursley Ely Epworth Evesham Falmouth
Fakenham Frome Gainsborough Glossop Goole Grantham Halesworth Haltwhistle Harleston Hexham Holbeach Honiton
Hunstanton Ilkley Kendal Keswick Kirkby Launceston Ledbury Leek Louth Ludlow"""

EXTRA = [
    "What did north lincolnshre score on safeguarding?",
    "safeguarding score for Derbby",
    "What was NLC's indicative score for learning, improvement and innovation?",
    "How did North Lincs do on equity?",
    "What CQC rating did Nottinghamshire County Council get?",
    "Compare Derby and North Lincolnshire on waiting lists for care act assessments",
    "How does the council make sure people get timely reviews and what did inspectors find about it?",
]


def councils(n: int) -> list[str]:
    """n canonical council names: real English places first, then synthetic ones."""
    names = [f"{p} Council" for p in ENGLISH_COUNCILS if p != "Newcastle"]
    names += ["Derby City Council", "North Lincolnshire Council", "Leicester City Council",
              "Leicestershire County Council"]
    names += [f"{p} District Council" for p in _SYNTHETIC.split()]
    return list(dict.fromkeys(names))[:n]


def main() -> None:
    """Time analyse() over the question set against n loaded councils."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--councils", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--questions", default="/work/shared/eval/dev_questions.jsonl")
    args = ap.parse_args()
    loaded = councils(args.councils)
    qs = [json.loads(line)["question"] for line in Path(args.questions).read_text().splitlines() if line.strip()]
    qs += EXTRA
    t0 = time.perf_counter()
    analyse(qs[0], [], loaded)
    first = (time.perf_counter() - t0) * 1000
    times: list[float] = []
    for _ in range(args.repeat):
        for q in qs:
            t = time.perf_counter()
            analyse(q, [], loaded)
            times.append((time.perf_counter() - t) * 1000)
    print(f"councils={len(loaded)} questions={len(qs)} first_call_ms={first:.1f} "
          f"p50_ms={percentile(times, 50):.2f} p95_ms={percentile(times, 95):.2f} max_ms={max(times):.2f}")


if __name__ == "__main__":
    main()
