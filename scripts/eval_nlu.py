"""Evaluate the trained NLU model (Rasa env).

Reports per-label precision/recall (own and blind files apart), in-scope intent accuracy, FAQ topic
accuracy, out-of-scope recall, the out-of-scope rejection rate on CLINC150 oos_test and the
p50/p95 parse latency. Exits non-zero when a threshold is missed.

    .venv-rasa/bin/python scripts/eval_nlu.py [--model models/] [--heldout FILE ...] [--final]

Every held-out file is scored on its own, then our own files (written by the people who wrote
the training data) and the blind files (written from tests/nlu/LABELS.md only) as two groups,
with the gap between them. Misclassified texts are listed for our own files only; for blind
files only which labels were confused, so reading the report never teaches us a blind row.
A threshold missed on any file fails. `heldout_blind_final3.tsv` is
kept untouched: it is scored only with `--final`, once, at the end of a round.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasa.core.agent import Agent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # custom components (nlu.components) and textkit
REJECT = {"out_of_scope", "nlu_fallback"}
THRESHOLDS = {
    "in_scope_accuracy": 0.95,
    "oos_recall": 0.90,
    "complaint_recall": 0.95,
    "clinc_oos_rejection": 0.90,
}
FINAL = "heldout_blind_final3.tsv"


def read_tsv(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label.strip(), text.strip()))
    return rows


def label_of(parsed: dict[str, Any]) -> str:
    """The predicted label; FAQ as faq/<topic> from the response selector."""
    intent = str((parsed.get("intent") or {}).get("name") or "nlu_fallback")
    if intent != "faq":
        return intent
    key = (
        parsed.get("response_selector", {})
        .get("faq", {})
        .get("response", {})
        .get("intent_response_key")
        or "faq"
    )
    return str(key)


def coarse(label: str) -> str:
    return "faq" if label.startswith("faq") else label


async def parse_all(agent: Agent, texts: list[str]) -> tuple[list[str], list[float]]:
    labels: list[str] = []
    latencies: list[float] = []
    for text in texts:
        start = time.perf_counter()
        parsed = await agent.parse_message(text)
        latencies.append((time.perf_counter() - start) * 1000)
        labels.append(label_of(parsed))
    return labels, latencies


def per_label_report(gold: list[str], pred: list[str]) -> list[str]:
    lines = [f"{'label':40s} {'prec':>6s} {'rec':>6s} {'n':>4s}"]
    for label in sorted(set(map(coarse, gold))):
        pairs = zip(gold, pred, strict=True)
        tp = sum(1 for g, p in pairs if coarse(g) == label and coarse(p) == label)
        predicted = sum(1 for p in pred if coarse(p) == label)
        support = sum(1 for g in gold if coarse(g) == label)
        precision = tp / predicted if predicted else 0.0
        lines.append(f"{label:40s} {precision:6.3f} {tp / support:6.3f} {support:4d}")
    return lines


def in_scope_scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    pairs = [(g, p) for g, p in zip(gold, pred, strict=False) if g != "out_of_scope"]
    oos = [p for g, p in zip(gold, pred, strict=False) if g == "out_of_scope"]
    faq = [(g, p) for g, p in pairs if g.startswith("faq/")]
    complaints = [p for g, p in pairs if g == "file_complaint"]
    return {
        "in_scope_accuracy": sum(coarse(g) == coarse(p) for g, p in pairs) / len(pairs),
        "faq_topic_accuracy": sum(g == p for g, p in faq) / max(len(faq), 1),
        "oos_recall": sum(p in REJECT for p in oos) / max(len(oos), 1),
        "complaint_recall": sum(p == "file_complaint" for p in complaints)
        / max(len(complaints), 1),
    }


def latest_model(path: Path) -> Path:
    if path.is_file():
        return path
    models = sorted(path.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit(f"no model in {path}; train first")
    return models[-1]


def is_miss(label: str, predicted: str) -> bool:
    return coarse(label) != coarse(predicted) or (label.startswith("faq/") and label != predicted)


def is_blind(name: str) -> bool:
    return name.startswith("heldout_blind")


def report_misses(files: dict[str, list[tuple[str, str]]], pred: list[str]) -> None:
    """Misses of our own files with their texts; of blind files only which labels were
    confused, so that reading the report never teaches us a blind row."""
    print("\nmisclassified held-out examples (own files):")
    confusion: Counter[tuple[str, str]] = Counter()
    start = 0
    for name, rows in files.items():
        for (label, text), p in zip(rows, pred[start : start + len(rows)], strict=True):
            if is_miss(label, p) and is_blind(name):
                confusion[(label, p)] += 1
            elif is_miss(label, p):
                print(f"  {label:34s} -> {p:34s} {text}")
        start += len(rows)
    if confusion:
        print("\nblind files, confused labels (gold -> predicted: count; texts not shown):")
        for (label, p), count in confusion.most_common():
            print(f"  {label:34s} -> {p:34s} {count}")


def print_scores(title: str, scores: dict[str, float]) -> None:
    print(f"\n{title}")
    for key, value in scores.items():
        print(f"  {key:22s} {value:.3f}")


def below_threshold(scores: dict[str, float]) -> set[str]:
    return {k for k, v in THRESHOLDS.items() if k in scores and scores[k] < v}


def score_each_file(files: dict[str, list[tuple[str, str]]], pred: list[str]) -> set[str]:
    """Print each held-out file's scores (predictions are in file order), then own vs blind."""
    failed: set[str] = set()
    start = 0
    groups: dict[str, tuple[list[str], list[str]]] = {"own": ([], []), "blind": ([], [])}
    for name, rows in files.items():
        end = start + len(rows)
        gold = [label for label, _ in rows]
        scores = in_scope_scores(gold, pred[start:end])
        failed |= below_threshold(scores)
        print_scores(f"{name} (n={len(rows)})", scores)
        group = groups["blind" if is_blind(name) else "own"]
        group[0].extend(gold)
        group[1].extend(pred[start:end])
        start = end
    print_group_gap(groups)
    return failed


def print_group_gap(groups: dict[str, tuple[list[str], list[str]]]) -> None:
    """Own files measure our habits; blind files measure citizens. Show both and the gap."""
    scored = {name: in_scope_scores(*pair) for name, pair in groups.items() if pair[0]}
    for name, scores in scored.items():
        print(f"\nper label, {name} files:")
        print("\n".join(per_label_report(*groups[name])))
        print_scores(f"{name} files together (n={len(groups[name][0])})", scores)
    if len(scored) == 2:
        gap = {key: scored["own"][key] - scored["blind"][key] for key in scored["own"]}
        print_scores("gap own - blind", gap)


def quiet_parse_logs() -> None:
    """Rasa's structlog prints every parsed text at debug level; a blind row must not be
    shown, so only warnings and errors get through."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


async def main(args: argparse.Namespace) -> int:
    from rasa.core.agent import Agent

    quiet_parse_logs()

    agent = Agent.load(str(latest_model(Path(args.model))))
    files = {Path(name).name: read_tsv(Path(name)) for name in args.heldout}
    rows = [row for file_rows in files.values() for row in file_rows]
    pred, latencies = await parse_all(agent, [text for _, text in rows])
    clinc_rows = read_tsv(Path(args.clinc))
    clinc_pred, clinc_lat = await parse_all(agent, [text for _, text in clinc_rows])
    gold = [label for label, _ in rows]
    report_misses(files, pred)
    print(
        "\nCLINC150 oos predicted in scope:",
        Counter(p for p in clinc_pred if p not in REJECT).most_common(8),
    )
    failed = score_each_file(files, pred)
    scores = in_scope_scores(gold, pred)
    scores["clinc_oos_rejection"] = sum(p in REJECT for p in clinc_pred) / len(clinc_pred)
    all_lat = latencies + clinc_lat
    scores["p50_latency_ms"] = statistics.median(all_lat)
    scores["p95_latency_ms"] = statistics.quantiles(all_lat, n=20)[18]
    failed |= below_threshold(scores)
    print_scores(f"all held-out files (n={len(rows)}) + CLINC oos (n={len(clinc_rows)})", scores)
    if failed:
        print("BELOW THRESHOLD:", ", ".join(sorted(failed)))
        return 1
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models"))
    parser.add_argument(
        "--heldout",
        nargs="+",
        default=sorted(
            str(path) for path in (ROOT / "tests/nlu").glob("heldout*.tsv") if path.name != FINAL
        ),
    )
    parser.add_argument("--final", action="store_true", help=f"also score {FINAL} (once)")
    parser.add_argument("--clinc", default=str(ROOT.parent / "shared/eval/clinc150_oos_test.tsv"))
    arguments = parser.parse_args()
    if arguments.final:
        arguments.heldout.append(str(ROOT / "tests/nlu" / FINAL))
    sys.exit(asyncio.run(main(arguments)))
