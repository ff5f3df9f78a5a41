/* pac_cage: a forked child caged as the PAC child cages itself. Run as
 * root, it is nobody, with no supplementary groups; it has NO_NEW_PRIVS and
 * a seccomp filter; what an evaluation needs still works, and each call of
 * the table's forbidden side kills it with SIGSYS. */
#define _GNU_SOURCE   /* execve's environ */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pac_cage.h"

/* Each returns false when the call failed (the cage let it through, but
 * the system said no: the test then says so). */
static bool read_hosts(void)
{
	char buf[64];
	int fd = open("/etc/hosts", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, buf, sizeof buf) >= 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

static bool dns_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(53), .sin_addr.s_addr = htonl(0x7f000001) };
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

static bool tcp_socket(void)
{
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static bool memory(void)
{
	char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ok = p != MAP_FAILED;

	if (ok) {
		memset(p, 1, 1 << 20);
		ok = munmap(p, 1 << 20) == 0;
	}
	return ok;
}

static bool clock_now(void)
{
	struct timespec ts;
	time_t t = time(NULL);
	struct tm tm;

	return clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && localtime_r(&t, &tm) && mktime(&tm) != (time_t)-1;
}

static bool to_the_pipe(void)
{
	return write(3, "x", 1) == 1;          /* the PAC child's pipe is descriptor 3 */
}

static bool open_for_writing(void)
{
	return open("/dev/null", O_WRONLY | O_CLOEXEC) >= 0;
}

static bool run_a_program(void)
{
	char *argv[] = { (char *)"true", NULL };

	execve("/bin/true", argv, environ);
	return false;
}

static bool unix_socket(void)
{
	return socket(AF_UNIX, SOCK_STREAM, 0) >= 0;
}

static bool raw_socket(void)
{
	return socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) >= 0;
}

static bool executable_memory(void)
{
	return mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED;
}

static bool signal_the_parent(void)
{
	return kill(getppid(), 0) == 0;
}

static bool new_process(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	return pid > 0;
}

static bool who_am_i(void)
{
	return getuid() != (uid_t)-1;
}

static const struct attempt {
	const char *what;
	bool (*call)(void);
	bool allowed;
} attempts[] = {
	{ "read /etc/hosts", read_hosts, true },
	{ "a UDP socket to a DNS server", dns_socket, true },
	{ "a TCP socket", tcp_socket, true },
	{ "memory", memory, true },
	{ "the clock and local time", clock_now, true },
	{ "a record to the pipe", to_the_pipe, true },
	{ "open a file for writing", open_for_writing, false },
	{ "run a program", run_a_program, false },
	{ "a unix socket", unix_socket, false },
	{ "a raw socket", raw_socket, false },
	{ "executable memory", executable_memory, false },
	{ "signal the parent", signal_the_parent, false },
	{ "a new process", new_process, false },
	{ "ask who it is", who_am_i, false },
};

/* FIELD's value in /proc/PID/status, whitespace kept, into OUT. */
static bool status_field(pid_t pid, const char *field, char *out, size_t len)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r")))
		return false;
	while (!found && fgets(line, sizeof line, f))
		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			snprintf(out, len, "%s", line + flen + 1);
			found = true;
		}
	fclose(f);
	return found;
}

/* The four ids of a status line ("Uid:\t0\t0\t0\t0\n") all equal to WANT. */
static bool all_ids(const char *ids, unsigned long want)
{
	const char *p = ids;
	int n = 0;

	for (char *end; *p && *p != '\n'; p = end, n++) {
		unsigned long v = strtoul(p, &end, 10);
		if (end == p || v != want)
			return false;
	}
	return n == 4;
}

/* Cages a child, checks what /proc says of it, lets it make A's call. */
static void try(const struct attempt *a)
{
	struct pac_cage cage;
	int go[2], pipe3[2], st;
	char buf[256];
	pid_t pid;

	assert_int_equal(pac_cage_plan(&cage), 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(pipe3), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int g = fcntl(go[0], F_DUPFD, 10);      /* clear of 3 */
		char b;
		if (g < 0 || dup2(pipe3[1], 3) < 0 || pac_cage_enter(&cage) != 0)
			_exit(70);
		if (read(g, &b, 1) != 1)
			_exit(71);
		_exit(a->call() ? 0 : 72);
	}
	close(go[0]);
	close(pipe3[1]);
	for (int i = 0; i < 1000 && !(status_field(pid, "Seccomp", buf, sizeof buf) && strtol(buf, NULL, 10) == 2); i++)
		usleep(1000);
	assert_int_equal(strtol(buf, NULL, 10), 2);                  /* SECCOMP_MODE_FILTER */
	assert_true(status_field(pid, "NoNewPrivs", buf, sizeof buf));
	assert_int_equal(strtol(buf, NULL, 10), 1);
	assert_true(status_field(pid, "Uid", buf, sizeof buf));
	assert_true(all_ids(buf, cage.drop ? cage.uid : getuid()));
	assert_true(status_field(pid, "Gid", buf, sizeof buf));
	assert_true(all_ids(buf, cage.drop ? cage.gid : getgid()));
	if (cage.drop) {
		assert_true(status_field(pid, "Groups", buf, sizeof buf));
		assert_int_equal(strspn(buf, " \t\n"), strlen(buf));   /* none */
		assert_int_not_equal(cage.uid, 0);
	}
	assert_int_equal(write(go[1], "g", 1), 1);
	close(go[1]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	close(pipe3[0]);
	if (a->allowed) {
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("%s: %s %d, wanted exit 0", a->what, WIFSIGNALED(st) ? "signal" : "exit",
				 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	} else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSYS) {
		fail_msg("%s: %s %d, wanted SIGSYS", a->what, WIFSIGNALED(st) ? "signal" : "exit",
			 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	}
}

static void test_allowed_and_forbidden(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++)
		try(&attempts[i]);
}

/* Run as root, the child's user is nobody's (65534 on Debian). */
static void test_plan(void **state)
{
	struct pac_cage c;

	(void)state;
	assert_int_equal(pac_cage_plan(&c), 0);
	assert_true(c.filter.len > 0 && c.filter.filter);
	assert_int_equal(c.drop, geteuid() == 0);
	if (c.drop)
		assert_int_not_equal(c.uid, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_allowed_and_forbidden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
