"""PDQ matching: Meldpunt's index against faiss, python-threatexchange and brute force.

Run: python benchmarks/matching.py [--sizes 1000000 10000000] [--queries 10000] [--threads 2]

For each size: random 256-bit hashes, with near-duplicates of half the queries planted at
distances 0..31 (the other half match nothing). Every engine is built and queried in this
process, one after the other. Reported per engine: build time, memory (resident growth while
it is held), lookups/s at threshold 31, and recall:

- "planted" recall: every planted copy must come back, checked for all queries;
- "exact" agreement: the full answer equals faiss IndexBinaryFlat's (an exhaustive scan) on a
  subset of queries, so copies that happen to fall near a query by chance count too.

Slow engines are timed on a subset of the queries (shown as "timed on"); their rate is still a
rate. faiss and threatexchange get the same thread count as Meldpunt (OpenMP).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from meldpunt.core.matching.index import PdqIndex
from meldpunt.core.matching.words import distances

THRESHOLD = 31


def resident_bytes() -> int:
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def flip(words: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    bits = np.unpackbits(words.view(np.uint8))
    bits[rng.choice(256, size=count, replace=False)] ^= 1
    return np.packbits(bits).view(np.uint64)


def dataset(size: int, queries: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[set[int]]]:
    """Stored hashes (size, 4), queries (queries, 4), and the planted positions per query."""
    rng = np.random.default_rng(seed)
    words = rng.integers(0, 2**64 - 1, size=(size, 4), dtype=np.uint64, endpoint=True)
    asked = rng.integers(0, 2**64 - 1, size=(queries, 4), dtype=np.uint64, endpoint=True)
    planted: list[set[int]] = [set() for _ in range(queries)]
    spots = rng.choice(size, size=2 * queries, replace=False)
    for number in range(0, queries, 2):  # every second query gets two copies planted
        for spot in spots[2 * number : 2 * number + 2]:
            words[spot] = flip(asked[number], int(rng.integers(0, THRESHOLD + 1)), rng)
            planted[number].add(int(spot))
    return words, asked, planted


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


class Engine:
    """One contender: build over the stored hashes, answer a batch with sets of positions."""

    name = ""
    subset: int | None = None  # queries timed; None means all

    def build(self, words: np.ndarray) -> None:
        raise NotImplementedError

    def query(self, asked: np.ndarray) -> list[set[int]]:
        raise NotImplementedError


class Meldpunt(Engine):
    def __init__(self, threads: int) -> None:
        self.name = f"meldpunt MIH ({threads} thr)"
        self.threads = threads

    def build(self, words):
        self.index = PdqIndex.from_arrays(np.arange(len(words), dtype=np.int64), words)

    def query(self, asked):
        found = self.index.search_batch([row.tobytes() for row in asked], THRESHOLD, self.threads)
        return [{m.entry_id for m in matches} for matches in found]


class FaissFlat(Engine):
    name = "faiss IndexBinaryFlat"

    def __init__(self, subset: int) -> None:
        self.subset = subset

    def build(self, words):
        import faiss

        self.index = faiss.IndexBinaryFlat(256)
        self.index.add(words.view(np.uint8).reshape(-1, 32))

    def query(self, asked):
        limits, _, labels = self.index.range_search(
            asked.view(np.uint8).reshape(-1, 32), THRESHOLD + 1
        )
        return [set(labels[limits[i] : limits[i + 1]].tolist()) for i in range(len(asked))]


class ThreatExchange(Engine):
    name = "threatexchange PDQIndex"

    def __init__(self, subset: int) -> None:
        self.subset = subset

    def build(self, words):
        from threatexchange.signal_type.pdq.pdq_index import PDQIndex

        hexes = [row.tobytes().hex() for row in words]
        self.index = PDQIndex(zip(hexes, range(len(hexes)), strict=True))

    def query(self, asked):
        # The batch call below the per-hash PDQIndex.query (one faiss call for all queries).
        hexes = [row.tobytes().hex() for row in asked]
        found = self.index.index.search_with_distance_in_result(hexes, THRESHOLD)
        return [{self.index.local_id_to_entry[hit[0]][1] for hit in found[h]} for h in hexes]


class BruteForce(Engine):
    name = "brute force (numpy)"

    def __init__(self, subset: int) -> None:
        self.subset = subset

    def build(self, words):
        self.words = words

    def query(self, asked):
        return [set(np.nonzero(distances(self.words, q) <= THRESHOLD)[0].tolist()) for q in asked]


def run(size: int, queries: int, threads: int, engines: list[Engine]) -> None:
    print(
        f"\n== {size:,} stored hashes, {queries:,} queries, "
        f"threshold {THRESHOLD}, {threads} threads =="
    )
    words, asked, planted = dataset(size, queries, seed=size % 1000 + 1)
    truth_subset = min(queries, 200)
    print(
        f"{'engine':<28}{'build s':>9}{'memory MB':>11}{'timed on':>10}{'lookups/s':>11}"
        f"{'planted':>9}{'exact':>7}"
    )
    rates, rows, answers = {}, [], {}
    for engine in engines:
        before = resident_bytes()
        build_seconds, _ = timed(lambda e=engine: e.build(words))
        memory = (resident_bytes() - before) / 2**20
        count = engine.subset or queries
        seconds, found = timed(lambda e=engine, c=count: e.query(asked[:c]))
        rates[engine.name] = count / seconds
        planted_found = sum(len(planted[i] & found[i]) for i in range(count))
        recall = planted_found / sum(len(planted[i]) for i in range(count))
        answers[engine.name] = found[:truth_subset]
        rows.append((engine.name, build_seconds, memory, count, recall))
        del found
        engine.__dict__.pop("index", None)
        engine.__dict__.pop("words", None)
    truth = answers[FaissFlat.name]
    for name, build_seconds, memory, count, recall in rows:
        compared = min(len(truth), count)
        agree = "yes" if answers[name][:compared] == truth[:compared] else "NO"
        print(
            f"{name:<28}{build_seconds:>9.1f}{memory:>11.0f}{count:>10,}{rates[name]:>11,.0f}"
            f"{recall:>9.2%}{agree:>7}"
        )
    ours = rates[engines[0].name]
    for name, rate in rates.items():
        if name != engines[0].name:
            print(f"meldpunt is {ours / rate:,.1f}x {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-threatexchange", action="store_true")
    args = parser.parse_args()
    import faiss

    faiss.omp_set_num_threads(args.threads)
    for size in args.sizes:
        scale = max(1, size // 1_000_000)
        engines: list[Engine] = [Meldpunt(args.threads), FaissFlat(max(200, 2000 // scale))]
        if args.threads > 1:
            engines.insert(1, Meldpunt(1))
        if not args.skip_threatexchange:
            engines.append(ThreatExchange(min(args.queries, 10_000 // scale)))
        engines.append(BruteForce(max(20, 200 // scale)))
        run(size, args.queries, args.threads, engines)


if __name__ == "__main__":
    main()
