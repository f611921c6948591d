# Host networking of the cluster: kernel settings, the pod bridge, the rules that keep every pod
# packet on this machine, and the isolation test host.

# Settings that the run (or kubelet and the CNI bridge plugin) change; the first `up` records the
# machine's values and `down` puts them back.
SAVED_SYSCTLS="net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops net.ipv4.conf.all.route_localnet"

save_sysctls() {
  local file="$E2E_STATE/sysctl.saved" key
  [ -f "$file" ] && return 0 # already holds the values from before a crashed run
  for key in $SAVED_SYSCTLS; do echo "$key=$(sysctl -n "$key")"; done > "$file"
}

restore_sysctls() {
  local file="$E2E_STATE/sysctl.saved" line
  [ -f "$file" ] || return 0
  while IFS= read -r line; do sysctl -q -w "$line" || log "could not restore $line"; done < "$file"
  rm -f "$file"
}

set_sysctls() {
  save_sysctls
  # Routing between pods through Service addresses; the nft table below confines it.
  sysctl -q -w net.ipv4.ip_forward=1
  # Bridged pod-to-pod packets must traverse netfilter for Services and NetworkPolicies.
  sysctl -q -w net.bridge.bridge-nf-call-iptables=1
  # kubelet (protectKernelDefaults: true) checks these instead of changing them itself.
  sysctl -q -w vm.overcommit_memory=1 vm.panic_on_oom=0 kernel.panic=10 kernel.panic_on_oops=1
}

# The bridge exists before the first pod so NODE_IP (API server, CoreDNS, kubelet) is up early.
# The gateway address goes first: the CNI bridge plugin walks the bridge's IPv4 addresses in
# order and refuses ("already has an IP address different from ...") at the first one that is
# not its gateway, unless the gateway came before it.
create_bridge() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$POD_GATEWAY/${POD_CIDR#*/}" dev "$BRIDGE"
  ip addr add "$NODE_IP/32" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

# One nftables table of our own. Its base chains run before iptables' filter chains (priority
# -10), and a reject there is final whatever kube-proxy's or the policy agent's chains accept,
# so no later rule can open a way out.
# Forwarding runs after kube-proxy's DNAT, so a packet still addressed to a Service address there
# was taken by no endpoint (a Service whose pods are not Ready yet). kube-proxy's own REJECT for
# such Services sits in iptables' FORWARD chain behind kube-router's chain, which accepts first:
# without our rule the SYN went out through the default route (eth0) and the client hung in
# SYN_SENT for minutes. Now it is refused at once, as on a cluster where kube-proxy's rule wins.
add_isolation_rules() {
  local allowed="{ $POD_CIDR, $SERVICE_CIDR, $NODE_IP }" tag="cdk8s-airflow-e2e: nothing leaves the machine"
  nft -f - <<NFT
table inet $NFT_TABLE {
  comment "$tag"
  chain forward {
    type filter hook forward priority -10; policy accept;
    ip saddr $POD_CIDR ip daddr != $allowed meta l4proto tcp counter reject with tcp reset comment "pod to outside (tcp)"
    ip saddr $POD_CIDR ip daddr != $allowed counter reject with icmpx admin-prohibited comment "pod to outside"
    ip daddr $SERVICE_CIDR meta l4proto tcp counter reject with tcp reset comment "service address nobody took (tcp)"
    ip daddr $SERVICE_CIDR counter reject with icmpx port-unreachable comment "service address nobody took"
    iifname "$BRIDGE" meta nfproto ipv6 counter drop comment "pods have no IPv6 route anywhere"
    iifname "$OUTSIDE_HOST_IF" counter drop comment "the outside test host sends nothing through the node"
    ip daddr $POD_CIDR iifname != "$BRIDGE" counter drop comment "only the node reaches pods"
  }
  chain input {
    type filter hook input priority -10; policy accept;
    ip saddr $POD_CIDR ip daddr != $allowed meta l4proto tcp counter reject with tcp reset comment "pod to other host addresses (tcp)"
    ip saddr $POD_CIDR ip daddr != $allowed counter reject with icmpx admin-prohibited comment "pod to other host addresses"
  }
}
NFT
}

# Packets the forward chain rejected so far (scenario cluster.network-isolated reads it).
isolation_reject_count() {
  nft list chain inet "$NFT_TABLE" forward | awk '/pod to outside/ && /counter/ { for (i = 1; i <= NF; i++) if ($i == "packets") s += $(i + 1) } END { print s + 0 }'
}

# A host outside every cluster network, with a route back to the pods (and nowhere else), so a
# refused connection proves the rules rather than a routing gap. Its listener is a plain
# socketserver: http.server's HTTPServer looks its own address up in DNS when it binds.
create_outside_host() {
  ip netns add "$OUTSIDE_NETNS"
  ip link add "$OUTSIDE_HOST_IF" type veth peer name e2e-out1
  ip link set e2e-out1 netns "$OUTSIDE_NETNS"
  ip addr add "$OUTSIDE_HOST_IP/30" dev "$OUTSIDE_HOST_IF"
  ip link set "$OUTSIDE_HOST_IF" up
  ip -n "$OUTSIDE_NETNS" addr add "$OUTSIDE_IP/30" dev e2e-out1
  ip -n "$OUTSIDE_NETNS" link set e2e-out1 up
  ip -n "$OUTSIDE_NETNS" link set lo up
  ip -n "$OUTSIDE_NETNS" route add "$POD_CIDR" via "$OUTSIDE_HOST_IP"
  mkdir -p "$E2E_STATE/outside-www"
  echo "outside test host" > "$E2E_STATE/outside-www/index.html"
  start_component outside-listener -- "$(command -v ip)" netns exec "$OUTSIDE_NETNS" python3 -c '
import functools, http.server, socketserver, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[3])
socketserver.TCPServer((sys.argv[1], int(sys.argv[2])), handler).serve_forever()' \
    "$OUTSIDE_IP" "$OUTSIDE_PORT" "$E2E_STATE/outside-www"
}

remove_network() {
  ip netns del "$OUTSIDE_NETNS" 2>/dev/null || true
  ip link del "$OUTSIDE_HOST_IF" 2>/dev/null || true
  ip link del "$BRIDGE" 2>/dev/null || true
  nft delete table inet "$NFT_TABLE" 2>/dev/null || true
}
