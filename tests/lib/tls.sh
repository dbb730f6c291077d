# shellcheck shell=bash
# tests/lib/tls.sh — certificates for the TLS endpoint tests, made with openssl.
#   make_test_certs DIR LOG   in DIR: ca.pem (+ ca-key.pem), server.pem and
#                             server-key.pem for 127.0.0.1/localhost, and three
#                             client bundles as DOCKER_CERT_PATH expects them
#                             (ca.pem, cert.pem, key.pem): good/ (what a UCP
#                             client bundle holds), no-client-cert/ (only the
#                             CA) and wrong-ca/ (the client's pair, another CA);
#                             openssl's output goes to LOG.  Returns non-zero
#                             on failure.
make_test_certs() {
	local d=$1 log=$2
	mkdir -p "$d/good" "$d/wrong-ca" "$d/no-client-cert" || return 1
	(
		cd "$d" || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=cscap test CA" \
			-keyout ca-key.pem -out ca.pem &&
			openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
				-keyout other-key.pem -out other.pem &&
			openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
				-keyout server-key.pem -out server.csr &&
			printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext &&
			openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
				-days 2 -extfile server.ext -out server.pem &&
			openssl req -newkey rsa:2048 -nodes -subj "/CN=cscap client" \
				-keyout good/key.pem -out client.csr &&
			printf 'extendedKeyUsage=clientAuth\n' >client.ext &&
			openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
				-days 2 -extfile client.ext -out good/cert.pem &&
			cp ca.pem good/ca.pem && cp ca.pem no-client-cert/ca.pem &&
			cp good/cert.pem good/key.pem wrong-ca/ && cp other.pem wrong-ca/ca.pem
	) >"$log" 2>&1
}
