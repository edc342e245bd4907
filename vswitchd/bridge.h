/* bridge: osw-vswitchd's view of the configuration database.
 *
 * The bridge module is an IDL client (ovsdb-idl.h) of the Open_vSwitch
 * database.  It replicates the Open_vSwitch, Bridge, Port and Interface
 * tables and keeps the running switch equal to what they say, touching
 * only what changed: one ofproto per Bridge row, one open netdev and
 * OpenFlow port per Interface row, one bundle (ofproto.h) per Port row.
 * An Interface whose row did not change is never reopened, so traffic on
 * the other ports goes on while a port is added, changed or deleted.
 *
 * It writes back what it knows, each column only when its value changed
 * and all of them in one transaction at a time: Interface ofport,
 * mac_in_use, ifindex, admin_state, link_state, link_speed, link_resets,
 * mtu, error, statistics and status; Bridge datapath_id and
 * datapath_version; Open_vSwitch ovs_version, db_version, system_type,
 * system_version, iface_types, datapath_types and cur_cfg.  cur_cfg is
 * set to next_cfg once the configuration with that next_cfg is in force,
 * which is what "osw-vsctl" (without --no-wait) waits for.
 *
 * It follows the kernel's links (rtnetlink.h): an Interface of type
 * "system" whose device does not exist yet is attached as soon as it
 * appears, one whose device vanishes is detached and reported in its
 * error and link_state columns, and re-attached with the same OpenFlow
 * port number when it comes back.
 *
 * Not thread-safe: the main thread of osw-vswitchd only. */
#ifndef VSWITCHD_BRIDGE_H
#define VSWITCHD_BRIDGE_H 1

#include <stdbool.h>

struct dpif;
struct ds;

/* Connects to the database at 'remote' ("unix:PATH", ...) and from then
 * on runs the bridges on 'dpif' (which ofproto_init() was given). */
void bridge_init(const char *remote, struct dpif *dpif);
/* Deletes every bridge (closing their ports, which removes the internal
 * devices the switch created) and disconnects from the database. */
void bridge_exit(void);

/* Does the work that can be done now: database updates, reconfiguration,
 * status write-back, link changes noticed by rtnetlink_run(). */
void bridge_run(void);
void bridge_wait(void);

/* True once a configuration read from the database has been applied and
 * the status it gave (cur_cfg included) written back, successfully or not
 * (the daemon then tells a waiting parent that it is up). */
bool bridge_is_configured(void);

/* Appends "memory/show" items ("bridges:N ports:N interfaces:N
 * attached-interfaces:N mac-entries:N", space-separated, no trailing
 * newline) to 'ds'. */
void bridge_get_memory_usage(struct ds *ds);

#endif /* bridge.h */
