"""Writes src/test/resources/hats/healpix29.csv: independent _healpix_29 values from healpy.

Run with Debian's python3 (python3-healpy):  /usr/bin/python3 src/test/python/make_healpix29.py
Deterministic (fixed seed). Columns: kind, ra, dec, healpix_29 (nested, order 29, from
healpy.ang2pix(2**29, ra, dec, nest=True, lonlat=True)) and healpix_29_vec (healpy.vec2pix of the
unit vector built from sin/cos of ra and dec). The two agree except where a point lies exactly on a
pixel edge (e.g. ra = dec = 0, a corner at every order): there ang2pix goes through
theta = pi/2 - dec and cos(theta) = 6e-17 instead of 0, so the tie falls the other way. Positions
are written with repr() so Java parses the very same doubles.
"""
import csv
import os

import healpy as hp
import numpy as np

NSIDE = 2**29
rng = np.random.default_rng(8029)
rows = []


def add(kind, ra, dec):
    ra = float(ra) % 360.0
    dec = float(np.clip(dec, -90.0, 90.0))
    rows.append((kind, ra, dec))


# uniform on the sphere
for ra, z in zip(rng.uniform(0, 360, 150), rng.uniform(-1, 1, 150)):
    add("random", ra, np.degrees(np.arcsin(z)))
# next to the poles: 10^-1 .. 10^-12 degrees away
for k in range(1, 13):
    for sign in (1, -1):
        for ra in rng.uniform(0, 360, 2):
            add("pole", ra, sign * (90.0 - 10.0**-k))
add("pole", 0.0, 90.0)
add("pole", 217.5, -90.0)
# the RA seam
for ra in (0.0, 1e-12, 1e-9, 360.0 - 1e-9, 359.999999999999, 180.0):
    for dec in (-89.0, -41.9, -12.3, 0.0, 27.1, 41.7, 66.0):
        add("seam", ra, dec)
# the z = +-2/3 transition between the equatorial and polar regions
zdec = float(np.degrees(np.arcsin(2.0 / 3.0)))
for eps in (1e-6, 1e-9, 1e-11):
    for sign in (1, -1):
        for ra in rng.uniform(0, 360, 2):
            add("transition", ra, sign * (zdec + eps))
            add("transition", ra, sign * (zdec - eps))
# base-face meridians
for ra in (45.0, 90.0, 135.0, 225.0, 270.0, 315.0):
    for dec in (-60.0, -20.0, 0.0, 20.0, 60.0):
        add("meridian", ra, dec)
# next to order-29 pixel edges: corners of random pixels pulled 1/1000 of a pixel inwards and outwards
for pix in rng.integers(0, 12 * 4**29, 40, dtype=np.int64):
    corners = hp.boundaries(NSIDE, int(pix), step=1, nest=True).T  # 4 x 3 unit vectors
    centre = np.array(hp.pix2vec(NSIDE, int(pix), nest=True))
    for c in corners[:2]:
        for f in (1e-3, -1e-3):
            v = c + f * (centre - c)
            lon, lat = hp.vec2ang(v / np.linalg.norm(v), lonlat=True)
            add("edge", lon[0], lat[0])

ras = np.array([r[1] for r in rows])
decs = np.array([r[2] for r in rows])
pix = hp.ang2pix(NSIDE, ras, decs, nest=True, lonlat=True)
r, d = np.radians(ras), np.radians(decs)
pix_vec = hp.vec2pix(NSIDE, np.cos(d) * np.cos(r), np.cos(d) * np.sin(r), np.sin(d), nest=True)

out = os.path.join(os.path.dirname(__file__), "..", "resources", "hats", "healpix29.csv")
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["kind", "ra", "dec", "healpix_29", "healpix_29_vec"])
    for (kind, ra, dec), p, q in zip(rows, pix, pix_vec):
        w.writerow([kind, repr(ra), repr(dec), int(p), int(q)])
print(len(rows), "rows ->", os.path.normpath(out), "healpy", hp.__version__,
      "routes disagree on", int(np.sum(pix != pix_vec)))
