/* server: the databases and locks one OVSDB server shares (server.h). */
#include <config.h>
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include "osw/hash.h"
#include "osw/util.h"
#include "ovsdb-schema.h"
#include "trigger.h"

/* Databases. */

static struct ovsdb_server_db *
server_db_from_hook(const struct ovsdb_commit_hook *hook)
{
    return CONTAINER_OF(hook, struct ovsdb_server_db, hook);
}

/* Every commit may satisfy a parked "wait". */
static void
server_db_commit(struct ovsdb_commit_hook *hook,
                 const struct ovsdb_txn *txn OSW_UNUSED)
{
    server_db_from_hook(hook)->run_triggers = true;
}

static const struct ovsdb_commit_hook_class server_db_hook_class = {
    .commit = server_db_commit,
};

/* Initializes 'server' with no databases and no locks, and a fresh
 * random id. */
void
ovsdb_server_init(struct ovsdb_server *server)
{
    hmap_init(&server->dbs);
    hmap_init(&server->locks);
    uuid_generate(&server->uuid);
    server->seqno = 0;
}

/* Frees 'server''s database entries (the databases stay with their
 * owners).  Every session must have released its locks already. */
void
ovsdb_server_destroy(struct ovsdb_server *server)
{
    struct ovsdb_server_db *sdb;

    HMAP_FOR_EACH_SAFE (sdb, hmap_node, &server->dbs) {
        ovsdb_server_remove_db(server, sdb);
    }
    hmap_destroy(&server->dbs);
    osw_assert(hmap_is_empty(&server->locks));
    hmap_destroy(&server->locks);
}

/* Serves 'db' under its schema's name.  Returns the new entry, or NULL if
 * 'server' already serves a database of that name. */
struct ovsdb_server_db *
ovsdb_server_add_db(struct ovsdb_server *server, struct ovsdb *db)
{
    const char *name = db->schema->name;

    if (ovsdb_server_find_db(server, name)) {
        return NULL;
    }

    struct ovsdb_server_db *sdb = xzalloc(sizeof *sdb);
    sdb->server = server;
    sdb->name = xstrdup(name);
    sdb->db = db;
    osw_list_init(&sdb->triggers);
    ovsdb_add_commit_hook(db, &sdb->hook, &server_db_hook_class);
    hmap_insert(&server->dbs, &sdb->hmap_node, hash_string(name, 0));
    server->seqno++;
    return sdb;
}

/* Stops serving 'sdb' and frees it.  Triggers still parked on it are freed
 * without a reply: the caller should have completed them. */
void
ovsdb_server_remove_db(struct ovsdb_server *server,
                       struct ovsdb_server_db *sdb)
{
    struct ovsdb_trigger *t;

    OSW_LIST_FOR_EACH_POP (t, node, &sdb->triggers) {
        osw_list_init(&t->node);
        t->sdb = NULL;
    }
    ovsdb_remove_commit_hook(&sdb->hook);
    hmap_remove(&server->dbs, &sdb->hmap_node);
    server->seqno++;
    free(sdb->name);
    free(sdb);
}

/* Makes 'sdb' serve 'new_db' in place of its current database. */
void
ovsdb_server_db_replace(struct ovsdb_server_db *sdb, struct ovsdb *new_db)
{
    ovsdb_remove_commit_hook(&sdb->hook);
    sdb->db = new_db;
    ovsdb_add_commit_hook(new_db, &sdb->hook, &server_db_hook_class);
    sdb->run_triggers = true;
    sdb->server->seqno++;
}

/* Returns the database entry of 'server' called 'name', or NULL. */
struct ovsdb_server_db *
ovsdb_server_find_db(const struct ovsdb_server *server, const char *name)
{
    struct ovsdb_server_db *sdb;

    HMAP_FOR_EACH_WITH_HASH (sdb, hmap_node, hash_string(name, 0),
                             &server->dbs) {
        if (!strcmp(sdb->name, name)) {
            return sdb;
        }
    }
    return NULL;
}

static int
compare_server_dbs(const void *a_, const void *b_)
{
    const struct ovsdb_server_db *const *a = a_;
    const struct ovsdb_server_db *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Returns 'server''s database entries sorted by name (an array the caller
 * frees) and stores their number in '*n'. */
struct ovsdb_server_db **
ovsdb_server_sorted_dbs(const struct ovsdb_server *server, size_t *n)
{
    struct ovsdb_server_db **dbs;
    struct ovsdb_server_db *sdb;
    size_t i = 0;

    *n = hmap_count(&server->dbs);
    dbs = xmalloc((*n ? *n : 1) * sizeof *dbs);
    HMAP_FOR_EACH (sdb, hmap_node, &server->dbs) {
        dbs[i++] = sdb;
    }
    qsort(dbs, *n, sizeof *dbs, compare_server_dbs);
    return dbs;
}

/* Sessions. */

/* Initializes 'session' as a client of 'server' that holds nothing. */
void
ovsdb_session_init(struct ovsdb_session *session, struct ovsdb_server *server)
{
    session->server = server;
    hmap_init(&session->waiters);
    osw_list_init(&session->completions);
}

/* Frees what 'session' holds.  It must have no lock waiter left. */
void
ovsdb_session_destroy(struct ovsdb_session *session)
{
    osw_assert(hmap_is_empty(&session->waiters));
    hmap_destroy(&session->waiters);
}

/* Returns 'session''s waiter for 'lock_name', or NULL. */
struct ovsdb_lock_waiter *
ovsdb_session_get_lock_waiter(const struct ovsdb_session *session,
                              const char *lock_name)
{
    struct ovsdb_lock_waiter *waiter;

    HMAP_FOR_EACH_WITH_HASH (waiter, session_node, hash_string(lock_name, 0),
                             &session->waiters) {
        if (!strcmp(waiter->lock_name, lock_name)) {
            return waiter;
        }
    }
    return NULL;
}

/* True if 'session' owns the lock called 'lock_name'. */
bool
ovsdb_session_owns_lock(const struct ovsdb_session *session,
                        const char *lock_name)
{
    const struct ovsdb_lock_waiter *waiter
        = ovsdb_session_get_lock_waiter(session, lock_name);
    return waiter && ovsdb_lock_waiter_is_owner(waiter);
}

static struct ovsdb_lock_waiter *
lock_owner(const struct ovsdb_lock *lock)
{
    return (osw_list_is_empty(&lock->waiters) ? NULL
            : CONTAINER_OF(osw_list_front(&lock->waiters),
                           struct ovsdb_lock_waiter, lock_node));
}

static struct ovsdb_lock *
find_lock(const struct ovsdb_server *server, const char *name, uint32_t hash)
{
    struct ovsdb_lock *lock;

    HMAP_FOR_EACH_WITH_HASH (lock, hmap_node, hash, &server->locks) {
        if (!strcmp(lock->name, name)) {
            return lock;
        }
    }
    return NULL;
}

/* Takes 'waiter' out of its lock's queue (the waiter itself stays in its
 * session), freeing the lock if nobody is left in line.  Returns the
 * session that got the lock because of this, or NULL. */
static struct ovsdb_session *
waiter_leave_queue(struct ovsdb_lock_waiter *waiter)
{
    struct ovsdb_lock *lock = waiter->lock;

    if (!lock) {
        return NULL;
    }

    bool was_owner = ovsdb_lock_waiter_is_owner(waiter);
    osw_list_remove(&waiter->lock_node);
    waiter->lock = NULL;

    struct ovsdb_lock_waiter *next = lock_owner(lock);
    if (!next) {
        hmap_remove(&lock->server->locks, &lock->hmap_node);
        free(lock->name);
        free(lock);
        return NULL;
    }
    return was_owner ? next->session : NULL;
}

/* Adds to 'session', which has no waiter for 'lock_name' yet, a waiter in
 * 'mode' and returns it.  '*victimp' receives the session that lost the
 * lock to a steal, or NULL. */
struct ovsdb_lock_waiter *
ovsdb_session_lock(struct ovsdb_session *session, const char *lock_name,
                   enum ovsdb_lock_mode mode,
                   struct ovsdb_session **victimp)
{
    struct ovsdb_server *server = session->server;
    uint32_t hash = hash_string(lock_name, 0);
    struct ovsdb_lock *lock = find_lock(server, lock_name, hash);

    osw_assert(!ovsdb_session_get_lock_waiter(session, lock_name));
    if (!lock) {
        lock = xzalloc(sizeof *lock);
        lock->server = server;
        lock->name = xstrdup(lock_name);
        osw_list_init(&lock->waiters);
        hmap_insert(&server->locks, &lock->hmap_node, hash);
    }

    struct ovsdb_lock_waiter *victim = (mode == OVSDB_LOCK_STEAL
                                        ? lock_owner(lock) : NULL);

    struct ovsdb_lock_waiter *waiter = xzalloc(sizeof *waiter);
    waiter->session = session;
    waiter->mode = mode;
    waiter->lock_name = xstrdup(lock_name);
    waiter->lock = lock;
    if (mode == OVSDB_LOCK_STEAL) {
        osw_list_push_front(&lock->waiters, &waiter->lock_node);
    } else {
        osw_list_push_back(&lock->waiters, &waiter->lock_node);
    }
    hmap_insert(&session->waiters, &waiter->session_node, hash);

    /* A thief that is robbed in turn drops out of line; someone who
     * waited patiently keeps its place behind the new owner. */
    if (victim && victim->mode == OVSDB_LOCK_STEAL) {
        waiter_leave_queue(victim);
    }
    *victimp = victim ? victim->session : NULL;
    return waiter;
}

/* Removes 'waiter' from its lock and its session and frees it.  Returns
 * the session that owns the lock because of this, or NULL. */
struct ovsdb_session *
ovsdb_session_unlock(struct ovsdb_lock_waiter *waiter)
{
    struct ovsdb_session *new_owner = waiter_leave_queue(waiter);

    hmap_remove(&waiter->session->waiters, &waiter->session_node);
    free(waiter->lock_name);
    free(waiter);
    return new_owner;
}

/* Releases every waiter of 'session', calling 'notify_locked' (if
 * nonnull) for each session that gets a lock as a result. */
void
ovsdb_session_unlock_all(struct ovsdb_session *session,
                         void (*notify_locked)(struct ovsdb_session *,
                                               const char *lock_name,
                                               void *aux),
                         void *aux)
{
    struct ovsdb_lock_waiter *waiter;

    HMAP_FOR_EACH_SAFE (waiter, session_node, &session->waiters) {
        char *name = xstrdup(waiter->lock_name);
        struct ovsdb_session *new_owner = ovsdb_session_unlock(waiter);
        if (new_owner && notify_locked) {
            notify_locked(new_owner, name, aux);
        }
        free(name);
    }
}

/* True if 'waiter' is at the front of its lock's queue. */
bool
ovsdb_lock_waiter_is_owner(const struct ovsdb_lock_waiter *waiter)
{
    return waiter->lock && lock_owner(waiter->lock) == waiter;
}

/* Returns the session that owns the lock called 'lock_name', or NULL if
 * nobody does. */
struct ovsdb_session *
ovsdb_server_get_lock_owner(const struct ovsdb_server *server,
                            const char *lock_name)
{
    const struct ovsdb_lock *lock = find_lock(server, lock_name,
                                              hash_string(lock_name, 0));
    const struct ovsdb_lock_waiter *owner = lock ? lock_owner(lock) : NULL;
    return owner ? owner->session : NULL;
}

/* Returns the number of locks that have at least one waiter. */
size_t
ovsdb_server_n_locks(const struct ovsdb_server *server)
{
    return hmap_count(&server->locks);
}
