/*
 * peer_mhd.c — the peer of `GET /v1/access/check` in make bench: a bare
 * libmicrohttpd handler that answers every request 200 with a fixed JSON
 * body (the bytes of a real access-check answer, given as a file), started
 * with qupiya's server settings (src/http/server.c: internal polling thread
 * with epoll, a pool of 8 threads, 1000 connections, 64 per address, 30 s
 * idle timeout). Everything qupiya adds per request (routing, the session,
 * the decision's inputs, JSON) is what the ratio measures.
 *
 *   peer_mhd PORT BODYFILE     serves on 127.0.0.1:PORT until SIGTERM/SIGINT
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PEER_THREADS      8      /* SERVER_THREADS */
#define PEER_CONNECTIONS  1000   /* SERVER_CONNECTIONS_MAX */
#define PEER_PER_IP       64     /* SERVER_PER_IP_MAX */
#define PEER_TIMEOUT_SECS 30     /* SERVER_TIMEOUT_SECS */

static char body[65536];
static size_t body_len;
static volatile sig_atomic_t stop;

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
	(void)state;
	r = MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	struct MHD_Daemon *d;
	FILE *f;

	if (argc != 3 || (f = fopen(argv[2], "rb")) == NULL) {
		fprintf(stderr, "usage: peer_mhd PORT BODYFILE\n");
		return 2;
	}
	body_len = fread(body, 1, sizeof body, f);
	fclose(f);
	a.sin_port = htons((uint16_t)atoi(argv[1]));
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL,
	                     &on_request, NULL,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a,
	                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)PEER_THREADS,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)PEER_CONNECTIONS,
	                     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PEER_PER_IP,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PEER_TIMEOUT_SECS,
	                     MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "peer_mhd: cannot listen on 127.0.0.1:%s\n", argv[1]);
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stop)
		sleep(1);
	MHD_stop_daemon(d);
	return 0;
}
