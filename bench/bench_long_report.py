"""Extraction time of one long report against its length: it must grow linearly.

One report is made by repeating the bundled reports' lines up to each size (default 100k, 300k and
1,000,000 characters, the last one past spaCy's own length limit) and extracted once per size in this
process; the line printed per size is CPU seconds (the machine may be shared), microseconds per
character, which should stay flat, and the time ratio to the first size beside the size ratio.

    .venv/bin/python bench/bench_long_report.py [--sizes 100000 300000 1000000] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from fupin import resources
from fupin.builder import default_extractor
from fupin.extract.facts import Document


def long_text(chars: int) -> str:
    """The bundled reports' lines, repeated in order until the text has `chars` characters."""
    lines = [
        line
        for p in sorted(resources.folder("corpus").glob("*.txt"))
        for line in p.read_text("utf-8").splitlines()
    ]
    out: list[str] = []
    size = 0
    while size < chars:
        out.append(lines[len(out) % len(lines)])
        size += len(out[-1]) + 1
    return "\n".join(out)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    extractor = default_extractor()
    extractor.extract(Document("warm-up.txt", long_text(2_000)))
    rows = []
    for size in args.sizes:
        document = Document(f"long-{size}.txt", long_text(size))
        started = time.process_time()
        facts = extractor.extract(document)
        seconds = time.process_time() - started
        first = rows[0] if rows else {"chars": size, "cpu_seconds": seconds}
        rows.append({
            "chars": size, "cpu_seconds": round(seconds, 2), "facts": len(facts.facts),
            "size_ratio": round(size / first["chars"], 2),
            "time_ratio": round(seconds / first["cpu_seconds"], 2),
        })  # fmt: skip
        row = rows[-1]
        print(
            f"{size:>9} chars {seconds:7.1f} CPU s {1e6 * seconds / size:6.1f} µs/char {row['facts']} facts; "
            f"size x{row['size_ratio']}, time x{row['time_ratio']}"
        )
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
