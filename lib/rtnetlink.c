#include <config.h>
#include "osw/rtnetlink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "osw/poll-loop.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(rtnetlink);

struct rtnetlink_notifier {
    struct rtnetlink_notifier *next;
    rtnetlink_notify_func *cb;
    void *aux;
};

/* Notifiers and their shared multicast socket (control thread only). */
static struct rtnetlink_notifier *notifiers;
static struct mnl_socket *notify_sock;

/* Requests go over one socket, serialized, so any thread may ask. */
static pthread_mutex_t request_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct mnl_socket *request_sock;
static unsigned int request_seq;

static struct mnl_socket *
rtnetlink_open_notify_sock(void)
{
    struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    int rcvbuf = 1 << 20;

    if (!nl) {
        VLOG_WARN("cannot open rtnetlink socket: %s", osw_strerror(errno));
        return NULL;
    }
    if (mnl_socket_bind(nl, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
        VLOG_WARN("cannot bind rtnetlink socket: %s", osw_strerror(errno));
        mnl_socket_close(nl);
        return NULL;
    }
    /* A bigger buffer makes ENOBUFS (and the rescan it costs) rarer when
     * many links change at once, e.g. a VM host booting. */
    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
               sizeof rcvbuf);
    set_nonblocking(mnl_socket_get_fd(nl));
    return nl;
}

/* Starts calling 'cb' with 'aux' for every link change. */
struct rtnetlink_notifier *
rtnetlink_notifier_create(rtnetlink_notify_func *cb, void *aux)
{
    struct rtnetlink_notifier *n;

    if (!notify_sock) {
        notify_sock = rtnetlink_open_notify_sock();
        if (!notify_sock) {
            return NULL;
        }
    }
    n = xmalloc(sizeof *n);
    n->cb = cb;
    n->aux = aux;
    n->next = notifiers;
    notifiers = n;
    return n;
}

/* Stops 'notifier' (NULL allowed); the last one closes the socket. */
void
rtnetlink_notifier_destroy(struct rtnetlink_notifier *notifier)
{
    struct rtnetlink_notifier **p;

    if (!notifier) {
        return;
    }
    for (p = &notifiers; *p; p = &(*p)->next) {
        if (*p == notifier) {
            *p = notifier->next;
            break;
        }
    }
    free(notifier);
    if (!notifiers && notify_sock) {
        mnl_socket_close(notify_sock);
        notify_sock = NULL;
    }
}

static void
rtnetlink_notify_all(const struct rtnetlink_change *change)
{
    struct rtnetlink_notifier *n, *next;

    for (n = notifiers; n; n = next) {
        next = n->next;         /* A callback may destroy its notifier. */
        n->cb(change, n->aux);
    }
}

struct link_attrs {
    const struct nlattr *tb[IFLA_MAX + 1];
};

static int
link_attr_cb(const struct nlattr *attr, void *la_)
{
    struct link_attrs *la = la_;
    int type = mnl_attr_get_type(attr);

    if (mnl_attr_type_valid(attr, IFLA_MAX) > 0) {
        la->tb[type] = attr;
    }
    return MNL_CB_OK;
}

/* Parses an RTM_NEWLINK/RTM_DELLINK message into 'change' (whose ifname
 * points into 'nlh').  False if the message is not usable. */
static bool
rtnetlink_parse_link(const struct nlmsghdr *nlh, struct rtnetlink_change *c,
                     struct link_attrs *la)
{
    const struct ifinfomsg *ifi;

    if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) {
        return false;
    }
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof *ifi) {
        return false;
    }
    ifi = mnl_nlmsg_get_payload(nlh);
    memset(la, 0, sizeof *la);
    if (mnl_attr_parse(nlh, sizeof *ifi, link_attr_cb, la) < 0
        || !la->tb[IFLA_IFNAME]
        || mnl_attr_validate(la->tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING) < 0) {
        return false;
    }
    memset(c, 0, sizeof *c);
    c->promiscuity = -1;
    c->deleted = nlh->nlmsg_type == RTM_DELLINK;
    c->ifindex = ifi->ifi_index;
    c->ifname = mnl_attr_get_str(la->tb[IFLA_IFNAME]);
    c->ifi_flags = ifi->ifi_flags;
    if (la->tb[IFLA_MTU]
        && mnl_attr_validate(la->tb[IFLA_MTU], MNL_TYPE_U32) >= 0) {
        c->mtu = mnl_attr_get_u32(la->tb[IFLA_MTU]);
    }
    if (la->tb[IFLA_ADDRESS]
        && mnl_attr_get_payload_len(la->tb[IFLA_ADDRESS]) == ETH_ADDR_LEN) {
        memcpy(c->mac.ea, mnl_attr_get_payload(la->tb[IFLA_ADDRESS]),
               ETH_ADDR_LEN);
    }
    if (la->tb[IFLA_PROMISCUITY]
        && mnl_attr_validate(la->tb[IFLA_PROMISCUITY], MNL_TYPE_U32) >= 0) {
        c->promiscuity = MIN(mnl_attr_get_u32(la->tb[IFLA_PROMISCUITY]),
                             INT_MAX);
    }
    return true;
}

static int
rtnetlink_notify_cb(const struct nlmsghdr *nlh, void *aux OSW_UNUSED)
{
    struct rtnetlink_change change;
    struct link_attrs la;

    if (rtnetlink_parse_link(nlh, &change, &la)) {
        rtnetlink_notify_all(&change);
    }
    return MNL_CB_OK;
}

/* Reads pending link notifications and calls the notifiers. */
void
rtnetlink_run(void)
{
    static uint8_t buf[1 << 16];

    if (!notify_sock) {
        return;
    }
    for (int i = 0; i < 64 && notify_sock; i++) {
        ssize_t n = mnl_socket_recvfrom(notify_sock, buf, sizeof buf);

        if (n < 0) {
            if (errno == ENOBUFS) {
                struct rtnetlink_change rescan;

                VLOG_INFO("rtnetlink notifications overflowed; rescanning");
                memset(&rescan, 0, sizeof rescan);
                rtnetlink_notify_all(&rescan);
                continue;
            } else if (errno != EAGAIN && errno != EINTR) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
                VLOG_WARN_RL(&rl, "rtnetlink receive failed: %s",
                             osw_strerror(errno));
            }
            return;
        }
        mnl_cb_run(buf, n, 0, 0, rtnetlink_notify_cb, NULL);
    }
    poll_immediate_wake();      /* More may be waiting. */
}

/* Wakes poll_block() when notifications arrive. */
void
rtnetlink_wait(void)
{
    if (notify_sock) {
        poll_fd_wait(mnl_socket_get_fd(notify_sock), POLLIN);
    }
}

/* Requests. */

static int
request_sock_get(void)
{
    if (!request_sock) {
        request_sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
        if (!request_sock) {
            return errno;
        }
        if (mnl_socket_bind(request_sock, 0, MNL_SOCKET_AUTOPID) < 0) {
            int error = errno;
            mnl_socket_close(request_sock);
            request_sock = NULL;
            return error;
        }
        request_seq = time(NULL);
    }
    return 0;
}

/* Sends 'nlh' (which asks for an ACK) and runs 'cb' on each answer
 * until the kernel's ACK or error.  Caller holds 'request_mutex'. */
static int
rtnetlink_transact__(struct nlmsghdr *nlh, mnl_cb_t cb, void *aux)
{
    static uint8_t buf[1 << 15];
    unsigned int portid;
    int error, ret;

    error = request_sock_get();
    if (error) {
        return error;
    }
    nlh->nlmsg_seq = ++request_seq;
    portid = mnl_socket_get_portid(request_sock);
    if (mnl_socket_sendto(request_sock, nlh, nlh->nlmsg_len) < 0) {
        return errno;
    }
    do {
        ssize_t n = mnl_socket_recvfrom(request_sock, buf, sizeof buf);
        if (n < 0) {
            return errno;
        }
        ret = mnl_cb_run(buf, n, nlh->nlmsg_seq, portid, cb, aux);
    } while (ret > 0);          /* Every request asks for an ACK. */
    return ret < 0 ? errno : 0;
}

static int
rtnetlink_transact(struct nlmsghdr *nlh, mnl_cb_t cb, void *aux)
{
    int error;

    pthread_mutex_lock(&request_mutex);
    error = rtnetlink_transact__(nlh, cb, aux);
    pthread_mutex_unlock(&request_mutex);
    return error;
}

/* Starts an RTM_NEWLINK request for 'ifname' in 'buf'. */
static struct nlmsghdr *
rtnetlink_link_request(void *buf, const char *ifname, int type, int flags,
                       struct ifinfomsg **ifip)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
    if (ifip) {
        *ifip = ifi;
    }
    return nlh;
}

static bool
ifname_ok(const char *ifname)
{
    return ifname && ifname[0] && strlen(ifname) < IFNAMSIZ;
}

/* Sets link 'ifname' administratively up or down. */
int
rtnetlink_link_set_up(const char *ifname, bool up)
{
    uint8_t buf[512] = { 0 };   /* Zeroed: no stray bytes in padding. */
    struct ifinfomsg *ifi;
    struct nlmsghdr *nlh;

    if (!ifname_ok(ifname)) {
        return ENODEV;
    }
    nlh = rtnetlink_link_request(buf, ifname, RTM_NEWLINK, NLM_F_ACK, &ifi);
    ifi->ifi_change = IFF_UP;
    ifi->ifi_flags = up ? IFF_UP : 0;
    return rtnetlink_transact(nlh, NULL, NULL);
}

/* Sets the MTU of link 'ifname'. */
int
rtnetlink_link_set_mtu(const char *ifname, int mtu)
{
    uint8_t buf[512] = { 0 };   /* Zeroed: no stray bytes in padding. */
    struct nlmsghdr *nlh;

    if (!ifname_ok(ifname)) {
        return ENODEV;
    }
    if (mtu <= 0) {
        return EINVAL;
    }
    nlh = rtnetlink_link_request(buf, ifname, RTM_NEWLINK, NLM_F_ACK, NULL);
    mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
    return rtnetlink_transact(nlh, NULL, NULL);
}

/* Sets the MAC address of link 'ifname'. */
int
rtnetlink_link_set_mac(const char *ifname, struct eth_addr mac)
{
    uint8_t buf[512] = { 0 };   /* Zeroed: no stray bytes in padding. */
    struct nlmsghdr *nlh;

    if (!ifname_ok(ifname)) {
        return ENODEV;
    }
    nlh = rtnetlink_link_request(buf, ifname, RTM_NEWLINK, NLM_F_ACK, NULL);
    mnl_attr_put(nlh, IFLA_ADDRESS, ETH_ADDR_LEN, mac.ea);
    return rtnetlink_transact(nlh, NULL, NULL);
}

struct get_link_aux {
    bool found;
    struct rtnl_link_stats64 *stats;
    struct rtnetlink_change *link;
};

static int
get_link_cb(const struct nlmsghdr *nlh, void *aux_)
{
    struct get_link_aux *aux = aux_;
    struct rtnetlink_change change;
    struct link_attrs la;

    if (rtnetlink_parse_link(nlh, &change, &la)) {
        aux->found = true;
        if (aux->link) {
            *aux->link = change;
            aux->link->ifname = NULL;   /* Points into the reply. */
        }
        if (aux->stats) {
            const struct nlattr *a = la.tb[IFLA_STATS64];

            memset(aux->stats, 0, sizeof *aux->stats);
            if (a) {
                size_t len = mnl_attr_get_payload_len(a);
                memcpy(aux->stats, mnl_attr_get_payload(a),
                       MIN(len, sizeof *aux->stats));
            }
        }
    }
    return MNL_CB_OK;
}

static int
rtnetlink_get_link(const char *ifname, struct rtnl_link_stats64 *stats,
                   struct rtnetlink_change *link)
{
    uint8_t buf[512] = { 0 };   /* Zeroed: no stray bytes in padding. */
    struct get_link_aux aux = { false, stats, link };
    struct nlmsghdr *nlh;
    int error;

    if (!ifname_ok(ifname)) {
        return ENODEV;
    }
    nlh = rtnetlink_link_request(buf, ifname, RTM_GETLINK, NLM_F_ACK, NULL);
    error = rtnetlink_transact(nlh, get_link_cb, &aux);
    if (!error && !aux.found) {
        error = ENODEV;
    }
    return error;
}

/* True if a link called 'ifname' exists now. */
bool
rtnetlink_link_exists(const char *ifname)
{
    return !rtnetlink_get_link(ifname, NULL, NULL);
}

/* Reads link 'ifname' into 'link'. */
int
rtnetlink_link_get(const char *ifname, struct rtnetlink_change *link)
{
    return rtnetlink_get_link(ifname, NULL, link);
}

/* Reads the IFLA_STATS64 counters of link 'ifname' into 'stats'. */
int
rtnetlink_link_get_stats(const char *ifname, struct rtnl_link_stats64 *stats)
{
    return rtnetlink_get_link(ifname, stats, NULL);
}
