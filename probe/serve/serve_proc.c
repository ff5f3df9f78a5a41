/* The exporter's child processes and signals on POSIX and Linux
 * (serve_proc.h). */
#define _GNU_SOURCE   /* close_range, pipe2 */
#include "serve_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fdread.h"

int serve_proc_self(char *path, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", path, len - 1);

	if (n <= 0 || (size_t)n >= len - 1)
		return -1;
	path[n] = '\0';
	return 0;
}

/* In the child, between fork and exec: only calls safe after a fork in a
 * process with threads (async-signal-safe ones). */
static void child(int wr, pid_t parent, const char *exe, char *const argv[])
{
	sigset_t none;
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	/* Dies with the thread that started it: a killed exporter leaves no
	 * probe behind. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(72);
	if (null < 0 || dup2(null, 0) < 0 || dup2(wr, 1) < 0)
		_exit(71);
	close_range(3, ~0U, 0);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execv(exe, argv);
	_exit(127);
}

int serve_proc_start(struct serve_child *c, const char *exe, char *const argv[])
{
	int fds[2], err;
	sigset_t all, was;
	pid_t parent = getpid(), pid;

	*c = (struct serve_child){ .rd = -1 };
	if (pipe2(fds, O_CLOEXEC) < 0)
		return errno;
	/* No handler of the exporter's runs in the child before exec. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	pid = fork();
	if (pid == 0)
		child(fds[1], parent, exe, argv);
	err = errno;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return err;
	}
	c->pid = pid;
	c->rd = fds[0];
	return 0;
}

long serve_proc_read(struct serve_child *c, char *buf, size_t len, int64_t deadline)
{
	return fd_read_until(c->rd, buf, len, deadline);
}

void serve_proc_end(struct serve_child *c, int64_t deadline, bool kill_now, struct serve_proc_end *end)
{
	int st = 0;
	pid_t r = 0;

	*end = (struct serve_proc_end){ 0 };
	if (c->rd >= 0)
		close(c->rd);
	c->rd = -1;
	if (!c->pid)
		return;
	while (!kill_now && (r = waitpid(c->pid, &st, WNOHANG)) == 0 && mono_ms() < deadline) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (r == 0 || kill_now) {
		end->killed = true;
		kill(-c->pid, SIGKILL);   /* its group: a PAC child of its own too */
		while ((r = waitpid(c->pid, &st, 0)) < 0 && errno == EINTR)
			;
	}
	if (r > 0 && WIFSIGNALED(st))
		end->signal = WTERMSIG(st);
	else if (r > 0 && WIFEXITED(st))
		end->status = WEXITSTATUS(st);
	c->pid = 0;
}

static sigset_t ending(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGHUP);
	return s;
}

void serve_proc_block_signals(void)
{
	sigset_t s = ending();

	signal(SIGPIPE, SIG_IGN);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
}

int serve_proc_wait_signal(void)
{
	sigset_t s = ending();
	int sig = 0;

	while (sigwait(&s, &sig) != 0)
		;
	return sig;
}
