"""Time one conversation turn write (`ConversationStore.append`) on the configured database.

    python benchmarks/turn_write.py [--turns 200] [--threads 1] [--database-url URL]

Prints the median and p90 of `append` in milliseconds with the load average. The answer written has the
size of a typical cited answer (six citations, a 1,200-character text). With `--threads N` N threads of one
process append at once (as the HTTP service's worker threads do), each to its own conversations.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.catalog.conversations import ConversationStore
from assistant.catalog.database import Database
from assistant.models.answers import Answer, Citation
from assistant.models.questions import QuestionAnalysis, QuestionKind


def sample_answer(question: str) -> Answer:
    """A cited answer of typical size."""
    analysis = QuestionAnalysis(question=question, standalone=question, kind=QuestionKind.FINDING)
    quote = "The local authority worked with partners to reduce waiting lists for assessments. " * 2
    citations = [
        Citation(n=n, document=f"doc-{n}", title=f"Council {n} assessment", council=f"Council {n}",
                 section="Theme 1 > Assessing needs", quote=quote, start=100 * n, end=100 * n + len(quote),
                 source=f"corpus/doc-{n}.md")
        for n in range(1, 7)
    ]
    return Answer(answer="Waiting lists fell where councils pooled assessment staff. " * 20,
                  kind=QuestionKind.FINDING, refused=False, citations=citations, analysis=analysis)


def _writer(store: ConversationStore, answer: Answer, turns: int, timings: list[float]) -> None:
    conversation = store.new_id()
    for i in range(turns):
        new = i % 5 == 0
        if new:
            conversation = store.new_id()
        t0 = time.perf_counter()
        store.append(conversation, "key:bench", answer.analysis.question, answer, new=new)
        timings.append((time.perf_counter() - t0) * 1000)


def main() -> None:
    """Write `--turns` turns per thread into conversations of five turns each and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'catalog.sqlite3'}"
        database = Database.open(url)
        store = ConversationStore(database)
        answer = sample_answer("How did councils reduce waiting lists?")
        threads = [threading.Thread(target=_writer, args=(store, answer, args.turns, timings))
                   for _ in range(args.threads)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        database.close()
    timings.sort()
    load = os.getloadavg()
    print(f"turn write on {database.dialect}, {args.threads} thread(s): median {statistics.median(timings):.2f} ms, "
          f"p90 {timings[int(len(timings) * 0.9)]:.2f} ms over {len(timings)} turns, "
          f"{len(timings) / wall:.0f} turns/s (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")


if __name__ == "__main__":
    main()
