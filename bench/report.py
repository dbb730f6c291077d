#!/usr/bin/env python3
"""bench/report.py RESULTS MACHINE DOC — the one table of `make bench`.

RESULTS: name, status, wall_s, cpu_s, rss_kib, runs, detail (tab-separated),
written by bench/run.sh through bench/benchrun.  MACHINE: key, value lines.
Prints the table and rewrites the part of DOC between the GENERATED markers
(the rest of DOC, the analysis, is kept as it is).
"""
import os
import sys

BEGIN = "<!-- BEGIN GENERATED: bench/run.sh rewrites from here to END GENERATED -->"
END = "<!-- END GENERATED -->"

# oscap 1.3.7 at 10,000 containers on this machine, measured before this
# harness existed; used (and marked) only when BENCH_QUICK skips that run.
EARLIER_OSCAP_10000 = {"wall": 194.0, "cpu": None, "rss": 165 * 1024, "earlier": True}


def load(results_path, machine_path):
    res, mach = {}, {}
    with open(results_path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 7:
                continue
            name, status, wall, cpu, rss, runs, detail = p[:7]
            r = {"status": status, "detail": detail, "runs": runs}
            if status == "ok":
                r.update(wall=float(wall), cpu=float(cpu), rss=float(rss))
            res[name] = r
    with open(machine_path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            mach[k] = v
    return res, mach


def secs(x):
    if x is None:
        return "—"
    if x >= 100:
        return "%.0f s" % x
    if x >= 10:
        return "%.1f s" % x
    return "%.2f s" % x


def mib(kib):
    return "—" if kib is None else "%.0f MiB" % (kib / 1024) if kib >= 10240 else "%.1f MiB" % (kib / 1024)


def cell(r):
    """wall (cpu) and RSS of one measurement, or why there is none."""
    if r is None:
        return "not run", "—"
    if r.get("status") != "ok":
        d = r.get("detail", "")
        d = d.replace("cscap: ", "").replace("/usr/share/xml/scap/ssg/content/", "")
        return r["status"] + (": " + (d if len(d) <= 90 else d[:89] + "…") if d else ""), "—"
    cpu = " (cpu %s)" % secs(r["cpu"]) if r.get("cpu") is not None else ""
    mark = " ‡" if r.get("earlier") else ""
    return secs(r["wall"]) + cpu + mark, mib(r["rss"]) + mark


def ok(r):
    return r is not None and r.get("status") == "ok"


def ssg_name(tag):
    return "ssg-" + tag.replace("_ds_1_2", "-ds-1.2").replace("_ds", "-ds")


def build_rows(res, mach):
    rows = []  # (workload, cscap, reference-name, reference, speed, mem, target, met)

    def row(workload, c, refname, ref, target="", met=""):
        speed = memr = "—"
        if ok(c) and ok(ref):
            speed = "%.1f×" % (ref["wall"] / c["wall"]) if c["wall"] > 0 else "—"
            if ref.get("cpu") and c.get("cpu"):
                speed += " (cpu %.1f×)" % (ref["cpu"] / c["cpu"])
            memr = "%.2f" % (c["rss"] / ref["rss"]) if ref["rss"] else "—"
        rows.append((workload, c, refname, ref, speed, memr, target, met))

    sizes = sorted({int(k.split("_")[1]) for k in res if k.startswith("offline_") and k.split("_")[1].isdigit()})
    for n in sizes:
        c = res.get("offline_%d_cscap" % n)
        o = res.get("offline_%d_oscap" % n)
        if n == 10000 and (o is None or o.get("status") != "ok"):
            o = dict(EARLIER_OSCAP_10000, status="ok")
        label = "offline %s containers, profile" % format(n, ",")
        if n == 10000:
            met = "—"
            if ok(c) and ok(o):
                fast = o["wall"] / c["wall"] >= 100 and c["wall"] <= 1.0
                small = c["rss"] < 64 * 1024
                met = "yes" if fast and small else "NO (%s)" % ", ".join(
                    x for x, bad in (("time", not fast), ("RSS", not small)) if bad)
            elif c is not None and c.get("status") != "ok":
                met = "NO (failed)"
            row(label, c, "oscap oval eval", o, "≥100× oscap, ≤1 s, <64 MiB", met)
        elif n == 100000:
            t = res.get("offline_10000_cscap")
            met = "—"
            if ok(c) and ok(t):
                k = c["wall"] / t["wall"]
                met = ("yes" if k <= 12 else "NO") + " (%.1f× the 10,000 time)" % k
            elif c is not None and c.get("status") != "ok":
                met = "NO (failed)"
            row(label, c, "oscap: not run", o, "≤12× the 10,000 time", met)
        else:
            row(label, c, "oscap oval eval", o)
        p = res.get("offline_%d_cscap_pidrule" % n)
        if p is not None:
            row("offline %s, PidMode rule only" % format(n, ","), p, "oscap oval eval", o)
    if "offline_10000_cscap_nosyschar" in res:
        row("offline 10,000, --without-syschar", res["offline_10000_cscap_nosyschar"], "", None)
    if "offline_10000_cscap_noarf" in res:
        row("offline 10,000, no result file", res["offline_10000_cscap_noarf"], "", None)

    c, d = res.get("live_cscap"), res.get("live_docker")
    if c is not None or d is not None:
        n = mach.get("live_containers", "?").split(" ")[0]
        met = "—"
        if ok(c) and ok(d):
            met = "yes" if c["wall"] <= d["wall"] else "NO"
        elif c is not None and c.get("status") == "failed":
            met = "NO (failed)"
        row("live engine, %s containers, profile" % n, c, "docker inspect $(docker ps -aq)", d,
            "≤ docker inspect floor", met)
        if "live_cscap_pidrule" in res:
            row("live engine, PidMode rule only", res["live_cscap_pidrule"], "docker inspect $(docker ps -aq)", d)

    tags = []
    for k in res:
        if k.startswith("ssg_") and k.endswith("_oscap_info"):
            tags.append(k[4:-len("_oscap_info")])
    for tag in tags:
        name = ssg_name(tag)
        o = res.get("ssg_%s_oscap_info" % tag)
        for key, what in (("cscap_info", "cscap info"), ("cscap_info_skipval", "cscap info --skip-validation")):
            c = res.get("ssg_%s_%s" % (tag, key))
            met = "—"
            if ok(c) and ok(o):
                t, m = c["wall"] <= o["wall"] / 2, c["rss"] <= o["rss"] / 2
                met = "yes" if t and m else "NO (%s)" % ", ".join(
                    x for x, bad in (("time", not t), ("RSS", not m)) if bad)
            elif c is not None and c.get("status") == "failed":
                met = "NO (cannot load)"
            row("%s: %s" % (name, what), c, "oscap info", o, "≤½ oscap time and RSS", met)
            if c is not None and c.get("status") == "failed":
                break
        for key, okey, what, owhat in (("cscap_eval1", "oscap_eval1", "xccdf eval, 1 rule", "oscap xccdf eval, 1 rule"),
                                       ("cscap_eval1_skipval", "oscap_eval1_skipval", "xccdf eval, 1 rule, skip validation",
                                        "oscap … --skip-valid")):
            c, o2 = res.get("ssg_%s_%s" % (tag, key)), res.get("ssg_%s_%s" % (tag, okey))
            if c is None and o2 is None:
                continue
            met = "—"
            if ok(c) and ok(o2):
                t, m = c["wall"] <= o2["wall"] / 2, c["rss"] <= o2["rss"] / 2
                met = "yes" if t and m else "NO (%s)" % ", ".join(
                    x for x, bad in (("time", not t), ("RSS", not m)) if bad)
            row("%s: %s" % (name, what), c, owhat, o2, "≤½ oscap time and RSS", met)
    return rows


def phases_lines(mach):
    out = []
    for cfg, label in (("syschar", "with system characteristics"), ("nosyschar", "--without-syschar")):
        k = "phases_10000_%s_" % cfg
        if k + "arf_bytes" in mach:
            out.append("| ARF at 10,000 containers, %s | %.1f MiB | %s | %s | %s | %s |" % (
                label, int(mach[k + "arf_bytes"]) / 1048576, secs(float(mach[k + "write_s"])),
                secs(float(mach[k + "eval_s"])), secs(float(mach[k + "load_s"])),
                mib(float(mach[k + "write_hwm_kib"]))))
        elif k + "error" in mach:
            out.append("| ARF at 10,000 containers, %s | failed: %s | | | | |" % (label, mach[k + "error"]))
    return out


def load_lines(mach):
    out = []
    for k in sorted(mach):
        if k.startswith("ssg_") and k.endswith("_load_load_s"):
            tag = k[4:-len("_load_load_s")]
            if tag.endswith("_load_skipval"):
                continue
            v = mach.get("ssg_%s_load_load_s" % tag)
            h = mach.get("ssg_%s_load_load_hwm_kib" % tag)
            sv = mach.get("ssg_%s_load_skipval_load_s" % tag)
            sh = mach.get("ssg_%s_load_skipval_load_hwm_kib" % tag)
            out.append("| %s | %s | %s | %s | %s |" % (
                ssg_name(tag), secs(float(v)) if v else "—", mib(float(h)) if h else "—",
                secs(float(sv)) if sv else "—", mib(float(sh)) if sh else "—"))
    return out


def render(res, mach):
    rows = build_rows(res, mach)
    md = []
    md.append("Measured %s on %s; %s cores, %s, kernel %s, %s." % (
        mach.get("date", "?"), mach.get("cpu", "?"), mach.get("nproc", "?"), mach.get("memory", "?"),
        mach.get("kernel", "?"), mach.get("os", "?")))
    md.append("")
    md.append("| machine | |")
    md.append("|---|---|")
    for k, label in (("cscap", "cscap"), ("oscap", "oscap"), ("dockerd", "dockerd"), ("docker_client", "docker client"),
                     ("libxml2", "libxml2"), ("json_c", "json-c"), ("ssg", "scap-security-guide"),
                     ("profile_rules", "content"), ("profile_selected", "profile"), ("load_start", "load average at start"),
                     ("load_end", "load average at end"), ("bench_minutes", "`make bench` took (minutes)"),
                     ("quick", "BENCH_QUICK")):
        if k in mach:
            md.append("| %s | %s |" % (label, mach[k].replace("|", "\\|")))
    md.append("")
    md.append("Medians of several runs (the runs column of results.tsv: 9 at 10 containers, 7 at 1,000, "
              "5 at 10,000 and for the engine and content rows, 3 at 100,000; oscap 5/3/1). Wall time "
              "with CPU time (user+system) in brackets; peak RSS from wait4. \"speed\" is the reference's "
              "wall time over cscap's; \"RSS\" is cscap's peak over the reference's. ‡ marks oscap's "
              "earlier measurement on this machine (194 s, 165 MB), used only when the run skipped it.")
    md.append("")
    md.append("| workload | cscap | cscap RSS | reference | reference time | ref RSS | speed | RSS | target | met |")
    md.append("|---|---|---|---|---|---|---|---|---|---|")
    for (w, c, refname, ref, speed, memr, target, met) in rows:
        ct, cr = cell(c)
        if ref is None:
            rt, rr = "—", "—"
        else:
            rt, rr = cell(ref)
        md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            w, ct.replace("|", "\\|"), cr, refname.replace("|", "\\|").replace("$", "\\$") or "—",
            rt.replace("|", "\\|"), rr, speed, memr, target or "—", met or "—"))
    ph = phases_lines(mach)
    if ph:
        md.append("")
        md.append("Output (bench/phases: one process, the public API's phases, median of 3):")
        md.append("")
        md.append("| result file | size | write | evaluate | load | peak RSS after writing |")
        md.append("|---|---|---|---|---|---|")
        md.extend(ph)
    ld = load_lines(mach)
    if ld:
        md.append("")
        md.append("Load phase alone (`cscap_session_load`, bench/phases, median of 5):")
        md.append("")
        md.append("| data stream | load, validating | peak RSS | load, --skip-validation | peak RSS |")
        md.append("|---|---|---|---|---|")
        md.extend(ld)
    extra = []
    for k in sorted(mach):
        if k.startswith(("verdict_", "items_", "fixture_", "arf_bytes_")) or (
                k.startswith("ssg_") and "_load_" not in k):
            extra.append("- %s: %s" % (k, mach[k]))
    if "live_containers" in mach:
        extra.append("- live_containers: %s" % mach["live_containers"])
    if extra:
        md.append("")
        md.append("Checks and notes of this run:")
        md.append("")
        md.extend(extra)
    return rows, "\n".join(md) + "\n"


def console(rows):
    head = ("workload", "cscap", "RSS", "reference", "ref time", "ref RSS", "speed", "RSS", "target met")
    lines = []
    for (w, c, refname, ref, speed, memr, target, met) in rows:
        ct, cr = cell(c)
        rt, rr = cell(ref) if ref is not None else ("—", "—")
        lines.append((w, ct, cr, refname or "—", rt, rr, speed, memr, met or "—"))
    widths = [max(len(head[i]), *(len(x[i]) for x in lines)) if lines else len(head[i]) for i in range(len(head))]
    widths = [min(x, 46) for x in widths]

    def fmt(r):
        return "  ".join((s if len(s) <= widths[i] else s[:widths[i] - 1] + "…").ljust(widths[i])
                         for i, s in enumerate(r)).rstrip()
    out = [fmt(head), fmt(tuple("-" * w for w in widths))]
    out.extend(fmt(r) for r in lines)
    return "\n".join(out)


def main():
    if len(sys.argv) != 4:
        print("usage: report.py RESULTS MACHINE DOC", file=sys.stderr)
        return 2
    res, mach = load(sys.argv[1], sys.argv[2])
    rows, section = render(res, mach)
    print()
    print(console(rows))
    print()
    doc = sys.argv[3]
    text = open(doc).read() if os.path.exists(doc) else "# cscap benchmarks\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    a = text.index(BEGIN) + len(BEGIN)
    b = text.index(END)
    text = text[:a] + "\n" + section + text[b:]
    tmp = doc + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, doc)
    print("bench: results written to %s" % doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
