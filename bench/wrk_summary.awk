# Summarises one `wrk --latency` output as one line: the label, requests/s, p50 and p99, then
# the requests that failed, which wrk still counts in requests/s: responses outside 2xx/3xx and
# socket errors (connect, read, write, timeout). wrk prints those two lines only when a count
# is not zero, so absent means 0.
# Usage: awk -v label=LABEL -v width=COLUMNS -f bench/wrk_summary.awk wrk-output.txt
/^Requests\/sec:/ { rps = $2 }
$1 == "50%" { p50 = $2 }
$1 == "99%" { p99 = $2 }
/ requests in / { total = $1 }
/Non-2xx or 3xx responses:/ { non2xx = $NF }
/Socket errors:/ {
  # "Socket errors: connect 0, read 12, write 0, timeout 3"
  line = $0
  sub(/.*Socket errors:/, "", line)
  gsub(/,/, "", line)
  n = split(line, word, " ")
  for (i = 1; i < n; i += 2) sock[word[i]] = word[i + 1]
}
END {
  if (total == "") { printf "  %-" width "s no figures: wrk reported no requests\n", label; exit 1 }
  socket = sock["connect"] + sock["read"] + sock["write"] + sock["timeout"]
  failed = non2xx + socket
  printf "  %-" width "s %10s req/s   p50 %-9s p99 %-9s failed %d of %s (non-2xx %d; socket: connect %d, read %d, write %d, timeout %d)%s\n", \
    label, rps, p50, p99, failed, total, non2xx, sock["connect"], sock["read"], sock["write"], sock["timeout"], \
    (failed > 0 ? "  <- req/s counts failures" : "")
}
