/* rtnetlink: following the kernel's network links (RTM_NEWLINK /
 * RTM_DELLINK notifications) and changing them.
 *
 * A notifier calls its callback from rtnetlink_run() (control thread) for
 * every link change the kernel reports: a device created, renamed, going
 * up or down, changing MTU or address, or deleted.  The switch uses it to
 * attach a port whose device appears after "add-port" (a VM started
 * later), to report a device that vanished, and to refresh link state.
 * If the kernel's notification socket overflows (ENOBUFS), every notifier
 * gets one call with 'ifindex' 0 and 'ifname' NULL ("anything may have
 * changed: rescan").
 *
 * The notifier functions are not thread-safe: control thread only.  The
 * link operations below may be called from any thread (they serialize on
 * a lock of their own). */
#ifndef OSW_RTNETLINK_H
#define OSW_RTNETLINK_H 1

#include <stdbool.h>
#include "osw/packets.h"

struct rtnetlink_change {
    bool deleted;               /* RTM_DELLINK (else NEWLINK). */
    int ifindex;                /* 0: rescan everything. */
    const char *ifname;         /* NULL only for a rescan. */
    unsigned int ifi_flags;     /* IFF_UP, IFF_RUNNING, IFF_LOWER_UP... */
    int mtu;                    /* 0 if not reported. */
    struct eth_addr mac;        /* Zero if not reported. */
    int promiscuity;            /* IFLA_PROMISCUITY: how many users (packet
                                 * sockets, a bridge, an upper device)
                                 * want the device promiscuous; -1 if not
                                 * reported.  IFF_PROMISC in 'ifi_flags'
                                 * shows only the administrator's wish. */
};

typedef void rtnetlink_notify_func(const struct rtnetlink_change *,
                                   void *aux);
struct rtnetlink_notifier;

/* Starts calling 'cb' with 'aux' for every link change.  NULL if the
 * netlink socket cannot be opened (logged). */
struct rtnetlink_notifier *rtnetlink_notifier_create(
    rtnetlink_notify_func *cb, void *aux);
void rtnetlink_notifier_destroy(struct rtnetlink_notifier *);
/* Reads pending notifications and calls the notifiers. */
void rtnetlink_run(void);
void rtnetlink_wait(void);

/* Link operations by name, each 0 or a positive errno value. */
int rtnetlink_link_set_up(const char *ifname, bool up);
int rtnetlink_link_set_mtu(const char *ifname, int mtu);
int rtnetlink_link_set_mac(const char *ifname, struct eth_addr);
/* Reads link 'ifname' into 'link' (whose 'ifname' is set to NULL).  0 or
 * a positive errno value (ENODEV: no such link).  Thread-safe. */
int rtnetlink_link_get(const char *ifname, struct rtnetlink_change *link);
/* True if a link called 'ifname' exists now. */
bool rtnetlink_link_exists(const char *ifname);
/* Reads the 64-bit counters (IFLA_STATS64) of link 'ifname'.  0 or a
 * positive errno value (ENODEV: no such link).  Thread-safe: requests go
 * over a socket of their own, under a lock. */
struct rtnl_link_stats64;
int rtnetlink_link_get_stats(const char *ifname,
                             struct rtnl_link_stats64 *stats);

#endif /* rtnetlink.h */
