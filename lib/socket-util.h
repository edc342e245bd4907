/* socket-util: small helpers for the socket-based stream classes.
 *
 * These are private to lib/: the stream classes (stream-unix.c,
 * stream-tcp.c, stream-ssl.c) use them to parse addresses, open sockets
 * and follow non-blocking connects.  Nothing here keeps state, so every
 * function is thread-safe.
 *
 * Address syntax.  An active target is "HOST[:PORT]" where HOST is an IPv4
 * address, a bracketed IPv6 address ("[::1]", "[fe80::1%eth0]") or a host
 * name.  A passive target is "[PORT][:HOST]" where HOST is an IPv4 address,
 * an IPv6 address (bracketed or not: everything after the first colon is
 * the host) or a host name; an empty HOST means any IPv4 address.  A PORT
 * is a decimal number from 0 to 65535; an active PORT may not be 0.
 *
 * Errors are positive errno values: EINVAL for malformed text, others from
 * the system.  Sockets made here are non-blocking and close-on-exec. */
#ifndef OSW_SOCKET_UTIL_H
#define OSW_SOCKET_UTIL_H 1

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct ds;

/* Splits an active 'target' ("HOST[:PORT]") into newly allocated '*hostp'
 * (without brackets) and '*portp' (NULL if the target has no port).  Does
 * not look the host up.  On error returns EINVAL and sets both to NULL. */
int inet_split_active(const char *target, char **hostp, char **portp);

/* Splits a passive 'target' ("[PORT][:HOST]") into newly allocated
 * '*portp' (NULL if empty) and '*hostp' (NULL if absent or empty; brackets
 * removed).  On error returns EINVAL and sets both to NULL. */
int inet_split_passive(const char *target, char **portp, char **hostp);

/* Parses 'port' as a decimal port number into '*portp'.  Returns 0 or
 * EINVAL. */
int inet_parse_port(const char *port, uint16_t *portp);

/* Parses active 'target' into '*ss', resolving a host name with
 * getaddrinfo() (which may block) when 'resolve_host' is true; otherwise
 * HOST must be a numeric address.  A target without a port takes
 * 'default_port', or is an error (EINVAL) if 'default_port' is 0.  Returns
 * 0 or a positive errno value (EINVAL for bad syntax, ENOENT for a host
 * name that does not resolve). */
int inet_parse_active(const char *target, uint16_t default_port,
                      bool resolve_host, struct sockaddr_storage *ss);

/* Parses passive 'target' into '*ss', as inet_parse_active() (a missing
 * port takes 'default_port'; if that is 0 the port is required, but an
 * explicit port 0 is fine and means "any free port"). */
int inet_parse_passive(const char *target, uint16_t default_port,
                       struct sockaddr_storage *ss);

/* Opens a non-blocking socket of 'style' (SOCK_STREAM) and starts
 * connecting it to 'target' (see inet_parse_active()), with DSCP 'dscp'.
 * On success stores the socket in '*fdp', the peer's address in '*ssp' (if
 * nonnull) and returns 0 if already connected or EINPROGRESS while the
 * connection is in progress (see check_connection_completion()).  On
 * failure returns another positive errno value and sets '*fdp' to -1. */
int inet_open_active(int style, const char *target, uint16_t default_port,
                     struct sockaddr_storage *ssp, int *fdp, uint8_t dscp);

/* Opens a non-blocking listening socket of 'style' bound to 'target' (see
 * inet_parse_passive()) with SO_REUSEADDR and DSCP 'dscp'.  On success
 * stores the socket in '*fdp' and the bound address (with the real port,
 * after port 0) in '*ssp' (if nonnull) and returns 0; otherwise returns a
 * positive errno value and sets '*fdp' to -1. */
int inet_open_passive(int style, const char *target, uint16_t default_port,
                      struct sockaddr_storage *ssp, int *fdp, uint8_t dscp);

/* Creates a non-blocking Unix domain socket of 'style'.  If 'bind_path' is
 * nonnull, binds it there; if 'connect_path' is nonnull, connects it there
 * (a connection to a Unix socket completes at once or fails).  Either path
 * may be longer than a sockaddr_un can hold: the socket is then reached
 * through /proc/self/fd/N/NAME, N being a descriptor of its directory.
 * Returns the socket, or a negative errno value. */
int make_unix_socket(int style, const char *bind_path,
                     const char *connect_path);

/* Returns 0 if the non-blocking connect on 'fd' has completed, EAGAIN if it
 * is still in progress, or the positive errno value it failed with. */
int check_connection_completion(int fd);

/* Sets the DSCP bits of packets sent on 'fd' (of address 'family',
 * AF_INET or AF_INET6) to 'dscp'.  Returns 0, EINVAL if 'dscp' does not
 * fit in 6 bits, or errno. */
int set_dscp(int fd, int family, uint8_t dscp);

/* Sets TCP_NODELAY on TCP socket 'fd' (best effort). */
void set_tcp_nodelay(int fd);

/* Returns the pending error of socket 'fd' (SO_ERROR), or errno if that
 * cannot be read. */
int get_socket_error(int fd);

/* Stores the local address of 'fd' in '*ss'.  Returns 0 or errno. */
int get_socket_name(int fd, struct sockaddr_storage *ss);

/* Returns the port of 'ss' (an AF_INET or AF_INET6 address) in host byte
 * order, or 0 for other families. */
uint16_t ss_get_port(const struct sockaddr_storage *ss);

/* Returns the size of the address in 'ss' according to its family. */
socklen_t ss_length(const struct sockaddr_storage *ss);

/* Appends the address of 'ss' to 'ds': "1.2.3.4" or "[::1]". */
void ss_format_address(const struct sockaddr_storage *ss, struct ds *ds);

/* Appends "ADDRESS:PORT" to 'ds', e.g. "1.2.3.4:80" or "[::1]:6640". */
void ss_format_address_port(const struct sockaddr_storage *ss,
                            struct ds *ds);

#endif /* socket-util.h */
