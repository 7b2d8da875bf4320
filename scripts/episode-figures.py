#!/usr/bin/env python3
"""Measures issue 15's episode targets on `arcgen episode --format json` files: speeches by the state's own roles,
scenes where every role speaks, the same speaker twice with no action between, speeches that name their own speaker
(their name as the script prints it, a whole word: what a slot of their role becomes), scenes without speech, words per
speech, the scene's own synopsis words against the episode's other scenes' (content words as `SynopsisPriming` reads
them), scenes restating their synopsis (a 30-character run in common), looping scenes (over 15% of word trigrams
repeated, `SceneWriter.loopShare`), and the share of the words in action rather than dialogue (the corpus's 443 held-out
scenes: 42% in Spanish, 41% in English; 5.2 action paragraphs and 9.6-10.1 speeches a scene).

    scripts/episode-figures.py [--arcs DIR] EPISODE.json …

The README's figures: the four oldest arcs, seeds 1-3, both languages:
    for a in big-wedding long-lost-relative lost-love rivalry; do for s in 1 2 3; do for l in es en; do
      arcgen episode --arc $a --seed $s --lang $l --format json > /tmp/ep/$a-$s-$l.json; done; done; done
    scripts/episode-figures.py /tmp/ep/*.json
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def function_words():
    """The function words of each language, read from the Swift source that primes the models with them."""
    src = open(os.path.join(ROOT, "Sources/ArcgenCorpus/Training/SynopsisPriming.swift"), encoding="utf-8").read()

    def words(name):
        body = src[src.index(name):]
        return set(re.findall(r'"([^"]+)"', body[body.index("["):body.index("]")]))
    return {"es": words("spanishFunctionWords: Set<String> ="), "en": words("englishFunctionWords: Set<String> =")}


def scene_text(scene):
    """What the model wrote in a scene: its action and dialogue lines."""
    parts = []
    for e in scene["elements"]:
        if e["type"] == "dialogue":
            parts += [s["text"] for s in e.get("segments", []) if s.get("text")]
        elif e["type"] == "action":
            parts.append(e["text"])
    return " ".join(parts)


def repeated_trigram_share(text):
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    trigrams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    seen, repeated = set(), 0
    for t in trigrams:
        repeated += t in seen
        seen.add(t)
    return repeated / len(trigrams) if trigrams else 0.0


def main(argv):
    arcs_dir = os.path.join(ROOT, "arcs")
    if argv[:1] == ["--arcs"]:
        arcs_dir, argv = argv[1], argv[2:]
    if not argv:
        sys.exit(__doc__)
    stop = function_words()
    states = {}
    speeches = own = scenes = full = pairs = same = self_named = silent = words = restating = looping = 0
    actions = action_words = 0
    own_share = other_share = 0.0
    own_n = other_n = 0
    for path in argv:
        episode = json.load(open(path, encoding="utf-8"))
        arc = episode["arcID"]
        if arc not in states:
            with open(os.path.join(arcs_dir, arc + ".json"), encoding="utf-8") as f:
                states[arc] = {s["id"]: s for s in json.load(f)["states"]}
        cast = {c["role"]: c["name"] for c in episode["cast"]}
        names = {w.lower() for name in cast.values() for w in WORD.findall(name)}
        lang = episode["language"]
        texts = [scene_text(s) for s in episode["scenes"]]
        present = [{w.lower() for w in WORD.findall(t)} for t in texts]
        content = [{w.lower() for w in WORD.findall(s["synopsis"])
                    if len(w) >= 3 and w.lower() not in stop[lang] and w.lower() not in names}
                   for s in episode["scenes"]]
        for i, scene in enumerate(episode["scenes"]):
            scenes += 1
            roles = {cast[r].lower() for r in states[arc][scene["stateID"]]["roles"] if r in cast}
            spoken, last, action_since = [], None, False
            for e in scene["elements"]:
                if e["type"] == "dialogue":
                    speaker = e["speaker"].lower()
                    if last is not None and not action_since:
                        pairs += 1
                        same += speaker == last
                    spoken.append(speaker)
                    words += sum(len(WORD.findall(s.get("text", ""))) for s in e.get("segments", []))
                    said = " ".join(s.get(k, "") for s in e.get("segments", []) for k in ("text", "parenthetical"))
                    self_named += re.search(r"(?<!\w)" + re.escape(e["speaker"]) + r"(?!\w)", said) is not None
                    last, action_since = speaker, False
                else:
                    action_since = True
                    if e["type"] == "action":
                        actions += 1
                        action_words += len(WORD.findall(e.get("text") or ""))
            speeches += len(spoken)
            own += sum(1 for s in spoken if s in roles)
            full += bool(roles) and roles <= set(spoken)
            silent += not spoken
            synopsis, text = scene["synopsis"].lower(), texts[i].lower()
            restating += any(synopsis[k:k + 30] in text for k in range(max(0, len(synopsis) - 29)))
            looping += repeated_trigram_share(texts[i]) > 0.15
            if content[i]:
                own_share += len(content[i] & present[i]) / len(content[i])
                own_n += 1
            for j, other in enumerate(content):
                if j != i and other:
                    other_share += len(other & present[i]) / len(other)
                    other_n += 1
    own_mean, other_mean = own_share / max(own_n, 1), other_share / max(other_n, 1)
    print(f"{len(argv)} episodes, {scenes} scenes, {speeches} speeches")
    print(f"speeches by the state's own roles: {own / max(speeches, 1):.1%}")
    print(f"scenes where every role speaks: {full / max(scenes, 1):.1%}")
    print(f"same speaker twice, no action between: {same} of {pairs} pairs ({same / max(pairs, 1):.1%})")
    print(f"speeches naming their own speaker: {self_named} ({self_named / max(speeches, 1):.1%})")
    print(f"scenes without speech: {silent}")
    print(f"words per speech: {words / max(speeches, 1):.1f}; speeches per scene: {speeches / max(scenes, 1):.1f}; "
          f"action paragraphs per scene: {actions / max(scenes, 1):.1f}; "
          f"words in action: {action_words / max(action_words + words, 1):.0%}")
    print(f"synopsis content words, own scene {own_mean:.1%} ÷ other scenes {other_mean:.1%}: "
          f"{own_mean / max(other_mean, 1e-9):.2f}×")
    print(f"scenes restating their synopsis: {restating}; looping scenes: {looping}")


if __name__ == "__main__":
    main(sys.argv[1:])
