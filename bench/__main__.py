"""`python -m bench` (`make bench`): the surge harness. Prints one table; asserts nothing.

Time compression: the queue runs COMPRESSION times faster than life (arrivals ×12, a 4-minute
handling time lasts 20 s, the 60 s answer target is 5 s), while messages keep their real pace (one
every ~10 s from each side), so the stack carries the message rate of the real desk and a conversation
holds one to three messages a side. Waits are printed in real seconds (measured × COMPRESSION).
Each run gets a fresh stack process; the load comes from this process.
"""
from __future__ import annotations

import argparse
import asyncio
import os
from dataclasses import dataclass

from bench.baseline_load import baseline_pairs, baseline_probe
from bench.probe import ProbeResult, messaging_probe, stored_conversation
from bench.stack_process import StackProcess, difference
from bench.surge import Ledger, Scenario, run_capacity, run_scenario
from chalicelib.domain.staffing import share_answered_within

COMPRESSION = 12
SLOTS_PER_OFFICER = 3  # GUICHET_AGENT_CAPACITY
MEAN_HANDLING_S = 240 / COMPRESSION
TARGET_S = 60 / COMPRESSION
NORMAL_ARRIVALS_PER_S = 9 / MEAN_HANDLING_S  # a normal day offers 9 erlangs (a quarter of 12 officers' slots)


@dataclass
class Row:
    """One line of the table."""

    name: str
    officers: int | str
    arrivals: str
    to_officer: list[float]
    to_citizen: list[float]
    waits: str = ""
    within: str = ""
    accounting: str = ""
    double: str = ""
    faults: str = ""


def pct(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def triple(values: list[float]) -> str:
    if not values:
        return "—"
    return "/".join(f"{pct(values, f) * 1000:.0f}" for f in (0.5, 0.95, 0.99))


def scenarios(quick: bool) -> list[Scenario]:
    window = 12.0 if quick else 20.0
    runs = []
    for name, factor in (("normal day", 1), ("curfew ×2", 2), ("lockdown ×10", 10)):
        for officers in (12, 36):
            runs.append(Scenario(f"{name}", officers, NORMAL_ARRIVALS_PER_S * factor, window, MEAN_HANDLING_S, seed=officers + factor))
    return runs


def accounting(ledger: Ledger, stack: StackProcess) -> tuple[str, int, bool]:
    """sent = acknowledged = stored = delivered (messages refused as sent after a close are left out)."""
    keys = [k for k in ledger.sent_at if k not in ledger.refused]
    acked = [k for k in keys if ledger.acked.get(k)]
    inconsistent = sum(1 for k in keys if len(ledger.acked.get(k, ())) > 1)
    conversations = sorted({ledger.conversation_of[k] for k in keys})
    stored_per = stack.stored(conversations) if conversations else {}
    expected_per: dict[str, int] = {}
    for k in acked:
        expected_per[ledger.conversation_of[k]] = expected_per.get(ledger.conversation_of[k], 0) + 1
    stored = sum(stored_per.values())
    delivered = sum(len(ledger.delivered.get(c, ())) for c in conversations)
    ok = len(keys) == len(acked) == stored == delivered and inconsistent == 0
    text = f"{len(keys)}={len(acked)}={stored}={delivered}" if ok else f"{len(keys)}/{len(acked)}/{stored}/{delivered} ✗"
    if inconsistent:
        text += f" ({inconsistent} acks disagree)"
    return text, sum(1 for officers in ledger.assigned.values() if len(officers) > 1), ok


async def scenario_row(scenario: Scenario, port: int, throttle: float) -> Row:
    stack = StackProcess(port, throttle_share=throttle)
    try:
        ledger = Ledger()
        before = stack.counts()
        await run_scenario(stack.ws_url, stack.login, scenario, ledger)
        spent = difference(stack.counts(), before)
        books, double, _ = accounting(ledger, stack)
    finally:
        stack.stop()
    waits = list(ledger.waits_s.values())
    answered = [w for w in waits if w is not None]
    within = sum(1 for w in answered if w <= TARGET_S) / len(waits) if waits else float("nan")
    predicted = share_answered_within(TARGET_S, scenario.arrivals_per_s, scenario.mean_handling_s, scenario.officers * SLOTS_PER_OFFICER)
    real = [w * COMPRESSION for w in answered]
    unanswered = len(waits) - len(answered)
    throttled = spent["throttle"]["throttled"]
    return Row(
        scenario.name,
        scenario.officers,
        f"{len(waits)} ({scenario.arrivals_per_s * 3600 / COMPRESSION:.0f}/h)",
        ledger.live_latency_s["citizen"],
        ledger.live_latency_s["agent"],
        waits=f"{pct(real, 0.5):.0f}/{pct(real, 0.95):.0f}" + (f" +{unanswered} gave up" if unanswered else ""),
        within=f"{within:.0%} / {predicted:.0%}",
        accounting=books,
        double=str(double),
        faults=f"{ledger.resumes} res, {ledger.officer_returns} back, {ledger.duplicates} dup, {throttled} thr"
        + (f", {len(ledger.dropped_sockets)} DROPPED" if ledger.dropped_sockets else "")
        + (f", {len(ledger.errors)} errors: {sorted(set(ledger.errors))[:3]}" if ledger.errors else ""),
    )


async def capacity_rows(port: int, measure_s: float, officers: int, waiting: int) -> tuple[list[Row], ProbeResult, str]:
    stack = StackProcess(port)
    try:
        quiet = await messaging_probe(stack, "superviseur", 20)
        ledger = Ledger()
        await run_capacity(stack.ws_url, stack.login, ledger, officers, SLOTS_PER_OFFICER, waiting, measure_s)
        books, double, books_ok = accounting(ledger, stack)
    finally:
        stack.stop()
    quiet_p50 = pct(quiet.latencies_s, 0.5)
    loaded = ledger.live_latency_s["citizen"] + ledger.live_latency_s["agent"]
    p99 = pct(loaded, 0.99)
    held = not ledger.dropped_sockets and books_ok and double == 0 and p99 <= 3 * quiet_p50
    verdict = (
        f"capacity verdict: {'HOLDS' if held else 'DOES NOT HOLD'} — {officers} officers × {SLOTS_PER_OFFICER} conversations + "
        f"{waiting} waiting, {len(ledger.dropped_sockets)} sockets dropped, accounting {'equal' if books_ok else 'NOT equal'}, "
        f"delivery p99 {p99 * 1000:.0f} ms vs 3 × quiet p50 = {3 * quiet_p50 * 1000:.0f} ms"
    )
    rows = [
        Row("quiet (same stack)", 1, "1 conv., 20 msgs each way", quiet.latencies_s[0::2], quiet.latencies_s[1::2], accounting="—"),
        Row(
            f"capacity {measure_s:.0f} s",
            officers,
            f"{officers * SLOTS_PER_OFFICER} chatting + {waiting} waiting",
            ledger.live_latency_s["citizen"],
            ledger.live_latency_s["agent"],
            accounting=books,
            double=str(double),
            faults=f"{len(ledger.dropped_sockets)} dropped" + (f", errors {sorted(set(ledger.errors))[:3]}" if ledger.errors else ""),
        ),
    ]
    return rows, quiet, verdict


async def baseline_rows(port: int, pairs: int, measure_s: float) -> tuple[list[Row], ProbeResult]:
    stack = StackProcess(port, app="baseline")
    try:
        probe = await baseline_probe(stack, 20)
        latencies, sent, received, dropped = await baseline_pairs(stack, pairs, measure_s)
    finally:
        stack.stop()
    return [
        Row("baseline quiet", "—", "1 pair, 20 msgs each way", probe.latencies_s[0::2], probe.latencies_s[1::2], accounting="—"),
        Row(
            f"baseline capacity {measure_s:.0f} s",
            "—",
            f"{pairs} pairs",
            latencies["citizen"],
            latencies["agent"],
            accounting=f"sent {sent}, delivered {received}",
            faults=f"{len(dropped)} dropped",
        ),
    ], probe


async def stored_costs(port: int, counts: list[int]) -> list[tuple[int, ProbeResult]]:
    """Per-message cost and quiet latency with more and more conversations already stored."""
    stack = StackProcess(port)
    results = []
    try:
        source = await stored_conversation(stack, "agent2")
        stored = 1
        for target in counts:
            if target > stored:
                stack.clone(source, target - stored)
                stored = target
            results.append((target, await messaging_probe(stack, "agent3", 10)))
    finally:
        stack.stop()
    return results


def per_message(probe: ProbeResult) -> str:
    ops = ", ".join(f"{op} {n / probe.messages:.2g}" for op, n in sorted(probe.dynamodb.items()))
    return f"{probe.per_message(probe.dynamodb):.2f} DynamoDB ({ops}), {probe.per_message(probe.invocations):.2f} invocations"


def render(rows: list[Row], ratio: str, costs: list[str], verdict: str, notes: list[str]) -> str:
    header = ["run", "officers", "citizens", "citizen→officer p50/95/99 ms", "officer→citizen p50/95/99 ms",
              "wait p50/p95 s (real)", "≤60 s: measured / Erlang C", "sent=acked=stored=delivered", "double", "faults"]
    table = [header] + [
        [r.name, str(r.officers), r.arrivals, triple(r.to_officer), triple(r.to_citizen), r.waits, r.within, r.accounting, r.double, r.faults]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=False)).rstrip() for line in table]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join([*lines, "", ratio, *costs, verdict, "", *notes])


async def main_async(args: argparse.Namespace) -> str:
    port = args.port

    def at(offset: int) -> int:
        return port + offset if port else 0

    rows: list[Row] = []
    for n, scenario in enumerate(scenarios(args.quick)):
        rows.append(await scenario_row(scenario, at(n), args.throttle))
    capacity, quiet, verdict = await capacity_rows(at(10), args.measure, args.officers, args.waiting)
    rows += capacity
    baseline, baseline_quiet = await baseline_rows(at(11), args.officers * SLOTS_PER_OFFICER, args.measure)
    rows += baseline
    g = capacity[1].to_officer + capacity[1].to_citizen
    b = baseline[1].to_officer + baseline[1].to_citizen
    ratio = "capacity traffic, Guichet / baseline relay, delivery latency (both ways): " + "  ".join(
        f"p{int(f * 100)} {pct(g, f) / pct(b, f):.2f}×" for f in (0.5, 0.95, 0.99)
    )
    stored = await stored_costs(at(12), args.stored)
    costs = [f"per chat message, Guichet quiet: {per_message(quiet)}", f"per chat message, baseline relay: {per_message(baseline_quiet)}"]
    costs += [
        f"per chat message with {count:,} conversations stored: {per_message(probe)}; quiet p50 {pct(probe.latencies_s, 0.5) * 1000:.1f} ms"
        for count, probe in stored
    ]
    notes = [
        f"Queue time compressed ×{COMPRESSION} (handling 4 min → {MEAN_HANDLING_S:.0f} s, 60 s target → {TARGET_S:.0f} s, arrivals ×{COMPRESSION}); "
        "messages at their real pace (every 7–13 s a side). Normal day: 9 erlangs offered "
        f"({NORMAL_ARRIVALS_PER_S * 3600 / COMPRESSION:.0f} citizens an hour); curfew ×2; lockdown ×10; {SLOTS_PER_OFFICER} slots an officer.",
        f"Erlang C: M/M/c with c = officers × {SLOTS_PER_OFFICER}, steady state; each run starts with an empty desk and lasts "
        f"{scenarios(args.quick)[0].window_s:.0f} s of arrivals, so measured waits sit below it. Citizens still waiting "
        f"{MEAN_HANDLING_S:.0f} s after the last arrival give up (counted as not answered).",
        f"Faults in the scenario runs: {scenarios(args.quick)[0].drop_share:.0%} of citizens drop and resume, agent1 drops mid-run and syncs back, "
        f"{scenarios(args.quick)[0].duplicate_share:.0%} of citizen messages sent twice, {args.throttle:.0%} of DynamoDB attempts throttled "
        "(ProvisionedThroughputExceededException at botocore's before-send, retried by the app's botocore client). "
        "The capacity and stored-history runs have no faults.",
        "Latencies: send → the other side's frame, live deliveries only; 2 shared cores, other work running: figures are noisy.",
    ]
    return render(rows, ratio, costs, verdict, notes)


def main() -> None:
    """Parse, run everything, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "0")), help="first port (default: free ports)")
    parser.add_argument("--throttle", type=float, default=0.02, help="share of DynamoDB attempts throttled in the scenarios")
    parser.add_argument("--officers", type=int, default=36)
    parser.add_argument("--waiting", type=int, default=100)
    parser.add_argument("--measure", type=float, default=30.0, help="seconds measured in the capacity runs")
    parser.add_argument("--stored", type=lambda s: [int(x) for x in s.split(",")], default=[100, 100_000])
    parser.add_argument("--quick", action="store_true", help="shorter scenario windows")
    args = parser.parse_args()
    print(asyncio.run(main_async(args)), flush=True)


if __name__ == "__main__":
    main()
