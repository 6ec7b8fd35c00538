/*
 * cmd_audit.c — `qupiya audit verify|head`: prove the audit log intact (or
 * name the first bad entry), and export a signed tree head to keep elsewhere
 * so that a later `verify --head` also proves no entry was cut from the end.
 *
 *   qupiya audit verify --db FILE [--keys DIR] [--head FILE] [--jobs N] [--quiet]
 *       exit 0 "audit log intact: N entries, X MB/s"; exit 1 with
 *       "audit log BROKEN: entry N: ..." on stderr (or any failure to read);
 *       exit 2 on a usage error.
 *   qupiya audit head --db FILE [--keys DIR]
 *       signs the current head (stored in the log too) and prints it as JSON.
 *
 * Keys: the keys directory (cli_keys_dir). verify reads only
 * audit-public.key (every public key the log was signed with, oldest
 * first); head also needs audit-signing.key.
 *
 * SECURITY: reads the database and an exported head file (untrusted: parsed
 * strictly by audit_head_from_json, size-capped here). Prints no entry
 * contents. Only main() exits.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/auditlog.h"
#include "cli/audit_witness.h"
#include "cli/commands.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define HEAD_FILE_MAX (64 * 1024)   /* an exported head is ~300 bytes */
#define KEYPATH_MAX   4096

static void
usage(FILE *f)
{
	fputs("usage: qupiya audit verify --db FILE [--keys DIR] [--head HEADFILE] [--jobs N]\n"
	      "              [--quiet] [--witness-key VKEYFILE [--max-age DURATION] [--witness URL]]\n"
	      "       qupiya audit head --db FILE [--keys DIR]\n"
	      "       qupiya audit witness --db FILE [--keys DIR] --witness URL\n"
	      "                            [--witness-key VKEYFILE]\n"
	      "\n"
	      "verify  recomputes every entry of the audit log of FILE, checks the\n"
	      "        Merkle tree against every signed tree head (public keys in\n"
	      "        DIR/audit-public.key) and,\n"
	      "        with --head, against a head exported earlier (a cut tail shows).\n"
	      "        Exit 0 intact, 1 broken (the first bad entry named), 2 usage.\n"
	      "head    signs the current tree head and prints it as JSON: keep it\n"
	      "        outside the server and give it to a later verify --head.\n"
	      "witness sends the signed head to a witness (C2SP tlog-witness) and keeps\n"
	      "        its cosignature; verify --witness-key then needs a recent one.\n",
	      f);
}

static void
usage_verify(FILE *f)
{
	fputs("usage: qupiya audit verify --db FILE [--keys DIR] [--head HEADFILE] [--jobs N]\n"
	      "                           [--quiet]\n"
	      "\n"
	      "Recomputes the hash of every audit entry, checks sequence, canonical\n"
	      "form, stored Merkle nodes, the log state and every signed tree head\n"
	      "(Ed25519 under the public keys in audit-public.key of the keys\n"
	      "directory: --keys DIR, else QUPIYA_KEYS, else the directory of FILE;\n"
	      "no secret key is read). With --head, HEADFILE is\n"
	      "a head printed earlier by 'qupiya audit head': the log must still\n"
	      "contain it (RFC 9162), so entries cut from the end are named.\n"
	      "  --jobs N  threads hashing entries and tree nodes (default: the online\n"
	      "            processors; 1 to 64); the entry named is the same for any N\n"
	      "  --quiet   print nothing when intact, no progress\n"
	      "  --witness-key VKEYFILE  the verifier key of a witness (C2SP vkey): every\n"
	      "            head it cosigned (kept in FILE, and with --witness the latest\n"
	      "            it answers) must be a prefix of the log, and one must be\n"
	      "            newer than --max-age (default 24h; 90s, 30m, 24h, 7d)\n"
	      "  --witness URL  the witness's prefix, e.g. http://host:8470/v1/witness\n"
	      "  --log-origin NAME  the log's checkpoint origin (default from the first audit key)\n"
	      "Exit status: 0 intact, 1 broken or unreadable, 2 usage.\n",
	      f);
}

static void
usage_head(FILE *f)
{
	fputs("usage: qupiya audit head --db FILE [--keys DIR]\n"
	      "\n"
	      "Signs the current tree head of the audit log of FILE with the key in\n"
	      "DIR/audit-signing.key, stores it in the log and prints it as JSON\n"
	      "{size, root, timestamp, signature, public_key}. Keep the output\n"
	      "elsewhere; 'qupiya audit verify --head' checks the log against it.\n",
	      f);
}

static void
print_err(const char *prog, const char *what, const struct qerr *e)
{
	fprintf(stderr, "%s: %s: %s%s%s\n", prog, what, e->code,
	        e->detail[0] ? ": " : "", e->detail);
}

static int
head_load(const char *path, struct store_sth *h, uint8_t pk[CRYPTO_SIGN_PK_SIZE])
{
	json_error_t jerr;
	struct qerr e = {0};
	json_t *j;
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "qupiya audit verify: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(HEAD_FILE_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, HEAD_FILE_MAX + 1, f);
	fclose(f);
	if (n > HEAD_FILE_MAX) {
		fprintf(stderr, "qupiya audit verify: %s: too large for a head\n", path);
		free(buf);
		return -1;
	}
	j = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (j == NULL) {
		fprintf(stderr, "qupiya audit verify: %s:%d: %s\n", path, jerr.line, jerr.text);
		return -1;
	}
	if (audit_head_from_json(j, h, pk, &e) != 0) {
		fprintf(stderr, "qupiya audit verify: %s: %s \"%s\"\n", path, e.code, e.field);
		json_decref(j);
		return -1;
	}
	json_decref(j);
	return 0;
}

static int
audit_verify_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"head", required_argument, NULL, 'H'},
		{"quiet", no_argument, NULL, 'q'},
		{"jobs", required_argument, NULL, 'j'},
		{"witness-key", required_argument, NULL, 'V'},
		{"witness", required_argument, NULL, 'w'},
		{"max-age", required_argument, NULL, 'a'},
		{"log-origin", required_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *prog = "qupiya audit verify";
	const char *db = NULL, *headpath = NULL, *keys_opt = NULL;
	const char *wkey = NULL, *wurl = NULL, *origin = NULL;
	char obuf[NOTE_NAME_MAX];
	int64_t max_age = AUDIT_MAX_AGE_DEFAULT;
	struct store_sth head;
	uint8_t head_pk[CRYPTO_SIGN_PK_SIZE];
	bool listed = false;
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct timespec t0, t1;
	int64_t entries = 0, bytes = 0;
	bool quiet = false;
	double secs;
	int c, rc, jobs = 0;
	char *end;
	long l;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': keys_opt = optarg; break;
		case 'H': headpath = optarg; break;
		case 'q': quiet = true; break;
		case 'j':
			errno = 0;
			l = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || l < 1 || l > 64) {
				fprintf(stderr, "qupiya audit verify: --jobs: a number from 1 to 64\n");
				return 2;
			}
			jobs = (int)l;
			break;
		case 'V': wkey = optarg; break;
		case 'w': wurl = optarg; break;
		case 'O': origin = optarg; break;
		case 'a':
			if (audit_parse_duration(optarg, &max_age) != 0) {
				usage_verify(stderr);
				return 2;
			}
			break;
		case 'h': usage_verify(stdout); return 0;
		default: usage_verify(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "qupiya audit verify: --db is required\n");
		return 2;
	}
	if (optind != argc || (wurl != NULL && wkey == NULL) ||
	    (origin != NULL && !note_name_ok(origin, strlen(origin)))) {
		usage_verify(stderr);
		return 2;
	}
	if (cli_db_keys_given(prog, db, keys_opt) != 0)
		return 2;
	if (crypto_init() != 0)
		return 1;
	if (headpath != NULL && head_load(headpath, &head, head_pk) != 0)
		return 1;
	keys = cli_keys_load(prog, keys_opt, db, 1);   /* the public ring only */
	if (keys == NULL)
		return 1;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0) {
		print_err(prog, cli_db_name(db), &e);
		crypto_keys_free(keys);
		return 1;
	}
	for (size_t i = 0; headpath != NULL && i < keys->npk; i++)
		if (crypto_memcmp(head_pk, keys->pks[i], sizeof head_pk) == 0)
			listed = true;
	if (headpath != NULL && !listed) {
		fprintf(stderr, "audit log BROKEN: head: signed by a key not listed in %s\n",
		        CRYPTO_KEYS_PUBLIC);
		crypto_keys_free(keys);
		store_close(s);
		return 1;
	}
	if (store_begin(s, false, &tx, &e) != 0) {
		print_err(prog, cli_db_name(db), &e);
		crypto_keys_free(keys);
		store_close(s);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = audit_verify_jobs(tx, (const uint8_t (*)[32])keys->pks, keys->npk,
	                       headpath != NULL ? &head : NULL, jobs, quiet ? NULL : stderr,
	                       &entries, &bytes, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0 && wkey != NULL) {
		if (origin == NULL) {
			/* the first key of the ring: rotations keep the origin */
			audit_origin_default(keys->pks[0], "audit", obuf);
			origin = obuf;
		}
		if (audit_witness_check(tx, origin, wkey, wurl, max_age, quiet) != 0) {
			store_rollback(tx);
			store_close(s);
			crypto_keys_free(keys);
			return 1;
		}
	}
	store_rollback(tx);
	store_close(s);
	crypto_keys_free(keys);
	if (rc != 0) {
		if (strcmp(e.code, "audit_broken") == 0)
			fprintf(stderr, "audit log BROKEN: %s\n", e.detail);
		else
			print_err(prog, "cannot read the log", &e);
		return 1;
	}
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!quiet)
		printf("audit log intact: %lld entries, %.1f MB/s\n", (long long)entries,
		       secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
	return 0;
}

static int
audit_head_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *prog = "qupiya audit head";
	const char *db = NULL, *keys_opt = NULL;
	struct crypto_keys *keys = NULL;
	struct audit_log *log = NULL;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct store_sth h;
	struct qerr e = {0};
	json_t *j;
	char *text;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': keys_opt = optarg; break;
		case 'h': usage_head(stdout); return 0;
		default: usage_head(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "qupiya audit head: --db is required\n");
		return 2;
	}
	if (optind != argc) {
		usage_head(stderr);
		return 2;
	}
	if (cli_db_keys_given(prog, db, keys_opt) != 0)
		return 2;
	if (crypto_init() != 0)
		return 1;
	keys = cli_keys_load(prog, keys_opt, db, 0);
	if (keys == NULL)
		return 1;
	log = audit_log_new(keys, QDATE_NONE);
	if (log == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto out;
	}
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0 ||
	    store_begin(s, true, &tx, &e) != 0) {
		print_err(prog, cli_db_name(db), &e);
		goto out;
	}
	if (audit_head(log, tx, &h, &e) != 0) {
		store_rollback(tx);
		print_err(prog, "sign head", &e);
		goto out;
	}
	if (store_commit(tx, &e) != 0) {
		print_err(prog, "commit", &e);
		goto out;
	}
	j = audit_head_json(&h, keys->sign_pk);
	text = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (text == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto out;
	}
	printf("%s\n", text);
	free(text);
	ret = fflush(stdout) == 0 ? 0 : 1;
out:
	store_close(s);
	audit_log_free(log);
	crypto_keys_free(keys);
	return ret;
}

int
cmd_audit(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub == NULL) {
		usage(stderr);
		return 2;
	}
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 ||
	    strcmp(sub, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(sub, "verify") == 0)
		return audit_verify_main(argc - 1, argv + 1);
	if (strcmp(sub, "head") == 0)
		return audit_head_main(argc - 1, argv + 1);
	if (strcmp(sub, "witness") == 0)
		return audit_witness_main(argc - 1, argv + 1);
	fprintf(stderr, "qupiya audit: unknown subcommand '%s'\n", sub);
	usage(stderr);
	return 2;
}
