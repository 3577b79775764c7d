#!/usr/bin/env bash
# Makes what a secured ringstore cluster needs, with openssl, into DIR (default docker/secure):
#   ca.crt ca.key             a certificate authority of its own
#   node.crt node.key         the nodes' certificate (IP 127.0.0.1, localhost), PKCS#8 key
#   alice.crt alice.key       a client certificate for the user alice
#   cluster.secret            the secret nodes prove to each other
#   users                     client secrets, 'user:secret' lines (alice)
#   alice.secret              alice's secret, for `ringstore --user alice --secret-file`
# For trying TLS and credentials out (docker/README.md); keep real keys and secrets in your
# orchestrator's secret store, readable by the node's user only.
set -euo pipefail
dir=${1:-$(dirname "$0")/secure}
mkdir -p "$dir"
cd "$dir"
days=365
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key ca.key
openssl req -x509 -new -key ca.key -sha256 -days $days -subj /CN=ringstore-ca -out ca.crt

issue() {
  local name=$1
  key "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=$name" -out "$name.csr"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 \
    -days $days -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}
issue node
issue alice

openssl rand -hex 32 > cluster.secret
alice=$(openssl rand -hex 32)
echo "$alice" > alice.secret
echo "alice:$alice" > users
# The node runs as uid 10001 in its container: let it read what it is given (this is a demo).
chmod 0644 ./*
echo "made $(pwd): ca.crt node.crt/.key alice.crt/.key cluster.secret users alice.secret"
