/* execution: running the operations of an RFC 7047 "transact" request.
 *
 * ovsdb_execute() takes the operations of a "transact" request (its params
 * without the leading database name), runs them in one transaction on a
 * database and returns the "result" array that RFC 7047 section 4.1.3
 * specifies, exactly as Open vSwitch's ovsdb-server builds it:
 *
 *   - one element per operation: the operation's result object ("insert":
 *     {"uuid": ["uuid", U]}; "select": {"rows": [...]}; "update",
 *     "mutate", "delete": {"count": N}; the others: {});
 *   - the first operation that fails gets its error object instead, the
 *     transaction is aborted, and each later operation gets null;
 *   - if every operation succeeds but the transaction cannot be committed
 *     (referential integrity, constraints, a commit hook's refusal), the
 *     array has one more element: the commit's error object.
 *
 * Operations: "insert" (with "uuid-name", and Open vSwitch's "uuid" member
 * to choose the new row's uuid), "select" (with "columns", and Open
 * vSwitch's "sort"), "update", "mutate", "delete", "wait", "commit",
 * "abort", "comment", "assert".  An unknown "op" is a "syntax error", as
 * in ovsdb-server.  In 'read_only' mode, operations that change the
 * database fail with "not allowed".
 *
 * Named uuids: an "insert" with "uuid-name": N creates the symbol N
 * ("duplicate uuid-name" if an earlier "insert" did); ["named-uuid", N]
 * anywhere in the transaction, before or after that "insert", stands for
 * the new row's uuid.  A name used in a reference column that no "insert"
 * defines fails the transaction with a "referential integrity violation".
 *
 * "wait" and retries: when a "wait" is not satisfied and its "timeout"
 * (milliseconds, counted from when the server first received the request;
 * no "timeout" means forever) has not expired, the transaction cannot
 * complete now.  ovsdb_execute() then undoes everything and returns
 * OVSDB_EXEC_RETRY with no result; the server should run the same request
 * again, with the new 'elapsed_msec', after the next commit to the
 * database or once '*timeout_msec' (the earliest "timeout" among the
 * "wait"s reached, relative to the request's arrival; LLONG_MAX for none)
 * has passed, whichever comes first.  A "wait" with "timeout": 0, or one
 * run when 'elapsed_msec' has reached its timeout, fails with "timed out".
 * If 'timeout_msec' is NULL the caller cannot retry, and an unsatisfied
 * "wait" fails at once with "not supported".
 *
 * Locks: "assert" asks 'locks' whether the client owns the lock
 * (OVSDB_EXEC_DONE and a "not owner" error if not, or if 'locks' is
 * NULL).
 *
 * Ownership: 'ops' is borrowed; the result belongs to the caller. */
#ifndef OVSDB_EXECUTION_H
#define OVSDB_EXECUTION_H 1

#include <jansson.h>
#include <stdbool.h>

struct ovsdb;

/* What the client of a transaction holds, for "assert". */
struct ovsdb_lock_checker {
    /* Returns true if the client owns the lock called 'lock_name'. */
    bool (*is_owner)(const char *lock_name, void *aux);
    void *aux;
};

enum ovsdb_exec_status {
    OVSDB_EXEC_DONE,            /* '*resultp' holds the result array. */
    OVSDB_EXEC_RETRY            /* A "wait" is pending: run again later. */
};

/* Executes 'ops' (a JSON array of operations) on 'db' and commits.  See
 * the header comment.  On OVSDB_EXEC_DONE, stores the result array in
 * '*resultp'; on OVSDB_EXEC_RETRY, stores NULL there and the retry
 * deadline in '*timeout_msec'.  If 'ops' is not an array, the result is a
 * single "syntax error" object rather than an array (the server should
 * send it as the request's error). */
enum ovsdb_exec_status ovsdb_execute(struct ovsdb *db,
                                     const struct ovsdb_lock_checker *locks,
                                     const json_t *ops, bool read_only,
                                     long long int elapsed_msec,
                                     long long int *timeout_msec,
                                     json_t **resultp);

#endif /* execution.h */
