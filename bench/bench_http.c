/*
 * bench_http.c — measures, on this machine, in one run (make bench):
 *   1. audited writes per second through HTTP (POST /v1/orgs: validation,
 *      store insert, audit entry, durable commit), T keep-alive clients;
 *   2. the peer: bare SQLite durable commits per second on the same disk
 *      (WAL, synchronous=FULL, one insert per transaction), from one
 *      thread and from the same CLIENTS clients (each its own connection),
 *      so the first figure reads as a ratio to what the disk allows; also
 *      the server's CPU per write (/proc) and its writes per COMMIT;
 *   3. GET /v1/access/check per second with READERS keep-alive clients
 *      (session lookup, the six checks gathered from the store, JSON), and
 *      its peer: GET /v1/health on the same server and clients;
 *   4. `qupiya audit verify` throughput (it prints MB/s itself).
 * It prints figures; it never passes or fails. Needs QUPIYA_BIN (run.sh sets it).
 *
 * `bench_http serve` only sets up (a server on a fresh database, the readable
 * carrier of 3.) and prints shell assignments port=, path=, token=, pid=,
 * dir= for bench/compare.sh, which drives `GET /v1/access/check` with wrk
 * and then stops the server (kill pid) and removes dir.
 *
 * QUPIYA_BENCH_DB names an empty PostgreSQL database to run on instead of
 * a SQLite file (its keys in the temporary directory), QUPIYA_BENCH_NODES
 * (1 to 8, default 1) how many `qupiya serve` nodes serve it at once: the
 * clients are spread over them round-robin (bench/pg.sh runs both).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/ident.h"

#define CLIENTS       8
#define WRITES_TOTAL  4000
#define PEER_COMMITS  2000
#define READERS       32
#define READS_EACH    500
#define RESP_MAX      65536

#define NODES_MAX     8

static int port, nodes = 1;
static char token[80];
static __thread int node;   /* the node this thread's connections go to */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
conn_open(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)(port + node))};
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* One request on a keep-alive connection; returns the status, body in resp. */
static int
http_call(int fd, const char *method, const char *path, const char *body, char *resp)
{
	char req[4096];
	size_t got = 0, need = 0;
	int n = snprintf(req, sizeof req,
	                 "%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	                 "%s%s%sContent-Length: %zu\r\n\r\n%s",
	                 method, path, token[0] ? "Authorization: Bearer " : "", token,
	                 token[0] ? "\r\n" : "", body ? strlen(body) : 0, body ? body : "");

	if (write(fd, req, (size_t)n) != n)
		return -1;
	for (;;) {
		ssize_t r = read(fd, resp + got, RESP_MAX - 1 - got);
		char *hdr_end, *cl;

		if (r <= 0)
			return -1;
		got += (size_t)r;
		resp[got] = '\0';
		hdr_end = strstr(resp, "\r\n\r\n");
		if (hdr_end == NULL)
			continue;
		if (need == 0) {
			cl = strcasestr(resp, "Content-Length:");
			need = (size_t)(hdr_end - resp) + 4 + (cl ? strtoul(cl + 15, NULL, 10) : 0);
		}
		if (got >= need)
			break;
	}
	return (int)strtol(resp + 9, NULL, 10);
}

struct worker {
	int id, n, ok;
	double *lat;
};

static void *
writer(void *arg)
{
	struct worker *w = arg;
	char *resp = malloc(RESP_MAX), body[256], bin[13];
	int fd;

	node = w->id % nodes;
	fd = conn_open();

	for (int i = 0; i < w->n && fd >= 0; i++) {
		unsigned long long seed = 20000000000ULL + (unsigned long long)w->id * 1000000 + (unsigned)i * 16;
		double t0;

		for (;; seed++) {
			unsigned long long v = seed % 100000000000ULL;
			int c;

			for (int k = 10; k >= 0; k--, v /= 10)
				bin[k] = (char)('0' + v % 10);
			bin[11] = '0';
			bin[12] = '\0';
			c = ident_control_digit(bin);
			if (c >= 0) {
				bin[11] = (char)('0' + c);
				break;
			}
		}
		snprintf(body, sizeof body,
		         "{\"name\":\"Bench org %d-%d\",\"bin\":\"%s\",\"kind\":\"organization\"}",
		         w->id, i, bin);
		t0 = now_s();
		if (http_call(fd, "POST", "/v1/orgs", body, resp) == 201)
			w->ok++;
		w->lat[i] = now_s() - t0;
	}
	if (fd >= 0)
		close(fd);
	free(resp);
	return NULL;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Bare SQLite's durable commits: threads clients, each on its own
 * connection (busy timeout 5 s: SQLite's own wait for the write lock), one
 * INSERT per transaction, WAL and synchronous=FULL as qupiya opens its
 * database, on the same disk. Returns commits per second. */
struct peer_client {
	const char *path;
	int n, ok;
};

static void *
peer_client(void *arg)
{
	struct peer_client *p = arg;
	sqlite3 *db;
	sqlite3_stmt *st = NULL;

	if (sqlite3_open(p->path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 5000);
	sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO t(doc) VALUES('{\"name\":\"peer row\"}')", -1, &st,
	                       NULL) == SQLITE_OK)
		for (int i = 0; i < p->n; i++) {
			if (sqlite3_step(st) == SQLITE_DONE)
				p->ok++;
			sqlite3_reset(st);
		}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return NULL;
}

static double
peer_sqlite(const char *dir, int threads)
{
	char path[512];
	sqlite3 *db;
	pthread_t th[CLIENTS];
	struct peer_client pc[CLIENTS];
	double t0;
	int ok = 0;

	snprintf(path, sizeof path, "%s/peer-%d.db", dir, threads);
	if (threads < 1 || threads > CLIENTS || sqlite3_open(path, &db) != SQLITE_OK)
		return 0;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                 "CREATE TABLE t(id INTEGER PRIMARY KEY, doc TEXT);", NULL, NULL, NULL);
	t0 = now_s();
	for (int i = 0; i < threads; i++) {
		pc[i] = (struct peer_client){.path = path, .n = PEER_COMMITS / threads};
		pthread_create(&th[i], NULL, peer_client, &pc[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		ok += pc[i].ok;
	}
	t0 = now_s() - t0;
	sqlite3_close(db);
	return ok / t0;
}

/* CPU seconds (user + system, every thread) process pid has used so far;
 * 0 when /proc does not say. */
static double
cpu_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');   /* the command name may hold spaces */
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	                        &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The 1, 5 and 15 minute load averages, as /proc/loadavg says them. */
static const char *
loadavg(char *buf, size_t n)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double a = 0, b = 0, c = 0;

	if (f == NULL || fscanf(f, "%lf %lf %lf", &a, &b, &c) != 3)
		a = b = c = 0;
	if (f != NULL)
		fclose(f);
	snprintf(buf, n, "%.2f %.2f %.2f", a, b, c);
	return buf;
}

/* One call on a fresh connection; returns the status, *out the JSON. */
static int
api(const char *method, const char *path, const char *body, const char *tok, json_t **out)
{
	char saved[80], *resp = malloc(RESP_MAX);
	int fd = conn_open(), st = -1;

	memcpy(saved, token, sizeof saved);
	snprintf(token, sizeof token, "%s", tok ? tok : "");
	if (fd >= 0 && resp != NULL) {
		st = http_call(fd, method, path, body, resp);
		if (st >= 400 && strstr(resp, "\r\n\r\n") != NULL)
			fprintf(stderr, "bench_http: %s %s: %d %.300s\n", method, path, st,
			        strstr(resp, "\r\n\r\n") + 4);
		if (out != NULL) {
			char *b = strstr(resp, "\r\n\r\n");
			*out = b ? json_loads(b + 4, 0, NULL) : NULL;
		}
		close(fd);
	}
	memcpy(token, saved, sizeof token);
	free(resp);
	return st;
}

static const char *
idof(json_t *j, const char *key, char *buf, size_t n)
{
	const char *v = json_string_value(json_object_get(j, key));

	snprintf(buf, n, "%s", v ? v : "");
	json_decref(j);
	return buf;
}

static void
login_as(const char *login, char *tok)
{
	char body[200];
	json_t *j = NULL;

	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"bench-password-1\"}", login);
	api("POST", "/v1/session", body, NULL, &j);
	idof(j, "token", tok, 80);
}

/* Builds one readable carrier for one person through the API; fills the
 * path of the access check. Returns 0 when every step answered 2xx. */
/* A setup step that did not answer as expected: says which (stderr). */
static int
step_failed(int line, int failed)
{
	if (failed)
		fprintf(stderr, "bench_http: setup step at bench_http.c:%d failed\n", line);
	return failed;
}

static int
setup_access(const char *admin, char *check_path, size_t n)
{
	char org[64], person[64], list[64], item[64], info[64], carrier[64], clr[64];
	char so[80], head[80], cls[80], nsc[80], body[1024], path[256], bin[13], today[16];
	const char *roles[] = {"security_officer", "head", "classifier"};
	json_t *j = NULL;
	int bad = 0;

	snprintf(bin, sizeof bin, "%011d0", 30000001);
	bin[11] = (char)('0' + ident_control_digit(bin));
	snprintf(body, sizeof body, "{\"name\":\"Access bench ministry\",\"bin\":\"%s\",\"kind\":\"state_body\"}", bin);
	bad |= step_failed(__LINE__, api("POST", "/v1/orgs", body, admin, &j) != 201);
	idof(j, "id", org, sizeof org);
	snprintf(bin, sizeof bin, "%011d0", 80010101);
	bin[11] = (char)('0' + ident_control_digit(bin));
	for (int i = 0; i < 3; i++) {
		snprintf(body, sizeof body, "{\"login\":\"b%d\",\"password\":\"bench-password-1\",\"roles\":[\"%s\"],\"org_id\":\"%s\"}",
		         i, roles[i], org);
		bad |= step_failed(__LINE__, api("POST", "/v1/users", body, admin, NULL) != 201);
	}
	bad |= step_failed(__LINE__, api("POST", "/v1/users", "{\"login\":\"bn\",\"password\":\"bench-password-1\",\"roles\":[\"nsc_officer\"]}",
	           admin, NULL) != 201);
	login_as("b0", so);
	login_as("b1", head);
	login_as("b2", cls);
	login_as("bn", nsc);
	snprintf(path, sizeof path, "/v1/orgs/%s/permits", org);
	bad |= step_failed(__LINE__, api("POST", path, "{\"degree\":\"top_secret\",\"number\":\"P-1\",\"issued_on\":\"2020-01-01\",\"valid_until\":\"2099-01-01\"}",
	           nsc, NULL) != 201);
	snprintf(body, sizeof body, "{\"iin\":\"%s\",\"full_name\":\"Bench Reader\",\"citizenship\":\"KZ\",\"org_id\":\"%s\",\"position\":\"analyst\"}",
	         bin, org);
	bad |= step_failed(__LINE__, api("POST", "/v1/persons", body, so, &j) != 201);
	idof(j, "id", person, sizeof person);
	snprintf(body, sizeof body, "{\"person_id\":\"%s\",\"org_id\":\"%s\"}", person, org);
	bad |= step_failed(__LINE__, api("POST", "/v1/classifiers", body, admin, NULL) != 201);
	/* the classifier acts as the same person */
	snprintf(body, sizeof body, "{\"org_id\":\"%s\",\"title\":\"List\"}", org);
	bad |= step_failed(__LINE__, api("POST", "/v1/lists", body, so, &j) != 201);
	idof(j, "id", list, sizeof list);
	snprintf(path, sizeof path, "/v1/lists/%s/items", list);
	bad |= step_failed(__LINE__, api("POST", path, "{\"code\":\"1\",\"text\":\"Plans\",\"degree\":\"top_secret\",\"basis\":\"11.1\"}",
	           so, &j) != 201);
	idof(j, "id", item, sizeof item);
	snprintf(path, sizeof path, "/v1/lists/%s/approve", list);
	bad |= step_failed(__LINE__, api("POST", path, "{}", head, NULL) != 200);
	snprintf(body, sizeof body, "{\"login\":\"bc\",\"password\":\"bench-password-1\",\"roles\":[\"classifier\"],\"org_id\":\"%s\",\"person_id\":\"%s\"}",
	         org, person);
	bad |= step_failed(__LINE__, api("POST", "/v1/users", body, admin, NULL) != 201);
	login_as("bc", cls);
	/* classified today: not before the list's approval (Art. 20.1) */
	{
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
	}
	snprintf(body, sizeof body, "{\"title\":\"Plan\",\"org_id\":\"%s\",\"list_item_id\":\"%s\",\"degree\":\"top_secret\","
	         "\"classified_on\":\"%s\",\"declassify_on\":\"2040-01-10\"}", org, item, today);
	bad |= step_failed(__LINE__, api("POST", "/v1/information", body, cls, &j) != 201);
	idof(j, "id", info, sizeof info);
	snprintf(body, sizeof body, "{\"org_id\":\"%s\",\"account_number\":\"A-1\",\"kind\":\"paper\",\"title\":\"Plan copy\","
	         "\"label\":\"top_secret\",\"information_ids\":[\"%s\"],\"copies\":2,\"sheets\":10}", org, info);
	bad |= step_failed(__LINE__, api("POST", "/v1/carriers", body, so, &j) != 201);
	idof(j, "id", carrier, sizeof carrier);
	snprintf(path, sizeof path, "/v1/persons/%s/clearances", person);
	bad |= step_failed(__LINE__, api("POST", path, "{\"form\":\"top_secret\"}", so, &j) != 201);
	idof(j, "id", clr, sizeof clr);
	/* Prerequisites (Art. 29.1), where the server has that step. */
	snprintf(path, sizeof path, "/v1/clearances/%s/prerequisites", clr);
	api("POST", path, "{\"commitment_on\":\"2024-01-01\",\"consent_restrictions_on\":\"2024-01-01\","
	    "\"consent_verification_on\":\"2024-01-01\",\"familiarized_on\":\"2024-01-01\",\"verification\":\"passed\"}",
	    so, NULL);
	snprintf(path, sizeof path, "/v1/clearances/%s/decision", clr);
	bad |= step_failed(__LINE__, api("POST", path, "{\"decision\":\"grant\",\"contract_number\":\"C-1\"}", head, NULL) != 200);
	snprintf(body, sizeof body, "{\"person_id\":\"%s\",\"carrier_id\":\"%s\",\"until\":\"2099-01-01\"}", person, carrier);
	bad |= step_failed(__LINE__, api("POST", "/v1/grants", body, head, NULL) != 201);
	snprintf(check_path, n, "/v1/access/check?person_id=%s&carrier_id=%s", person, carrier);
	snprintf(token, sizeof token, "%s", so);
	return bad ? -1 : 0;
}

struct reader {
	const char *path;
	int id, ok;
	double *lat;
};

static void *
reader(void *arg)
{
	struct reader *w = arg;
	char *resp = malloc(RESP_MAX);
	int fd;

	node = w->id % nodes;
	fd = conn_open();
	for (int i = 0; i < READS_EACH && fd >= 0; i++) {
		double t0 = now_s();
		if (http_call(fd, "GET", w->path, NULL, resp) == 200)
			w->ok++;
		w->lat[i] = now_s() - t0;
	}
	if (fd >= 0)
		close(fd);
	free(resp);
	return NULL;
}

/* READERS clients GET path READS_EACH times each; prints the figures and
 * returns requests per second. */
static double
read_phase(const char *label, const char *path)
{
	pthread_t th[READERS];
	struct reader w[READERS];
	double *lat = calloc((size_t)READERS * READS_EACH, sizeof *lat), t0, el, rate;
	int ok = 0, total = READERS * READS_EACH;

	t0 = now_s();
	for (int i = 0; i < READERS; i++) {
		w[i] = (struct reader){.path = path, .id = i, .lat = lat + i * READS_EACH};
		pthread_create(&th[i], NULL, reader, &w[i]);
	}
	for (int i = 0; i < READERS; i++) {
		pthread_join(th[i], NULL);
		ok += w[i].ok;
	}
	el = now_s() - t0;
	qsort(lat, (size_t)total, sizeof *lat, cmp_d);
	rate = ok / el;
	printf("%s (%d clients): %.0f/s  (%d ok of %d)  p50 %.2f ms  p99 %.2f ms\n", label, READERS,
	       rate, ok, total, lat[total / 2] * 1e3, lat[total * 99 / 100] * 1e3);
	free(lat);
	return rate;
}

int
main(int argc, char **argv)
{
	bool serve = argc > 1 && strcmp(argv[1], "serve") == 0, reads = true;
	const char *bin = getenv("QUPIYA_BIN"), *url = getenv("QUPIYA_BENCH_DB");
	const char *nodes_env = getenv("QUPIYA_BENCH_NODES");
	char dir[] = "/tmp/qupiya-bench-XXXXXX", db[512], keys[300], listen[64], cmd[2048];
	char *resp = malloc(RESP_MAX);
	pthread_t th[CLIENTS];
	struct worker w[CLIENTS];
	double *lat, t0, el, peer, peer8, cpu0 = 0;
	char lbuf[64];
	const char *writes_env = getenv("QUPIYA_BENCH_WRITES");   /* default WRITES_TOTAL */
	int fd = -1, ok = 0, per = (writes_env ? atoi(writes_env) : WRITES_TOTAL) / CLIENTS;
	pid_t pids[NODES_MAX];

	if (bin == NULL || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_http: set QUPIYA_BIN\n");
		return 2;
	}
	if (nodes_env != NULL)
		nodes = atoi(nodes_env);
	if (nodes < 1 || nodes > NODES_MAX)
		nodes = 1;
	snprintf(db, sizeof db, "%s", url ? url : "");
	if (url == NULL)
		snprintf(db, sizeof db, "%s/q.db", dir);
	snprintf(keys, sizeof keys, "%s/keys", dir);
	/* stderr in serve mode: its stdout is shell assignments (compare.sh) */
	fprintf(serve ? stderr : stdout, "backend %s, %d node(s)\n", url ? "postgresql" : "sqlite",
	        nodes);
	fflush(stdout);
	snprintf(cmd, sizeof cmd, "QUPIYA_ADMIN_PASSWORD=bench-password-1 %s init --db '%s' --keys %s >/dev/null",
	         bin, db, keys);
	if (system(cmd) != 0)
		return 1;
	port = 20000 + (int)(getpid() % 20000);
	for (int n = 0; n < nodes; n++) {
		snprintf(listen, sizeof listen, "127.0.0.1:%d", port + n);
		pids[n] = fork();
		if (pids[n] == 0) {
			char log[600];

			snprintf(log, sizeof log, "%s/serve-%d.log", dir, n);
			if (freopen(log, "w", stdout) == NULL)
				_exit(126);
			execl(bin, bin, "serve", "--db", db, "--keys", keys, "--listen", listen,
			      (char *)NULL);
			_exit(127);
		}
		node = n;
		for (int i = 0; i < 200 && (fd = conn_open()) < 0; i++)
			usleep(50000);
		if (n + 1 < nodes && fd >= 0)
			close(fd);
	}
	node = 0;
	if (fd < 0 || http_call(fd, "POST", "/v1/session",
	                        "{\"login\":\"admin\",\"password\":\"bench-password-1\"}", resp) != 201) {
		fprintf(stderr, "bench_http: login failed\n");
		for (int n = 0; n < nodes; n++)
			kill(pids[n], SIGTERM);
		return 1;
	}
	{
		char *t = strstr(resp, "\"token\":\"");
		snprintf(token, sizeof token, "%.64s", t ? t + 9 : "");
	}
	close(fd);
	if (serve) {
		char check[256], admin[80];

		snprintf(admin, sizeof admin, "%s", token);   /* api() rewrites token */
		if (setup_access(admin, check, sizeof check) != 0) {
			fprintf(stderr, "bench_http serve: setup through the API failed\n");
			for (int n = 0; n < nodes; n++)
				kill(pids[n], SIGTERM);
			return 1;
		}
		printf("port=%d\npath='%s'\ntoken=%s\npid=%d\ndir=%s\n", port, check, token,
		       (int)pids[0], dir);
		free(resp);
		return 0;
	}

	if (per < 1)
		per = 1;
	if (getenv("QUPIYA_BENCH_WRITES_ONLY") != NULL)
		reads = false;
	lat = calloc((size_t)per * CLIENTS, sizeof *lat);
	for (int n = 0; n < nodes; n++)
		cpu0 -= cpu_of(pids[n]);
	t0 = now_s();
	for (int i = 0; i < CLIENTS; i++) {
		w[i] = (struct worker){.id = i, .n = per, .lat = lat + i * per};
		pthread_create(&th[i], NULL, writer, &w[i]);
	}
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		ok += w[i].ok;
	}
	el = now_s() - t0;
	for (int n = 0; n < nodes; n++)
		cpu0 += cpu_of(pids[n]);
	qsort(lat, (size_t)per * CLIENTS, sizeof *lat, cmp_d);
	peer = peer_sqlite(dir, 1);
	peer8 = peer_sqlite(dir, CLIENTS);
	printf("audited HTTP writes (POST /v1/orgs, %d clients): %.0f/s  (%d ok of %d)  "
	       "p50 %.2f ms  p99 %.2f ms\n", CLIENTS, ok / el, ok, per * CLIENTS,
	       lat[per * CLIENTS / 2] * 1e3, lat[per * CLIENTS * 99 / 100] * 1e3);
	printf("server CPU per audited write: %.0f us  (%.2f CPUs busy; load %s)\n",
	       ok > 0 ? cpu0 / ok * 1e6 : 0, cpu0 / el, loadavg(lbuf, sizeof lbuf));
	printf("peer: bare SQLite durable commits (1 thread): %.0f/s; ratio http/peer = %.2f\n",
	       peer, peer > 0 ? (ok / el) / peer : 0);
	printf("peer: bare SQLite durable commits (%d clients): %.0f/s; ratio http/peer = %.2f\n",
	       CLIENTS, peer8, peer8 > 0 ? (ok / el) / peer8 : 0);
	if (reads) {
		char admin[80], check[256];
		double r1, r2;

		snprintf(admin, sizeof admin, "%s", token);
		if (setup_access(admin, check, sizeof check) != 0) {
			printf("access check: setup through the API failed; skipped\n");
		} else {
			r1 = read_phase("GET /v1/access/check", check);
			r2 = read_phase("peer: GET /v1/health", "/v1/health");
			printf("ratio access-check/health = %.2f\n", r2 > 0 ? r1 / r2 : 0);
		}
	}
	for (int n = 0; n < nodes; n++) {
		char log[600], line[300];
		FILE *f;

		kill(pids[n], SIGTERM);
		waitpid(pids[n], NULL, 0);
		/* the server's count of writes per COMMIT (cmd_serve.c, at stop) */
		snprintf(log, sizeof log, "%s/serve-%d.log", dir, n);
		f = fopen(log, "r");
		while (f != NULL && fgets(line, sizeof line, f) != NULL)
			if (strstr(line, "group commit:") != NULL)
				printf("node %d: %s", n, line + (strncmp(line, "qupiya: ", 8) == 0 ? 8 : 0));
		if (f != NULL)
			fclose(f);
	}
	snprintf(cmd, sizeof cmd, "%s audit verify --db '%s' --keys %s", bin, db, keys);
	printf("audit verify: ");
	fflush(stdout);
	if (system(cmd) != 0)
		printf("(verify failed)\n");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_http: could not remove %s\n", dir);
	free(lat);
	free(resp);
	return 0;
}
