#!/usr/bin/env python3
"""Sandbox start to healthy, as the benchmark measures it (Benchmark.startHub): starts the hub with scripts/hub.sh
(README's way: the extracted jar with its class-data archive) on free ports with a fresh data directory and the
benchmark's settings, and times process start -> /actuator/health UP (anonymous GET every 200 ms). Run it under the
shared lock, after `scripts/hub.sh --prepare` (which builds, extracts and records the archive):
  flock /tmp/hub-bench.lock scripts/start-time.py 3            three starts, one after the other
  scripts/start-time.py 1 --diag --threads                     also: each authorized health call, CPU per thread
  scripts/start-time.py 3 --jar target/lienthong-hub.jar       the Spring Boot jar itself, for comparison
Options: --jar PATH, --level INFO (log level), --jopts='...' (JVM options), --keep (leave the hub running),
-- hub arguments. Each hub is then killed (-9) and its PostgreSQL stopped; its data directory is removed."""
import argparse, base64, json, os, shlex, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error, re, collections
ap = argparse.ArgumentParser()
ap.add_argument('runs', type=int, nargs='?', default=3)
ap.add_argument('--diag', action='store_true')
ap.add_argument('--keep', action='store_true')
ap.add_argument('--threads', action='store_true')
ap.add_argument('--level', default='WARN')
ap.add_argument('--jopts', default='')
ap.add_argument('--data', default=None, help='reuse this data dir (a restart)')
ap.add_argument('--jar', default=None, help='start this jar with java -jar (default: scripts/hub.sh, as README and the benchmark)')
a, rest = ap.parse_known_args()
a.extra = [x for x in rest if x != '--']
def freeport():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p
def cpu(pid):
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / 100
def threads(pid):
    c = collections.Counter()
    for t in os.listdir(f'/proc/{pid}/task'):
        try: st = open(f'/proc/{pid}/task/{t}/stat').read()
        except Exception: continue
        name = re.sub(r'\d+', 'N', st[st.index('(') + 1:st.rindex(')')])
        f = st[st.rindex(')') + 2:].split()
        c[name] += (int(f[11]) + int(f[12])) / 100
    return c
auth = 'Basic ' + base64.b64encode(b'admin:bench-admin-password-0123').decode()
results = []
for i in range(a.runs):
    data = a.data or tempfile.mkdtemp(prefix='hub-start-time-')
    port = freeport()
    jvm = shlex.split(a.jopts) + ['-Xms1g', '-Xmx3g']
    launcher = ['java'] + jvm + ['-jar', a.jar] if a.jar else [os.path.join(os.path.dirname(os.path.abspath(__file__)), 'hub.sh')]
    cmd = launcher + [f'--hub.data-dir={data}', f'--server.port={port}',
        '--hub.embedded.postgres-port=0', '--hub.embedded.artemis-port=0', '--hub.embedded.mqtt-port=0',
        '--hub.embedded.kafka-port=0', '--hub.embedded.kafka-controller-port=0', f'--logging.level.root={a.level}',
        '--hub.mqtt.username=bench-device', '--hub.mqtt.password=bench-mqtt-password-0123'] + a.extra
    env = dict(os.environ, HUB_JAVA_OPTS=' '.join(jvm), HUB_ONESTOP_API_KEY='bench-onestop-key-0123456789', HUB_ADMIN_PASSWORD='bench-admin-password-0123')
    log = open(os.path.join(data, 'hub.log'), 'a')
    t0 = time.time()
    p = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    ok = False
    url = f'http://127.0.0.1:{port}/actuator/health'
    while p.poll() is None and time.time() - t0 < 180:
        if a.diag:
            q0 = time.time()
            try:
                r = urllib.request.urlopen(urllib.request.Request(url, headers={'Authorization': auth}), timeout=10)
                body, code = r.read(), r.status
            except urllib.error.HTTPError as e:
                body, code = e.read(), e.code
            except Exception as e:
                body, code = b'', type(e).__name__
            q1 = time.time()
            bad = []
            try:
                h = json.loads(body)
                def walk2(n, h):
                    if h.get('components'):
                        for kk, v in h['components'].items(): walk2(n + '/' + kk if n else kk, v)
                    elif h.get('status') != 'UP':
                        bad.append(f"{n}={h.get('status')}")
                walk2('', h)
            except Exception:
                pass
            print(f'  diag t={q0 - t0:5.1f}s took {q1 - q0:4.2f}s {code} {" ".join(bad)[:200]}', flush=True)
        try:
            r = urllib.request.urlopen(url, timeout=5)
            if r.status == 200 and b'"status":"UP"' in r.read():
                ok = True
                break
        except Exception:
            pass
        time.sleep(0.2)
    t1 = time.time()
    used = cpu(p.pid)
    print(f'run {i + 1}: {t1 - t0:.1f} s to health UP (ok={ok}); hub JVM cpu {used:.1f} s; load {open("/proc/loadavg").read().split()[0]}; {time.strftime("%H:%M:%S", time.localtime(t0))}; data {data}', flush=True)
    if a.threads:
        for n, v in threads(p.pid).most_common(8): print(f'    {v:6.2f} {n}')
    results.append(t1 - t0)
    if a.keep:
        print(f'pid {p.pid} left running (port {port})')
    else:
        # kill -9 (quicker than a graceful stop, about 6 s), then stop its PostgreSQL (ours: found by this run's data dir)
        p.kill(); p.wait()
        try:
            pgpid = int(open(os.path.join(data, 'postgres', 'postmaster.pid')).readline())
            os.kill(pgpid, 2)
            for _ in range(100):
                os.kill(pgpid, 0); time.sleep(0.1)
        except Exception:
            pass
        if not a.data:
            subprocess.run(['rm', '-rf', data])
if len(results) > 1:
    s = sorted(results)
    print('runs: ' + ', '.join(f'{x:.1f}' for x in results) + f' s; median {s[len(s) // 2]:.1f} s; min {s[0]:.1f} s')
