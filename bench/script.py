# The script a user would write instead of the bridge (issue 18): each line of an NDJSON file POSTed to
# /api/v3/order by a pool of keep-alive connections. No validation, no ledger, no receipts, no retries.
# Usage: python3 bench/script.py URL API_KEY FILE CONCURRENCY; prints "<orders> <seconds> <cpu seconds>".
import http.client, resource, sys, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

url, key, path, concurrency = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
target = urllib.parse.urlparse(url)
local = threading.local()

def post(line):
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(target.hostname, target.port)
    local.conn.request("POST", "/api/v3/order", body=line.encode(),
                       headers={"Impilo-API-Key": key, "Content-Type": "application/json"})
    answer = local.conn.getresponse()
    answer.read()
    return answer.status

start = time.monotonic()
with open(path) as lines, ThreadPoolExecutor(concurrency) as pool:
    statuses = list(pool.map(post, (line.strip() for line in lines if line.strip())))
elapsed = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(len(statuses), elapsed, usage.ru_utime + usage.ru_stime, sum(1 for s in statuses if s != 201))
