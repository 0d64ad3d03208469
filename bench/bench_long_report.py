"""Extraction time of one long report against its length: it must grow linearly.

One report is made by repeating the bundled reports' lines up to each size (default 100k, 300k and
1,000,000 characters, the last one past spaCy's own length limit) and extracted once per size in this
process; the line printed per size is CPU seconds (the machine may be shared), microseconds per
character, which should stay flat, and the time ratio to the first size beside the size ratio; a
ratio line per size then gives its µs/char against the first size's, measured in the same run (1.00
is linear).

    .venv/bin/python bench/bench_long_report.py [--sizes 100000 300000 1000000] [--out FILE.json]

Writes bench/results/long_report.json unless --out names another file.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from fupin import resources
from fupin.builder import default_extractor
from fupin.extract.facts import Document

RESULTS = Path(__file__).resolve().parent / "results" / "long_report.json"


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
    parser.add_argument("--out", type=Path, default=RESULTS)
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
            "us_per_char": round(1e6 * seconds / size, 2),
            "size_ratio": round(size / first["chars"], 2),
            "time_ratio": round(seconds / first["cpu_seconds"], 2),
            "per_char_ratio": round((seconds / size) / (first["cpu_seconds"] / first["chars"]), 2),
        })  # fmt: skip
        row = rows[-1]
        print(
            f"{size:>9} chars {seconds:7.1f} CPU s {1e6 * seconds / size:6.1f} µs/char {row['facts']} facts; "
            f"size x{row['size_ratio']}, time x{row['time_ratio']}"
        )
    base = rows[0]
    for row in rows[1:]:
        print(
            f"ratio: {row['chars']} chars {row['us_per_char']} µs/char vs {base['chars']} chars "
            f"{base['us_per_char']} µs/char = {row['per_char_ratio']:.2f} (1.00 is linear)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
