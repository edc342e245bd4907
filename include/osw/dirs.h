/* dirs: where osw keeps its files.
 *
 * Run directory (pidfiles, control sockets, BR.mgmt): $OSW_RUNDIR, else
 * /var/run/osw (configure --with-rundir).  Database directory (conf.db):
 * $OSW_DBDIR, else /etc/osw (--with-dbdir).  Log directory: $OSW_LOGDIR,
 * else /var/log/osw (--with-logdir).  Package data (the schema):
 * $OSW_PKGDATADIR, else /usr/local/share/osw (pkgdatadir).  Programs:
 * $OSW_BINDIR, else configure's bindir.  An empty variable counts as
 * unset.  The environment is read once, on first use, so later changes to
 * it have no effect.  The returned strings are owned by this module and
 * never change.  Thread-safe. */
#ifndef OSW_DIRS_H
#define OSW_DIRS_H 1

const char *osw_rundir(void);
const char *osw_dbdir(void);
const char *osw_logdir(void);
const char *osw_pkgdatadir(void);
const char *osw_bindir(void);

/* Creates 'dir' and its missing parents with mode 0755 (like mkdir -p).
 * Succeeds if 'dir' is already a directory.  Returns 0 or errno: ENOTDIR
 * if some component exists and is not a directory, EINVAL for an empty
 * name. */
int osw_mkdir_p(const char *dir);

#endif /* dirs.h */
