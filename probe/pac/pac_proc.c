/* The PAC child's process, pipe and limits on POSIX and Linux
 * (pac_proc.h). */
#define _GNU_SOURCE   /* close_range, pipe2, sigabbrev_np */
#include "pac_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fault.h"
#include "fdread.h"

int pac_proc_pipe(struct pac_proc *p)
{
	int fds[2];

	*p = (struct pac_proc){ .rd = -1, .wr = -1, .parent = getpid() };
	if (pipe2(fds, O_CLOEXEC) < 0)
		return errno;
	p->rd = fds[0], p->wr = fds[1];
	return 0;
}

int pac_proc_spawn(struct pac_proc *p, void (*child)(void *arg), void *arg)
{
	sigset_t all, was;
	pid_t pid;

	/* The child unblocks them once its handlers are the default ones. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	pid = fork();
	if (pid == 0) {
		close(p->rd);
		child(arg);
		_exit(70);                      /* CHILD ends the child: not reached */
	}
	int err = errno;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (pid < 0)
		return err;
	p->pid = pid;
	close(p->wr);
	p->wr = -1;
	return 0;
}

long pac_proc_read(struct pac_proc *p, char *buf, size_t len, int64_t deadline)
{
	return fd_read_until(p->rd, buf, len, deadline);
}

void pac_proc_reap(struct pac_proc *p, int64_t deadline, bool kill_now, struct pac_proc_end *end)
{
	int st = 0;

	*end = (struct pac_proc_end){ 0 };
	while (!kill_now && mono_ms() < deadline) {
		pid_t w = waitpid(p->pid, &st, WNOHANG);
		if (w == p->pid || (w < 0 && errno != EINTR))
			goto ended;
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	kill(p->pid, SIGKILL);
	end->killed = true;
	while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR)
		;
ended:
	p->pid = 0;
	if (WIFSIGNALED(st)) {
		end->cpu_limit = WTERMSIG(st) == SIGXCPU;
		end->signal = sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?";
	} else if (WIFEXITED(st)) {
		end->status = WEXITSTATUS(st);
	}
}

void pac_proc_close(struct pac_proc *p)
{
	if (p->rd >= 0)
		close(p->rd);
	if (p->wr >= 0)
		close(p->wr);
	p->rd = p->wr = -1;
}

/* The address space mapped now, in bytes (0 when unknown). */
static size_t mapped_now(void)
{
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

int pac_proc_confine(const struct pac_proc *p, double budget_s, size_t mem_cap)
{
	struct rlimit none = { 0, 0 }, cpu;
	rlim_t secs = (rlim_t)budget_s + 1;
	sigset_t all;
	int w, null;

	/* The tests: a child slow to get here, which signals reach first. They
	 * wait, blocked since the fork (pac_proc_spawn), until the handlers
	 * below. */
	if (fault_at("pac_child_slow"))
		usleep(300 * 1000);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_DUMPABLE, 0);
	setrlimit(RLIMIT_CORE, &none);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if ((w = fcntl(p->wr, F_DUPFD, PAC_PROC_FD)) < 0 || (w != PAC_PROC_FD && dup2(w, PAC_PROC_FD) < 0))
		_exit(71);
	if (close_range(PAC_PROC_FD + 1, ~0U, 0) < 0)
		for (int fd = PAC_PROC_FD + 1; fd < 65536; fd++)
			close(fd);
	if ((null = open("/dev/null", O_RDWR)) >= 0) {
		dup2(null, 0), dup2(null, 1);
		if (null > PAC_PROC_FD)
			close(null);
	}
	cpu.rlim_cur = secs + 1, cpu.rlim_max = secs + 2;
	setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__)
	/* The backstop: room for the cap twice over (the allocator's own
	 * overhead, c-ares) beyond what is mapped now. A sanitizer's shadow
	 * memory grows in ways this cannot predict: not there. */
	size_t now = mapped_now();
	if (now && mem_cap < ((size_t)1 << 40)) {
		struct rlimit as;
		as.rlim_cur = as.rlim_max = now + 2 * mem_cap + ((rlim_t)64 << 20);
		setrlimit(RLIMIT_AS, &as);
	}
#else
	(void)mapped_now;
	(void)mem_cap;
#endif
	return PAC_PROC_FD;
}

void pac_proc_check_parent(const struct pac_proc *p)
{
	if (getppid() != p->parent)
		_exit(72);
}

int pac_proc_write(int fd, const char *data, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

noreturn void pac_proc_exit(int status)
{
	_exit(status);
}
