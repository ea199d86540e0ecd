#!/usr/bin/env python3
"""Compares a SExtractor ASCII_HEAD catalogue with a skysift extract CSV (numpy only).

usage: compare.py SEX.cat SKYSIFT.csv [TRUTH.csv]
Pairs each SExtractor source with the nearest SkySift source (XWIN/YWIN) and prints the matched
fraction within 0.5 px, the median FLUX_AUTO ratio SkySift/SExtractor of the pairs, the FLAGS
agreement (equal; and per bit), and, given a truth CSV (x,y,flux,...), how many truth stars with
flux > 3000 counts each catalogue finds within 1.5 px.
"""
import sys
import numpy as np


def read_sex(path):
    names, rows = [], []
    for line in open(path):
        if line.startswith('#'):
            f = line.split()
            names.append(f[2])
        elif line.strip():
            rows.append([float(v) for v in line.split()])
    a = np.array(rows)
    # vector parameters (FLUX_APER(2)) take several columns under one header line
    cols, k = {}, 0
    heads = [int(l.split()[1]) for l in open(path) if l.startswith('#')]
    for i, n in enumerate(names):
        width = (heads[i + 1] - heads[i]) if i + 1 < len(heads) else a.shape[1] - heads[i] + 1
        for j in range(width):
            cols[n if j == 0 else '%s_%d' % (n, j + 1)] = a[:, heads[i] - 1 + j]
    return cols


def read_csv(path):
    head = open(path).readline().strip().split(',')
    a = np.genfromtxt(path, delimiter=',', skip_header=1)
    return {n: a[:, i] for i, n in enumerate(head)}


def nearest(x1, y1, x2, y2):
    """index into (x2, y2) of the nearest point to each (x1, y1), and the distance."""
    idx = np.empty(len(x1), dtype=int)
    dist = np.empty(len(x1))
    for i in range(len(x1)):
        d = np.hypot(x2 - x1[i], y2 - y1[i])
        idx[i] = np.argmin(d)
        dist[i] = d[idx[i]]
    return idx, dist


sex = read_sex(sys.argv[1])
sky = read_csv(sys.argv[2])
print('sources: SExtractor %d, SkySift %d' % (len(sex['NUMBER']), len(sky['NUMBER'])))
idx, dist = nearest(sex['XWIN_IMAGE'], sex['YWIN_IMAGE'], sky['XWIN_IMAGE'], sky['YWIN_IMAGE'])
m = dist < 0.5
print('SExtractor sources with a SkySift source within 0.5 px: %d / %d = %.3f' % (m.sum(), len(m), m.mean()))
ridx, rdist = nearest(sky['XWIN_IMAGE'], sky['YWIN_IMAGE'], sex['XWIN_IMAGE'], sex['YWIN_IMAGE'])
print('SkySift sources with a SExtractor source within 0.5 px: %d / %d = %.3f'
      % ((rdist < 0.5).sum(), len(rdist), (rdist < 0.5).mean()))
snr = sex['SNR_WIN'][m]
for lo in (0, 10, 50):
    s = snr >= lo
    print('  SExtractor SNR_WIN >= %2d: matched %d / %d = %.3f' % (
        lo, s.sum(), (sex['SNR_WIN'] >= lo).sum(), s.sum() / max(1, (sex['SNR_WIN'] >= lo).sum())))
fa, fb = sky['FLUX_AUTO'][idx[m]], sex['FLUX_AUTO'][m]
good = (fb > 0) & np.isfinite(fa)
r = fa[good] / fb[good]
print('FLUX_AUTO SkySift/SExtractor, matched: median %.4f, 16-84%% %.4f..%.4f (n %d)' % (
    np.median(r), np.percentile(r, 16), np.percentile(r, 84), good.sum()))
bright = good & (sex['SNR_WIN'][m] >= 50)
r50 = fa[bright] / fb[bright]
print('  at SExtractor SNR_WIN >= 50: median %.4f (n %d)' % (np.median(r50), bright.sum()))
for k, name in ((1, 'FLUX_APER'), (2, 'FLUX_APER_2')):
    col = 'FLUX_APER_%d' % k
    ra = sky[col][idx[m]][bright] / sex[name][m][bright]
    print('  %s (d=%s px) ratio at SNR >= 50: median %.4f' % (col, (6, 12)[k - 1], np.median(ra)))
dx = sky['XWIN_IMAGE'][idx[m]] - sex['XWIN_IMAGE'][m]
dy = sky['YWIN_IMAGE'][idx[m]] - sex['YWIN_IMAGE'][m]
print('XWIN difference at SNR >= 50: rms %.4f px (x), %.4f px (y)' % (np.sqrt(np.mean(dx[sex['SNR_WIN'][m] >= 50] ** 2)),
      np.sqrt(np.mean(dy[sex['SNR_WIN'][m] >= 50] ** 2))))
ga, gb = sky['FLAGS'][idx[m]].astype(int), sex['FLAGS'][m].astype(int)
print('FLAGS equal on matched: %d / %d = %.3f' % ((ga == gb).sum(), len(ga), (ga == gb).mean()))
for bit in (1, 2, 4, 8, 16, 32):
    a, b = (ga & bit) > 0, (gb & bit) > 0
    print('  bit %2d: SkySift %3d, SExtractor %3d, both %3d' % (bit, a.sum(), b.sum(), (a & b).sum()))
if len(sys.argv) > 3:
    t = read_csv(sys.argv[3])
    sel = t['flux'] > 3000
    for name, c in (('SExtractor', sex), ('SkySift', sky)):
        _, d = nearest(t['x'][sel], t['y'][sel], c['XWIN_IMAGE'], c['YWIN_IMAGE'])
        print('truth stars with flux > 3000 found within 1.5 px by %s: %d / %d = %.3f' % (
            name, (d < 1.5).sum(), sel.sum(), (d < 1.5).mean()))
