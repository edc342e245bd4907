/* in-band: hidden flows that let a bridge reach its controllers through
 * its own ports (Controller connection_mode "in-band").
 *
 * For each remote (controller IPv4 address and TCP port) and the bridge's
 * local port (the internal port named like the bridge), in_band_run()
 * keeps these hidden table-0 rules (actions=NORMAL), highest priority
 * first, all above fail-open's 0xf0f0f0 so that neither the controller's
 * flows nor fail mode can cut the control connection:
 *
 *   1. DHCP client traffic from the local port
 *      (udp, in_port=LOCAL, dl_src=local MAC, tp_src=68, tp_dst=67);
 *   2. ARP to and from the local port's MAC (dl_dst / dl_src);
 *   3. ARP to and from the MAC of the next hop toward each controller
 *      (the controller itself on a local subnet, otherwise the gateway of
 *      the kernel's route; MAC from the neighbour table /proc/net/arp);
 *   4. ARP whose target or sender IP is a controller's;
 *   5. TCP to and from each controller's IP and port.
 *
 * The kernel's view (local MAC, routes, neighbours) is re-read about once
 * a second; rules are added and removed only when the wanted set changes.
 * Everything runs in the control thread. */
#ifndef IN_BAND_H
#define IN_BAND_H 1

#include <stddef.h>
#include <netinet/in.h>

struct ofproto;
struct in_band;

/* Base of the in-band priorities (the lowest one used is IN_BAND_PRIORITY,
 * which is above fail-open's 0xf0f0f0). */
#define IN_BAND_PRIORITY 0xf0f100

struct in_band *in_band_create(struct ofproto *, const char *local_name);
void in_band_destroy(struct in_band *);
void in_band_set_remotes(struct in_band *, const struct sockaddr_in *,
                         size_t n);
void in_band_run(struct in_band *);
void in_band_wait(struct in_band *);
void in_band_flushed(struct in_band *);

#endif /* in-band.h */
