#!/usr/bin/env python3
"""Writes the novelty detector's profile (see Sources/GenreKit/NoveltyProfile.swift): how window
length and recording chains move the 57 features, measured on GTZAN clips with audio.

Input: the feature CSVs that bench/novelty/make_corpus.sh writes with `genre features`
(bench/out/novelty/gtzan_full.csv, profile_cuts.csv, profile_chains.csv).
Output: Sources/GenreKit/Resources/novelty-profile.json (the bundled one) or --output FILE.

  scripts/make-novelty-profile.py                    # every clip: the bundled profile
  scripts/make-novelty-profile.py --parts valid -o bench/out/novelty/profile-valid.json
      # only clips of the artist-filtered split's `valid` part (bench/novelty's tuning half)
"""
import argparse, csv, json, os, re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
ap = argparse.ArgumentParser()
ap.add_argument('--corpus', default=os.path.join(ROOT, 'bench/out/novelty'))
ap.add_argument('--split', default=os.path.join(ROOT, '../shared/gtzan/splits/fault-filtered.json'))
ap.add_argument('--parts', default='all', help='comma-separated parts of the split whose clips are used (train, valid, test), or all')
ap.add_argument('-o', '--output', default=os.path.join(ROOT, 'Sources/GenreKit/Resources/novelty-profile.json'))
args = ap.parse_args()

split = json.load(open(args.split))
part = {os.path.splitext(f)[0]: k for k in ('train', 'valid', 'test') for f in split[k]}
wanted = None if args.parts == 'all' else set(args.parts.split(','))

def rows(name):
    with open(os.path.join(args.corpus, name), newline='') as f:
        r = csv.reader(f)
        header = next(r)
        return header[2:], [(row[0], [float(v) for v in row[2:]]) for row in r]

def clip(filename):  # blues.00000.len14.off8.wav -> blues.00000
    return '.'.join(filename.split('.')[:2])

def keep(filename):
    return wanted is None or part.get(clip(filename)) in wanted

def compact(values):  # 7 significant digits: far below the features' own precision, a third of the size
    return [float('%.7g' % v) for v in values]

names, full = rows('gtzan_full.csv')
_, cuts = rows('profile_cuts.csv')
_, chains = rows('profile_chains.csv')
profile = {
    'feature_names': names,
    'clips': [{'name': clip(f), 'features': compact(v)} for f, v in full if keep(f)],
    'lengths': [],
    'chains': [],
}
for f, v in cuts:
    if not keep(f):
        continue
    m = re.search(r'\.len([\d.]+)\.off([\d.]+)\.', f)
    profile['lengths'].append({'clip': clip(f), 'seconds': float(m.group(1)), 'offset': float(m.group(2)), 'features': compact(v)})
for f, v in chains:
    if keep(f):
        profile['chains'].append({'clip': clip(f), 'chain': f.split('.')[2], 'features': compact(v)})
os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
with open(args.output + '.tmp', 'w') as out:
    json.dump(profile, out, separators=(',', ':'))
os.replace(args.output + '.tmp', args.output)
print(f"{args.output}: {len(profile['clips'])} clips, {len(profile['lengths'])} cuts, {len(profile['chains'])} chained")
