# pairs SkySift and SExtractor sources (nearest XWIN within 0.5 px); rms differences of centroids by SNR
import numpy as np, csv, sys
sex = np.loadtxt("sexm101.cat")
rows = list(csv.DictReader(open("skym101.csv")))
def col(n): return np.array([float(r[n]) if r[n] not in ("", "NaN", "null") else np.nan for r in rows])
sx, sy, xw, yw, xi, yi, xp, yp, snr, fl = (col(n) for n in ["XWIN_IMAGE","YWIN_IMAGE","XWIN_IMAGE","YWIN_IMAGE","X_IMAGE","Y_IMAGE","XPSF_IMAGE","YPSF_IMAGE","SNR_WIN","FLAGS"])
ex, ey, ewx, ewy, esnr, efl = sex[:,1], sex[:,2], sex[:,3], sex[:,4], sex[:,12], sex[:,15]
pairs = []
for j in range(len(sex)):
    d = np.hypot(xw - ewx[j], yw - ewy[j]); i = int(np.argmin(d))
    if d[i] < 0.5: pairs.append((i, j))
i = np.array([p[0] for p in pairs]); j = np.array([p[1] for p in pairs])
for lo in (20, 50, 100):
    m = (snr[i] >= lo) & (fl[i] == 0) & (efl[j] == 0) & np.isfinite(xp[i])
    ii, jj = i[m], j[m]
    def rms(a, b, c, d): return np.sqrt(np.mean(((a-b)**2 + (c-d)**2) / 2))
    print("SNR>=%3d n=%3d  XWIN-sexXWIN %.3f  X_IMAGE-sexX_IMAGE %.3f  XPSF-sexXWIN %.3f  sexX_IMAGE-sexXWIN %.3f  XWIN-sexX_IMAGE %.3f px (rms per axis)" % (
        lo, m.sum(), rms(xw[ii], ewx[jj], yw[ii], ewy[jj]), rms(xi[ii], ex[jj], yi[ii], ey[jj]),
        rms(xp[ii], ewx[jj], yp[ii], ewy[jj]), rms(ex[jj], ewx[jj], ey[jj], ewy[jj]), rms(xw[ii], ex[jj], yw[ii], ey[jj])))
