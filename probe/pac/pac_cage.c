/* The PAC child's cage (pac_cage.h). The allow-list is the table below:
 * every system call the child makes once its setup is done (strace -f of
 * both builds over the PAC lab tests), each with the narrowest arguments
 * seccomp can check (it cannot follow a pointer: connect's address, openat's
 * path). What the child needs from the file system it opens before the
 * filter: the resolver's channel (resolv.conf, nsswitch.conf, /dev/urandom:
 * pac_dns_prepare) and the time zone (tzset). Two reads remain: c-ares 1.18
 * opens /etc/hosts for every lookup (file_lookup, ares_gethostbyname_file),
 * and glibc checks /etc/localtime again when a time function asks (stat,
 * and a new read if the file changed). So openat stays, read-only, as the
 * unprivileged user: nothing can be written, created or run. */
#define _GNU_SOURCE   /* setresuid, setresgid, memfd_create, syscall */
#include "pac_cage.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/seccomp.h>   /* SECCOMP_MODE_FILTER */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pwd.h>
#include <seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>   /* TCGETS */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fault.h"
#include "pac_proc.h"

#define NOBODY 65534               /* Debian's nobody and nogroup */

/* Flags a read-only open may carry: anything else (O_WRONLY, O_RDWR,
 * O_CREAT, O_TRUNC, O_APPEND, O_PATH, O_TMPFILE...) is refused. */
#define OPEN_READ_ONLY (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_LARGEFILE)
#define ARG(n, o, a, b) { .arg = (n), .op = (o), .datum_a = (a), .datum_b = (b) }
#define IS(n, v) ARG(n, SCMP_CMP_EQ, (scmp_datum_t)(v), 0)
#define LACKS(n, bits) ARG(n, SCMP_CMP_MASKED_EQ, (scmp_datum_t)(bits), 0)
#define ONLY(n, bits) ARG(n, SCMP_CMP_MASKED_EQ, (scmp_datum_t)(unsigned)~(bits), 0)
#define TYPE(n, t) ARG(n, SCMP_CMP_MASKED_EQ, 0xf, (t))   /* the socket type without its flags */

struct allowed {
	const char *name;          /* a name libseccomp does not know on this architecture is skipped */
	unsigned nargs;
	struct scmp_arg_cmp args[2];
};

/* A call with several rows is allowed when any row matches. */
static const struct allowed allowed[] = {
	/* the pipe to the parent and stderr (2, a sanitizer's report) */
	{ "write", 1, { IS(0, PAC_PROC_FD) } },
	{ "write", 1, { IS(0, 2) } },
	/* DNS for dnsResolve and its kin (pac_dns.c, pac_lookup.c): UDP, TCP after a
	 * truncated answer, each socket made nonblocking by its flags */
	{ "socket", 2, { IS(0, AF_INET), TYPE(1, SOCK_DGRAM) } },
	{ "socket", 2, { IS(0, AF_INET), TYPE(1, SOCK_STREAM) } },
	{ "socket", 2, { IS(0, AF_INET6), TYPE(1, SOCK_DGRAM) } },
	{ "socket", 2, { IS(0, AF_INET6), TYPE(1, SOCK_STREAM) } },
	{ "setsockopt", 2, { IS(1, IPPROTO_TCP), IS(2, TCP_NODELAY) } },
	{ "connect", 0, { { 0 } } },
	{ "writev", 0, { { 0 } } },
	{ "recvfrom", 0, { { 0 } } },
	{ "poll", 0, { { 0 } } },
	{ "ppoll", 0, { { 0 } } },
	{ "close", 0, { { 0 } } },
	/* /etc/hosts for each lookup, /etc/localtime again (above) */
	{ "openat", 1, { ONLY(2, OPEN_READ_ONLY) } },
	{ "open", 1, { ONLY(1, OPEN_READ_ONLY) } },
	{ "read", 0, { { 0 } } },
	{ "lseek", 0, { { 0 } } },
	{ "fstat", 0, { { 0 } } },
	{ "newfstatat", 0, { { 0 } } },
	/* memory: never executable */
	{ "brk", 0, { { 0 } } },
	{ "mmap", 1, { LACKS(2, PROT_EXEC) } },
	{ "mprotect", 1, { LACKS(2, PROT_EXEC) } },
	{ "munmap", 0, { { 0 } } },
	{ "mremap", 0, { { 0 } } },
	{ "madvise", 0, { { 0 } } },
	/* the clock, when the vDSO falls back to the kernel */
	{ "clock_gettime", 0, { { 0 } } },
	{ "gettimeofday", 0, { { 0 } } },
	{ "time", 0, { { 0 } } },
	/* a longjmp out of a signal stack's reach asks where that stack is
	 * (glibc's __longjmp_chk, ASan's interceptor): duktape throws so */
	{ "sigaltstack", 1, { IS(0, 0) } },
	/* the check that the parent is still there; the end */
	{ "getppid", 0, { { 0 } } },
	{ "exit_group", 0, { { 0 } } },
	{ "exit", 0, { { 0 } } },
#if defined(__SANITIZE_ADDRESS__)
	/* The sanitized build (the tests): a sanitizer's report of a bug in
	 * the child, which would otherwise die of SIGSYS without a word. It
	 * reads /proc/self and the binaries for the stack (the read-only open
	 * above), asks whether stderr is a terminal, probes memory through a
	 * pipe, and names the process. */
	{ "readlink", 0, { { 0 } } },
	{ "readlinkat", 0, { { 0 } } },
	{ "ioctl", 2, { IS(0, 2), IS(1, TCGETS) } },
	{ "fcntl", 1, { IS(1, F_SETFD) } },
	{ "pipe2", 0, { { 0 } } },
	{ "getpid", 0, { { 0 } } },
	{ "futex", 0, { { 0 } } },
#endif
};

static struct {
	struct sock_filter *code;
	unsigned short len;
	int err;
} compiled;

/* Whether this system's seccomp can kill a process, as the filter does
 * (SECCOMP_RET_KILL_PROCESS, Linux 4.14): 0, or the kernel's errno.
 * libseccomp asks the same before it makes a filter with that action, and
 * answers no with no filter and no reason: under valgrind, which does not
 * know seccomp(2) (ENOSYS), the engine said "Cannot allocate memory". */
static int kill_available(void)
{
	uint32_t action = SECCOMP_RET_KILL_PROCESS;

	if (fault_at("pac_seccomp"))          /* the tests: as under valgrind */
		return ENOSYS;
	return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0 ? 0 : errno;
}

/* The table as a seccomp program (libseccomp's BPF, read back through a
 * memfd): built once, since making it costs about a millisecond. */
static int compile(void)
{
	int err = kill_available();
	if (err)
		return err;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int fd = -1, rc = ctx ? 0 : -ENOMEM;      /* the action is there: its memory */
	off_t size = 0;

	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);   /* the kernel's errno */
	for (size_t i = 0; rc == 0 && i < sizeof allowed / sizeof allowed[0]; i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i].name);
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, allowed[i].nargs, allowed[i].args);
	}
	if (rc == 0 && (fd = memfd_create("pac-cage", MFD_CLOEXEC)) < 0)
		rc = -errno;
	if (rc == 0)
		rc = seccomp_export_bpf(ctx, fd);
	if (rc == 0 && (size = lseek(fd, 0, SEEK_END)) < 0)
		rc = -errno;
	if (rc == 0 && (size == 0 || size % sizeof *compiled.code || size / sizeof *compiled.code > BPF_MAXINSNS))
		rc = -EINVAL;
	if (rc == 0 && !(compiled.code = malloc((size_t)size)))
		rc = -ENOMEM;
	if (rc == 0 && pread(fd, compiled.code, (size_t)size, 0) != size) {
		rc = -EIO;
		free(compiled.code);
		compiled.code = NULL;
	}
	if (rc == 0)
		compiled.len = (unsigned short)(size / sizeof *compiled.code);
	if (fd >= 0)
		close(fd);
	if (ctx)
		seccomp_release(ctx);
	return rc < 0 ? -rc : rc;
}

int pac_cage_plan(struct pac_cage *c)
{
	const struct passwd *pw;

	c->drop = geteuid() == 0;
	c->uid = NOBODY, c->gid = NOBODY;
	if (c->drop && (pw = getpwnam("nobody")) && pw->pw_uid != 0) {
		c->uid = pw->pw_uid;
		c->gid = pw->pw_gid;
	}
	if (!compiled.code)
		compiled.err = compile();     /* again next time: out of memory may pass */
	c->filter = (struct sock_fprog){ .len = compiled.len, .filter = compiled.code };
	return compiled.code ? 0 : compiled.err ? compiled.err : ENOMEM;
}

static int drop(const struct pac_cage *c)
{
	uid_t r, e, s;

	if (!c->drop)
		return 0;
	if (setgroups(0, NULL) < 0 || setresgid(c->gid, c->gid, c->gid) < 0 || setresuid(c->uid, c->uid, c->uid) < 0)
		return errno;
	if (getresuid(&r, &e, &s) < 0 || r != c->uid || e != c->uid || s != c->uid)
		return EPERM;
	return 0;
}

int pac_cage_enter(const struct pac_cage *c)
{
	int err;

	if (fault_at("pac_cage"))
		return EPERM;
	if ((err = drop(c)))
		return err;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &c->filter) < 0)
		return errno;
	return 0;
}

void pac_cage_breach(void)
{
	execl("/bin/true", "true", (char *)NULL);
}
