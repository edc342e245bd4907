/* poll-loop: see include/osw/poll-loop.h.
 *
 * The interface registers every fd afresh in each iteration, as with poll(),
 * but the kernel side is an epoll instance that persists across iterations.
 * poll_block() therefore reconciles the two: it merges this iteration's
 * registrations by fd, compares them with what it told the kernel last time
 * and issues the epoll_ctl() calls that make the kernel's set match.
 *
 * The catch is that epoll registers a (fd number, open file) pair and drops
 * the pair by itself when the file is closed for good, while the fd number
 * may come back from open() for another file.  So poll_block() cannot trust
 * that an fd it registered last time is still registered: it re-asserts every
 * wanted fd with EPOLL_CTL_MOD (cheap) and falls back to EPOLL_CTL_ADD when
 * the kernel answers ENOENT.  Worse, if the old file stays open elsewhere (a
 * dup() or a child holds it), its registration survives under the old fd
 * number and can report events that are not ours.  Each registration carries
 * a cookie (a sequence number and the fd) in its event data; an event whose
 * cookie we did not hand out for that fd comes from such a ghost, and the
 * only way to remove a ghost is to start over with a new epoll instance.
 *
 * Re-asserting costs a system call per fd per iteration, which dominates a
 * server with many mostly idle connections.  Owned fds (poll_fd_wait_owned())
 * avoid it: their owner calls poll_fd_closing() before it closes one, which
 * removes this thread's registration while the fd still names the file (so
 * no ghost is left) and bumps a process-wide counter that makes every other
 * thread re-assert all its fds once.  Between two such closes, an owned fd
 * whose events did not change is simply left registered.
 *
 * poll_block() remembers which fds the kernel reported ready, so that
 * poll_fd_is_idle() can spare callers a read or accept that would fail with
 * EAGAIN (level-triggered epoll reports the fd again in the next
 * poll_block() if it is still, or becomes, ready).
 *
 * After fork() the child shares the parent's epoll instance, so its
 * epoll_ctl() calls would change the parent's set; a pthread_atfork()
 * handler makes the child start with an instance of its own. */
#include <config.h>
#include "osw/poll-loop.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/fatal-signal.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(poll_loop);

/* Consecutive empty wake-ups (zero timeout, no fd ready) that count as a
 * busy loop.  Wake-ups with ready fds are work, not spinning: a bulk
 * transfer keeps a socket ready for thousands of rounds. */
#define BUSY_LOOP_THRESHOLD 1000

/* One poll_fd_wait() call. */
struct poll_node {
    int fd;
    short int events;           /* POLLIN, POLLOUT, ... */
    unsigned int seq;           /* Order of registration, for stable sort. */
    bool owned;                 /* From poll_fd_wait_owned(). */
    const char *where;
};

/* One fd as registered in the kernel's epoll set (as far as we know). */
struct poll_reg {
    int fd;
    uint32_t events;            /* EPOLLIN, EPOLLOUT, ... */
    uint64_t cookie;            /* Our event data for this registration. */
    bool owned;                 /* Every registration of the fd was owned. */
    uint32_t revents;           /* What the last epoll_wait() reported. */
    const char *where;          /* First registration of this iteration. */
};

/* Per-thread state. */
struct poll_loop {
    /* This iteration's registrations. */
    struct poll_node *nodes;
    size_t n_nodes, allocated_nodes;
    long long int timeout_when;     /* LLONG_MAX: no timer. */
    const char *timeout_where;
    const char *immediate_where;    /* Non-null: wake up at once. */

    /* The kernel's side. */
    int epfd;                       /* -1 until needed. */
    struct poll_reg *regs;          /* Sorted by fd. */
    size_t n_regs, allocated_regs;
    struct poll_reg *new_regs;      /* Scratch for the next 'regs'. */
    size_t allocated_new_regs;
    uint32_t next_seq;              /* For cookies. */
    unsigned long long close_seq;   /* 'poll_close_seq' at the last sync. */
    bool revents_known;             /* 'regs[*].revents' are meaningful. */

    struct epoll_event *events;
    size_t allocated_events;

    unsigned int n_busy;            /* Empty wake-ups in a row. */
};

static __thread struct poll_loop *tls_loop;

/* Bumped by poll_fd_closing() in any thread. */
static atomic_ullong poll_close_seq;
static pthread_key_t loop_key;
static pthread_once_t loop_once = PTHREAD_ONCE_INIT;

static void poll_loop_reset_kernel_state(struct poll_loop *);

static void
poll_loop_destroy(void *loop_)
{
    struct poll_loop *loop = loop_;
    if (loop) {
        if (loop->epfd >= 0) {
            close(loop->epfd);
        }
        free(loop->nodes);
        free(loop->regs);
        free(loop->new_regs);
        free(loop->events);
        free(loop);
        if (tls_loop == loop) {
            tls_loop = NULL;
        }
    }
}

/* In the child after fork(): only the forking thread survives, and it must
 * not touch the epoll instance it shares with the parent. */
static void
poll_loop_atfork_child(void)
{
    if (tls_loop && tls_loop->epfd >= 0) {
        close(tls_loop->epfd);
        tls_loop->epfd = -1;
        poll_loop_reset_kernel_state(tls_loop);
    }
}

static void
poll_loop_init_once(void)
{
    if (pthread_key_create(&loop_key, poll_loop_destroy)) {
        osw_fatal(0, "pthread_key_create failed");
    }
    pthread_atfork(NULL, NULL, poll_loop_atfork_child);
}

static struct poll_loop *
poll_loop(void)
{
    struct poll_loop *loop = tls_loop;
    if (OSW_UNLIKELY(!loop)) {
        pthread_once(&loop_once, poll_loop_init_once);
        loop = xzalloc(sizeof *loop);
        loop->epfd = -1;
        loop->timeout_when = LLONG_MAX;
        /* The key's destructor frees the state when the thread exits. */
        pthread_setspecific(loop_key, loop);
        tls_loop = loop;
    }
    return loop;
}

static void
add_node(int fd, short int events, bool owned, const char *where)
{
    struct poll_loop *loop = poll_loop();

    osw_assert(fd >= 0);
    if (loop->n_nodes >= loop->allocated_nodes) {
        loop->nodes = x2nrealloc(loop->nodes, &loop->allocated_nodes,
                                 sizeof *loop->nodes);
    }
    loop->nodes[loop->n_nodes] = (struct poll_node) {
        .fd = fd,
        .events = events,
        .seq = loop->n_nodes,
        .owned = owned,
        .where = where,
    };
    loop->n_nodes++;
}

/* Registers 'fd' for 'events' (POLLIN, POLLOUT; 0 means only errors and
 * hang-ups) for the next poll_block() in this thread.  'where' names the
 * caller, for logging; it must be a string that outlives the iteration (the
 * macro passes a literal). */
void
poll_fd_wait_at(int fd, short int events, const char *where)
{
    add_node(fd, events, false, where);
}

/* Like poll_fd_wait_at(), for an fd whose owner calls poll_fd_closing()
 * before closing it, which lets poll_block() keep its kernel registration
 * across iterations. */
void
poll_fd_wait_owned_at(int fd, short int events, const char *where)
{
    add_node(fd, events, true, where);
}

/* Makes the next poll_block() in this thread return at monotonic time
 * 'when' (time_msec()) at the latest. */
void
poll_timer_wait_until_at(long long int when, const char *where)
{
    struct poll_loop *loop = poll_loop();
    if (when < loop->timeout_when) {
        loop->timeout_when = when;
        loop->timeout_where = where;
    }
}

/* Makes the next poll_block() in this thread return after 'msec'
 * milliseconds at the latest; zero or negative means at once. */
void
poll_timer_wait_at(long long int msec, const char *where)
{
    if (msec <= 0) {
        poll_immediate_wake_at(where);
    } else {
        poll_timer_wait_until_at(time_add_saturating(time_msec(), msec),
                                 where);
    }
}

/* Makes the next poll_block() in this thread return at once. */
void
poll_immediate_wake_at(const char *where)
{
    struct poll_loop *loop = poll_loop();
    if (!loop->immediate_where) {
        loop->immediate_where = where;
    }
}

static uint32_t
poll_to_epoll(short int events)
{
    /* Errors and hang-ups are always reported; asking for them is
     * harmless and documents the intent. */
    uint32_t ev = EPOLLERR | EPOLLHUP;
    if (events & POLLIN) {
        ev |= EPOLLIN;
    }
    if (events & POLLPRI) {
        ev |= EPOLLPRI;
    }
    if (events & POLLOUT) {
        ev |= EPOLLOUT;
    }
    if (events & POLLRDHUP) {
        ev |= EPOLLRDHUP;
    }
    return ev;
}

static int
compare_nodes(const void *a_, const void *b_)
{
    const struct poll_node *a = a_;
    const struct poll_node *b = b_;
    if (a->fd != b->fd) {
        return a->fd < b->fd ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void
poll_loop_reset_kernel_state(struct poll_loop *loop)
{
    loop->n_regs = 0;
    loop->revents_known = false;
}

/* Forgets the epoll instance, ghosts and all; the next iteration starts
 * over with an empty one. */
static void
poll_loop_rebuild(struct poll_loop *loop)
{
    if (loop->epfd >= 0) {
        close(loop->epfd);
        loop->epfd = -1;
    }
    poll_loop_reset_kernel_state(loop);
}

static int
epoll_ctl_reg(struct poll_loop *loop, int op, const struct poll_reg *reg)
{
    struct epoll_event ev = {
        .events = reg->events,
        .data.u64 = reg->cookie,
    };
    return epoll_ctl(loop->epfd, op, reg->fd, &ev) ? errno : 0;
}

static uint64_t
make_cookie(struct poll_loop *loop, int fd)
{
    return ((uint64_t) ++loop->next_seq << 32) | (uint32_t) fd;
}

/* Makes the kernel watch 'reg' (fd and events filled in), which 'old' (if
 * nonnull) says it watched last iteration.  'trust_owned': no owned fd was
 * closed since then, in any thread.  Returns 0 or errno. */
static int
sync_one(struct poll_loop *loop, struct poll_reg *reg,
         const struct poll_reg *old, bool trust_owned)
{
    int error;

    if (old && trust_owned && old->owned && reg->owned
        && old->events == reg->events) {
        /* Its owner would have told us if it had closed it. */
        reg->cookie = old->cookie;
        return 0;
    }
    if (old) {
        /* Re-assert even if nothing changed: the fd may have been closed
         * and reused, which silently dropped the registration. */
        reg->cookie = old->cookie;
        error = epoll_ctl_reg(loop, EPOLL_CTL_MOD, reg);
        if (error != ENOENT) {
            return error;
        }
    }
    reg->cookie = make_cookie(loop, reg->fd);
    error = epoll_ctl_reg(loop, EPOLL_CTL_ADD, reg);
    if (error == EEXIST) {
        /* Registered without our knowing (we lost track after an error):
         * take it over with the new cookie. */
        error = epoll_ctl_reg(loop, EPOLL_CTL_MOD, reg);
    }
    return error;
}

static void
sync_failed(struct poll_loop *loop, const struct poll_reg *reg, int error)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    /* poll() reports a regular file (EPERM: epoll refuses it) as always
     * ready, and a closed fd (EBADF) as POLLNVAL: do the same, so callers
     * get the semantics they would get from poll() instead of sleeping
     * forever. */
    if (error != EPERM) {
        VLOG_WARN_RL(&rl, "%s: cannot wait on fd %d (%s)",
                     reg->where, reg->fd, osw_strerror(error));
    }
    if (!loop->immediate_where) {
        loop->immediate_where = reg->where;
    }
}

/* Sorts this iteration's registrations by fd (and registration order).
 * A daemon registers its fds in much the same order every time, mostly the
 * order in which it opened them, with a few out of place: an insertion sort
 * is then nearly linear, where qsort() is not.  If the order turns out to
 * be far from sorted, qsort() takes over. */
static void
sort_nodes(struct poll_loop *loop)
{
    struct poll_node *nodes = loop->nodes;
    size_t budget = 4 * loop->n_nodes + 64;

    for (size_t i = 1; i < loop->n_nodes; i++) {
        struct poll_node node = nodes[i];
        size_t j = i;
        while (j > 0 && compare_nodes(&nodes[j - 1], &node) > 0) {
            nodes[j] = nodes[j - 1];
            j--;
            if (!--budget) {
                nodes[j] = node;
                qsort(nodes, loop->n_nodes, sizeof *nodes, compare_nodes);
                return;
            }
        }
        nodes[j] = node;
    }
}

/* Merges this iteration's registrations by fd into 'new_regs'.  Returns
 * their number. */
static size_t
merge_nodes(struct poll_loop *loop)
{
    sort_nodes(loop);
    if (loop->allocated_new_regs < loop->n_nodes) {
        free(loop->new_regs);
        loop->allocated_new_regs = loop->allocated_nodes;
        loop->new_regs = xmalloc(loop->allocated_new_regs
                                 * sizeof *loop->new_regs);
    }

    size_t n = 0;
    for (size_t i = 0; i < loop->n_nodes; i++) {
        const struct poll_node *node = &loop->nodes[i];
        if (n && loop->new_regs[n - 1].fd == node->fd) {
            loop->new_regs[n - 1].events |= poll_to_epoll(node->events);
            loop->new_regs[n - 1].owned &= node->owned;
        } else {
            loop->new_regs[n++] = (struct poll_reg) {
                .fd = node->fd,
                .events = poll_to_epoll(node->events),
                .owned = node->owned,
                .where = node->where,
            };
        }
    }
    return n;
}

/* Brings the kernel's epoll set in line with this iteration's
 * registrations.  Returns false if there is no epoll instance to wait on. */
static bool
sync_epoll(struct poll_loop *loop)
{
    if (loop->epfd < 0) {
        loop->epfd = epoll_create1(EPOLL_CLOEXEC);
        if (loop->epfd < 0) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_ERR_RL(&rl, "epoll_create1 failed (%s)", osw_strerror(errno));
            poll_loop_reset_kernel_state(loop);
            return false;
        }
        poll_loop_reset_kernel_state(loop);
    }

    unsigned long long close_seq = atomic_load(&poll_close_seq);
    bool trust_owned = close_seq == loop->close_seq;
    loop->close_seq = close_seq;

    size_t n_new = merge_nodes(loop);
    size_t n_kept = 0;
    size_t i = 0, j = 0;
    while (i < loop->n_regs || j < n_new) {
        struct poll_reg *old = i < loop->n_regs ? &loop->regs[i] : NULL;
        struct poll_reg *reg = j < n_new ? &loop->new_regs[j] : NULL;

        if (old && (!reg || old->fd < reg->fd)) {
            /* No longer wanted.  ENOENT or EBADF mean it was closed (and
             * maybe reused): nothing to remove, or a ghost we will notice
             * if it ever fires. */
            epoll_ctl_reg(loop, EPOLL_CTL_DEL, old);
            i++;
            continue;
        }

        bool same_fd = old && old->fd == reg->fd;
        int error = sync_one(loop, reg, same_fd ? old : NULL,
                             trust_owned);
        if (!error) {
            /* 'new_regs' is compacted in place: entry n_kept <= j. */
            loop->new_regs[n_kept++] = *reg;
        } else {
            sync_failed(loop, reg, error);
        }
        i += same_fd;
        j++;
    }

    /* Swap: what we just registered becomes the kernel's known state. */
    struct poll_reg *tmp = loop->regs;
    size_t tmp_allocated = loop->allocated_regs;
    loop->regs = loop->new_regs;
    loop->allocated_regs = loop->allocated_new_regs;
    loop->n_regs = n_kept;
    loop->new_regs = tmp;
    loop->allocated_new_regs = tmp_allocated;
    return true;
}

static struct poll_reg *
find_reg(const struct poll_loop *loop, int fd)
{
    size_t lo = 0, hi = loop->n_regs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (loop->regs[mid].fd < fd) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < loop->n_regs && loop->regs[lo].fd == fd ? &loop->regs[lo]
                                                          : NULL;
}

/* Tells the poll loop that 'fd' is about to be closed: call it before
 * close() for every fd ever passed to poll_fd_wait_owned() (calling it for
 * other fds is harmless). */
void
poll_fd_closing(int fd)
{
    atomic_fetch_add(&poll_close_seq, 1);

    struct poll_loop *loop = tls_loop;
    struct poll_reg *reg = loop && loop->epfd >= 0 ? find_reg(loop, fd) : NULL;
    if (reg) {
        /* Now, while 'fd' still names the file: later, a dup() or a child
         * holding the file open would keep the registration as a ghost. */
        epoll_ctl_reg(loop, EPOLL_CTL_DEL, reg);
        size_t i = reg - loop->regs;
        memmove(reg, reg + 1, (loop->n_regs - i - 1) * sizeof *reg);
        loop->n_regs--;
    }
}

/* Returns true if this thread's last poll_block() waited on 'fd' for all of
 * 'events' (POLLIN, POLLOUT) and the kernel reported none of them, nor an
 * error or hang-up, for it (or poll_fd_drained() was called for it since):
 * then a non-blocking read, accept or write (as 'events' says) would fail
 * with EAGAIN, unless something arrived since, which will wake the next
 * poll_block().  Returns false if it does not know. */
bool
poll_fd_is_idle(int fd, short int events)
{
    const struct poll_loop *loop = tls_loop;
    if (!loop || !loop->revents_known) {
        return false;
    }

    const struct poll_reg *reg = find_reg(loop, fd);
    uint32_t wanted = poll_to_epoll(events);
    return (reg
            && (reg->events & wanted) == wanted
            && !(reg->revents & wanted));
}

/* Tells the poll loop that the caller has read (or accepted) everything
 * 'fd' had: a short read or an EAGAIN.  Until the next poll_block(),
 * poll_fd_is_idle(fd, POLLIN) may then say true. */
void
poll_fd_drained(int fd)
{
    struct poll_loop *loop = tls_loop;
    struct poll_reg *reg = loop && loop->revents_known ? find_reg(loop, fd)
                                                       : NULL;
    if (reg) {
        /* Errors and hang-ups stay: the next read must report them. */
        reg->revents &= ~(uint32_t) (EPOLLIN | EPOLLPRI);
    }
}

/* Records in 'regs' what epoll_wait() reported. */
static void
record_revents(struct poll_loop *loop, const struct epoll_event *events,
               int n_events)
{
    for (int i = 0; i < n_events; i++) {
        struct poll_reg *reg = find_reg(loop,
                                        (int) (uint32_t) events[i].data.u64);
        if (reg && reg->cookie == events[i].data.u64) {
            reg->revents |= events[i].events;
        }
    }
    loop->revents_known = true;
}

static void
format_epoll_events(struct ds *s, uint32_t events)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        { EPOLLIN, "IN" }, { EPOLLPRI, "PRI" }, { EPOLLOUT, "OUT" },
        { EPOLLERR, "ERR" }, { EPOLLHUP, "HUP" }, { EPOLLRDHUP, "RDHUP" },
    };
    const char *sep = "";
    ds_put_char(s, '[');
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (events & names[i].bit) {
            ds_put_format(s, "%s%s", sep, names[i].name);
            sep = "|";
        }
    }
    ds_put_char(s, ']');
}

/* Returns the 'where' of the registration that woke us and, if logging is
 * on, logs it. */
static const char *
log_wakeup(const struct poll_loop *loop, const struct epoll_event *events,
           int n_events, bool interrupted, long long int timeout)
{
    const char *where;
    struct ds s = DS_EMPTY_INITIALIZER;
    bool dbg = VLOG_IS_DBG_ENABLED();

    if (n_events > 0) {
        const struct poll_reg *reg = find_reg(loop, (int) events[0].data.u64);
        where = reg ? reg->where : "unknown";
        if (dbg) {
            ds_put_format(&s, "wakeup due to ");
            format_epoll_events(&s, events[0].events);
            ds_put_format(&s, " on fd %d at %s",
                          (int) (uint32_t) events[0].data.u64, where);
            if (n_events > 1) {
                ds_put_format(&s, " (and %d more fds)", n_events - 1);
            }
        }
    } else if (interrupted) {
        where = "signal";
        if (dbg) {
            ds_put_cstr(&s, "wakeup due to a signal");
        }
    } else if (loop->immediate_where) {
        where = loop->immediate_where;
        if (dbg) {
            ds_put_format(&s, "wakeup due to immediate wake at %s", where);
        }
    } else if (loop->timeout_where) {
        where = loop->timeout_where;
        if (dbg) {
            ds_put_format(&s, "wakeup due to %lld-ms timeout at %s",
                          timeout, where);
        }
    } else {
        /* Only a ghost registration's event is dropped before we get
         * here, or a spurious wake-up. */
        where = "unknown";
        if (dbg) {
            ds_put_cstr(&s, "wakeup for no known reason");
        }
    }
    if (dbg) {
        VLOG_DBG("%s", ds_cstr(&s));
        ds_destroy(&s);
    }
    return where;
}

/* Returns true if an event came from a registration we did not make (a
 * ghost left by a closed and reused fd). */
static bool
has_ghost(const struct poll_loop *loop, const struct epoll_event *events,
          int n_events)
{
    for (int i = 0; i < n_events; i++) {
        int fd = (int) (uint32_t) events[i].data.u64;
        const struct poll_reg *reg = find_reg(loop, fd);
        if (!reg || reg->cookie != events[i].data.u64) {
            VLOG_DBG("stale epoll registration for fd %d; rebuilding", fd);
            return true;
        }
    }
    return false;
}

/* Warns (rate-limited) about a thread that keeps waking for nothing, naming
 * what woke it the last time. */
static void
detect_busy_loop(struct poll_loop *loop, bool spun, const char *where)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);

    if (!spun) {
        loop->n_busy = 0;
    } else if (++loop->n_busy >= BUSY_LOOP_THRESHOLD) {
        VLOG_WARN_RL(&rl, "woke up %u times in a row with nothing to do; "
                     "last wakeup at %s", loop->n_busy, where);
        loop->n_busy = 0;
    }
}

static int
compute_timeout(const struct poll_loop *loop, long long int now)
{
    if (loop->immediate_where) {
        return 0;
    } else if (loop->timeout_when == LLONG_MAX) {
        return -1;
    } else if (loop->timeout_when <= now) {
        return 0;
    } else {
        long long int msec = loop->timeout_when - now;
        return msec > INT_MAX ? INT_MAX : (int) msec;
    }
}

static void
clear_registrations(struct poll_loop *loop)
{
    loop->n_nodes = 0;
    loop->timeout_when = LLONG_MAX;
    loop->timeout_where = NULL;
    loop->immediate_where = NULL;
}

/* Sleeps until one of the events registered in this thread since the last
 * poll_block() happens (or a fatal signal arrives), then forgets all the
 * registrations. */
void
poll_block(void)
{
    struct poll_loop *loop = poll_loop();

    /* A pending fatal signal must wake us, and must be handled before we
     * sleep. */
    fatal_signal_wait();
    fatal_signal_run();

    int n_events = 0;
    loop->revents_known = false;
    if (sync_epoll(loop)) {
        size_t max_events = MAX(loop->n_regs, 1);
        if (loop->allocated_events < max_events) {
            free(loop->events);
            loop->allocated_events = MAX(max_events, 2 * loop->n_regs);
            loop->events = xmalloc(loop->allocated_events
                                   * sizeof *loop->events);
        }

        int timeout = compute_timeout(loop, time_msec());
        n_events = epoll_wait(loop->epfd, loop->events, max_events, timeout);
        bool interrupted = n_events < 0;
        if (interrupted) {
            if (errno != EINTR) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
                VLOG_ERR_RL(&rl, "epoll_wait failed (%s)",
                            osw_strerror(errno));
            }
            n_events = 0;
        }

        const char *where = log_wakeup(loop, loop->events, n_events,
                                       interrupted, timeout);
        detect_busy_loop(loop, timeout == 0 && n_events == 0, where);
        if (has_ghost(loop, loop->events, n_events)) {
            poll_loop_rebuild(loop);
        } else if (!interrupted) {
            record_revents(loop, loop->events, n_events);
        }
    } else {
        /* No epoll: a short sleep keeps the program limping along without
         * spinning, and the next iteration tries again. */
        osw_msleep(compute_timeout(loop, time_msec()) == 0 ? 0 : 100);
    }

    clear_registrations(loop);
    fatal_signal_run();
}
