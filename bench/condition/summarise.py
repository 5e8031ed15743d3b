"""Summarises bench/condition/calibrate.sh's JSON: per chain and split (tuned / held out), the
spread of each condition measure, the share of clips each warning fires on, and accuracy."""
import json, os, sys, glob
import numpy as np

out = sys.argv[1]
HELD = {f"{g}.{n:05d}" for g in ("classical", "jazz", "rock") for n in (7, 8, 9)} | {
    "blues.00009", "country.00044", "pop.00001", "reggae.00071"}
ORDER = ["clean", "hires", "tape", "lowpass", "hiss38", "hiss50", "mp3-64", "phone8k", "clip6", "clip12", "dc", "quiet"]
FIELDS = [("bandwidth_hz", "bandwidth Hz", "%.0f"), ("snr_db", "SNR dB", "%.1f"), ("clipped_fraction", "clipped", "%.4f"),
          ("dc_offset", "DC", "%+.4f"), ("loudness_lufs", "LUFS", "%.1f")]
KINDS = [("content stops", "bandwidth"), ("noise floor", "noise"), ("clipped", "clipping"), ("DC offset", "dc"), ("loudness", "loudness")]

def stem(path):
    return os.path.basename(path).rsplit(".", 1)[0]

chains = [c for c in ORDER if os.path.exists(f"{out}/{c}.json")]
for split in ("tuned", "held out"):
    print(f"\n## {split}\n")
    print("| chain | n | " + " | ".join(f"{label} min / median / max" for _, label, _ in FIELDS) + " | " +
          " | ".join(f"warn {k}" for _, k in KINDS) + " | any warning | accuracy | accuracy warned / not |")
    print("|" + " --- |" * (5 + len(FIELDS) + len(KINDS)))
    for chain in chains:
        recs = json.load(open(f"{out}/{chain}.json"))["recordings"]
        recs = [r for r in recs if (stem(r["file"]) in HELD) == (split == "held out")]
        if not recs:
            continue
        cells = []
        for key, _, fmt in FIELDS:
            v = np.array([r["condition"][key] for r in recs if r["condition"][key] is not None], dtype=float)
            cells.append(" / ".join(fmt % x for x in (v.min(), np.median(v), v.max())) if len(v) else "—")
        warn = []
        for phrase, _ in KINDS:
            n = sum(any(phrase in w for w in r["warnings"]) for r in recs)
            warn.append(f"{n}/{len(recs)}")
        warn.append(f"{sum(bool(r['warnings']) for r in recs)}/{len(recs)}")
        right = lambda rs: [stem(r["file"]).split(".")[0] == r["genre"] for r in rs]
        acc = np.mean(right(recs))
        warned = right([r for r in recs if r["warnings"]]); quiet = right([r for r in recs if not r["warnings"]])
        split_acc = " / ".join(f"{np.mean(v):.0%} ({len(v)})" if v else "—" for v in (warned, quiet))
        print(f"| {chain} | {len(recs)} | " + " | ".join(cells) + " | " + " | ".join(warn) + f" | {acc:.0%} | {split_acc} |")
