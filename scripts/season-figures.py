#!/usr/bin/env python3
"""Measures issue 14's season targets on season.json files: distinct synopses, repeats within an episode and within
10 episodes, story-state contradictions, cliffhangers, the wedding last, and the tension curve's correlation.

    scripts/season-figures.py DIR/season.json …     one line per season, then the worst figures
"""
import json
import sys


def figures(path):
    d = json.load(open(path))
    scenes = [(e["episode"], s) for e in d["outline"] for s in e["scenes"]]
    synopses = [s["synopsis"] for _, s in scenes]
    last_use = {}
    near = 0
    for ep, s in scenes:
        t = s["synopsis"]
        if t in last_use and ep - last_use[t] <= 10:
            near += 1
        last_use[t] = ep
    inside = sum(1 for e in d["outline"] if len({s["synopsis"] for s in e["scenes"]}) < len(e["scenes"]))
    episodes = d["outline"]
    closers = [e["scenes"][-1] for e in episodes]
    cliff = sum(1 for c in closers[:-1] if c["cliffhanger"] or c["tension"] >= d["rules"]["cliffhangerTension"])
    story = [v for v in d["violations"] if v["kind"] == "story"]
    return {
        "seed": d["seed"], "episodes": d["episodes"], "scenes": len(scenes),
        "distinct": len(set(synopses)) / len(synopses), "repeats": len(synopses) - len(set(synopses)),
        "near": near, "inside": inside, "story": len(story), "violations": len(d["violations"]),
        "cliff": f"{cliff}/{len(episodes) - 1}", "cliff_ok": cliff == len(episodes) - 1,
        "wedding": closers[-1]["tag"] == "wedding" and closers[-1]["lane"] == "F",
        "r": d["tension"]["correlation"], "instances": len(d["strands"]),
    }


rows = [figures(p) for p in sys.argv[1:]]
for r in rows:
    print(f"seed {r['seed']:>3} {r['episodes']:>4} ep {r['scenes']:>4} scenes {r['instances']:>3} instances  "
          f"distinct {100 * r['distinct']:5.1f}% (repeats {r['repeats']})  within-10 {r['near']}  "
          f"episodes-with-repeat {r['inside']}  story {r['story']}  violations {r['violations']}  "
          f"cliffhangers {r['cliff']}  wedding-last {r['wedding']}  r {r['r']:.3f}")
if rows:
    print(f"worst: distinct {100 * min(r['distinct'] for r in rows):.1f}%, repeats {max(r['repeats'] for r in rows)}, "
          f"within-10 {max(r['near'] for r in rows)}, episodes-with-repeat {max(r['inside'] for r in rows)}, "
          f"story {max(r['story'] for r in rows)}, violations {max(r['violations'] for r in rows)}, "
          f"all cliffhangers {all(r['cliff_ok'] for r in rows)}, wedding last {all(r['wedding'] for r in rows)}, "
          f"min r {min(r['r'] for r in rows):.3f}")
