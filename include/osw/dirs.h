/* dirs: where osw keeps its files.
 *
 * Run directory (pidfiles, control sockets, BR.mgmt): $OSW_RUNDIR, else
 * /var/run/osw (configure's localstatedir).  Database directory (conf.db):
 * $OSW_DBDIR, else /etc/osw (sysconfdir).  Log directory: $OSW_LOGDIR,
 * else /var/log/osw.  Package data (the schema): $OSW_PKGDATADIR, else
 * /usr/local/share/osw.  The environment is read once, on first use.
 * The returned strings are owned by this module.  Thread-safe after the
 * first call. */
#ifndef OSW_DIRS_H
#define OSW_DIRS_H 1

const char *osw_rundir(void);
const char *osw_dbdir(void);
const char *osw_logdir(void);
const char *osw_pkgdatadir(void);
const char *osw_bindir(void);

/* Creates 'dir' and its missing parents with mode 0755 (like mkdir -p).
 * Returns 0 or errno. */
int osw_mkdir_p(const char *dir);

#endif /* dirs.h */
