/*
 * sandbox.c — the box around `qupiya serve` (issue 14, "a box").
 *
 * POLICY. A server that is compromised through a bug in request handling
 * should be able to do no more than the server itself does: answer HTTP on
 * the socket it already has, read its data and web files, and read and
 * write its database. cmd_serve.c therefore, in this order:
 *
 *   1. opens the listening socket (sandbox_listen_open: ports below 1024
 *      need root), the key file, data/ and the database;
 *   2. with --user NAME drops root for good (sandbox_user_drop:
 *      setgroups, setgid, setuid, then verifies that setuid(0) fails and
 *      that no id is still 0); started as root without it, warns;
 *   3. unless --no-sandbox, enters the box (sandbox_enter) BEFORE any
 *      thread exists, so every libmicrohttpd thread inherits it:
 *      - no_new_privs: no execve can gain privileges (setuid binaries,
 *        file capabilities);
 *      - Landlock (raw syscalls, best ABI the kernel offers): read-only
 *        beneath data/ and web/ (and /dev/urandom, SQLite's seed; the
 *        TLS certificate and key when given; with a database server,
 *        the name service's files and libpq's certificates and password
 *        file, store_client_files), read-write (no execute, no
 *        device or socket nodes, no symlinks) beneath the database's
 *        directory,
 *        which also holds the upload spool (store_tmpfile) and SQLite's
 *        temporary files (SQLITE_TMPDIR is pointed there); nothing else
 *        of the file system, no execute anywhere; from ABI 4 no TCP bind
 *        or connect (the socket is bound already), from ABI 6 no abstract
 *        UNIX sockets and no signals to processes outside the box. A
 *        kernel without Landlock (ENOSYS, EOPNOTSUPP) gets a log line and
 *        the rest of the box;
 *      - seccomp (libseccomp): an allow-list of the system calls the
 *        server makes after start (found by running the whole API test
 *        suite under strace): I/O on descriptors it has, file opens (which
 *        Landlock confines), SQLite's fsync/fcntl locks/mmap of the WAL
 *        index, pread/pwrite, threads (clone only with CLONE_THREAD;
 *        clone3 answers ENOSYS so glibc falls back to clone), futex,
 *        epoll/poll, accept4, send/recv, time, getrandom (libsodium),
 *        signals to itself only. mmap/mprotect never with PROT_EXEC (no
 *        new code at run time). Not allowed among others: execve,
 *        socket, connect, bind, ptrace, mount, setuid & co., kill of
 *        other processes, io_uring, bpf, keyctl, personality.
 *
 *   The default action for any other system call is EPERM, not killing
 *   the process: the server's error paths turn a refused call into a
 *   500/503 for that one request, while a kill would take every in-flight
 *   request (and the availability of the registry) down with it when a
 *   library takes a rare path the tests did not see; an attacker gains
 *   nothing from an EPERM. The test (tests/api/test_sandbox.py) runs
 *   `qupiya sandbox-selftest`, which enters this same box through the
 *   same functions, and checks that reading a world-readable file
 *   elsewhere, writing outside the database directory and executing
 *   /bin/sh are refused; and that the real server shows NoNewPrivs 1 and
 *   Seccomp 2 in /proc/PID/status.
 *
 *   Sanitizer builds (ASan+UBSan) set only no_new_privs: LeakSanitizer
 *   stops the world with ptrace and reads /proc/self/maps at exit. The
 *   plain build, which runs the same tests, enters the whole box.
 *
 * SECURITY: reads no untrusted input; every step that fails fails the
 * start (cmd_serve exits) — except a missing Landlock, logged.
 */
/* setresuid, O_PATH, CLONE_THREAD are GNU/Linux. */
#define _GNU_SOURCE 1
#include "cli/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/landlock.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/qerr.h"

#define LISTEN_BACKLOG 512

/* ---- sanitizer detection ------------------------------------------------ */

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZED 1
#endif
#endif
#ifndef SANDBOX_SANITIZED
#define SANDBOX_SANITIZED 0
#endif

bool
sandbox_sanitizer_build(void)
{
	return SANDBOX_SANITIZED != 0;
}

/* ---- policy --------------------------------------------------------------- */

int
sandbox_policy_serve(struct sandbox_policy *p, const char *db, const char *data_dir,
                     const char *web_dir, char *dbdir, size_t dbdir_sz)
{
	const char *slash = strrchr(db, '/');
	const char *tmp = getenv("TMPDIR");
	size_t dl;

	memset(p, 0, sizeof *p);
	if (strstr(db, "://") != NULL) {
		/* glibc's resolver (built into libc: files, dns) opens these
		 * at each lookup of the server's host name */
		static const char *const ns[] = {"/etc/hosts", "/etc/resolv.conf",
		                                 "/etc/nsswitch.conf", "/etc/host.conf",
		                                 "/etc/gai.conf"};

		/* store_tmpfile's spool of a server backend */
		p->db_client = true;
		if (q_strlcpy(dbdir, tmp != NULL && tmp[0] == '/' ? tmp : "/tmp", dbdir_sz) >=
		    dbdir_sz)
			return -1;
		for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
			if (access(ns[i], F_OK) == 0)
				p->ro[p->nro++] = ns[i];
	} else if (slash == NULL) {
		if (q_strlcpy(dbdir, ".", dbdir_sz) >= dbdir_sz)
			return -1;
	} else {
		dl = slash == db ? 1 : (size_t)(slash - db);
		if (dl >= dbdir_sz)
			return -1;
		memcpy(dbdir, db, dl);
		dbdir[dl] = '\0';
	}
	p->rw[p->nrw++] = dbdir;
	/* SQLite seeds its PRNG (WAL salts, temp names) from here. */
	p->ro[p->nro++] = "/dev/urandom";
	if (data_dir != NULL)
		p->ro[p->nro++] = data_dir;
	if (web_dir != NULL)
		p->ro[p->nro++] = web_dir;
	return 0;
}

/* ---- the listening socket --------------------------------------------------- */

int
sandbox_listen_open(const char *addr, int *fd, char *err, size_t errsz)
{
	char host[256];
	const char *colon = strrchr(addr, ':'), *h = addr;
	size_t hl;
	struct addrinfo hints, *ai = NULL;
	int s, one = 1, rc;

	*fd = -1;
	if (colon == NULL || colon[1] == '\0') {
		snprintf(err, errsz, "--listen wants ADDR:PORT, got '%s'", addr);
		return -1;
	}
	hl = (size_t)(colon - addr);
	if (hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']') {
		h = addr + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host) {
		snprintf(err, errsz, "--listen wants ADDR:PORT, got '%s'", addr);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errsz, "--listen %s: %s", addr, gai_strerror(rc));
		return -1;
	}
	s = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0)
		goto fail;
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		goto fail;
	if (ai->ai_family == AF_INET6 &&
	    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0)
		goto fail;
	if (bind(s, ai->ai_addr, ai->ai_addrlen) != 0 || listen(s, LISTEN_BACKLOG) != 0)
		goto fail;
	freeaddrinfo(ai);
	if (s == 0) {   /* stdin was closed: keep 0 free of meaning (app.listen_fd) */
		int d = fcntl(s, F_DUPFD_CLOEXEC, 3);

		close(s);
		if (d < 0) {
			snprintf(err, errsz, "cannot listen on %s: %s", addr, strerror(errno));
			return -1;
		}
		s = d;
	}
	*fd = s;
	return 0;
fail:
	snprintf(err, errsz, "cannot listen on %s: %s", addr, strerror(errno));
	if (s >= 0)
		close(s);
	freeaddrinfo(ai);
	return -1;
}

/* ---- privilege drop --------------------------------------------------------- */

int
sandbox_user_drop(const char *user, char *err, size_t errsz)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	gid_t g, rg, eg, sg;
	uid_t ru, eu, su;

	if (getpwnam_r(user, &pw, buf, sizeof buf, &res) != 0 || res == NULL) {
		snprintf(err, errsz, "--user %s: no such user", user);
		return -1;
	}
	if (pw.pw_uid == 0) {
		snprintf(err, errsz, "--user %s: is root; name an unprivileged user", user);
		return -1;
	}
	g = pw.pw_gid;
	if (setgroups(1, &g) != 0 || setresgid(g, g, g) != 0 ||
	    setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid) != 0) {
		snprintf(err, errsz, "--user %s: cannot drop privileges: %s", user, strerror(errno));
		return -1;
	}
	/* Verify: every id is the user's, and root cannot come back. */
	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0 ||
	    ru != pw.pw_uid || eu != pw.pw_uid || su != pw.pw_uid ||
	    rg != g || eg != g || sg != g || setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errsz, "--user %s: privileges still held after the drop", user);
		return -1;
	}
	/* The uid change made the process non-dumpable; LeakSanitizer reads
	 * /proc/self/maps and ptraces its threads at exit, so sanitizer builds
	 * (only) make it dumpable again. */
	if (SANDBOX_SANITIZED)
		(void)prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	return 0;
}

/* ---- Landlock ------------------------------------------------------------------ */

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define LL_NET_BIND_TCP        (1ULL << 0)
#define LL_NET_CONNECT_TCP     (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define LL_SCOPE_SIGNAL        (1ULL << 1)

/* struct landlock_ruleset_attr as of ABI 6; its size tells the kernel
 * which fields we know. */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

#define LL_FS_READ  (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_FS_FILE  (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                     LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
                     LANDLOCK_ACCESS_FS_IOCTL_DEV)
/* Beneath the database directory: everything but execute, special nodes
 * and symlinks. */
#define LL_FS_RW    (LL_FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | \
                     LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
                     LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE)

static int
ll_add_path(int ruleset, const char *path, uint64_t access, uint64_t handled,
            char *err, size_t errsz)
{
	struct landlock_path_beneath_attr pb;
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errsz, "sandbox: %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(&pb, 0, sizeof pb);
	pb.parent_fd = fd;
	pb.allowed_access = access & handled;
	if (!S_ISDIR(st.st_mode))
		pb.allowed_access &= LL_FS_FILE;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) != 0) {
		snprintf(err, errsz, "sandbox: landlock rule for %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* 1 applied, 0 unavailable (logged), -1 error. */
static int
ll_enter(const struct sandbox_policy *p, FILE *log, char *err, size_t errsz)
{
	struct ll_ruleset_attr attr;
	size_t attr_sz = sizeof attr.handled_access_fs;
	long abi;
	int rs;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		if (errno == ENOSYS || errno == EOPNOTSUPP) {
			if (log != NULL)
				fprintf(log, "qupiya: sandbox: Landlock is unavailable in this "
				        "kernel (%s); file system not confined\n", strerror(errno));
			return 0;
		}
		snprintf(err, errsz, "sandbox: landlock: %s", strerror(errno));
		return -1;
	}
	memset(&attr, 0, sizeof attr);
	attr.handled_access_fs = LL_FS_READ | LANDLOCK_ACCESS_FS_EXECUTE |
		LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
		LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
		LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
		LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
		LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
	if (abi >= 2)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 4) {
		/* A PostgreSQL server may be reached over TCP (any port the
		 * URL names); binding stays refused. */
		attr.handled_access_net = LL_NET_BIND_TCP | (p->db_client ? 0 : LL_NET_CONNECT_TCP);
		attr_sz = offsetof(struct ll_ruleset_attr, scoped);
	}
	if (abi >= 5)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	if (abi >= 6) {
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
		attr_sz = sizeof attr;
	}
	rs = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_sz, 0);
	if (rs < 0) {
		snprintf(err, errsz, "sandbox: landlock ruleset: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < p->nro; i++)
		if (ll_add_path(rs, p->ro[i], LL_FS_READ, attr.handled_access_fs, err, errsz) != 0)
			goto fail;
	for (int i = 0; i < p->nrw; i++)
		if (ll_add_path(rs, p->rw[i], LL_FS_RW, attr.handled_access_fs, err, errsz) != 0)
			goto fail;
	if (syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
		snprintf(err, errsz, "sandbox: landlock restrict: %s", strerror(errno));
		goto fail;
	}
	close(rs);
	if (log != NULL)
		fprintf(log, "qupiya: sandbox: Landlock ABI %ld applied\n", abi);
	return 1;
fail:
	close(rs);
	return -1;
}

/* ---- seccomp -------------------------------------------------------------------- */

/* Allowed with any arguments. */
static const char *const sc_allow[] = {
	/* descriptors the process has or opens (Landlock confines opens) */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
	"preadv2", "pwritev2", "lseek", "close", "openat", "open", "dup", "dup2", "dup3",
	"fstat", "newfstatat", "stat", "lstat", "statx", "fstatfs", "statfs",
	"access", "faccessat", "faccessat2", "readlink", "readlinkat", "getcwd",
	"getdents64", "fcntl", "flock", "fsync", "fdatasync", "ftruncate", "fallocate",
	"fadvise64", "unlink", "unlinkat", "rename", "renameat", "renameat2",
	"link", "linkat", "mkdir", "mkdirat", "rmdir", "fchmod",   /* key files beside the db */
	"sendfile", "copy_file_range", "pipe2", "eventfd2",
	/* memory */
	"brk", "munmap", "mremap", "madvise", "membarrier", "mincore",
	"mlock", "mlock2", "munlock",   /* libsodium keeps keys out of swap */
	/* threads, locks, signals to itself */
	"futex", "futex_waitv", "set_robust_list", "get_robust_list", "rseq",
	"set_tid_address", "sched_yield", "sched_getaffinity", "exit", "exit_group",
	"rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "rt_sigtimedwait",
	"sigaltstack", "restart_syscall",
	"getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid",
	"getresuid", "getresgid", "getgroups", "getrlimit", "prlimit64", "getrusage",
	"sysinfo", "uname",
	/* time, randomness */
	"clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep",
	"gettimeofday", "time", "getrandom",
	/* the network, on sockets it already has */
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2",
	"poll", "ppoll", "select", "pselect6",
	"accept", "accept4", "recvfrom", "recvmsg", "recvmmsg", "sendto", "sendmsg",
	"sendmmsg", "shutdown", "setsockopt", "getsockopt", "getsockname", "getpeername",
};

static int
sc_rule(scmp_filter_ctx ctx, const char *name, uint32_t action, unsigned n,
        const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;   /* not on this architecture */
	return seccomp_rule_add_array(ctx, action, nr, n, cmp);
}

static int
sc_enter(const struct sandbox_policy *p, char *err, size_t errsz)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	struct scmp_arg_cmp a[1];
	static const unsigned long ioctls[] = {FIONREAD, FIONBIO, TCGETS};
	int rc = 0;

	if (ctx == NULL) {
		snprintf(err, errsz, "sandbox: seccomp_init failed");
		return -1;
	}
	rc |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	rc |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	/* A binary tree of the allowed numbers, not a linear list: every
	 * system call of a busy server passes this filter. */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	for (size_t i = 0; i < sizeof sc_allow / sizeof sc_allow[0]; i++)
		rc |= sc_rule(ctx, sc_allow[i], SCMP_ACT_ALLOW, 0, NULL);
	/* No new executable memory: mmap and mprotect without PROT_EXEC. */
	a[0] = SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
	rc |= sc_rule(ctx, "mmap", SCMP_ACT_ALLOW, 1, a);
	rc |= sc_rule(ctx, "mprotect", SCMP_ACT_ALLOW, 1, a);
	/* Threads only: a clone without CLONE_THREAD (fork) is refused; clone3
	 * hides its flags in memory, so glibc is told it does not exist. */
	a[0] = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD);
	rc |= sc_rule(ctx, "clone", SCMP_ACT_ALLOW, 1, a);
	rc |= sc_rule(ctx, "clone3", SCMP_ACT_ERRNO(ENOSYS), 0, NULL);
	/* Signals to itself only (raise, abort, pthread_kill). */
	a[0] = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid());
	rc |= sc_rule(ctx, "tgkill", SCMP_ACT_ALLOW, 1, a);
	rc |= sc_rule(ctx, "kill", SCMP_ACT_ALLOW, 1, a);
	/* ioctl: the few stdio and sockets use. */
	for (size_t i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
		a[0] = SCMP_A1(SCMP_CMP_EQ, ioctls[i]);
		rc |= sc_rule(ctx, "ioctl", SCMP_ACT_ALLOW, 1, a);
	}
	/* libpq's connections to a PostgreSQL server: UNIX or TCP sockets. */
	if (p->db_client) {
		static const int families[] = {AF_UNIX, AF_INET, AF_INET6};

		for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
			a[0] = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]);
			rc |= sc_rule(ctx, "socket", SCMP_ACT_ALLOW, 1, a);
		}
		rc |= sc_rule(ctx, "connect", SCMP_ACT_ALLOW, 0, NULL);
	}
	/* Thread names (glibc pthread_setname_np on itself). */
	a[0] = SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME);
	rc |= sc_rule(ctx, "prctl", SCMP_ACT_ALLOW, 1, a);
	a[0] = SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME);
	rc |= sc_rule(ctx, "prctl", SCMP_ACT_ALLOW, 1, a);
	if (rc != 0) {
		snprintf(err, errsz, "sandbox: building the seccomp filter failed");
		seccomp_release(ctx);
		return -1;
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		snprintf(err, errsz, "sandbox: seccomp_load: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

/* ---- the box ----------------------------------------------------------------------- */

int
sandbox_enter(const struct sandbox_policy *p, FILE *log, char *err, size_t errsz)
{
	/* Read now what glibc would otherwise open later: the time zone. */
	tzset();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errsz, "sandbox: no_new_privs: %s", strerror(errno));
		return -1;
	}
	if (SANDBOX_SANITIZED) {
		if (log != NULL)
			fprintf(log, "qupiya: sandbox: sanitizer build: no_new_privs only "
			        "(Landlock and seccomp skipped: LeakSanitizer needs ptrace and /proc)\n");
		return 0;
	}
	if (ll_enter(p, log, err, errsz) < 0)
		return -1;
	if (sc_enter(p, err, errsz) != 0)
		return -1;
	if (log != NULL)
		fprintf(log, "qupiya: sandbox: no_new_privs, seccomp allow-list applied\n");
	return 0;
}
